"""The case header's area is as high as its lines at the pane's width now, not at an
earlier, narrower one.

At 1920×1080 in English the header's area kept the height its lines had needed
when the pane was narrow (each value wrapped): 492 px for 205 px of lines, a
large empty gap, and the page viewer squeezed to 99 px (the page at 8 %); the
other way, narrowed, its last lines had to be scrolled to on a high screen.
The real main window with the inbox (``test_inbox_layout``'s).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import open_inbox, session  # noqa: F401 - the fixtures


def test_the_header_area_follows_the_pane_s_width(
        qtbot: QtBot, session: StandIn, tmp_path: Path) -> None:  # noqa: F811
    _window, inbox, detail = open_inbox(qtbot, session, "en", tmp_path, (1920, 1080))
    area = detail._header_area
    page = area.widget()
    assert page is not None
    total = sum(inbox.splitter.sizes())
    for pane in (410, 900):  # narrow (its lines wrap), then wide again
        inbox.splitter.setSizes([total - pane, pane])
        for _ in range(5):
            QApplication.processEvents()
        lines = page.heightForWidth(area.width() - 2 * area.frameWidth())
        # Room enough on a 1080-pixel screen: the lines whole, and no more.
        assert abs(area.height() - (lines + 2 * area.frameWidth())) <= 2, \
            (pane, area.height(), lines)
        assert not area.verticalScrollBar().isVisible()
    detail.wait()
