"""The clock-and-extension tab by keyboard: Tab reaches both form buttons, before the forms.

The buttons were an exclusive group, and Qt's Tab skips a group's unchecked
buttons: the extension form was reached by the Right arrow only, which nothing
said. And the buttons, above the forms, came after the form's last button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot
from test_field_keys import _tab_round
from test_inbox_case_actions import lead, lead_detail  # noqa: F401 - the fixture
from test_inbox_detail import StandIn


def test_tab_reaches_both_form_buttons_before_the_forms(
        qtbot: QtBot, lead: StandIn) -> None:  # noqa: F811
    detail = lead_detail(qtbot, lead)
    qtbot.waitActive(detail)
    actions = detail.case_actions
    detail.show_page(actions.suspend_form)
    assert actions.suspend_form.isEnabled()
    seen = _tab_round(qtbot, detail.tabs.tabBar(), 12)
    assert "clockFormsChoice" in seen and "extensionFormsChoice" in seen, seen
    # Above the forms, first in Tab's order too.
    assert (seen.index("clockFormsChoice") < seen.index("extensionFormsChoice")
            < seen.index("procedureKind")), seen
    # Space on the extension's button shows its form, and Tab goes on into it.
    extension = actions.findChild(QToolButton, "extensionFormsChoice")
    clock = actions.findChild(QToolButton, "clockFormsChoice")
    assert extension is not None and clock is not None
    extension.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(extension.hasFocus)
    qtbot.keyClick(extension, Qt.Key.Key_Space)
    assert actions.extension_form.isVisible() and not actions.suspend_form.isVisible()
    # Still one form at a time: the other button is no longer checked.
    assert extension.isChecked() and not clock.isChecked()
    qtbot.keyClick(extension, Qt.Key.Key_Space)  # pressed again: stays chosen
    assert extension.isChecked() and actions.extension_form.isVisible()
    assert "extensionDays" in _tab_round(qtbot, extension, 2)
    detail.wait()
