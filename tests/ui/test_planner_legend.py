"""The calendar's colour key wraps to the width it has: every word whole, in both languages.

In one row it was cut at 1366 px in English: "This inspectio" for both the proposed
and the confirmed visit, "Another site i", "Suggested sl".
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui.planner.panels import PlanPage


@pytest.mark.parametrize("width", [1366, 1000])
def test_every_word_of_the_key_is_whole(qtbot: QtBot, width: int) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    page.resize(width, 700)
    page.show()
    qtbot.waitExposed(page)
    box = page.findChild(QWidget, "plannerLegend")
    assert box is not None
    labels = [label for label in box.findChildren(QLabel) if label.text()]
    assert len(labels) == 7
    for label in labels:
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert label.width() >= needed, label.text()
        # Inside the key's own box, not cut by its edge.
        right = label.mapTo(box, label.rect().topRight()).x()
        assert right <= box.width(), label.text()
        bottom = label.mapTo(box, label.rect().bottomLeft()).y()
        assert bottom <= box.height(), label.text()
