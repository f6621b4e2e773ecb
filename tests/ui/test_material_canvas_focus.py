"""The material page area shows when it has the keyboard focus.

It is a Tab stop (the page scrolls and zooms by keys), but a picture of it focused
was the same as unfocused: nobody could see the focus had arrived there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from test_material_viewer_narrow import narrow_viewer
from test_material_viewer_pdf import files, settle  # noqa: F401 - fixture

from backoffice.sync.files import FileCache


def test_the_focus_on_the_page_can_be_seen(qtbot: QtBot, files: FileCache,  # noqa: F811
                                           tmp_path: Path) -> None:
    pane, v = narrow_viewer(qtbot, files, tmp_path, "en", 600)
    elsewhere = QLineEdit(pane)
    elsewhere.move(0, 380)
    elsewhere.show()
    pane.activateWindow()
    qtbot.waitActive(pane)
    area = v.area
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    QApplication.processEvents()
    unfocused = area.grab().toImage()
    area.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(area.hasFocus)
    QApplication.processEvents()
    assert area.grab().toImage() != unfocused
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    QApplication.processEvents()
    assert area.grab().toImage() == unfocused  # and gone with the focus
