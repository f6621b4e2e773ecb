"""On a 1366×768 laptop both of the clock-and-extension tab's forms are in sight, whole.

The tab showed some 190 px of page, and the extension form sat under the
suspend form, below the fold; now one form at a time, chosen by the buttons
above them. The real main window and inbox over the demo store
(``test_inbox_layout``'s setup), in English and Chinese.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import LAPTOP, inside, lang, open_inbox, session  # noqa: F401 - fixtures

from ui.inbox.detail import TaskDetail
from ui.widgets.plain import PlainLabel


def _whole_in_sight(detail: TaskDetail, widgets: list[QWidget]) -> None:
    page = detail.tabs.currentWidget()  # the tab's scroll area: what is in sight
    assert page is not None
    for widget in widgets:
        assert inside(widget, page), (widget.objectName(), page.height())
    form = widgets[0]
    for note in form.findChildren(PlainLabel):
        if note.isVisible() and note.text():
            assert inside(note, page), (note.text(), page.height())
            # Its wrapped lines all there, none cut off by a row too low for them.
            assert note.height() >= note.heightForWidth(note.width()), note.text()


def test_both_case_forms_are_in_sight_on_a_laptop_screen(
        qtbot: QtBot, session: StandIn, lang: str, tmp_path: Path) -> None:  # noqa: F811
    _window, _inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    actions = detail.case_actions
    detail.show_page(actions.suspend_form)
    QApplication.processEvents()
    _whole_in_sight(detail, [actions.suspend_form, actions.procedure, actions.suspend_start,
                             actions.suspend_reason, actions.suspend])
    assert not actions.extension_form.isVisible()
    # As a person gets there: the button naming the extension, in sight above the form.
    choice = actions.findChild(QToolButton, "extensionFormsChoice")
    assert choice is not None
    _whole_in_sight(detail, [choice])
    QTest.mouseClick(choice, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    _whole_in_sight(detail, [actions.extension_form, actions.extension_days,
                             actions.extension_limit, actions.extension_reason, actions.extend])
    assert not actions.suspend_form.isVisible()
    detail.wait()
