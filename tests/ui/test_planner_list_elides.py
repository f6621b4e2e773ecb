"""The planner's list of inspections elides what is wider than its pane: no sideways
scrolling at 1366 px. Real store synced with the sandbox (``test_planner``'s fixture)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QSplitter
from pytestqt.qtbot import QtBot
from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures
from test_planner import planner  # noqa: F401 - the fixture

from ui.planner.workspace import PlannerWorkspace


def test_a_narrow_list_elides_its_lines(planner: PlannerWorkspace,  # noqa: F811
                                        qtbot: QtBot) -> None:
    planner.resize(1366, 700)
    splitter = planner.plan.findChild(QSplitter, "plannerSplitter")
    assert splitter is not None
    splitter.setSizes([120, 900, 280])  # narrower than the departments' names
    QApplication.processEvents()
    requests = planner.requests
    assert requests.count() == 1
    item = requests.item(0)
    assert requests.fontMetrics().horizontalAdvance(
        max(item.text().splitlines(), key=len)) > requests.viewport().width()
    assert requests.horizontalScrollBar().maximum() == 0
    assert requests.visualItemRect(item).width() <= requests.viewport().width()
