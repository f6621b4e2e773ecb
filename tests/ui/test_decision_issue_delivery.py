"""The desk asks how the decision reaches the applicant, and shows it once issued (9.7).

The courier's address is proposed from the case (its site address: the case
has no other) and may be changed as the applicant asked; the question before
issuing names the delivery; the issued decision's view shows it read-only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from support.decision_env import clock, device, sandbox, sealed_by_platform
from test_decision_form import _open, _workspace, settle

from backoffice.sandbox.server import Sandbox

__all__ = ["clock", "device", "sandbox"]  # fixtures


def test_issue_by_courier_from_the_desk_and_the_issued_view_says_so(
        qtbot: QtBot, sandbox: Sandbox, device: Any) -> None:
    case, decision, signer = sealed_by_platform(sandbox, device, 0)
    ws = _workspace(qtbot, signer)
    ws.desk.roles_from(("signer",))
    _open(qtbot, ws, case.case_code)
    form = ws.form
    qtbot.waitUntil(form.issue.isEnabled, timeout=60_000)
    assert form.delivery.isEnabled() and not form.delivery_address.isVisible()
    qtbot.keyClick(form.delivery, Qt.Key.Key_Down)  # chosen from the keyboard too
    assert form.delivery.currentData() != "online"

    form.delivery.setCurrentIndex(form.delivery.findData("courier"))
    assert form.delivery_address.isVisible()
    assert form.delivery_address.text() == case.site_address  # as the case gives it
    form.delivery_address.clear()  # no address: Issue waits and says why
    assert not form.issue.isEnabled() and "postal address" in form.issue.toolTip()
    address = "吉林省长春市朝阳区人民大街100号（演示）"
    form.delivery_address.setText(address)
    qtbot.mouseClick(form.issue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.confirmation is not None, timeout=5000)
    box = ws.confirmation
    assert box is not None and address in box.informativeText()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, ws)
    settle(qtbot, ws)
    signer.engine.sync_once()
    record = sandbox.app.state.platform.record("decision", decision.id).body
    assert (record["delivery"], record["delivery_address"]) == ("courier", address)

    _open(qtbot, ws, case.case_code)
    settle(qtbot, ws)
    assert "Issued" in form.state.text() and address in form.state.text(), form.state.text()
    assert form.delivery.currentData() == "courier"
    # Read-only, not disabled: the keyboard does not change it.
    form.delivery.setFocus()
    qtbot.keyClick(form.delivery, Qt.Key.Key_Up)
    assert form.delivery.currentData() == "courier"
    assert form.delivery_address.isReadOnly() and form.delivery_address.text() == address
