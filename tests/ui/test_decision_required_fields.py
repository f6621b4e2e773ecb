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
from ui.decisions.workspace import DecisionWorkspace

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _reviewer_drafting(qtbot: QtBot, sandbox: Sandbox, device: Any, n: int,
                       kind: DecisionKind) -> tuple[Any, DecisionWorkspace]:
    """A reviewer's desk on case ``n`` (walked to deciding), a new ``kind`` chosen."""
    case = walk_to_deciding(sandbox, n)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    ws = _workspace(qtbot, reviewer)
    ws.desk.roles_from(("reviewer",))
    _open(qtbot, ws, case.case_code)
    ws.form.kind.setCurrentIndex(ws.form.kind.findData(kind.value))
    return reviewer, ws


def test_a_grant_without_legal_basis_is_told_and_not_queued(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    reviewer, ws = _reviewer_drafting(qtbot, sandbox, device, 4, DecisionKind.GRANT)
    form = ws.form
    form.overdue_reason.setText("演示")
    settle(qtbot, ws)
    assert "✖" in form.findings.text() and "legal basis" in form.findings.text()
    ws.show_preview()
    settle(qtbot, ws)
    note = ws.preview._note.text()
    assert "legal basis" in note and "legal_basis" not in note, note

    # Submitting waits, saying why, rather than refuse the click.
    assert not form.submit.isEnabled() and "legal basis" in form.submit.toolTip()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert reviewer.store.pending_commands() == []

    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    assert "legal basis" not in form.findings.text()
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    assert [e.command.kind for e in reviewer.store.pending_commands()] == ["decision.draft"]


def test_over_long_reasons_are_told_with_the_limit(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    from backoffice.domain.decisions import MAX_TEXT

    reviewer, ws = _reviewer_drafting(qtbot, sandbox, device, 3, DecisionKind.REFUSE)
    form = ws.form
    form.legal_basis.setText("《中华人民共和国行政许可法》第三十八条")
    form.overdue_reason.setText("演示")
    form.reasons.setPlainText("理" * (MAX_TEXT + 1))
    settle(qtbot, ws)
    assert f"at most {MAX_TEXT} characters" in form.findings.text(), form.findings.text()
    assert "invalid field" not in form.findings.text()
    assert not form.submit.isEnabled()
    assert f"at most {MAX_TEXT} characters" in form.submit.toolTip()
    assert reviewer.store.pending_commands() == []
    # The one-line fields stop at the limit.
    form.legal_basis.setText("法" * (MAX_TEXT + 10))
    assert len(form.legal_basis.text()) == MAX_TEXT


def test_the_preview_follows_the_form_without_a_click(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    # It said "missing legal basis" from the case's opening on, still beside a
    # complete form, until Preview was pressed.
    _reviewer, ws = _reviewer_drafting(qtbot, sandbox, device, 5, DecisionKind.GRANT)
    form = ws.form
    form.overdue_reason.setText("演示")
    settle(qtbot, ws)
    assert "legal basis" in ws.preview._note.text()
    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    qtbot.waitUntil(lambda: ws.preview.page_count > 0, timeout=10_000)
    assert ws.preview._note.isHidden()
    # Taken out again: no document stays that the form no longer says.
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.REFUSE.value))
    form.reasons.setPlainText("经营场所与平面图不一致")
    form.legal_basis.clear()
    settle(qtbot, ws)
    assert "legal basis" in ws.preview._note.text() and not ws.preview._note.isHidden()
    assert "decision-" not in ws.preview._note.text()  # the draft's id means nothing here
