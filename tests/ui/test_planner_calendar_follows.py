"""The calendar draws the inspection's time as the store has it after a proposal.

Proposed from the planner, the new time was not drawn (the lanes kept the
inspection as it was when the plan was made: no time, or the old confirmed
one) until the free/busy was fetched again. Real store synced with the
sandbox on loopback.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_planner import SLOW, device, planner, sandbox  # noqa: F401 - fixtures

from ui.planner.workspace import PlannerWorkspace


def test_a_proposed_time_is_drawn_at_once(
    qtbot: QtBot, planner: PlannerWorkspace  # noqa: F811 - the fixture
) -> None:
    assert planner.result is not None and len(planner.result.slots) >= 2
    slot = planner.result.slots[1]
    planner.slots.setCurrentRow(1)
    with qtbot.waitSignal(planner.changed, timeout=SLOW):
        qtbot.mouseClick(planner.plan.propose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: planner.current is not None
                    and planner.current.starts_at == slot.start and not planner.busy(),
                    timeout=SLOW)
    view = planner.view
    wanted = (view.minute(slot.start), view.minute(slot.end), "proposed")
    for member in slot.team:
        drawn = [b[:3] for b in view._blocks[member.inspector]]
        assert wanted in drawn, (member.name, drawn)
