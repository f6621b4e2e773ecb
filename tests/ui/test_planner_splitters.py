"""The planner's and field mode's splitters are where they were left, after a restart.

Start-up restores every named splitter before anyone is signed in, and the
planner is built after sign-in: ``plannerSplitter`` came back at its default
sizes, and field mode's splitter, unnamed, was never saved at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspections.joint import staff, two_department_case
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from splitter_env import in_window
from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures
from test_planner import StandIn

from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace
from ui.settings import Settings


def test_the_planner_and_field_splitters_come_back_after_a_restart(
    qtbot: QtBot, device: Any, tmp_path: Path, settings: Settings  # noqa: F811 - the fixture
) -> None:
    _code, dept, _other = two_department_case()
    files = FileCache(tmp_path / "files")
    engine = device(staff(dept, "inspector"))

    def planner() -> Callable[[QWidget], PlannerWorkspace]:
        return lambda window: PlannerWorkspace(StandIn(engine, files, dept), window, lang="en",
                                               settings=settings)

    window, first = in_window(qtbot, settings, planner())
    plan, field = first.plan.splitter, first.field.splitter
    assert (plan.objectName(), field.objectName()) == ("plannerSplitter", "fieldSplitter")
    default = plan.sizes()
    plan.setSizes([default[0] + 150, default[1] - 250, default[2] + 100])
    planned = plan.sizes()
    assert planned != default
    first.tabs.setCurrentWidget(first.field)
    qtbot.waitUntil(field.isVisible)
    default_field = field.sizes()
    field.setSizes([default_field[0] + 200, default_field[1] - 200])
    fielded = field.sizes()
    assert fielded != default_field
    first.close_session()
    window.close()  # the app quits

    window, second = in_window(qtbot, settings, planner())
    qtbot.waitUntil(lambda: second.plan.splitter.sizes() == planned, timeout=5_000)
    # Field mode is not opened this time; the window's save at exit keeps its place.
    settings.save_geometry(window)
    second.close_session()
    window.close()

    window, third = in_window(qtbot, settings, planner())
    third.tabs.setCurrentWidget(third.field)
    qtbot.waitUntil(lambda: third.field.splitter.sizes() == fielded, timeout=5_000)
    assert third.plan.splitter.sizes() == planned
    third.close_session()
    files.close()
