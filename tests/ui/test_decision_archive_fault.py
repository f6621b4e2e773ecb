"""A fault of ours while the archive package is checked is told, and Fetch comes back.

Anything raised but a ``BackofficeError`` went past the panel: it stayed "The
archive package is being fetched and verified." with Fetch off until the
desk was opened again. Here the kept trust root is not PEM (what a damaged
store or a platform answering HTML for ``root.pem`` leaves): ``ValueError``.
Real sandbox, real store, real desk and workspace.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, sandbox
from test_decision_archive_package import _issued
from test_decision_form import _open, _workspace, settle

from backoffice.decisions.sealing import ROOT_KEY
from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def test_a_fault_while_checking_the_package_is_said_and_fetch_is_offered_again(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case, signer = _issued(sandbox, device)
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    with signer.store.write() as uow:
        uow.sync_state.set(ROOT_KEY, "<html>not a certificate</html>")
    panel = ws.archive
    qtbot.mouseClick(panel.fetch, Qt.MouseButton.LeftButton)
    settle(qtbot, ws)
    text = panel.status.text()
    assert "could not be checked because of an error in this program" in text, text
    assert case.case_code in text
    assert "being fetched" not in text
    assert panel.fetch.isEnabled() and not panel.save.isEnabled()
