"""The decision desk follows the sync, in the real session against the real sandbox.

A seal done by the platform's signing service reads as sealed from the moment
the job is signed (never "awaiting seal" again, never a second Seal), and as
"Sealed", verified and ready to issue once the sync round has brought the
sealed decision; the list of cases is the store's after every round and
whenever the desk is shown again, with the case shown and the form being
typed kept; the English form says the law's Chinese terms in tooltips only;
the keyboard stays on the seal's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, GRANT, Clock, clock, device, sandbox, walk_to_deciding
from support.platform_env import settings as http_settings
from support.sandbox_env import PASSWORD, user
from test_decision_form import _open, settle

from backoffice.decisions import jobs
from backoffice.sandbox.server import Sandbox
from ui import session as sessions
from ui.decisions.form import DecisionForm
from ui.decisions.workspace import DecisionWorkspace

__all__ = ["clock", "device", "sandbox"]  # fixtures

Opened = Callable[[str, str], sessions.Session]


@pytest.fixture
def session_of(sandbox: Sandbox) -> Iterator[Opened]:
    """``session_of(department, role)``: the app's own session, signed in (not started:
    the test runs the sync rounds, on the GUI thread as the scheduler's would end)."""
    opened: list[sessions.Session] = []

    def make(department: str, role: str) -> sessions.Session:
        options = sessions.SyncOptions(http=http_settings(retries=0))
        session = sessions.Session(sessions.sign_in(
            sandbox.url, user(DEMO, department, role), PASSWORD, options), options)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()


def _fresh(n: int) -> Any:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _workspace(qtbot: QtBot, session: sessions.Session, clock: Clock) -> DecisionWorkspace:
    ws = DecisionWorkspace(session, lang="en", follow_ms=0, today=lambda: clock.now.date())
    qtbot.addWidget(ws)
    ws.resize(1300, 800)
    ws.show()
    qtbot.waitExposed(ws)
    settle(qtbot, ws)
    settle(qtbot, ws)
    return ws


def _listed(ws: DecisionWorkspace) -> list[str]:
    return [ws.case_list.item(i).text().split("\n")[0] for i in range(ws.case_list.count())]


def _sync(qtbot: QtBot, session: sessions.Session, ws: DecisionWorkspace) -> None:
    session.engine.sync_once()
    for _ in range(3):  # the list, then the case shown, then its preview
        settle(qtbot, ws)


def _signer_at_a_submitted_grant(qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Clock,
                                 session_of: Opened, n: int,
                                 ) -> tuple[sessions.Session, DecisionWorkspace]:
    """Fresh case ``n`` decided: the reviewer, on another computer, drafted and submitted
    a grant; the department's signer has the desk open at it."""
    case = walk_to_deciding(sandbox, n)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    joint = len({t.department_code for t in DEMO.tasks if t.case_code == case.case_code}) > 1
    reviewer.desk.draft(case.case_code, {**GRANT, "joint": joint}, submit=True)
    reviewer.engine.sync_once()
    session = session_of(case.lead_department, "signer")
    session.engine.sync_once()
    sandbox.app.state.platform.signing.delay = 0
    ws = _workspace(qtbot, session, clock)
    ws.activateWindow()
    qtbot.waitActive(ws)
    _open(qtbot, ws, case.case_code)
    return session, ws


def test_a_platform_seal_reads_sealed_and_the_sync_that_brings_it_shows_it(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Clock,
        session_of: Opened) -> None:
    session, ws = _signer_at_a_submitted_grant(qtbot, sandbox, device, clock, session_of, 1)
    assert ws.case is not None
    code, form = ws.case.case_code, ws.form
    assert form.state.text() == "Submitted, awaiting seal"
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    # Online: no promise about going online, and no second request meanwhile.
    assert "online" not in form.state.text()
    assert "signing service" in form.state.text(), form.state.text()
    assert not form.seal.isEnabled()

    _sync(qtbot, session, ws)  # the round makes the request
    assert [j.state for j in jobs.all_jobs(session.store)] == [jobs.PENDING]
    session.sealer.clock = lambda: 1e12  # the back-off is over
    ws.follow()  # the desk's timer, between syncs: the service has sealed
    for _ in range(3):
        settle(qtbot, ws)
    assert [j.state for j in jobs.all_jobs(session.store)] == [jobs.SIGNED]
    with session.store.read() as uow:  # the sync has not brought the sealed record yet
        assert uow.decisions.for_case(code)[-1].status.value == "submitted"
    assert form.state.text() == "Sealed, being recorded"
    assert not form.seal.isEnabled() and not form.issue.isEnabled()
    qtbot.waitUntil(lambda: "Seal verified" in form.signature.text(), timeout=30_000)

    _sync(qtbot, session, ws)  # brings decision.seal's record: nothing else reloads
    with session.store.read() as uow:
        assert uow.decisions.for_case(code)[-1].status.value == "sealed"
    assert form.state.text() == "Sealed"
    qtbot.waitUntil(form.issue.isEnabled, timeout=30_000)
    assert not form.seal.isEnabled()
    assert "Seal verified" in form.signature.text(), form.signature.text()
    # Looked at again after the case's deadline: the form's checks are history once
    # sealed, no red "must explain the delay" under the sealed document.
    clock.now += dt.timedelta(days=90)
    try:
        ws.refresh()
        settle(qtbot, ws)
        assert form.findings.text() == "", form.findings.text()
    finally:
        clock.now -= dt.timedelta(days=90)


