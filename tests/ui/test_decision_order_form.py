"""The decision form before every department has reviewed the case, and the
escalation's date (pytest-qt, offscreen, against the real sandbox).

Submit and Seal wait, and say for which departments, while a draft may be
saved; once the opinions are in, the saved draft is submitted as it is. An
escalation proposes the case's deadline as its report-by date (9.5.4.3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, GRANT, clock, device, sandbox, walk_to_deciding
from support.sandbox_env import Client, user, version
from test_decision_form import _open, _workspace, settle

from backoffice.domain.model import DecisionKind, DecisionStatus
from backoffice.sandbox.server import Sandbox
from ui.decisions.form import _day

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _case(n: int) -> Any:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])



def _reviewers_desk(qtbot: QtBot, device: Any, department: str, case_code: str) -> Any:
    """A reviewer of ``department`` synced, the desk open on ``case_code``."""
    reviewer = device(user(DEMO, department))
    reviewer.engine.sync_once()
    ws = _workspace(qtbot, reviewer)
    ws.desk.roles_from(("reviewer",))
    _open(qtbot, ws, case_code)
    return reviewer, ws

def test_submit_waits_for_the_opinions_and_the_saved_draft_goes_on_after(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Any) -> None:
    case = _case(0)
    codes = sorted({t.department_code for t in DEMO.tasks if t.case_code == case.case_code})
    names = {d.code: d.name for d in DEMO.departments}
    reviewer, ws = _reviewers_desk(qtbot, device, case.lead_department, case.case_code)
    form = ws.form
    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    waiting = ", ".join(names[c] for c in codes)  # by name: the person knows no codes
    assert waiting in form.findings.text() and "⚠" in form.findings.text()
    assert not form.submit.isEnabled() and waiting in form.submit.toolTip()
    assert form.save.isEnabled()

    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert [e.command.kind for e in reviewer.store.pending_commands()] == ["decision.draft"]
    reviewer.engine.sync_once()
    _open(qtbot, ws, case.case_code)
    assert ws.current is not None and ws.current.decision.status == DecisionStatus.DRAFT
    assert not form.submit.isEnabled()

    walk_to_deciding(sandbox, 0)
    reviewer.engine.sync_once()
    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)
    assert waiting not in form.findings.text()
    assert form.submit.isEnabled() and not form.submit.toolTip()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert [e.command.kind for e in reviewer.store.pending_commands()] == ["decision.submit"]
    reviewer.engine.sync_once()
    record = sandbox.app.state.platform.record("decision", ws.current.decision.id)
    assert record.body["status"] == "submitted"


def test_seal_waits_when_a_review_is_reopened_after_submitting(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Any) -> None:
    case = walk_to_deciding(sandbox, 2)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    reviewer.desk.draft(case.case_code, {**GRANT, "joint": False}, submit=True)
    reviewer.engine.sync_once()
    other = next(t for t in DEMO.tasks
                 if t.case_code == case.case_code and t.department_code != lead)
    opener = Client(sandbox.url, user(DEMO, other.department_code)).login()
    r = opener.command("task.reopen", "review_task", other.id,
                       version(sandbox, "review_task", other.id))
    assert r["status"] == "applied", r

    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)
    name = next(d.name for d in DEMO.departments if d.code == other.department_code)
    assert ws.current is not None and ws.current.decision.status == DecisionStatus.SUBMITTED
    assert "✖" in ws.form.findings.text() and name in ws.form.findings.text()
    assert not ws.form.seal.isEnabled() and name in ws.form.seal.toolTip()
    assert signer.store.pending_commands() == []


def test_an_escalation_proposes_the_case_s_deadline_or_today_once_overdue(
        qtbot: QtBot, sandbox: Sandbox, device: Any, clock: Any) -> None:
    case = walk_to_deciding(sandbox, 1)
    due = dt.date.fromisoformat(
        sandbox.app.state.platform.record("case", case.case_code).body["due_date"])
    _, ws = _reviewers_desk(qtbot, device, case.lead_department, case.case_code)
    form = ws.form
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.ESCALATE.value))
    form.legal_basis.setText("《中华人民共和国行政许可法》第四十三条")
    settle(qtbot, ws)
    assert _day(form.report_by.date()) == due
    assert "report" not in form.findings.text().lower()
    assert form.submit.isEnabled()

    # Past the deadline the report goes up at once: today, not a day already gone.
    before = clock.now
    clock.now = dt.datetime.combine(due + dt.timedelta(days=9), dt.time(10),
                                    tzinfo=before.tzinfo)
    try:
        _open(qtbot, ws, case.case_code)
        form.kind.setCurrentIndex(form.kind.findData(DecisionKind.ESCALATE.value))
        settle(qtbot, ws)
        assert _day(form.report_by.date()) == clock.now.date()
    finally:
        clock.now = before
