"""The case actions of the task detail: the one notice, the clock, an extension.

Offline over a real store built from the demo generator (as in
``test_inbox_detail``), every assertion on the outbox; then once end to end:
the actions done in the widget offline, synced to the real sandbox, and the
platform's records and command log checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.platform_env import PASSWORD, settings
from support.verdicts import pass_and_sync, passed
from test_inbox_detail import (
    TODAY,
    StandIn,
    build_store,
    demo,
    open_detail,
    outbox,
    settle,
)

from backoffice.domain import clock
from backoffice.domain.calendar import default_calendar
from backoffice.domain.commands import Command
from backoffice.domain.model import (
    Case,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Extension,
    ReviewTask,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.remote import PlatformClient
from backoffice.sandbox import db
from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.files import register_demo_files
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox
from backoffice.store import Store
from backoffice.store.outbox import OutboxState
from backoffice.sync.accounts import Account
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.inbox.detail import TaskDetail


def code() -> str:
    return demo().fresh_cases[0]


def lead_and_other() -> tuple[str, str]:
    data = demo()
    case = next(c for c in data.cases if c.case_code == code())
    other = next(t.department_code for t in data.tasks
                 if t.case_code == code() and t.department_code != case.lead_department)
    return case.lead_department, other


def reviewer(department: str) -> str:
    return next(u.username for u in demo().users
                if u.department_code == department and "reviewer" in u.roles)


def task_of(department: str) -> str:
    return next(t.id for t in demo().tasks
                if t.case_code == code() and t.department_code == department)


# The demo's cases are of March 2025: on the machine's date their deadlines
# have passed, and Art. 42 and 45 then refuse an extension and a procedure
# dated back (store.deadline_rules). The platform's date puts it ahead.
AHEAD = clock.today() + dt.timedelta(days=60)


def in_review(c: Case) -> Case:
    return dataclasses.replace(c, status=CaseStatus.IN_REVIEW, platform_due_date=AHEAD)


def suspended(c: Case) -> Case:
    return dataclasses.replace(c, status=CaseStatus.SUSPENDED, platform_due_date=AHEAD)


def make(tmp_path: Path, department: str | None = None,
         case: Callable[[Case], Case] = in_review) -> StandIn:
    department = department or lead_and_other()[0]
    store = build_store(tmp_path / "store.sqlite3", change={"Case": case})
    files = FileCache(tmp_path / "files")
    return StandIn(store, files, Account("https://platform.test", reviewer(department),
                                         "审核员（演示）", department, ""))


@pytest.fixture
def lead(tmp_path: Path) -> Iterator[StandIn]:
    s = make(tmp_path)
    yield s
    s.files.close()
    s.store.close()


def draft(*items: CorrectionItem, id: str = "notice-1",
          status: CorrectionNoticeStatus = CorrectionNoticeStatus.DRAFT) -> CorrectionNotice:
    issued = dt.date(2025, 3, 4) if status != CorrectionNoticeStatus.DRAFT else None
    return CorrectionNotice(id, code(), items, status=status, issued_on=issued, version=1)


def reviewed(session: StandIn) -> None:
    """Every department has reviewed: the lead's own checks have their verdicts (its task
    claimed), the other's items are in and it reviews on (its checks are the platform's
    to count: this store has none of its materials), the rest agree."""
    lead_dept, other = lead_and_other()
    with session.store.read() as uow:
        tasks = list(uow.tasks.for_case(code()))
        own = [m for m in uow.materials.for_case(code()) if m.department_code == lead_dept]

    def status(t: ReviewTask) -> ReviewTask:
        if t.department_code == lead_dept:
            return dataclasses.replace(t, status=TaskStatus.IN_REVIEW,
                                       assignee=reviewer(lead_dept), version=t.version + 1)
        return dataclasses.replace(
            t, status=TaskStatus.IN_REVIEW if t.department_code == other
            else TaskStatus.OPINION_GIVEN, version=t.version + 1)

    session.store.apply_confirmed([*(status(t) for t in tasks), *(
        dataclasses.replace(passed(m), version=m.version + 1) for m in own)])


def two_departments() -> tuple[CorrectionItem, CorrectionItem]:
    lead_dept, other = lead_and_other()
    return (CorrectionItem("营业执照", lead_dept, "副本模糊，请重新提供"),
            CorrectionItem("消防平面图", other, "缺少<疏散通道>标注 & 比例尺"))


def tab(detail: TaskDetail, widget: QWidget) -> None:
    """Bring the tab holding ``widget`` to the front, as a person would."""
    detail.show_page(widget)


def click(qtbot: QtBot, detail: TaskDetail, button: QPushButton) -> None:
    tab(detail, button)
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)


def lead_detail(qtbot: QtBot, session: StandIn) -> TaskDetail:
    return open_detail(qtbot, session, task_of(lead_and_other()[0]))


# --- the one combined correction notice --------------------------------------------------


def test_the_lead_previews_and_issues_the_combined_notice(qtbot: QtBot, lead: StandIn) -> None:
    lead.store.apply_confirmed([draft(*two_departments())])
    reviewed(lead)
    detail = lead_detail(qtbot, lead)
    actions = detail.case_actions
    panel = detail.findChild(QPushButton, "issueNotice")
    tab(detail, detail.correction)
    assert panel is actions.issue.button and panel.isVisible()
    # The issue panel is part of the correction notice panel, under all items.
    assert actions.issue.parent() is detail.correction
    tree = detail.correction.notices
    groups = [tree.topLevelItem(0).child(i).text(0)
              for i in range(tree.topLevelItem(0).childCount())]
    assert len(groups) == 2
    text = actions.issue.preview.toPlainText()
    names = {d.code: d.name for d in demo().departments}
    lead_dept, other = lead_and_other()
    # A written notice of the lead department (its full text: test_sandbox_correction_notice_text.py).
    assert text.startswith(f"{names[lead_dept]}\n申请材料补正一次性告知书\n")
    assert code() in text and next(
        c.applicant.name for c in demo().cases if c.case_code == code()) in text
    assert f"1. 营业执照（{names[lead_dept]}）：副本模糊，请重新提供" in text
    assert f"2. 消防平面图（{names[other]}）：缺少<疏散通道>标注 & 比例尺" in text
    # Art. 32: five working days from the acceptance on 2025-03-03 (a Monday).
    assert actions.issue.limit.text().startswith("Art. 32 of the Administrative Licensing Law:")
    assert "2025-03-10" in actions.issue.limit.text()
    changed: list[bool] = []
    detail.changed.connect(lambda: changed.append(True))
    click(qtbot, detail, actions.issue.button)
    assert outbox(lead) == [("correction_notice.issue", "notice-1", {}, reviewer(lead_dept))]
    (entry,) = lead.store.pending_commands()
    assert entry.command.base_version == 1
    assert detail.message.text() == "Queued — sent at the next sync."
    assert changed == [True] and lead.local_actions == 1
    # Offline, already shown as issued: nothing left to issue, the notice still readable.
    assert detail.snapshot is not None
    assert detail.snapshot.notices[0].status == CorrectionNoticeStatus.ISSUED
    assert actions.issue.isVisible() and actions.issue.button.isHidden()
    assert actions.issue.items.isHidden() and actions.issue.edit_text.isHidden()
    assert "2. 消防平面图" in actions.issue.preview.toPlainText()


def test_an_empty_notice_is_refused(qtbot: QtBot, lead: StandIn) -> None:
    lead.store.apply_confirmed([draft()])
    detail = lead_detail(qtbot, lead)
    assert "no items" in detail.case_actions.issue.preview.toPlainText()
    button = detail.case_actions.issue.button
    tab(detail, button)
    # Disabled, and it says why: pressing it would queue nothing.
    assert button.isVisible() and not button.isEnabled()
    assert "The notice has no items" in button.accessibleDescription()
    assert "The notice has no items" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert outbox(lead) == [] and lead.local_actions == 0


def test_a_second_notice_needs_its_reason(qtbot: QtBot, lead: StandIn) -> None:
    first, _ = two_departments()
    lead.store.apply_confirmed([
        draft(first, id="notice-0", status=CorrectionNoticeStatus.ANSWERED),
        draft(CorrectionItem("营业执照", first.department_code, "补正后的副本仍不清晰"))])
    reviewed(lead)
    detail = lead_detail(qtbot, lead)
    reason = detail.correction.second_reason
    tab(detail, reason)
    assert reason.objectName() == "secondNoticeReason" and reason.isVisible()
    click(qtbot, detail, detail.case_actions.issue.button)
    assert "say why a second one is needed" in detail.message.text()
    assert outbox(lead) == [] and QApplication.focusWidget() is reason
    reason.setText("补正材料本身有缺陷")  # QTest types Latin-1 only
    click(qtbot, detail, detail.case_actions.issue.button)
    assert outbox(lead) == [("correction_notice.issue", "notice-1",
                             {"second_notice_reason": "补正材料本身有缺陷"},
                             reviewer(first.department_code))]


def test_the_notice_waits_for_every_department_s_review(qtbot: QtBot, lead: StandIn) -> None:
    lead.store.apply_confirmed([draft(*two_departments())])
    names = {d.code: d.name for d in demo().departments}
    lead_dept, other = lead_and_other()
    third = sorted({t.department_code for t in demo().tasks if t.case_code == code()}
                   - {lead_dept, other})
    assert third, "a case of three departments or more"
    detail = lead_detail(qtbot, lead)
    waiting = detail.case_actions.issue.waiting
    tab(detail, waiting)
    assert waiting.objectName() == "noticeWaiting" and waiting.isVisible()
    # The other department's task is unclaimed here, its items notwithstanding.
    assert all(names[d] in waiting.text() for d in (other, *third))
    # The lead's own checks hold it too.
    assert names[lead_dept] in waiting.text()
    # Issue is disabled while the panel says "Not yet" (pressed, it queued nothing),
    # the reason its tooltip and what a screen reader says of it.
    button = detail.case_actions.issue.button
    assert button.isVisible() and not button.isEnabled()
    assert button.accessibleDescription() == waiting.text()
    assert button.toolTip() and names[other] in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert outbox(lead) == [] and lead.local_actions == 0
    reviewed(lead)
    with qtbot.waitSignal(detail.loaded):
        lead.statusChanged.emit(object())
    settle(qtbot, detail)
    assert waiting.isHidden()
    assert button.isEnabled() and not button.accessibleDescription() and not button.toolTip()
    # The platform still refused (another department reopened its review meanwhile).
    click(qtbot, detail, detail.case_actions.issue.button)
    (entry,) = lead.store.pending_commands()
    lead.store.mark_refused(entry.command.id, "correction.others_not_reviewed")
    with qtbot.waitSignal(detail.loaded):
        lead.statusChanged.emit(object())
    settle(qtbot, detail)
    assert waiting.isVisible()
    assert waiting.text().startswith("The platform refused to issue the notice: ")
    # In the words of the platform's refusal (the messages' language), the case named.
    assert code() in waiting.text() and "correction.others_not_reviewed" not in waiting.text()
    # The departments the platform named with its refusal, not the last sync's guess.
    with lead.store.write() as uow:  # as the push keeps a refusal with its details
        uow.outbox.set_state(entry.command.id, OutboxState.REFUSED,
                             last_error="correction.others_not_reviewed",
                             error_details={"case_code": code(), "departments": names[third[0]]})
    with qtbot.waitSignal(detail.loaded):
        lead.statusChanged.emit(object())
    settle(qtbot, detail)
    assert names[third[0]] in waiting.text() and "other departments" not in waiting.text()


def test_only_the_lead_department_may_issue(qtbot: QtBot, tmp_path: Path) -> None:
    _, other = lead_and_other()
    s = make(tmp_path, other)
    try:
        s.store.apply_confirmed([draft(*two_departments())])
        detail = open_detail(qtbot, s, task_of(other))
        assert detail.snapshot is not None and detail.snapshot.task.department_code == other
        tab(detail, detail.correction)
        assert detail.correction.notices.topLevelItemCount() == 1  # the items, yes
        assert not detail.case_actions.issue.button.isVisible()
        assert detail.case_actions.issue.isHidden()
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


# --- special procedures -------------------------------------------------------------------


def test_suspend_needs_a_reason_then_queues_both_commands(qtbot: QtBot, lead: StandIn) -> None:
    detail = lead_detail(qtbot, lead)
    actions = detail.case_actions
    assert actions.suspend_form.isEnabled() and actions.suspend_form.objectName() == "suspendForm"
    assert actions.suspend_start.date() == QDate(*_today())
    click(qtbot, detail, actions.suspend)
    assert detail.message.text() == "Write the reason first; nothing was queued."
    assert QApplication.focusWidget() is actions.suspend_reason
    actions.suspend_reason.setPlainText("x" * 501)
    click(qtbot, detail, actions.suspend)
    assert "at most 500 characters" in detail.message.text()
    assert outbox(lead) == [] and lead.local_actions == 0

    actions.procedure.setCurrentIndex(actions.procedure.findData("expert_review"))
    assert actions.procedure.currentText() == "Expert review"
    actions.suspend_start.setDate(QDate(2025, 3, 4))
    actions.suspend_reason.setPlainText("  需组织专家评审消防设计<b>  ")
    click(qtbot, detail, actions.suspend)
    me, case = reviewer(lead_and_other()[0]), code()
    text = (f"您的申请（统一审核编码：{case}）自2025年3月4日起进入专家评审程序。"
            "原因：需组织专家评审消防设计<b>。依据行政许可法第四十五条，"
            "专家评审所需时间不计算在审批期限内；程序结束后审批计时恢复。")
    assert outbox(lead) == [
        ("case.suspend", case, {"procedure": "expert_review", "started_on": "2025-03-04",
                                "reason": "需组织专家评审消防设计<b>"}, me),
        ("notification.send", case, {"channel": "portal", "kind": "other", "text": text}, me),
    ]
    with lead.store.read() as uow:
        confirmed = uow.cases.confirmed(case)
    assert confirmed is not None
    assert {e.command.base_version for e in lead.store.pending_commands()} == {confirmed.version}
    assert detail.snapshot is not None and detail.snapshot.case.status == CaseStatus.SUSPENDED
    assert not actions.suspend_form.isEnabled()
    assert "suspended" in actions.suspend_state.text()
    assert actions.suspend_reason.toPlainText() == ""
    assert lead.local_actions == 1


def test_a_procedure_starts_between_the_acceptance_and_today(
        qtbot: QtBot, lead: StandIn) -> None:
    # 2099 for 2026, or a day before the case existed: nothing the field takes.
    detail = lead_detail(qtbot, lead)
    actions = detail.case_actions
    assert detail.snapshot is not None
    accepted = QDate(*detail.snapshot.case.accepted_at.astimezone(
        clock.shanghai_tz()).date().timetuple()[:3])
    actions.suspend_start.setDate(QDate(2099, 12, 31))
    assert actions.suspend_start.date() == QDate(*_today())
    actions.suspend_start.setDate(QDate(1800, 1, 1))
    assert actions.suspend_start.date() == accepted
    assert actions.suspend_start.maximumDate() == QDate(*_today())


def test_no_suspension_outside_review(qtbot: QtBot, tmp_path: Path) -> None:
    s = make(tmp_path, case=lambda c: c)  # routed: nobody has claimed yet
    try:
        detail = lead_detail(qtbot, s)
        assert not detail.case_actions.suspend_form.isEnabled()
        assert "only while the case is in review" in detail.case_actions.suspend_state.text()
        detail.wait()
    finally:
        s.files.close()
        s.store.close()


def _today() -> tuple[int, int, int]:
    from backoffice.domain import clock
    t = clock.today()
    return t.year, t.month, t.day


def test_a_running_procedure_is_ended(qtbot: QtBot, tmp_path: Path) -> None:
    s = make(tmp_path, case=suspended)
    try:
        s.store.apply_confirmed([SpecialProcedure("procedure-1", code(), SpecialProcedureKind.HEARING,
                                                  dt.date(2025, 3, 4), version=1)])
        detail = lead_detail(qtbot, s)
        actions = detail.case_actions
        assert not actions.suspend_form.isEnabled()
        tab(detail, actions)
        assert actions.end_form.isVisible()
        assert actions.running.text() == "The clock is suspended: Hearing since 2025-03-04."
        # 恢复计时: the clock resumes (the time before the procedure still counts), as
        # the timeline says; "restart" read as counting from zero again.
        assert actions.end.text() == "End procedure, resume the clock"
        actions.end_date.setDate(QDate(2025, 3, 1))  # before the start: not allowed
        assert actions.end_date.date() == QDate(2025, 3, 4)
        actions.end_date.setDate(QDate(2099, 12, 31))  # after today: not either
        assert actions.end_date.date() == QDate(*_today())
        actions.end_date.setDate(QDate(2025, 3, 10))
        click(qtbot, detail, actions.end)
        assert outbox(s) == [("special_procedure.end", "procedure-1", {"ended_on": "2025-03-10"},
                              reviewer(lead_and_other()[0]))]
        assert actions.end_form.isHidden()
        assert detail.snapshot is not None
        assert detail.snapshot.extras.procedures[0].ended_on == dt.date(2025, 3, 10)
    finally:
        s.files.close()
        s.store.close()


# --- extensions ---------------------------------------------------------------------------


def test_extension_days_and_reason_are_checked_then_queued(qtbot: QtBot, lead: StandIn) -> None:
    detail = lead_detail(qtbot, lead)
    actions = detail.case_actions
    assert actions.extension_form.objectName() == "extensionForm"
    actions.extension_reason.setPlainText("需现场复核")
    # Several departments review the case: joint handling, 15 days at most (Art. 42).
    assert actions.extension_days.maximum() == 15
    assert actions.extension_limit.text().startswith("At most 15 working days")
    actions.extension_days.setValue(0)
    click(qtbot, detail, actions.extend)
    assert detail.message.text() == (
        "An extension of this case is 1 to 15 working days; nothing was queued.")
    assert QApplication.focusWidget() is actions.extension_days
    actions.extension_reason.clear()
    actions.extension_days.setValue(10)
    click(qtbot, detail, actions.extend)
    assert detail.message.text() == "Write the reason first; nothing was queued."
    actions.extension_reason.setPlainText("x" * 2001)
    click(qtbot, detail, actions.extend)
    assert "at most 2000 characters" in detail.message.text()
    assert outbox(lead) == []

    # By keyboard: the days, Tab to the reason, Tab to the button, Space.
    actions.extension_reason.clear()
    actions.extension_days.setFocus()
    actions.extension_days.selectAll()
    qtbot.keyClicks(actions.extension_days, "12")
    qtbot.keyClick(actions.extension_days, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is actions.extension_reason
    qtbot.keyClicks(actions.extension_reason, "site re-check <needed>")
    qtbot.keyClick(actions.extension_reason, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is actions.extend
    qtbot.keyClick(actions.extend, Qt.Key.Key_Space)
    settle(qtbot, detail)
    assert outbox(lead) == [("extension.request", code(),
                             {"working_days": 12, "reason": "site re-check <needed>"},
                             reviewer(lead_and_other()[0]))]
    assert detail.message.text() == "Queued — sent at the next sync."
    assert "12 working days" in actions.extensions.text()


def test_a_case_of_one_department_is_extended_by_10_days_and_only_once(
        qtbot: QtBot, tmp_path: Path) -> None:
    lead_dept = lead_and_other()[0]
    session = make(tmp_path)
    try:
        with session.store.read() as uow:
            others = [t for t in uow.tasks.for_case(code()) if t.department_code != lead_dept]
        session.store.apply_confirmed([
            dataclasses.replace(t, status=TaskStatus.TRANSFERRED, version=t.version + 1)
            for t in others])
        detail = lead_detail(qtbot, session)
        actions = detail.case_actions
        assert actions.extension_days.maximum() == 10
        assert actions.extension_limit.text().startswith("At most 10 working days")
        assert actions.extension_form.isEnabled()
        session.store.apply_confirmed([Extension(10, "需专家论证", "局长（演示）",
                                                 dt.date(2025, 3, 5), code(), "extension-1", 1)])
        with qtbot.waitSignal(detail.loaded):
            session.statusChanged.emit(object())
        settle(qtbot, detail)
        assert not actions.extension_form.isEnabled()
        assert "extended once already" in actions.extension_limit.text()
        # What was approved is named: "Approved: 10 working days" did not say an extension.
        assert actions.extensions.text() == (
            "Extension approved: 10 working days on 2025-03-05 by 局长（演示） (需专家论证)")
    finally:
        session.files.close()
        session.store.close()


def test_a_refusal_of_the_store_is_shown_and_nothing_stored(qtbot: QtBot, lead: StandIn) -> None:
    detail = lead_detail(qtbot, lead)
    actions = detail.case_actions
    # The case moved on meanwhile (another department suspended it): the store refuses.
    with lead.store.read() as uow:
        case = uow.cases.get(code())
    assert case is not None
    lead.store.apply_confirmed([dataclasses.replace(case, status=CaseStatus.SUSPENDED,
                                                    version=case.version + 1)])
    actions.suspend_reason.setPlainText("检验")
    click(qtbot, detail, actions.suspend)
    assert "suspend" in detail.message.text() and "Queued" not in detail.message.text()
    assert outbox(lead) == [] and lead.local_actions == 0


# --- end to end: the widget offline, then the real sandbox ---------------------------------


@pytest.fixture
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    path = tmp_path_factory.mktemp("platform") / "platform.sqlite3"
    engine = db.make_engine(path)
    seed(engine, _ahead(demo()), password=PASSWORD, today=TODAY)
    register_demo_files(engine, demo())
    engine.dispose()
    with running_sandbox(str(path)) as running:
        yield running


def _ahead(data: DemoData) -> DemoData:
    """``data`` with the fresh case promised enough working days to be due after today.

    As :data:`AHEAD` for the platform, which computes the date itself (and
    again once the clock stops): a deadline passed in 2025 would refuse the
    extension (Art. 42) the test queues on the machine's date.
    """
    days = default_calendar().count_working_days(TODAY, clock.today()) + 40
    cases = tuple(dataclasses.replace(c, promised_days=days, statutory_days=days,
                                      platform_due_date=None)
                  if c.case_code == code() else c for c in data.cases)
    return dataclasses.replace(data, cases=cases)


def _device(platform: Sandbox, path: Path, username: str) -> SyncEngine:
    client = PlatformClient(platform.url, settings=settings())
    client.login(username, PASSWORD)
    return SyncEngine(Store.open(path), client)


def _queue(engine: SyncEngine, kind: str, entity: str, key: str,
           payload: dict[str, object]) -> None:
    with engine.store.read() as uow:
        record = uow.repository(entity).confirmed(key)
    assert record is not None
    engine.store.record_command(Command.new(kind, key, record.version, payload,  # type: ignore[arg-type]
                                            author=engine.client.username or ""))


def test_actions_offline_then_synced_reach_the_platform(
    qtbot: QtBot, platform: Sandbox, tmp_path: Path
) -> None:
    lead_dept, other_dept = lead_and_other()
    lead_user = reviewer(lead_dept)
    lead = _device(platform, tmp_path / "lead.sqlite3", lead_user)
    other = _device(platform, tmp_path / "other.sqlite3", reviewer(other_dept))
    # Both departments claim and contribute their items to the one draft.
    for engine, dept, item in ((other, other_dept, ("消防平面图", "缺少疏散通道标注")),
                               (lead, lead_dept, ("营业执照", "副本模糊，请重新提供"))):
        engine.sync_once()
        task = task_of(dept)
        _queue(engine, "task.claim", "review_task", task, {"assignee": engine.client.username})
        engine.sync_once()
        _queue(engine, "task.request_correction", "review_task", task, {"items": [
            {"material_name": item[0], "department_code": dept, "reason": item[1]}]})
        assert engine.sync_once().push.applied == 1
        pass_and_sync(engine, task)  # the notice waits for every department's checks
    # The third department found nothing to correct: its opinion closes its review,
    # which the one notice waits for.
    for dept in {t.department_code for t in demo().tasks if t.case_code == code()} - {
            lead_dept, other_dept}:
        third = _device(platform, tmp_path / f"{dept}.sqlite3", reviewer(dept))
        third.sync_once()
        _queue(third, "task.claim", "review_task", task_of(dept),
               {"assignee": third.client.username})
        third.sync_once()
        pass_and_sync(third, task_of(dept))
        _queue(third, "task.give_opinion", "review_task", task_of(dept), {"opinion": "同意"})
        assert third.sync_once().push.applied == 1
        third.store.close()
    lead.sync_once()
    assert lead.store.pending_commands() == []

    files = FileCache(tmp_path / "files")
    session = StandIn(lead.store, files, Account(platform.url, lead_user, "", lead_dept, ""))
    try:
        detail = open_detail(qtbot, session, task_of(lead_dept))
        actions = detail.case_actions
        assert detail.snapshot is not None and detail.snapshot.case.status == CaseStatus.IN_REVIEW
        preview = actions.issue.preview.toPlainText()
        assert "消防平面图" in preview and "营业执照" in preview
        # Offline: a special procedure with its notice to the applicant, and an extension.
        actions.procedure.setCurrentIndex(actions.procedure.findData("testing"))
        actions.suspend_reason.setPlainText("需对消防设施进行检测")
        click(qtbot, detail, actions.suspend)
        actions.extension_days.setValue(10)
        actions.extension_reason.setPlainText("需现场复核，申请延长十个工作日")
        click(qtbot, detail, actions.extend)
        first = [e.command.id for e in lead.store.pending_commands()]
        assert len(first) == 3
        report = lead.sync_once()
        assert report.push.applied == 3
        with qtbot.waitSignal(detail.loaded):
            session.statusChanged.emit(object())
        settle(qtbot, detail)
        # The platform opened the procedure: it can be ended (on the special procedure's
        # page, the extension's shown last); then the notice goes out.
        tab(detail, actions.end_form)
        assert actions.end_form.isVisible()
        click(qtbot, detail, actions.end)
        click(qtbot, detail, actions.issue.button)
        second = [e.command.id for e in lead.store.pending_commands()]
        assert len(second) == 2
        assert lead.sync_once().push.applied == 2
        lead.sync_once()
        assert lead.store.pending_commands() == [] and lead.store.conflicts() == []
        detail.wait()
    finally:
        files.close()
        lead.store.close()
        other.store.close()

    with platform.platform.engine.connect() as conn:
        results = {r.command_id: (r.kind, r.status, r.author) for r in conn.execute(
            select(db.command_results).where(db.command_results.c.author == lead_user))}
        bodies = [(r.entity, json.loads(r.body)) for r in conn.execute(
            select(db.records).where(db.records.c.case_code == code()))]
    mine = {k: v for k, v in results.items() if k in first + second}
    assert sorted(kind for kind, _, _ in mine.values()) == sorted([
        "case.suspend", "notification.send", "extension.request",
        "special_procedure.end", "correction_notice.issue"])
    assert {status for _, status, _ in mine.values()} == {"applied"}

    def of(entity: str) -> list[dict[str, object]]:
        return [b for e, b in bodies if e == entity]

    (notice,) = of("correction_notice")
    assert notice["status"] == "issued"
    assert {i["department_code"] for i in notice["items"]} == {lead_dept, other_dept}  # type: ignore[attr-defined, index]
    (procedure,) = of("special_procedure")
    assert procedure["kind"] == "testing" and procedure["ended_on"]
    (extension,) = of("extension")
    assert extension["working_days"] == 10 and extension["status"] == "requested"
    notes = of("notification")
    assert sorted(str(n["kind"]) for n in notes) == ["correction_notice", "other"]
    told = next(n for n in notes if n["kind"] == "other")
    assert "检验、检测" in str(told["text"]) and "行政许可法第四十五条" in str(told["text"])
    (case,) = of("case")
    assert case["status"] == "awaiting_applicant"
