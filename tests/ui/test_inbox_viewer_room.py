"""On a 1366×768 laptop the page viewer has room to read a page, the actions still in sight.

The case header (eleven lines) and the tabs below took so much of the pane
that the viewer was 68 px high, a page zoomed to 8 %. The viewer now shares
the room with the tabs' floor and six rows of materials. The real main window
and inbox over the demo store (``test_inbox_layout``'s setup).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import LAPTOP, inside, lang, open_inbox, session  # noqa: F401 - fixtures

# px of viewer: a page's top at fit (250 before the tabs got their floor and the
# material list six rows, test_inbox_detail_room: the viewer gives way first).
ROOM = 140


def test_the_viewer_has_room_on_a_laptop_screen(qtbot: QtBot, session: StandIn,  # noqa: F811
                                                lang: str, tmp_path: Path) -> None:  # noqa: F811
    _window, _inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    QApplication.processEvents()
    viewer = detail.viewer
    assert viewer.height() >= ROOM and viewer.stack.height() >= ROOM - 30, (
        viewer.height(), viewer.stack.height())
    for button in (detail.claim, detail.hand_over, detail.open_decision):
        assert inside(button, detail), button.objectName()
    detail.tabs.setCurrentWidget(detail.opinion_panel)
    qtbot.waitUntil(lambda: inside(detail.give_opinion, detail.tabs))
    # The header keeps the case and our deadline; the rest is a click away.
    header = detail.header
    assert header.compact and header.values["stepDeadline"].isVisible()
    assert not header.values["applicant"].isVisible()
    qtbot.mouseClick(header.toggle, Qt.MouseButton.LeftButton)
    assert not header.compact and header.values["applicant"].isVisible()
    detail.resize(detail.width(), detail.height() - 1)  # the user's choice holds
    QApplication.processEvents()
    assert not header.compact
