"""The applicant is told a working day ahead (8.4.3) when they are told, not when proposed.

The last department's confirmation sends the applicant's appointment. A
time proposed on Monday for Tuesday 09:00 and confirmed by the other
department only on Tuesday at 08:30 (or at 10:00, the visit under way) told
the applicant thirty minutes ahead, or after. Now that confirmation is
refused — by the client before anything is queued, and by the platform when
it was queued in time and sent too late (kept as a refusal that says the
organiser has to propose a new time).

And the other way round: on the visit day the organiser proposes again the
time the applicant already holds (an ill inspector replaced — if the
free/busy has a stand-in free then). The platform takes that (they were
told); the client and the planner's check refused it for the notice. Now
they take it too, and the departments confirm it again that morning. The
real sandbox on loopback, real stores.
"""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import CST, PLAN_NOW, Joint, inspection_of, joint_case
from support.sandbox_env import demo_clock
from support.sync_env import Device, data
from support.visit_clock import sign_in_again

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability, service
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.case_view import conflict_reason
from backoffice.sync.engine import SyncEngine


def _user(engine: SyncEngine) -> str:
    assert engine.client.username is not None
    return engine.client.username


def _proposed_and_lead_confirmed(joint: Joint) -> Inspection:
    """Monday noon: the engine's first slot (Tuesday 09:00) proposed, the organiser's
    own department confirmed; the other department has it (synced)."""
    inspection = joint.requested()
    copy = availability.free_busy(joint.lead.store, joint.lead.client, PLAN_NOW.date())
    assert copy is not None
    slot = availability.planning_for(joint.lead.store, inspection.id, copy,
                                     now=PLAN_NOW).suggest().slots[0]
    assert slot.start == dt.datetime(2025, 3, 4, 9, 0, tzinfo=CST)  # Tuesday, the next day
    service.propose(joint.lead.store, _user(joint.lead), inspection.id, slot.start, slot.end,
                    [m.inspector for m in slot.team], now=PLAN_NOW)
    assert joint.lead.sync_once().push.applied == 1
    service.answer(joint.lead.store, _user(joint.lead), joint.lead_dept, inspection.id,
                   confirmed=True, now=PLAN_NOW)
    assert joint.lead.sync_once().push.applied == 1
    joint.other.sync_once()
    found: Inspection = inspection_of(joint.other, joint.code)
    return found


def _name(code: str) -> str:
    name: str = next(d.name for d in data().departments if d.code == code)
    return name


def _appointments(engine: SyncEngine, code: str) -> list[str]:
    with engine.store.read() as uow:
        return [n.text for n in uow.notifications.for_case(code)
                if n.kind == "inspection_appointment"]


