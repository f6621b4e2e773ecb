"""The first-run page: connect or training mode, with the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.dialogs.welcome import WelcomePage


def _page(qtbot: QtBot, **kwargs: str) -> WelcomePage:
    page = WelcomePage(**kwargs)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)
    page.setFocus()
    return page


def test_typing_an_address_and_enter_asks_to_connect(qtbot: QtBot) -> None:
    page = _page(qtbot)
    assert page.objectName() == "welcomePage"
    assert page.focusWidget() is page.url_edit  # the field is where typing goes
    assert not page.connect_button.isEnabled()
    qtbot.keyClicks(page.url_edit, "  https://platform.example ")
    assert page.connect_button.isEnabled()
    with qtbot.waitSignal(page.connectRequested, timeout=5000) as signal:
        qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)
    assert signal.args == ["https://platform.example"]


def test_connect_button_with_tab_and_space(qtbot: QtBot) -> None:
    page = _page(qtbot, url="http://127.0.0.1:8765")
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Tab)
    assert page.focusWidget() is page.connect_button
    with qtbot.waitSignal(page.connectRequested, timeout=5000) as signal:
        qtbot.keyClick(page.connect_button, Qt.Key.Key_Space)
    assert signal.args == ["http://127.0.0.1:8765"]


def test_not_an_address_says_so_and_asks_nothing(qtbot: QtBot) -> None:
    page = _page(qtbot)
    qtbot.keyClicks(page.url_edit, "platform <b>example</b>")
    with qtbot.assertNotEmitted(page.connectRequested):
        qtbot.keyClick(page.url_edit, Qt.Key.Key_Return)
    assert page.hint.text().startswith("This is not a web address")
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Backspace)
    assert page.hint.text() == ""  # the hint goes as soon as the address is edited


def test_training_mode_with_the_keyboard(qtbot: QtBot) -> None:
    page = _page(qtbot, url="https://platform.example")
    qtbot.keyClick(page.url_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
    assert page.focusWidget() is page.training_button
    with qtbot.waitSignal(page.trainingRequested, timeout=5000):
        qtbot.keyClick(page.training_button, Qt.Key.Key_Space)
