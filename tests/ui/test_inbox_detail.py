"""The task detail over a real store filled with the demo platform's records.

The store is built the way the sync builds it: the demo generator's records
go through the wire format (``backoffice.api.convert``) and
``Store.apply_confirmed``. A fresh case (every task unclaimed, every check
pending) is reviewed by one department's reviewer; every assertion on what
was done is made on the store's outbox.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from backoffice import messages
from backoffice.api.convert import parse_record, to_domain, to_wire
from backoffice.domain.errors import IllegalTransition
from backoffice.domain.model import Verdict
from backoffice.domain.states import TaskStatus
from backoffice.sandbox.demo import DemoData, generate
from backoffice.store import Store
from backoffice.sync.accounts import Account
from backoffice.sync.files import FileCache
from ui.inbox.detail import TaskDetail
from ui.inbox.detail_data import queue
from ui.widgets.plain import plain_tooltip
from ui.widgets.throttle import PULL_PROGRESS_MS

TODAY = dt.date(2025, 3, 3)
_DATA: list[DemoData] = []


def demo() -> DemoData:
    if not _DATA:
        _DATA.append(generate(cases=20, seed=1, today=TODAY, fresh=2))
    return _DATA[0]


def fresh_task() -> tuple[str, str, str]:
    """(task id, department, a reviewer of it) of the first fresh case's first task."""
    data = demo()
    task = next(t for t in data.tasks if t.case_code == data.fresh_cases[0])
    user = next(u.username for u in data.users
                if u.department_code == task.department_code and "reviewer" in u.roles)
    return task.id, task.department_code, user


def build_store(path: Path, *, change: dict[str, object] | None = None) -> Store:
    """The demo records as the platform sends them (version 1), ``change`` applied to the case."""
    data = demo()
    records = []
    for obj in (*data.departments, *data.cases, *data.tasks, *data.materials, *data.deferred,
                *data.correction_notices, *data.special_procedures, *data.extensions,
                *data.decisions):
        if change and getattr(obj, "case_code", None) == data.fresh_cases[0]:
            obj = change.get(type(obj).__name__, lambda o: o)(obj)  # type: ignore[operator]
        wire = to_wire(obj)
        if "version" in wire:
            wire["version"] = 1
        domain = to_domain(parse_record(wire))
        if domain is not None:
            records.append(domain)
    store = Store.open(path)
    store.apply_confirmed(records, cursor="c1")
    return store


class StandIn(QObject):
    """What the detail needs of ui.session.Session, with a real store and file cache."""

    statusChanged = Signal(object)
    syncProgressed = Signal(object)

    def __init__(self, store: Store, files: FileCache, account: Account) -> None:
        super().__init__()
        self.store, self.files, self.account = store, files, account
        self.client = Offline()
        self.local_actions = 0

    def local_action(self) -> None:
        self.local_actions += 1


class Offline:
    def download(self, sha256: str, out: object, *, offset: int = 0) -> None:
        from backoffice.remote.errors import OFFLINE, RemoteError
        raise RemoteError(OFFLINE, host="platform.test")

    def upload(self, sha256: str, path: Path) -> object:
        raise AssertionError("no uploads here")


def make_session(tmp_path: Path, **build: object) -> StandIn:
    _, department, user = fresh_task()
    store = build_store(tmp_path / "store.sqlite3", **build)  # type: ignore[arg-type]
    files = FileCache(tmp_path / "files")
    return StandIn(store, files, Account("https://platform.test", user, "审核员（演示）",
                                         department, "市场监督管理局"))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path)
    yield s
    s.files.close()
    s.store.close()


# A detail's reads and a PDF's first page on a loaded two-core CI machine
# outlast pytest-qt's 5 s default; nothing here measures time.
SETTLE_MS = 30_000


def settle(qtbot: QtBot, detail: TaskDetail) -> None:
    """Until neither the store worker nor the file worker has anything under way."""
    while detail.busy():
        if detail._background.busy():
            with qtbot.waitSignal(detail.settled, timeout=SETTLE_MS):
                pass
        if detail.viewer.busy():
            with qtbot.waitSignal(detail.viewer.settled, timeout=SETTLE_MS):
                pass


