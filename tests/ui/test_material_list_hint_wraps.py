"""The material list's key hint wraps on a narrow pane and the list makes room for it.

Squeezed by the page viewer to its minimum, the list's minimum counted one line
of hint: wrapped to two (English at a 1024x600 window, Chinese with a 15 pt
font), the hint was drawn over the reason box and the box over the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QSplitter, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_layout import lang  # noqa: F401 - fixture

from ui.inbox.detail_materials import MaterialList

SHOTS = Path("/tmp/a11y2")


@pytest.mark.parametrize("width", [280, 360])
def test_the_hint_wraps_inside_the_list_at_its_minimum(
        qtbot: QtBot, lang: str, width: int) -> None:  # noqa: F811
    splitter = QSplitter(Qt.Orientation.Vertical)
    qtbot.addWidget(splitter)
    materials = MaterialList()
    viewer = QWidget()  # the page viewer below, taking all it can
    splitter.addWidget(materials)
    splitter.addWidget(viewer)
    splitter.setChildrenCollapsible(False)
    splitter.resize(width, 900)
    splitter.show()
    qtbot.waitExposed(splitter)
    for _ in range(2):  # the list's minimum follows its width once laid out at it
        splitter.setSizes([1, 10_000])
        QApplication.processEvents()
    hint, note, tree = materials.hint, materials.note, materials.tree
    assert hint.heightForWidth(hint.width()) > hint.fontMetrics().lineSpacing() * 1.5  # wraps
    if SHOTS.is_dir():
        splitter.grab(QRect(0, 0, width, materials.height() + 20)).save(
            str(SHOTS / f"material-hint-{lang}-{width}.png"))
    assert hint.height() >= hint.heightForWidth(hint.width())  # every line drawn
    assert hint.geometry().bottom() < materials.height()
    assert note.geometry().bottom() < hint.geometry().top()
    assert tree.geometry().bottom() < note.geometry().top()