def test_the_client_refuses_the_last_confirmation_on_the_visit_day(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
    proposed = _proposed_and_lead_confirmed(joint)
    assert proposed.status is InspectionStatus.PROPOSED and proposed.starts_at is not None
    for late, code in ((proposed.starts_at - dt.timedelta(minutes=30),
                        "inspection.confirm_short_notice"),
                       (proposed.starts_at + dt.timedelta(hours=1),
                        "inspection.confirm_in_the_past")):
        with pytest.raises(DomainError) as refused:
            service.answer(joint.other.store, _user(joint.other), joint.other_dept,
                           proposed.id, confirmed=True, now=late)
        assert refused.value.code == code
        said = messages.render(refused.value, "en")
        assert f"The organiser, {_name(joint.lead_dept)}, has to propose a new time." in said
        assert proposed.site_address in said and joint.lead_dept not in said
        assert proposed.id not in said
        assert "组织部门" in messages.render(refused.value, "zh")
        if code == "inspection.confirm_short_notice":
            assert "confirmed at 2025-03-04 08:30" in said and "from 2025-03-05 on" in said
    assert joint.other.store.conflicts() == [] and not joint.other.sync_once().push.applied
    # Declining is no notice to the applicant: still taken on the day.
    service.answer(joint.other.store, _user(joint.other), joint.other_dept, proposed.id,
                   confirmed=False, reason="人员无法到场", now=late)


@pytest.mark.parametrize(("hour", "code", "now"), [
    (8, "inspection.confirm_short_notice", "2025-03-04 08:30"),
    (10, "inspection.confirm_in_the_past", "2025-03-04 10:30"),
])
def test_a_confirmation_queued_in_time_and_sent_too_late_is_refused_and_kept(
        sandbox: Sandbox, device: Device, hour: int, code: str, now: str) -> None:
    joint = joint_case(device)
    proposed = _proposed_and_lead_confirmed(joint)
    # Monday, offline: the other department confirms (the client has nothing against it).
    service.answer(joint.other.store, _user(joint.other), joint.other_dept, proposed.id,
                   confirmed=True, now=PLAN_NOW)
    assert inspection_of(joint.other, joint.code).status is InspectionStatus.CONFIRMED
    # Back online on the visit day.
    sandbox.platform.clock = demo_clock(dt.datetime(2025, 3, 4, hour, 30, tzinfo=CST))
    sign_in_again(joint.other.client, joint.lead.client)
    report = joint.other.sync_once()
    assert report.push.applied == 0 and len(report.push.refused) == 1
    (kept,) = joint.other.store.conflicts()
    assert kept.state is OutboxState.REFUSED and kept.last_error == code
    said = conflict_reason(kept, "en")
    assert f"(it is {now})" in said or f"confirmed at {now}" in said
    assert f"The organiser, {_name(joint.lead_dept)}, has to propose a new time." in said
    assert "重新拟定勘察时间" in conflict_reason(kept, "zh")
    # As the platform holds it: proposed still, and the applicant was told nothing.
    assert inspection_of(joint.other, joint.code).status is InspectionStatus.PROPOSED
    joint.lead.sync_once()
    assert inspection_of(joint.lead, joint.code).status is InspectionStatus.PROPOSED
    assert _appointments(joint.lead, joint.code) == []


def test_the_time_the_applicant_holds_is_proposed_again_and_confirmed_on_the_visit_day(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
    told = joint.confirmed()
    assert told.starts_at is not None and told.ends_at is not None
    lead, other = joint.lead, joint.other
    (appointment,) = _appointments(lead, joint.code)
    # The visit day, 08:00: an inspector of the organiser's is ill.
    eight = told.starts_at - dt.timedelta(hours=1)
    sandbox.platform.clock = demo_clock(eight)
    sign_in_again(lead.client, other.client)
    lead.sync_once()
    inspectors = {u.username for u in data().users
                  if u.department_code == joint.lead_dept and "inspector" in u.roles}
    ill = next(i for i in told.inspectors if i in inspectors)
    (stand_in,) = inspectors - {ill}
    team = [stand_in if i == ill else i for i in told.inspectors]
    # The planner's check of the time the applicant holds says nothing of the notice;
    # of an hour later, it does.
    copy = availability.free_busy(lead.store, lead.client, eight.astimezone(CST).date())
    assert copy is not None
    planning = availability.planning_for(lead.store, told.id, copy, now=eight,
                                         duration=told.ends_at - told.starts_at)
    check = planning.check(told.starts_at, told.ends_at, [stand_in])
    assert check.inspectors[0].inspector == stand_in
    assert not any(n.code == "planning.conflict_too_early"
                   for c in check.inspectors for n in c.conflicts)
    moved = planning.check(told.starts_at + dt.timedelta(hours=1),
                           told.ends_at + dt.timedelta(hours=1), [stand_in])
    assert moved.inspectors[0].conflicts[0].code == "planning.conflict_too_early"
    with pytest.raises(DomainError) as refused:  # another time that day: too early still
        service.propose(lead.store, _user(lead), told.id, told.starts_at + dt.timedelta(hours=1),
                        told.ends_at + dt.timedelta(hours=1), team, reason="更换人员", now=eight)
    assert refused.value.code == "inspection.too_early"
    # At the time held the notice is no bar, but the stand-in is on a visit then by the
    # free/busy (test_inspection_stand_in_free): the team stays as it was, proposed again.
    with pytest.raises(DomainError) as busy:
        service.propose(lead.store, _user(lead), told.id, told.starts_at, told.ends_at, team,
                        reason="原勘察人员生病，更换人员", now=eight)
    assert busy.value.code == "inspection.inspector_not_free"
    team = list(told.inspectors)
    service.propose(lead.store, _user(lead), told.id, told.starts_at, told.ends_at, team,
                    reason="原勘察人员可以到场，再次确认", now=eight)
    assert lead.sync_once().push.applied == 1
    other.sync_once()
    again = inspection_of(other, joint.code)
    assert again.status is InspectionStatus.PROPOSED and again.inspectors == tuple(team)
    # Both confirm it again that morning: the applicant holds the time already.
    for engine, dept in ((lead, joint.lead_dept), (other, joint.other_dept)):
        engine.sync_once()
        service.answer(engine.store, _user(engine), dept, told.id, confirmed=True,
                       now=eight + dt.timedelta(minutes=15))
        assert engine.sync_once().push.applied == 1
    lead.sync_once()
    assert inspection_of(lead, joint.code).status is InspectionStatus.CONFIRMED
    assert appointment in _appointments(lead, joint.code)
    # Not before now, though: once the visit has begun, proposing it again is too late.
    with pytest.raises(DomainError) as late:
        service.propose(lead.store, _user(lead), told.id, told.starts_at, told.ends_at,
                        list(told.inspectors), reason="换回原人员",
                        now=told.starts_at + dt.timedelta(minutes=5))
    assert late.value.code == "inspection.too_early"
