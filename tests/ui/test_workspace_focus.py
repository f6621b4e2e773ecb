"""The workspace shown takes the keys: after sign-in, when its page is plugged in, on Ctrl+1…3.

Left on the workspace stack or the navigation, the inbox's Find (Ctrl+F, a
shortcut of the inbox's own widgets) and its list keys did nothing until the
person pressed Tab four times (found by a keyboard-only QA pass).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_main_window import _window


def _page(name: str) -> tuple[QWidget, QLineEdit]:
    page = QWidget()
    page.setObjectName(name)
    field = QLineEdit(page)
    QVBoxLayout(page).addWidget(field)
    page.setFocusProxy(field)
    return page, field


def _focused_in(page: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is page or page.isAncestorOf(focused))


def test_the_page_plugged_in_after_sign_in_takes_the_keys(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.stack.setFocus()  # where sign-in from the welcome page left it
    window.show_workspaces()
    inbox, field = _page("inbox")
    window.set_workspace("inbox", inbox)  # the placeholder, which had the keys, goes
    qtbot.waitUntil(lambda: _focused_in(inbox), timeout=2000)
    assert QApplication.focusWidget() is field


def test_ctrl_number_gives_the_keys_to_the_page_shown(qtbot: QtBot) -> None:
    window = _window(qtbot)
    planner, field = _page("planner")
    window.set_workspace("planner", planner)
    window.show_workspaces()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "planner"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=2000)


def test_signed_in_through_a_dialog_the_inbox_has_the_keys_once_it_closes(qtbot: QtBot) -> None:
    window = _window(qtbot)
    dialog = QDialog(window)  # the sign-in dialog, active while the session is plugged in
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    window.show_workspaces()
    inbox, field = _page("inbox")
    window.set_workspace("inbox", inbox)
    dialog.accept()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=2000)