def _reviewer_at(qtbot: QtBot, sandbox: Sandbox, clock: Clock, session_of: Opened, n: int,
                 ) -> tuple[sessions.Session, DecisionWorkspace]:
    """Fresh case ``n`` ready for its decision, open in its lead department's reviewer's desk."""
    case = walk_to_deciding(sandbox, n)
    session = session_of(case.lead_department, "reviewer")
    session.engine.sync_once()
    ws = _workspace(qtbot, session, clock)
    _open(qtbot, ws, case.case_code)
    return session, ws


def test_the_case_list_follows_each_sync_round_and_keeps_the_form_being_typed(
        qtbot: QtBot, sandbox: Sandbox, clock: Clock, session_of: Opened) -> None:
    session, ws = _reviewer_at(qtbot, sandbox, clock, session_of, 0)
    shown, later = ws.case, _fresh(5)
    assert shown is not None and shown.lead_department == later.lead_department
    assert later.case_code not in _listed(ws)
    ws.form.reasons.setPlainText("Being typed while the sync runs.")
    settle(qtbot, ws)

    walk_to_deciding(sandbox, 5)  # the other departments give their opinions
    _sync(qtbot, session, ws)
    assert later.case_code in _listed(ws)
    assert ws.case is not None and ws.case.case_code == shown.case_code
    assert ws.case_list.currentRow() == _listed(ws).index(shown.case_code)
    assert ws.current is None
    assert ws.form.reasons.toPlainText() == "Being typed while the sync runs."


def test_the_desk_shown_again_lists_what_was_queued_meanwhile(
        qtbot: QtBot, sandbox: Sandbox, clock: Clock, session_of: Opened) -> None:
    _session, ws = _reviewer_at(qtbot, sandbox, clock, session_of, 4)
    shown, in_review = ws.case, _fresh(6)
    assert shown is not None and shown.lead_department == in_review.lead_department
    assert in_review.case_code not in _listed(ws)

    ws.hide()  # the person works elsewhere, where a refusal of acceptance is queued
    ws.desk.draft(in_review.case_code, {
        "kind": "refuse_acceptance", "reasons": "不属于本机关职权范围",
        "legal_basis": "《中华人民共和国行政许可法》第三十二条"}, submit=False)
    ws.show()
    qtbot.waitExposed(ws)
    settle(qtbot, ws)
    assert in_review.case_code in _listed(ws)
    assert ws.case is not None and ws.case.case_code == shown.case_code


def test_english_labels_say_it_in_english_with_the_law_s_words_in_a_tooltip(
        qtbot: QtBot) -> None:
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    names = [form.kind.itemText(i) for i in range(form.kind.count())]
    assert names[:2] == ["Grant", "Refuse"]
    for text in [*names, form.public_notice.text()]:
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    assert form.kind.itemData(0, Qt.ItemDataRole.ToolTipRole) == "准予许可"
    assert form.public_notice.toolTip() == "公示"
    chinese = DecisionForm(lang="zh")
    qtbot.addWidget(chinese)
    assert not chinese.kind.itemData(0, Qt.ItemDataRole.ToolTipRole)


def test_seal_pressed_from_the_keyboard_keeps_the_focus_on_the_seal_row(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Clock,
        session_of: Opened) -> None:
    session, ws = _signer_at_a_submitted_grant(qtbot, sandbox, device, clock, session_of, 3)
    form = ws.form
    form.seal.setFocus()
    assert QApplication.focusWidget() is form.seal
    qtbot.keyClick(form.seal, Qt.Key.Key_Space)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert not form.seal.isEnabled()
    assert QApplication.focusWidget() is form.method, QApplication.focusWidget()

    _sync(qtbot, session, ws)
    session.sealer.clock = lambda: 1e12
    _sync(qtbot, session, ws)  # signed and brought back in the same round
    qtbot.waitUntil(form.issue.isEnabled, timeout=30_000)
    assert QApplication.focusWidget() is form.issue, QApplication.focusWidget()
