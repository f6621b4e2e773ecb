"""The planner opens on the week of the session's today, its days named with their weekday.

It showed a fixed week of January 2025 until an inspection was planned, and
▶ from there jumped past the current week; the day columns said "2025-01-…".
Real store synced with the sandbox on loopback; nothing chosen in the list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import PLAN_NOW, staff, two_department_case
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures
from test_planner import StandIn

from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace

WEDNESDAY = PLAN_NOW + dt.timedelta(days=2)  # 2025-03-05; its week starts Monday 03-03


@pytest.mark.parametrize(("lang", "tuesday"), [("en", "Tue 4 Mar"), ("zh", "3月4日 周二")])
def test_the_planner_opens_on_the_current_week_with_weekday_labels(
    qtbot: QtBot, device: Any, tmp_path: Path,  # noqa: F811 - the fixture
    lang: str, tuesday: str
) -> None:
    _code, dept, _other = two_department_case()
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(device(staff(dept, "inspector")), files, dept),
                                 lang=lang, now=lambda: WEDNESDAY)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 700)
    workspace.show()
    view, plan = workspace.view, workspace.plan
    try:
        assert view.first_day == dt.date(2025, 3, 3) and view.days == 7
        assert view.day_label(1, 1000) == tuesday
        # A laptop's narrow columns still say the weekday.
        assert tuesday.split()[0 if lang == "en" else 1] in view.day_label(1, view._day_width())
        qtbot.mouseClick(plan.next, Qt.MouseButton.LeftButton)
        assert view.first_day == dt.date(2025, 3, 10)  # the week after the current one
        qtbot.mouseClick(plan.previous, Qt.MouseButton.LeftButton)
        assert view.first_day == dt.date(2025, 3, 3)
    finally:
        workspace.close_session()
        files.close()
