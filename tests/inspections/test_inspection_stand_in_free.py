"""A stand-in inspector is proposed only when the free/busy shows them free.

On the visit day the organiser replaces an ill inspector at the time the
applicant holds. The planner showed the stand-in busy then (a visit
09:30–11:30 in the platform's free/busy), yet the service and the platform
took him: both checked only the visits they hold. Now both refuse him by the
free/busy the planner shows, naming him and the time (Beijing time).
The real sandbox on loopback, real stores.
"""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import CST, inspection_of, joint_case
from support.sandbox_env import demo_clock
from support.sync_env import Device, data
from support.visit_clock import sign_in_again

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability, service
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.case_view import conflict_reason


def test_a_stand_in_the_free_busy_shows_busy_is_refused_by_client_and_platform(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
    told = joint.confirmed()
    assert told.starts_at is not None and told.ends_at is not None
    lead = joint.lead
    me = lead.client.username
    assert me is not None
    eight = told.starts_at - dt.timedelta(hours=1)  # the visit day: an inspector is ill
    sandbox.platform.clock = demo_clock(eight)
    sign_in_again(lead.client, joint.other.client)
    lead.sync_once()
    people = {u.username: u for u in data().users
              if u.department_code == joint.lead_dept and "inspector" in u.roles}
    ill = next(i for i in told.inspectors if i in people)
    (stand_in,) = set(people) - {ill}
    team = [stand_in if i == ill else i for i in told.inspectors]
    # What the planner shows: the stand-in on a visit that overlaps the time.
    copy = availability.free_busy(lead.store, lead.client, eight.astimezone(CST).date())
    assert copy is not None
    (shown,) = [b for p in copy.answer.inspectors if p.username == stand_in for b in p.busy
                if b.start < told.ends_at and told.starts_at < b.end]
    assert (shown.start, shown.end) == (dt.datetime(2025, 3, 4, 9, 30, tzinfo=CST),
                                        dt.datetime(2025, 3, 4, 11, 30, tzinfo=CST))
    planning = availability.planning_for(lead.store, told.id, copy, now=eight,
                                         duration=told.ends_at - told.starts_at)
    assert not planning.check(told.starts_at, told.ends_at, [stand_in]).inspectors[0].free

    name = people[stand_in].display_name
    with pytest.raises(DomainError) as refused:
        service.propose(lead.store, me, told.id, told.starts_at, told.ends_at, team,
                        reason="原勘察人员生病，更换人员", now=eight)
    assert refused.value.code == "inspection.inspector_not_free"
    said = messages.render(refused.value, "en")
    assert name in said and stand_in not in said
    assert "2025-03-04 09:30" in said and "2025-03-04 11:30" in said
    assert name in messages.render(refused.value, "zh")
    assert lead.store.conflicts() == [] and not lead.sync_once().push.applied

    # Queued past the client (an older copy of the free/busy, say): the platform refuses.
    service.queue(lead.store, me, "inspection.reschedule", told.id, {
        "starts_at": told.starts_at.isoformat(), "ends_at": told.ends_at.isoformat(),
        "inspectors": team, "reason": "原勘察人员生病，更换人员"})
    report = lead.sync_once()
    assert report.push.applied == 0 and len(report.push.refused) == 1
    (kept,) = lead.store.conflicts()
    assert kept.state is OutboxState.REFUSED
    assert kept.last_error == "inspection.inspector_not_free"
    why = conflict_reason(kept, "en")
    assert name in why and "2025-03-04 09:30" in why and "2025-03-04 11:30" in why
    stored = inspection_of(lead, joint.code)
    assert stored.status is InspectionStatus.CONFIRMED and stored.inspectors == told.inspectors


    # The team it has, at its own time, is free by the same free/busy: its own visit
    # there is no clash with itself.
    assert lead.store.discard_command(kept.command.id)
    service.propose(lead.store, me, told.id, told.starts_at, told.ends_at,
                    list(told.inspectors), reason="再次确认勘察安排", now=eight)
    assert lead.sync_once().push.applied == 1