def open_detail(qtbot: QtBot, session: StandIn, task_id: str | None = None) -> TaskDetail:
    detail = TaskDetail(session, lang="en")
    qtbot.addWidget(detail)
    detail.resize(1200, 900)
    detail.show()
    detail.activateWindow()
    qtbot.waitExposed(detail)
    detail.show_task(task_id or fresh_task()[0])
    settle(qtbot, detail)
    return detail


def outbox(session: StandIn) -> list[tuple[str, str, dict[str, object], str]]:
    return [(e.command.kind, e.command.entity_id, dict(e.command.payload), e.command.author)
            for e in session.store.pending_commands()]


def press(qtbot: QtBot, key: Qt.Key) -> QWidget:
    """One key to whatever has the focus, as a person would type it; that widget."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)
    return target


def claim(qtbot: QtBot, detail: TaskDetail) -> None:
    detail.claim.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, detail)


def checks_recorded(qtbot: QtBot, detail: TaskDetail) -> None:
    """Every pending check of the shown task's materials passed, as a pull confirmed earlier.

    The opinion waits for the department's verdicts (9.5.1); the outbox stays
    as it was, so a test's assertions on it are about what it did itself.
    """
    assert detail.snapshot is not None
    records = [dataclasses.replace(
        m, version=m.version + 1,
        checks=tuple(dataclasses.replace(c, verdict=Verdict.PASS)
                     if c.verdict == Verdict.PENDING else c for c in m.checks))
        for m in detail.snapshot.materials]
    detail.session.store.apply_confirmed(records)
    detail.reload()
    settle(qtbot, detail)


def test_shows_the_case_around_the_task(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    _, department, _ = fresh_task()
    data = demo()
    own = [m for m in data.materials
           if m.case_code == data.fresh_cases[0] and m.department_code == department]
    assert detail.header.values["caseCode"].text() == data.fresh_cases[0]
    assert re.search(r" · \d+ working days (left · |late$)",
                     detail.header.values["caseDeadline"].text())
    assert detail.header.values["taskStatus"].text() == "unclaimed"
    tree = detail.findChild(QWidget, "materialList")
    assert tree is detail.materials.tree and tree.topLevelItemCount() == len(own)
    assert [tree.topLevelItem(i).text(0) for i in range(len(own))] == [m.name for m in own]
    others = {t.department_code for t in data.tasks if t.case_code == data.fresh_cases[0]}
    assert detail.progress.topLevelItemCount() == len(others) > 1
    assert detail.claim.isEnabled() and not detail.release.isEnabled()
    # Nothing in the file cache yet: the first material's file says so.
    assert detail.viewer.state == "not_downloaded"
    assert detail.findChild(QWidget, "correctionNotice") is detail.correction
    assert detail.findChild(QWidget, "materialViewer") is detail.viewer
    detail.show_task(None)
    assert detail.stack.currentWidget() is detail.empty


def test_whole_material_review_with_keys_only(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    task_id, department, user = fresh_task()
    claim(qtbot, detail)
    assert detail.snapshot is not None and detail.snapshot.task.status == TaskStatus.IN_REVIEW
    materials = detail.snapshot.materials
    detail.materials.tree.setFocus()
    assert QApplication.focusWidget() is detail.materials.tree
    press(qtbot, Qt.Key.Key_1)
    # Every check of every material: pass, except legality of the third, which fails
    # (the second is an e-licence, looked up on the shared platform: never a correction item).
    assert materials[1].from_shared_platform and not materials[2].from_shared_platform
    for index, _material in enumerate(materials):
        for check in range(3):
            if index == 2 and check == 1:
                press(qtbot, Qt.Key.Key_F)  # no reason yet: the focus goes to the note
                assert QApplication.focusWidget() is detail.materials.note
                qtbot.keyClicks(QApplication.focusWidget(), "seal & <stamp> missing")
                press(qtbot, Qt.Key.Key_Return)
                assert QApplication.focusWidget() is detail.materials.tree
            else:
                press(qtbot, Qt.Key.Key_P)
    settle(qtbot, detail)
    verdicts = [q for q in outbox(session) if q[0] == "material.verdict"]
    assert len(verdicts) == 3 * len(materials)
    assert {q[3] for q in outbox(session)} == {user}
    failing = materials[2]
    assert (("material.verdict", failing.id,
             {"check": "legality", "verdict": "fail", "note": "seal & <stamp> missing"}, user) in verdicts)
    with session.store.read() as uow:
        stored = {m.id: m for m in uow.materials.for_case(failing.case_code)}
    for m in materials:
        expected = {c: Verdict.PASS for c in ("authenticity", "legality", "conformity")}
        if m.id == failing.id:
            expected["legality"] = Verdict.FAIL
        assert {c.check.value: c.verdict for c in stored[m.id].checks} == expected
    row = detail.materials.tree.topLevelItem(2)
    assert row.text(2) == "✗ fail"
    assert row.toolTip(2) == plain_tooltip("seal & <stamp> missing")  # escaped, shown as typed

    # The failing check is proposed as this department's correction item.
    assert detail.correction.proposed.topLevelItemCount() == 1
    qtbot.mouseClick(detail.correction.send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    item = {"material_name": failing.name, "department_code": department,
            "reason": "合法性：seal & <stamp> missing"}  # the applicant reads Chinese
    assert outbox(session)[-1] == ("task.request_correction", task_id, {"items": [item]}, user)
    assert outbox(session)[0] == ("task.claim", task_id, {"assignee": user}, user)
    assert len(outbox(session)) == 2 + 3 * len(materials)
    # Only a draft: the department reviews on until the lead issues the notice.
    assert detail.snapshot.task.status == TaskStatus.IN_REVIEW
    assert session.local_actions == len(outbox(session))
    assert detail.message.text() == "Queued — sent at the next sync."


def test_verdicts_need_the_task_claimed(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    tree = detail.materials.tree
    detail.materials.note.setText("复印件不清晰")
    tree.setFocus()
    where = (tree.currentItem(), tree.currentColumn())
    for key in (Qt.Key.Key_P, Qt.Key.Key_F, Qt.Key.Key_N):
        press(qtbot, key)
        settle(qtbot, detail)
        assert outbox(session) == []
        assert "Claim the task" in detail.message.text()
        # Refused: the cursor stays on the check and the note typed stays.
        assert (tree.currentItem(), tree.currentColumn()) == where
        assert detail.materials.note.text() == "复印件不清晰"
        assert QApplication.focusWidget() is tree


def test_opinion_is_required_then_queued(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    task_id, _, user = fresh_task()
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    changed: list[bool] = []
    detail.changed.connect(lambda: changed.append(True))
    detail.opinion.setPlainText("   \n")
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert "Write the department's opinion first" in detail.message.text()
    assert [q[0] for q in outbox(session)] == ["task.claim"] and changed == []
    detail.opinion.setPlainText("同意。<b>无</b>异议")
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert outbox(session)[-1] == ("task.give_opinion", task_id,
                                   {"opinion": "同意。<b>无</b>异议"}, user)
    assert changed == [True]
    assert detail.snapshot is not None
    assert detail.snapshot.task.status == TaskStatus.OPINION_GIVEN
    assert detail.published.text() == "Published opinion: 同意。<b>无</b>异议"
    assert detail.published.textFormat() == Qt.TextFormat.PlainText
    assert detail.reopen.isEnabled() and detail.opinion.toPlainText() == ""


def test_refused_action_stores_nothing(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    task_id, _, me = fresh_task()
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    # Released meanwhile (another window, a sync): the detail still shows it in review.
    queue(session.store, me, "task.release", task_id, {})
    before, actions = outbox(session), session.local_actions
    detail.opinion.setPlainText("同意")
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    expected = messages.render(IllegalTransition(
        entity="review_task", action="give_opinion", current="unclaimed",
        target="opinion_given"), "en")
    assert detail.message.text() == expected
    assert outbox(session) == before and session.local_actions == actions
    with session.store.read() as uow:
        task = uow.tasks.get(fresh_task()[0])
    assert task is not None and task.status == TaskStatus.UNCLAIMED
    assert detail.opinion.toPlainText() == "同意"  # the text is kept for a second try


def test_comment_is_queued_and_shown_literally(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    _, _, user = fresh_task()
    text = "<b>请</b>补充 &amp; <img src=x>\x1b[31m\x07"
    qtbot.mouseClick(detail.comments.send, Qt.MouseButton.LeftButton)
    assert "Write a comment first" in detail.message.text()
    detail.comments.edit.setPlainText(text)
    qtbot.mouseClick(detail.comments.send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    code = demo().fresh_cases[0]
    assert outbox(session) == [("comment.add", code, {"text": text}, user)]
    log = detail.comments.log.toPlainText()
    assert "<b>请</b>补充 &amp; <img src=x>␛[31m␇" in log
    assert "(queued — sent at the next sync)" in log
    assert detail.comments.edit.toPlainText() == ""
    timeline = [detail.timeline.topLevelItem(i).text(2)
                for i in range(detail.timeline.topLevelItemCount())]
    assert any("<b>请</b>" in t for t in timeline)


def test_server_text_is_plain(qtbot: QtBot, tmp_path: Path) -> None:
    def case(c: object) -> object:
        applicant = dataclasses.replace(c.applicant, name="<b>王</b>&nbsp;\x07")  # type: ignore[attr-defined]
        return dataclasses.replace(c, applicant=applicant, site_address="<a href=x>街</a>\n2")  # type: ignore[type-var]

    def material(m: object) -> object:
        return dataclasses.replace(m, name="<i>申请书</i>\x1b")  # type: ignore[type-var]

    s = make_session(tmp_path, change={"Case": case, "Material": material})
    try:
        detail = open_detail(qtbot, s)
        assert detail.header.values["applicant"].text().startswith("<b>王</b>&nbsp;␇")
        assert detail.header.values["siteAddress"].text() == "<a href=x>街</a> ⏎ 2"
        assert detail.materials.tree.topLevelItem(0).text(0) == "<i>申请书</i>␛"
        assert detail.viewer.title.text() == "<i>申请书</i>␛"
        for label in detail.findChildren(QLabel):
            if "<" in label.text():
                assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


def test_a_sync_reloads_the_shown_task(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    code = demo().fresh_cases[0]
    with session.store.read() as uow:
        other = next(t for t in uow.tasks.for_case(code)
                     if t.department_code != session.account.department_code)
    published = dataclasses.replace(other, status=TaskStatus.OPINION_GIVEN,
                                    opinion="<p>同意</p>", version=2)
    session.store.apply_confirmed([published])
    with qtbot.waitSignal(detail.loaded):
        session.statusChanged.emit(object())
    rows = [detail.progress.topLevelItem(i) for i in range(detail.progress.topLevelItemCount())]
    assert any(r.text(4) == "<p>同意</p>" and r.text(1) == "opinion given" for r in rows)
    settle(qtbot, detail)


def test_a_pulled_page_reloads_the_shown_task(qtbot: QtBot, session: StandIn) -> None:
    """A first pull stores a case's materials after its tasks, while the task is shown."""
    detail = open_detail(qtbot, session)
    code = demo().fresh_cases[0]
    mine = session.account.department_code
    with session.store.read() as uow:
        materials = [m for m in uow.materials.for_case(code) if m.department_code == mine]
    shown, material = detail.materials.tree.topLevelItemCount(), materials[0]
    arrived = dataclasses.replace(material, id=f"{material.id}-late", name="后到的材料")
    session.store.apply_confirmed([arrived])
    with qtbot.waitSignal(detail.loaded):
        session.syncProgressed.emit(object())
    assert detail.materials.tree.topLevelItemCount() == shown + 1
    settle(qtbot, detail)


