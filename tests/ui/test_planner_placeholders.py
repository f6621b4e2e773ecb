"""The request form's placeholders are whole at 1366 px, what they leave out in a tooltip.

"Site address (the case's by default)" and "Why the site must be seen" were cut to
"Site address (the cas…" and "Why the site must b…" in English.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionFrame
from pytestqt.qtbot import QtBot

from ui.planner.panels import PlanPage


def test_the_request_placeholders_are_whole(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    for edit in (page.request_site, page.request_reason):
        option = QStyleOptionFrame()
        edit.initStyleOption(option)
        room = edit.style().subElementRect(
            QStyle.SubElement.SE_LineEditContents, option, edit).width() - 4
        text = edit.placeholderText()
        assert edit.fontMetrics().horizontalAdvance(text) <= room, (text, room)
        assert edit.toolTip() and edit.toolTip() != text
    assert "case's address" in page.request_site.toolTip()
