"""At 1366 px the inbox's column titles are whole and the search box keeps its shortcut.

In English "Deferred materials" and "Other departments" were cut at Qt's
100-pixel columns, and the search placeholder lost "(Ctrl+F)" at its end.
The real main window with the inbox (``test_inbox_layout``'s).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import LAPTOP, lang, open_inbox, session  # noqa: F401 - the fixtures


def test_titles_whole_and_the_search_shortcut_in_sight(
        qtbot: QtBot, session: StandIn, lang: str, tmp_path: Path) -> None:  # noqa: F811
    _window, inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    view = inbox.list.view
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        title = str(view.model().headerData(column, Qt.Orientation.Horizontal))
        assert metrics.horizontalAdvance(title) + 14 <= header.sectionSize(column), \
            (lang, title, header.sectionSize(column))
    search = inbox.list.search
    shown = search.fontMetrics().elidedText(
        search.placeholderText(), Qt.TextElideMode.ElideRight, search.width() - 30)
    assert "Ctrl+F" in shown, (lang, shown, search.width())
    assert "Ctrl+F" in search.toolTip()
    detail.wait()
