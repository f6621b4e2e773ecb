"""No visit before now and the way there: the suggestions, a dragged time, a proposal."""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import CST, joint_case
from support.sync_env import Device

from backoffice.domain.errors import DomainError
from backoffice.inspections import availability, service
from backoffice.sandbox.server import Sandbox

WEDNESDAY = dt.datetime(2025, 3, 5, 15, 0, tzinfo=CST)  # the planner's clock, pinned
HOURS = dt.timedelta(hours=2)


def test_nothing_is_planned_before_now_and_the_travel_time(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
    inspection = joint.requested()
    lead = joint.lead
    copy = availability.free_busy(lead.store, lead.client, WEDNESDAY.date())
    assert copy is not None
    planning = availability.planning_for(lead.store, inspection.id, copy, now=WEDNESDAY)
    earliest = WEDNESDAY + service.TRAVEL_BUFFER
    slots = planning.suggest().slots
    assert slots and all(slot.start >= earliest for slot in slots)
    # Planning again at the moment the first suggestion starts: it is too late for it now.
    then = slots[0].start
    later = availability.planning_for(lead.store, inspection.id, copy, now=then).suggest()
    assert later.slots and later.slots[0].start >= then + service.TRAVEL_BUFFER
    # A time dragged onto Monday, or onto now itself: nobody can be there.
    for start in (dt.datetime(2025, 3, 3, 9, 0, tzinfo=CST), WEDNESDAY):
        check = planning.check(start, start + HOURS)
        assert not check.ok and not any(c.free for c in check.inspectors)
        assert {c.conflicts[0].code for c in check.inspectors} == {"planning.conflict_too_early"}
    assert planning.check(slots[0].start, slots[0].end).ok  # the suggestion itself is fine
    # The service refuses such a time before queuing anything.
    me = lead.client.username
    assert me is not None
    team = [m.inspector for m in slots[0].team]
    for start in (dt.datetime(2024, 1, 3, 9, 0, tzinfo=CST), WEDNESDAY):
        with pytest.raises(DomainError) as refused:
            service.propose(lead.store, me, inspection.id, start, start + HOURS, team,
                            now=WEDNESDAY)
        assert refused.value.code == "inspection.too_early"
        assert refused.value.params["earliest"] == "2025-03-05 15:30"
    assert lead.store.pending_commands() == []
    service.propose(lead.store, me, inspection.id, slots[0].start, slots[0].end, team,
                    now=WEDNESDAY)
    assert [e.command.kind for e in lead.store.pending_commands()] == ["inspection.propose"]
