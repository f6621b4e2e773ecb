"""The planner's plan page fits a 1024-pixel window without scrolling sideways.

Its calendar's buttons in one row, the inspections' title in one line and the
two answers side by side asked for 1040 px: in a 1024x600 window the planner
scrolled sideways. They wrap now.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import lang, session  # noqa: F401 - the fixtures
from test_window_fits_small_screen import SMALL, signed_in

from ui.planner.workspace import PlannerWorkspace

SHOTS = Path("/tmp/a11y2")


def test_the_plan_page_needs_no_sideways_scrolling(qtbot: QtBot, session: StandIn,  # noqa: F811
                                                    lang: str, tmp_path: Path) -> None:  # noqa: F811
    # At the default font; with a 15 pt one the window still scrolls (its buttons' words).
    window = signed_in(qtbot, session, lang, tmp_path)
    window.show_workspace(window.workspace_keys().index("planner"))
    planner = window.workspace_page("planner")
    assert isinstance(planner, PlannerWorkspace)
    planner.tabs.setCurrentWidget(planner.plan)
    QApplication.processEvents()
    area = window.findChild(QScrollArea, "rootStackScroll")
    assert area is not None
    QApplication.processEvents()
    if SHOTS.is_dir():
        window.grab().save(str(SHOTS / f"planner-{lang}-1024.png"))
    assert area.horizontalScrollBar().maximum() == 0, planner.plan.minimumSizeHint()
    assert (window.width(), window.height()) == SMALL
