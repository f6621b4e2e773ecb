"""The decision desk's local seal in the window: which certificates it refuses, and how.

Against the real sandbox (pytest-qt, offscreen): another department's .p12
is refused with a sentence that names both departments, and a document
sealed with it some other way is never shown as verified nor issuable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.decision_env import (
    clock,
    device,
    sandbox,
    seal_p12,
    signer_on_submitted,
)
from test_decision_form import _open, _workspace, settle

from backoffice.decisions import jobs
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import PIN_DECISION
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import seal_pdf
from ui.decisions.workspace import DecisionWorkspace

__all__ = ["clock", "device", "sandbox"]  # fixtures


_signer_on_submitted = signer_on_submitted  # the name the desk's other UI tests import


def _seal_locally(qtbot: QtBot, signer: Any, code: str, p12: Any) -> DecisionWorkspace:
    """The signer's desk on case ``code``: Seal pressed with the local ``p12`` ("pw")."""
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, code)
    form = ws.form
    form.method.setCurrentIndex(form.method.findData("local"))
    form.cert_path.setText(str(p12))
    form.cert_password.setText("pw")
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    return ws


def test_another_departments_certificate_is_refused_and_never_shown_verified(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    from ui.decisions.form import WARNING_STYLE

    case, draft, signer = _signer_on_submitted(sandbox, device, 2)
    lead = case.lead_department
    pki = sandbox.app.state.platform.pki
    other = next(code for code in pki.pki.seals if code != lead)
    p12 = tmp_path / "other.p12"
    p12.write_bytes(pki.pkcs12(other, b"pw"))
    numbers = signer.sealer.numbers()

    ws = _seal_locally(qtbot, signer, case.case_code, p12)
    form = ws.form
    assert pki.pki.names[other] in form.state.text()
    assert pki.pki.names[lead] in form.state.text()
    assert "own certificate" in form.state.text()
    assert jobs.get(signer.store, draft.id) is None and signer.sealer.numbers() == numbers
    assert form.seal.isEnabled()  # the right certificate may be given now

    # Sealed with it some other way: the warning, not the green "verified".
    decision = ws.current.decision
    forged = seal_pdf(signer.desk.preview(decision, number=numbers[0]),
                      Pkcs12Provider(p12, b"pw"), timestamper=pki.pki.timestamper())
    sha = signer.cache.add_local(forged.pdf, pin=PIN_DECISION)
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.READY, signer.username,
                                       document_number=numbers[0], document_sha256=sha))
    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)
    status = form.signature
    assert "NOT valid" in status.text(), status.text()
    assert "not the issuing department's" in status.text()
    assert status.styleSheet() == WARNING_STYLE
    assert not form.issue.isEnabled()


def test_after_a_refused_or_stuck_seal_the_right_certificate_seals(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    """A certificate of another CA is refused (no number spent) and the Seal button
    stays on for the right one; a local seal whose timestamp fails on the document
    itself does not keep the button off forever."""
    case, draft, signer = _signer_on_submitted(sandbox, device, 3)
    lead = case.lead_department
    foreign = tmp_path / "foreign.p12"
    foreign.write_bytes(seal_p12(sandbox, lead, b"pw", foreign_ca=True))
    good = tmp_path / "good.p12"
    good.write_bytes(seal_p12(sandbox, lead, b"pw"))
    numbers = signer.sealer.numbers()

    ws = _seal_locally(qtbot, signer, case.case_code, foreign)
    form = ws.form
    assert "not issued under the platform's trusted root" in form.state.text()
    assert signer.sealer.numbers() == numbers and jobs.get(signer.store, draft.id) is None
    assert form.seal.isEnabled()

    # A local seal whose timestamp keeps failing on the document (not the network).
    job = jobs.save(signer.store, SealingJob(
        draft.id, jobs.LOCAL, jobs.AWAITING_TIMESTAMP, signer.username,
        document_number=numbers[0], document_sha256="0" * 64,
        error="signing.timestamp_failed"))
    _open(qtbot, ws, case.case_code)
    assert form.seal.isEnabled()
    jobs.save(signer.store, job.moved(error="remote.offline"))
    _open(qtbot, ws, case.case_code)
    assert not form.seal.isEnabled()  # only offline: the sync will timestamp it
    jobs.save(signer.store, job)
    _open(qtbot, ws, case.case_code)

    form.cert_path.setText(str(good))
    assert form.cert_password.text() == ""  # asked again at every seal
    form.cert_password.setText("pw")
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    sealed = jobs.get(signer.store, draft.id)
    assert sealed is not None and sealed.state == jobs.READY, form.state.text()


def test_a_certificate_without_key_is_told_and_a_quoted_path_is_taken(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    case, draft, signer = _signer_on_submitted(sandbox, device, 4)
    lead = case.lead_department
    pki = sandbox.app.state.platform.pki.pki
    certificate_only = tmp_path / "certificate-only.p12"
    certificate_only.write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", None, pki.seals[lead].certificate, None,
        serialization.BestAvailableEncryption(b"pw")))
    ws = _seal_locally(qtbot, signer, case.case_code, certificate_only)
    form = ws.form
    assert "no private key" in form.state.text(), form.state.text()
    assert jobs.get(signer.store, draft.id) is None and form.seal.isEnabled()

    # Pasted with Windows' "Copy as path": in quotes.
    good = tmp_path / "good.p12"
    good.write_bytes(seal_p12(sandbox, lead, b"pw"))
    form.cert_path.setText(f' "{good}" ')
    form.cert_password.setText("pw")
    qtbot.mouseClick(form.seal, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    sealed = jobs.get(signer.store, draft.id)
    assert sealed is not None and sealed.state == jobs.READY, form.state.text()
