"""Planning across New Year into a year whose work calendar is not published yet.

The platform's demo data on 2026-12-30 (the package knows the calendar up
to 2026): the week view hatches the days of 2027 and says what the hatching
means; a week wholly in 2026 has neither. Real stores synced with a sandbox
of its own on loopback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, settings, start
from test_planner import StandIn, planning_the_only_one

from backoffice import messages
from backoffice.inspections import service
from backoffice.remote import PlatformClient
from backoffice.sandbox.demo import generate
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 30, 15, 0, tzinfo=CST)
DATA = generate(cases=40, seed=1, today=NOW.date(), fresh=2)


@pytest.fixture
def year_end(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3", DATA,
                     clock=lambda: NOW.astimezone(dt.UTC))


def _engine(sandbox: Sandbox, tmp_path: Path, department: str) -> SyncEngine:
    user = next(u.username for u in DATA.users
                if u.department_code == department and "inspector" in u.roles)
    client = PlatformClient(sandbox.url, settings=settings())
    client.login(user, PASSWORD)
    return SyncEngine(Store.open(tmp_path / f"{user}.sqlite3"), client)


def test_days_of_a_provisional_calendar_year_are_hatched_and_explained(
    qtbot: QtBot, year_end: Sandbox, tmp_path: Path
) -> None:
    code = DATA.fresh_cases[1]
    case = next(c for c in DATA.cases if c.case_code == code)
    other = next(t.department_code for t in DATA.tasks
                 if t.case_code == code and t.department_code != case.lead_department)
    engines = [(_engine(year_end, tmp_path, d), d) for d in (case.lead_department, other)]
    for engine, dept in engines:
        engine.sync_once()
        user = engine.client.username
        assert user is not None
        service.request_inspection(engine.store, user, dept, code, "需核实场所", ["场所布局"])
        assert engine.sync_once().push.applied == 1
    lead = engines[0][0]
    lead.sync_once()
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(lead, files, case.lead_department), lang="en",
                                 now=lambda: NOW)
    planning_the_only_one(qtbot, workspace)
    assert workspace.result is not None and workspace.result.provisional_calendar

    view, note = workspace.view, workspace.plan.calendar_note
    assert view.first_day == dt.date(2026, 12, 28)  # the week of the first slot
    assert view.provisional == {dt.date(2027, 1, 1), dt.date(2027, 1, 2), dt.date(2027, 1, 3)}
    assert note.isVisible() and "provisional" in note.text()
    assert dt.date(2027, 1, 1) not in view.working  # New Year's Day, whatever the notice says
    assert dt.date(2026, 12, 31) in view.working
    said = messages.render_code("planning.provisional_calendar", {"start": "2027-01-01"}, "en")
    assert said in workspace.plan.explanation.text()  # the engine's hint, in the slots panel

    qtbot.mouseClick(workspace.plan.previous, Qt.MouseButton.LeftButton)  # all of it in 2026
    assert view.first_day == dt.date(2026, 12, 21)
    assert view.provisional == frozenset() and not note.isVisible()
    qtbot.mouseClick(workspace.plan.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(workspace.plan.next, Qt.MouseButton.LeftButton)  # all of it in 2027
    assert len(view.provisional) == 7 and note.isVisible()
    workspace.close_session()
    files.close()
    for engine, _dept in engines:
        engine.store.close()
