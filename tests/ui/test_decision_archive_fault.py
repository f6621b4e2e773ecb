"""A fault of ours while the archive package is checked is told, and Fetch comes back.

Anything raised but a ``BackofficeError`` went past the panel: it stayed "The
archive package is being fetched and verified." with Fetch off until the
desk was opened again. A kept trust root that is not PEM (what a damaged
store or a platform answering HTML for ``root.pem`` leaves) raised
``ValueError`` then; it is our own finding now (``verify.bad_trust_root``), so
the fault of the second test is made where we cannot reach with real parts:
the standard library's zip reader failing in a way it does not document.
Real sandbox, real store, real desk and workspace.
"""

from __future__ import annotations

import types
import zipfile
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, sandbox, sealed_by_platform
from test_decision_form import _open, _workspace, settle

from backoffice.decisions.sealing import ROOT_KEY
from backoffice.sandbox.server import Sandbox
from backoffice.signing import archive

__all__ = ["clock", "device", "sandbox"]  # fixtures


def _issued(sandbox: Sandbox, device: Any, n: int) -> tuple[Any, Any]:
    """Fresh case ``n`` (one per test: the module shares its sandbox) sealed, issued, synced."""
    case, sealed, signer = sealed_by_platform(sandbox, device, n)
    signer.desk.issue(sealed)
    signer.engine.sync_once()
    return case, signer


def test_a_damaged_kept_root_is_said_and_fetch_is_offered_again(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case, signer = _issued(sandbox, device, 4)
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    with signer.store.write() as uow:
        uow.sync_state.set(ROOT_KEY, "<html>not a certificate</html>")
    panel = ws.archive
    qtbot.mouseClick(panel.fetch, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    text = panel.status.text()
    assert "root certificate kept on this workstation cannot be read" in text, text
    assert "being fetched" not in text
    assert panel.fetch.isEnabled()


def test_a_fault_while_checking_the_package_is_said_and_fetch_is_offered_again(
        qtbot: QtBot, sandbox: Sandbox, device: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    case, signer = _issued(sandbox, device, 5)
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)

    def broken(*args: Any, **kwargs: Any) -> zipfile.ZipFile:
        raise RuntimeError("a zip reader fault nobody documented")

    # Only the archive module's view of zipfile: the sandbox's own stays whole.
    monkeypatch.setattr(archive, "zipfile", types.SimpleNamespace(
        **{**vars(zipfile), "ZipFile": broken}))
    panel = ws.archive
    qtbot.mouseClick(panel.fetch, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    text = panel.status.text()
    assert "could not be checked because of an error in this program" in text, text
    assert case.case_code in text
    assert "being fetched" not in text
    assert panel.fetch.isEnabled() and not panel.save.isEnabled()
