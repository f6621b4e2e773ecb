"""The archive package of an issued decision, from the desk (8.1.7 查阅和利用; QA desk 1).

The desk fetched the sealed document only: the package the platform files at
issuing (``archive_sha256``) could be neither consulted nor kept. It is
fetched through the file cache (its SHA-256 checked), verified with the
archive's own verification, said in words, and a copy saved where asked.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, sandbox, sealed_by_platform, signer_on_submitted
from test_decision_form import _open, _workspace, settle

from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _issued(sandbox: Sandbox, device: Any) -> tuple[Any, Any]:
    """A grant sealed by the platform's service and issued; the signer's device synced."""
    case, sealed, signer = sealed_by_platform(sandbox, device, 4)
    signer.desk.issue(sealed)
    signer.engine.sync_once()
    return case, signer


def test_the_signer_fetches_verifies_and_keeps_the_archive_package(
        qtbot: QtBot, sandbox: Sandbox, device: Any, tmp_path: Path) -> None:
    case, signer = _issued(sandbox, device)
    [issued] = signer.desk.decisions(case.case_code)
    sha = issued.decision.archive_sha256
    assert sha and not signer.cache.has(sha)
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    panel = ws.archive
    assert panel.fetch.isEnabled() and not panel.save.isEnabled()
    assert panel.save.toolTip()  # says why: fetch first

    qtbot.mouseClick(panel.fetch, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    text = panel.status.text()
    assert "Archive package verified" in text, text
    assert sandbox.app.state.platform.pki.pki.names[case.lead_department] in text
    assert signer.cache.has(sha)  # through the file cache, its SHA-256 checked

    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "kept.zip"
    dialog.fileSelected.emit(str(target))
    dialog.reject()
    settle(qtbot, ws)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == sha
    assert "saved as" in panel.status.text() and str(target) in panel.status.text()

    # Somewhere that cannot be written: said in words, the report stays.
    panel.save_now(str(tmp_path / "no such folder" / "kept.zip"))
    settle(qtbot, ws)
    text = panel.status.text()
    assert "Archive package verified" in text and "could not be written" in text, text


def test_a_decision_not_issued_has_no_package_and_says_so(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case, _draft, signer = signer_on_submitted(sandbox, device, 5)
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    assert not ws.archive.fetch.isEnabled()
    assert "when the decision is issued" in ws.archive.fetch.toolTip()
