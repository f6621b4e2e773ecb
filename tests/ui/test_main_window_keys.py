"""The main window's navigation by keyboard: access keys, a visible focus (real widgets)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from ui import app as ui_app
from ui.main_window import MainWindow


@pytest.fixture(params=["en", "zh"])
def window(request: pytest.FixtureRequest, qtbot: QtBot, qapp: QApplication) -> Iterator[MainWindow]:
    if request.param == "zh":
        ui_app._install_translations(qapp, "zh")
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    yield w
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def _access_key(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


def test_the_view_menus_workspaces_have_unique_access_keys(window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if _access_key(a.text()) == "v")
    assert isinstance(view, QMenu)
    texts = [a.text() for a in view.actions() if not a.isSeparator()]
    keys = [_access_key(t) for t in texts]
    assert None not in keys, texts
    assert len(set(keys)) == len(keys), texts
    # The navigation buttons show the plain names: no "&", no "(I)".
    for action in window.workspace_actions.actions():
        button = window.nav.widgetForAction(action)
        assert isinstance(button, QToolButton)
        assert "&" not in button.text() and "(" not in button.text(), button.text()


def _changed_pixels(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(a.pixel(x, y) != b.pixel(x, y)
               for y in range(a.height()) for x in range(a.width()))


def test_the_focus_shows_on_the_current_workspaces_button(qtbot: QtBot, window: MainWindow) -> None:
    window.show_workspace(0)
    button = window.findChild(QToolButton, "nav_inbox")
    other = window.findChild(QToolButton, "nav_planner")
    assert button is not None and other is not None and button.isChecked()
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(other.hasFocus, timeout=2000)
    unfocused = button.grab().toImage()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=2000)
    focused = button.grab().toImage()
    # At least a ring around the button, not a few anti-aliased corner pixels.
    ring = button.width() + button.height()
    assert _changed_pixels(unfocused, focused) >= ring