def test_an_everyday_one_page_pull_reloads_the_shown_task_once(
    qtbot: QtBot, session: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its page, then at once the round's end: one read of the task, not one for each."""
    import ui.inbox.detail_status as detail_module

    detail = open_detail(qtbot, session)
    reads: list[str] = []
    real_load = detail_module.load

    def counted(*args: Any) -> Any:
        reads.append(args[-1])
        return real_load(*args)

    monkeypatch.setattr(detail_module, "load", counted)
    with qtbot.waitSignal(detail.loaded):
        session.syncProgressed.emit(object())
        session.statusChanged.emit(object())
    qtbot.wait(PULL_PROGRESS_MS + 500)  # the page's own read would have come by now
    assert len(reads) == 1
    settle(qtbot, detail)


def test_a_cached_file_is_shown_beside_the_list(qtbot: QtBot, session: StandIn) -> None:
    data = demo()
    _, department, _ = fresh_task()
    first = next(m for m in data.materials if m.case_code == data.fresh_cases[0]
                 and m.department_code == department)
    assert first.file_sha256 is not None
    session.files.add_local(data.files[first.file_sha256], pin=None)
    detail = open_detail(qtbot, session)
    tree = detail.materials.tree
    assert tree.topLevelItem(0).text(5) == "downloaded"
    assert tree.topLevelItem(1).text(5) == "not downloaded"
    assert detail.viewer.state == "image" and not detail.viewer.image.pixmap().isNull()
    tree.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    settle(qtbot, detail)
    assert detail.viewer.state == "not_downloaded"


def test_an_opinion_draft_waits_for_its_task(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    first = fresh_task()[0]
    with session.store.read() as uow:
        other = next(t.id for t in uow.tasks.all()
                     if t.department_code == session.account.department_code and t.id != first)
    detail.opinion.setPlainText("经审查，材料齐全")
    detail.show_task(other)
    settle(qtbot, detail)
    assert detail.opinion.toPlainText() == ""
    detail.show_task(first)
    settle(qtbot, detail)
    assert detail.opinion.toPlainText() == "经审查，材料齐全"


def test_an_opinion_typed_survives_a_crash_and_comes_back_next_session(
        qtbot: QtBot, session: StandIn) -> None:
    from ui.inbox import opinion_drafts

    detail = open_detail(qtbot, session)
    task = fresh_task()[0]
    detail.opinion.setFocus()
    qtbot.keyClicks(detail.opinion, "Checked: complete")  # typing, as a person does
    # A moment after typing stops the draft is in the store: a kill now loses nothing.
    qtbot.waitUntil(lambda: opinion_drafts.load(session.store) == {task: "Checked: complete"},
                    timeout=5_000)
    detail.close()
    again = open_detail(qtbot, session, task)  # the next session, same store
    qtbot.waitUntil(lambda: again.opinion.toPlainText() == "Checked: complete", timeout=5_000)
    # Given, the draft is gone for good.
    again.opinion.clear()
    again.keep_drafts()
    settle(qtbot, again)
    assert opinion_drafts.load(session.store) == {}


def test_an_opinion_in_the_box_at_close_is_kept(qtbot: QtBot, session: StandIn) -> None:
    from ui.inbox import opinion_drafts

    detail = open_detail(qtbot, session)
    detail.opinion.setPlainText("经审查，材料齐全")  # no time for the typing timer
    detail.keep_drafts()  # what closing the session does
    detail.wait()
    assert opinion_drafts.load(session.store) == {fresh_task()[0]: "经审查，材料齐全"}


def test_damaged_kept_drafts_are_dropped_not_fatal(qtbot: QtBot, session: StandIn) -> None:
    from ui.inbox import opinion_drafts

    with session.store.write() as uow:
        uow.sync_state.set(opinion_drafts.DRAFTS_KEY, "{not json")
    detail = open_detail(qtbot, session)
    assert detail.opinion.toPlainText() == ""
    with session.store.write() as uow:
        uow.sync_state.set(opinion_drafts.DRAFTS_KEY, '{"a": 1, "b": ["x"], "c": "ok"}')
    assert opinion_drafts.load(session.store) == {"c": "ok"}
