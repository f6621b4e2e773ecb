"""No visit before now and the way there: the suggestions, a dragged time, a proposal."""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import CST, joint_case
from support.sync_env import Device

from backoffice import messages
from backoffice.domain.calendar import default_calendar
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections_timing import earliest_visit
from backoffice.inspections import availability, service
from backoffice.sandbox.server import Sandbox

WEDNESDAY = dt.datetime(2025, 3, 5, 15, 0, tzinfo=CST)  # the planner's clock, pinned
HOURS = dt.timedelta(hours=2)


def test_nothing_is_planned_before_now_and_the_travel_time(
        sandbox: Sandbox, device: Device) -> None:
    """Without a notice period (``notice_days=0``): now plus the way there is the limit."""
    joint = joint_case(device)
    inspection = joint.requested()
    lead = joint.lead
    copy = availability.free_busy(lead.store, lead.client, WEDNESDAY.date())
    assert copy is not None
    planning = availability.planning_for(lead.store, inspection.id, copy, now=WEDNESDAY,
                                         notice_days=0)
    earliest = WEDNESDAY + service.TRAVEL_BUFFER
    slots = planning.suggest().slots
    assert slots and all(slot.start >= earliest for slot in slots)
    # Planning again at the moment the first suggestion starts: it is too late for it now.
    then = slots[0].start
    later = availability.planning_for(lead.store, inspection.id, copy, now=then,
                                      notice_days=0).suggest()
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
                            now=WEDNESDAY, notice_days=0)
        assert refused.value.code == "inspection.too_early"
        assert refused.value.params["earliest"] == "2025-03-05 15:30"
    assert lead.store.pending_commands() == []
    service.propose(lead.store, me, inspection.id, slots[0].start, slots[0].end, team,
                    now=WEDNESDAY, notice_days=0)
    assert [e.command.kind for e in lead.store.pending_commands()] == ["inspection.propose"]


def test_the_applicant_is_told_at_least_a_working_day_ahead(
        sandbox: Sandbox, device: Device) -> None:
    """At 07:27 the first suggestion was 09:00 the same day: 90 minutes to bring the
    originals (8.4.3). By default nothing is planned before the next working day."""
    joint = joint_case(device)
    inspection = joint.requested()
    lead = joint.lead
    early = dt.datetime(2025, 3, 5, 7, 27, tzinfo=CST)  # a Wednesday morning
    thursday = dt.datetime(2025, 3, 6, 0, 0, tzinfo=CST)
    copy = availability.free_busy(lead.store, lead.client, early.date())
    assert copy is not None
    planning = availability.planning_for(lead.store, inspection.id, copy, now=early)
    slots = planning.suggest().slots
    assert slots and all(slot.start >= thursday for slot in slots)
    assert slots[0].start.astimezone(CST).date() == thursday.date()  # no later than needed
    today = dt.datetime(2025, 3, 5, 9, 0, tzinfo=CST)
    check = planning.check(today, today + HOURS)
    assert {c.conflicts[0].code for c in check.inspectors} == {"planning.conflict_too_early"}
    # The day the visit may be planned from, not its midnight: "the earliest is 00:00"
    # read as hours before the inspectors start.
    assert {c.conflicts[0].params["earliest"] for c in check.inspectors} == {"2025-03-06"}
    me = lead.client.username
    assert me is not None
    team = [m.inspector for m in slots[0].team]
    with pytest.raises(DomainError) as refused:
        service.propose(lead.store, me, inspection.id, today, today + HOURS, team, now=early)
    assert refused.value.code == "inspection.too_early"
    assert refused.value.params["earliest"] == "2025-03-06"  # the day, not its midnight
    assert "working day ahead" in messages.render(refused.value, "en")
    assert lead.store.pending_commands() == []
    service.propose(lead.store, me, inspection.id, slots[0].start, slots[0].end, team,
                    now=early)
    assert [e.command.kind for e in lead.store.pending_commands()] == ["inspection.propose"]


@pytest.mark.parametrize(("now", "earliest"), [
    # Friday afternoon: Monday.
    (dt.datetime(2025, 3, 7, 15, 0, tzinfo=CST), dt.datetime(2025, 3, 10, 0, 0, tzinfo=CST)),
    # Before the Qingming days off (4–6 April 2025): the Monday after.
    (dt.datetime(2025, 4, 3, 10, 0, tzinfo=CST), dt.datetime(2025, 4, 7, 0, 0, tzinfo=CST)),
    # Late at night: the way there still counts when it ends later than midnight.
    (dt.datetime(2025, 3, 4, 23, 50, tzinfo=CST), dt.datetime(2025, 3, 5, 0, 20, tzinfo=CST)),
])
def test_the_earliest_visit_counts_working_days(now: dt.datetime,
                                                earliest: dt.datetime) -> None:
    calendar = default_calendar()
    assert earliest_visit(now, calendar, travel=service.TRAVEL_BUFFER) == earliest
    assert earliest_visit(now, calendar, travel=service.TRAVEL_BUFFER, notice_days=0) == (
        now + service.TRAVEL_BUFFER)
