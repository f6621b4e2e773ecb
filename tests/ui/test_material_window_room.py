"""The material in its own window gives the pane's page area to the tabs, on a laptop.

At 1366×768 the tabs keep their floor (220 px) and the page viewer about
140 px; with the material open in ``materialWindow`` the pane's page area
is a second copy, so it folds to its tool row and the tabs (the correction
notice, the clock and extension forms) take its height, until the window
closes. The real main window and inbox over the demo store
(``test_inbox_layout``'s setup).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import LAPTOP, lang, open_inbox, session  # noqa: F401 - fixtures


def test_the_window_gives_the_page_area_to_the_tabs_until_it_closes(
        qtbot: QtBot, session: StandIn, lang: str, tmp_path: Path) -> None:  # noqa: F811
    _window, _inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    QApplication.processEvents()
    viewer = detail.viewer
    tabs_before, stack_before = detail.tabs.height(), viewer.stack.height()
    assert stack_before > 100 and not viewer.is_folded()

    qtbot.mouseClick(viewer.open_window, Qt.MouseButton.LeftButton)
    window = viewer.material_window()
    assert window is not None
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: detail.tabs.height() > tabs_before + stack_before // 2)
    assert viewer.is_folded() and viewer.stack.isHidden()
    # Its tool row stays: the name, and the button that brings the window back.
    assert viewer.open_window.isVisible() and viewer.title.isVisible()
    assert detail.materials.tree.isVisible()
    # Nothing that acts on the folded page area is left in sight.
    page_tools = (viewer.previous_page, viewer.next_page, viewer.page_label, viewer.page_number,
                  viewer.rotate_left, viewer.rotate_right, viewer.zoom_out,
                  viewer.zoom_fit, viewer.zoom_in, viewer.zoom_label)
    assert not any(tool.isVisible() for tool in page_tools)

    window.close()
    qtbot.waitUntil(lambda: not viewer.is_folded() and viewer.stack.isVisible())
    QApplication.processEvents()  # the tool row laid out at its width again, as before a paint
    # The page controls only for a file of more than one page.
    paging = (viewer.previous_page, viewer.next_page, viewer.page_label, viewer.page_number)
    paged = viewer.page_count() > 1
    assert all(tool.isVisible() == (paged or tool not in paging) for tool in page_tools)
    qtbot.waitUntil(lambda: abs(detail.tabs.height() - tabs_before) <= 2)
    assert viewer.stack.height() >= stack_before - 2
