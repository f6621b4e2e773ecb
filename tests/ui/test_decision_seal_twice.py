"""The decision desk's seal and issue, one at a time (pytest-qt against the sandbox).

Seal pressed twice seals once (one number spent); a job the decision's state
refuses reads in words; Issue waits until the platform has confirmed the seal,
and is asked once more before it goes out; the case list says where each
decision stands; an error of an earlier click goes once the form changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, clock, device, sandbox, walk_to_deciding
from support.sandbox_env import user
from test_decision_certificates import _signer_on_submitted
from test_decision_form import _open, _workspace, settle

from backoffice.decisions import jobs
from backoffice.domain.model import DecisionKind
from backoffice.sandbox.server import Sandbox
from ui.decisions.states import list_state
from ui.decisions.workspace import DecisionWorkspace

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _question(qtbot: QtBot, ws: DecisionWorkspace) -> QMessageBox:
    qtbot.waitUntil(lambda: ws.confirmation is not None and ws.confirmation.isVisible(),
                    timeout=5000)
    box = ws.confirmation
    assert box is not None
    return box


def _listed(ws: DecisionWorkspace, code: str) -> str:
    return ws.case_list.item([c.case_code for c in ws.cases].index(code)).text()


def test_seal_pressed_twice_seals_once_and_issue_waits_for_the_platform(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, _, signer = _signer_on_submitted(sandbox, device, 0)
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(case.lead_department, b"pw"))
    numbers = signer.sealer.numbers()
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    ws.refresh()
    settle(qtbot, ws)
    _open(qtbot, ws, case.case_code)
    form = ws.form
    assert _listed(ws, case.case_code).endswith("Awaiting seal")
    form.method.setCurrentIndex(form.method.findData("local"))
    form.cert_path.setText(str(p12))
    form.cert_password.setText("pw")
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    assert not form.seal.isEnabled()  # while the first seal is being made
    form.cert_password.setText("pw")
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert signer.sealer.numbers() == numbers[1:], form.state.text()
    [job] = jobs.all_jobs(signer.store)
    assert job.document_number == numbers[0] and not form.seal.isEnabled()

    # Sealed here, decision.seal queued: Issue waits for the platform, and says so.
    [job] = signer.sealer.follow()
    assert job.state == jobs.SENT
    _open(qtbot, ws, case.case_code)
    qtbot.waitUntil(lambda: "Seal verified" in form.signature.text(), timeout=60_000)
    assert "queued" in form.state.text()
    assert not form.issue.isEnabled() and "next sync" in form.issue.toolTip()
    # The list follows the decision shown at once, not at the next sync's end.
    assert ws.current is not None
    listed = _listed(ws, case.case_code)
    assert not listed.endswith("Awaiting seal") and listed.endswith(
        list_state(ws.current.seal_state)), listed

    signer.engine.sync_once()
    ws.refresh()
    settle(qtbot, ws)
    _open(qtbot, ws, case.case_code)
    qtbot.waitUntil(form.issue.isEnabled, timeout=60_000)
    assert form.issue.toolTip() == "" and _listed(ws, case.case_code).endswith("Sealed")

    # Issuing cannot be undone: asked first, Cancel the default.
    qtbot.mouseClick(form.issue, Qt.MouseButton.LeftButton)
    box = _question(qtbot, ws)
    assert box.textFormat() == Qt.TextFormat.PlainText and case.case_code in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.confirmation is None, timeout=5000)
    settle(qtbot, ws)
    assert not signer.store.pending_commands()
    qtbot.mouseClick(form.issue, Qt.MouseButton.LeftButton)
    _question(qtbot, ws).button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, ws)
    assert [e.command.kind for e in signer.store.pending_commands()] == ["decision.issue"]
    ws.refresh()
    settle(qtbot, ws)
    assert _listed(ws, case.case_code).endswith("Issued")


def test_a_seal_the_decision_s_state_refused_is_told_in_words(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    """A job kept from before with the bare code: its words, never the code."""
    case, draft, signer = _signer_on_submitted(sandbox, device, 1)
    jobs.save(signer.store, jobs.SealingJob(
        draft.id, jobs.LOCAL, jobs.READY, signer.username, document_number="x",
        document_sha256="0" * 64, attempts=3, error="state.illegal_transition"))
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    text = ws.form.state.text()
    assert "did not take this seal" in text and "illegal_transition" not in text, text


def test_an_error_of_an_earlier_click_goes_once_the_form_is_mended(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 2)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    ws = _workspace(qtbot, reviewer)
    ws.desk.roles_from(("reviewer",))
    _open(qtbot, ws, case.case_code)
    form = ws.form
    before = form.state.text()
    form.kind.setCurrentIndex(form.kind.findData(DecisionKind.REFUSE.value))
    form.reasons.setPlainText("经营场所与申请不一致")
    settle(qtbot, ws)
    # The button waits while the finding blocks; a save asked before the check
    # came back is refused, and said in the state.
    assert not form.submit.isEnabled()
    ws.save(True)
    settle(qtbot, ws)
    assert "legal basis" in form.state.text()
    form.legal_basis.setText("《食品经营许可和备案管理办法》第二十一条")
    settle(qtbot, ws)
    assert form.state.text() == before and "legal basis" not in form.findings.text()
