"""A decision sealed on another workstation: the desk here shows, verifies and issues it
(pytest-qt against the sandbox, two workstations of one signer, real PDFs and seals).

Nothing but a workstation's own seal job used to fetch a sealed document: a
seal outrun by the signer's laptop left this desk with "not downloaded yet"
for good, and no way to issue. The sync now fetches the document of every
decision it learns is sealed. Before that, the desk says the next sync brings
it; bytes that are not the document are refused in words, and the next round
that gets the right ones shows it where it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from support.decision_env import DEMO, clock, device, sandbox
from support.sandbox_env import user
from test_decision_certificates import _seal_locally, _signer_on_submitted
from test_decision_form import _open, _workspace, settle

from backoffice.decisions import jobs
from backoffice.decisions.sealing import PIN_DECISION, SUPERSEDED
from backoffice.sandbox.files import FileStore
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider
from ui.decisions.form import VALID_STYLE, WARNING_STYLE

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _laptop_seals(sandbox: Sandbox, device: Any, case: Any, draft: Any, p12: Any) -> str:
    """The signer's laptop seals the decision first and syncs; the document's SHA-256."""
    laptop = device(user(DEMO, case.lead_department, "signer"), name="laptop")
    laptop.engine.add_follower(laptop.sealer)
    laptop.engine.sync_once()
    laptop.sealer.refresh_trust()
    laptop.sealer.reserve_numbers()
    laptop.desk.seal_locally(laptop.desk.find(case.case_code, draft.id).decision,
                             Pkcs12Provider(p12, b"pw"))
    laptop.engine.sync_once()  # timestamped, uploaded, decision.seal pushed
    record = sandbox.app.state.platform.record("decision", draft.id).body
    assert record["status"] == "sealed", record
    return str(record["document_sha256"])


def _issue(qtbot: QtBot, ws: Any) -> None:
    qtbot.mouseClick(ws.form.issue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.confirmation is not None, timeout=5000)
    ws.confirmation.button(QMessageBox.StandardButton.Yes).click()  # asked first
    settle(qtbot, ws)
    settle(qtbot, ws)


def test_a_seal_outrun_by_the_laptop_leaves_the_laptops_document_here_to_issue(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _signer_on_submitted(sandbox, device, 5)
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(case.lead_department, b"pw"))
    ws = _seal_locally(qtbot, signer, case.case_code, p12)
    [mine] = jobs.all_jobs(signer.store)
    assert mine.open and mine.document_sha256 is not None

    theirs = _laptop_seals(sandbox, device, case, draft, p12)
    signer.engine.add_follower(signer.sealer)  # as in the app
    signer.engine.sync_once()
    [job] = jobs.all_jobs(signer.store)
    assert (job.state, job.error) == (jobs.FAILED, SUPERSEDED)

    _open(qtbot, ws, case.case_code)
    form = ws.form
    assert form.state.text().startswith("Sealed"), form.state.text()
    assert form.signature.text().startswith("Seal verified"), form.signature.text()
    assert form.signature.styleSheet() == VALID_STYLE
    qtbot.waitUntil(lambda: ws.preview.pages_drawn >= 1, timeout=60_000)
    assert ws.current is not None and ws.current.decision.document_sha256 == theirs
    assert form.issue.isEnabled()
    # Nothing lost: this workstation's own, unused seal stays in its cache.
    assert PIN_DECISION in signer.cache.pins(mine.document_sha256)

    _issue(qtbot, ws)
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "issued"


def test_the_desk_says_the_sync_brings_it_refuses_wrong_bytes_and_shows_the_right_ones(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _signer_on_submitted(sandbox, device, 6)
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(case.lead_department, b"pw"))
    sha = _laptop_seals(sandbox, device, case, draft, p12)

    # Learnt with a sync whose fetch never ran (the line gone): said, not an error.
    signer.engine.sync_once()
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    form = ws.form
    assert form.state.text().startswith("Sealed"), form.state.text()
    text = form.signature.text()
    assert "not downloaded yet" in text and "next sync" in text, text
    assert form.signature.styleSheet() != WARNING_STYLE
    assert not form.issue.isEnabled()

    # The platform's stored bytes edited: the download is refused in words.
    signer.engine.add_follower(signer.sealer)
    stored = FileStore.for_engine(sandbox.app.state.platform.engine).path(sha)
    good = stored.read_bytes()
    stored.write_bytes(good.replace(b"/Type", b"/Typo", 1))
    try:
        signer.engine.sync_once()
    finally:
        stored.write_bytes(good)
    _open(qtbot, ws, case.case_code)
    text = form.signature.text()
    assert "refused" in text and "SHA-256" in text and "next sync" in text, text
    assert form.signature.styleSheet() == WARNING_STYLE
    assert not form.issue.isEnabled()
    assert ws.current is not None and ws.current.decision.status.value == "sealed"

    # The next round brings the right bytes: the desk shows them once the round ends
    # (the decision itself did not change).
    signer.engine.sync_once()
    ws.refresh_quietly()  # what the end of a round does
    settle(qtbot, ws)
    settle(qtbot, ws)
    assert form.signature.text().startswith("Seal verified"), form.signature.text()
    qtbot.waitUntil(lambda: ws.preview.pages_drawn >= 1, timeout=60_000)
    assert form.issue.isEnabled()
