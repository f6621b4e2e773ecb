"""A grant without its legal basis in the window: a blocking finding in words, nothing
queued, and the preview names the missing field in words (never its key)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, clock, device, sandbox, walk_to_deciding
from support.sandbox_env import user
from test_decision_form import _open, _workspace, settle

from backoffice.domain.model import DecisionKind
from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def test_a_grant_without_legal_basis_is_told_and_not_queued(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 4)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    ws = _workspace(qtbot, reviewer)
    ws.desk.roles_from(("reviewer",))
    _open(qtbot, ws, case.case_code)
    form = ws.form
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.GRANT.value))
    form.overdue_reason.setText("演示")
    settle(qtbot, ws)
    assert "✖" in form.findings.text() and "legal basis" in form.findings.text()
    ws.show_preview()
    settle(qtbot, ws)
    note = ws.preview._note.text()
    assert "legal basis" in note and "legal_basis" not in note, note

    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert reviewer.store.pending_commands() == []
    assert "legal basis" in form.state.text()
    assert form.submit.isEnabled()  # fill it in and submit again

    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    assert "legal basis" not in form.findings.text()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert [e.command.kind for e in reviewer.store.pending_commands()] == ["decision.draft"]
