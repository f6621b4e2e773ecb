"""A proposal is checked against the free/busy fetched just before it, not a stale copy.

The planner keeps its last free/busy; the service checks a team against that
copy. Online, the planner fetches it anew as part of proposing (as 刷新空闲/忙碌
does, on the worker): a copy kept from before a meeting was called off no longer
refuses a time the platform accepts. Offline, the kept copy is checked and the
message says how old it is. Real stores synced with the sandbox on loopback.
"""

from __future__ import annotations

import json

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

from backoffice.inspections.service import FREE_BUSY_KEY
from backoffice.remote import PlatformClient
from ui.planner.workspace import PlannerWorkspace


def _kept_busy_then(workspace: PlannerWorkspace) -> None:
    """The kept copy says the first suggestion's first inspector is in a meeting then (it
    was called off since: the platform no longer has it)."""
    assert workspace.result is not None
    slot = workspace.result.slots[0]
    store = workspace.session.store
    with store.read() as uow:
        kept = json.loads(uow.sync_state.get(FREE_BUSY_KEY))
    person = next(p for p in kept["answer"]["inspectors"]
                  if p["username"] == slot.team[0].inspector)
    person["busy"] = sorted([*person["busy"], {"start": slot.start.isoformat(),
                                               "end": slot.end.isoformat(),
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
