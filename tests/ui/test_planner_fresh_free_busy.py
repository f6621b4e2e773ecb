"""A proposal or confirmation is checked against the free/busy fetched just before it.

The planner keeps its last free/busy; the service checks a team against that
copy. Online, the planner fetches it anew as part of proposing (as 刷新空闲/忙碌
does, on the worker): a copy kept from before a meeting was called off no longer
refuses a time the platform accepts. Offline, the kept copy is checked and the
message says how old it is. A confirmation alike: a kept meeting over the visit, called
off since, no longer refuses it. Real stores synced with the sandbox on loopback.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from inspections.joint import PLAN_NOW, inspection_of, joint_case
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.platform_env import settings
from test_planner import (  # noqa: F401
    SLOW,
    _queued,
    device,
    planner,
    sandbox,
)
from test_planner_answers_shown import open_planner  # noqa: F401 - the fixture

from backoffice.inspections import availability, service
from backoffice.inspections.service import FREE_BUSY_KEY
from backoffice.remote import PlatformClient
from ui.planner.workspace import PlannerWorkspace


def _kept_busy_then(workspace: PlannerWorkspace) -> None:
    """The kept copy says the first suggestion's first inspector is in a meeting then (it
    was called off since: the platform no longer has it)."""
    assert workspace.result is not None
    slot = workspace.result.slots[0]
    _kept_meeting(workspace, slot.team[0].inspector, slot.start, slot.end)


def _kept_meeting(workspace: PlannerWorkspace, who: str, start: dt.datetime,
                  end: dt.datetime) -> None:
    store = workspace.session.store
    with store.read() as uow:
        kept = json.loads(uow.sync_state.get(FREE_BUSY_KEY))
    person = next(p for p in kept["answer"]["inspectors"]
                  if p["username"] == who)
    person["busy"] = sorted([*person["busy"], {"start": start.isoformat(),
                                               "end": end.isoformat(),
                                               "reason": "meeting"}],
                            key=lambda b: b["start"])
    with store.write() as uow:
        uow.sync_state.set(FREE_BUSY_KEY, json.dumps(kept, ensure_ascii=False))


def _propose_first(qtbot: QtBot, workspace: PlannerWorkspace) -> None:
    workspace.slots.setCurrentRow(0)
    with qtbot.waitSignal(workspace.settled, timeout=SLOW):
        qtbot.mouseClick(workspace.plan.propose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(workspace.plan.message.text()), timeout=SLOW)


def test_online_a_stale_copy_does_not_refuse_what_the_platform_accepts(
        qtbot: QtBot, planner: PlannerWorkspace) -> None:  # noqa: F811 - the fixture
    _kept_busy_then(planner)
    _propose_first(qtbot, planner)
    said = planner.plan.message.text()
    assert _queued(planner, "inspection.propose"), said
    assert "sent at the next sync" in said and "Offline" not in said


def test_offline_the_kept_copy_is_checked_and_its_age_said(
        qtbot: QtBot, planner: PlannerWorkspace) -> None:  # noqa: F811 - the fixture
    _kept_busy_then(planner)
    # Nothing listens on port 9 of loopback: the fetch fails as it does offline.
    planner.session.client = PlatformClient("http://127.0.0.1:9", settings=settings())
    _propose_first(qtbot, planner)
    said = planner.plan.message.text()
    assert not _queued(planner, "inspection.propose")
    assert "Offline: checked against the free/busy as of" in said, said


def test_online_a_stale_copy_does_not_refuse_a_confirmation_the_platform_accepts(
        qtbot: QtBot, device: Any, open_planner: Any) -> None:  # noqa: F811 - the fixture
    joint = joint_case(device)
    joint.requested()
    lead, code = joint.lead, joint.code
    found = inspection_of(lead, code)
    copy = availability.free_busy(lead.store, lead.client, PLAN_NOW.date())
    assert copy is not None
    slot = availability.planning_for(lead.store, found.id, copy, now=PLAN_NOW).suggest().slots[0]
    service.propose(lead.store, lead.client.username, found.id, slot.start, slot.end,
                    [m.inspector for m in slot.team], now=PLAN_NOW)
    assert lead.sync_once().push.applied == 1
    lead.sync_once()
    organiser = open_planner(lead, joint.lead_dept, code)
    assert organiser.plan.confirm.isEnabled()
    # Kept from before a meeting was called off: the copy still has it over the visit.
    _kept_meeting(organiser, slot.team[0].inspector, slot.start - dt.timedelta(minutes=30),
                  slot.start + dt.timedelta(minutes=30))
    with qtbot.waitSignal(organiser.settled, timeout=SLOW):
        qtbot.mouseClick(organiser.plan.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(organiser.plan.message.text()), timeout=SLOW)
    said = organiser.plan.message.text()
    assert _queued(organiser, "inspection.confirm"), said
