"""The time the applicant holds, known offline before its notice has come in.

The organiser's department gives the last confirmation; the platform takes it
and tells the applicant, but the link drops before its answer is in, so the
client has the confirmation it sent and not the applicant's appointment. On
the visit day, still offline, the organiser proposes that time again (the team
gone over again) — the platform keeps it as told — and then, still offline,
once more. The client read the time held only from the appointment in the
store, so after the first reschedule it no longer knew it: the planner called
the time too early and the service refused what the platform then took. Now
the client knows the held time from the inspection's confirmed state and the
commands it queued on it, and both say what the platform says. The real
sandbox on loopback, real stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from inspections.joint import PLAN_NOW, Joint, inspection_of, staff, two_department_case
from support.faultproxy import FaultProxy, fault_proxy
from support.sandbox_env import demo_clock
from support.sync_env import Device
from support.visit_clock import sign_in_again

from backoffice.domain.errors import BackofficeError
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability, service
from backoffice.sandbox.server import Sandbox
from backoffice.sync.engine import SyncEngine


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url) as running:
        yield running


def _user(engine: SyncEngine) -> str:
    assert engine.client.username is not None
    return engine.client.username


def _appointments(engine: SyncEngine, code: str) -> list[str]:
    with engine.store.read() as uow:
        return [n.text for n in uow.notifications.for_case(code)
                if n.kind == "inspection_appointment"]


def test_the_held_time_is_known_offline_after_a_reschedule_at_it(
        sandbox: Sandbox, device: Device, proxy: FaultProxy) -> None:
    code, lead_dept, other_dept = two_department_case()
    joint = Joint(code, lead_dept, other_dept,
                  device(staff(lead_dept, "inspector"), url=proxy.url),
                  device(staff(other_dept, "inspector")))
    lead, other = joint.lead, joint.other
    inspection = joint.requested()
    copy = availability.free_busy(lead.store, lead.client, PLAN_NOW.date())
    assert copy is not None
    slot = availability.planning_for(lead.store, inspection.id, copy,
                                     now=PLAN_NOW).suggest().slots[0]
    team = [m.inspector for m in slot.team]
    service.propose(lead.store, _user(lead), inspection.id, slot.start, slot.end, team,
                    now=PLAN_NOW)
    assert lead.sync_once().push.applied == 1
    other.sync_once()
    service.answer(other.store, _user(other), joint.other_dept, inspection.id, confirmed=True,
                   now=PLAN_NOW)
    assert other.sync_once().push.applied == 1
    lead.sync_once()
    # The organiser's department confirms last; the platform applies it, the answer is lost.
    service.answer(lead.store, _user(lead), joint.lead_dept, inspection.id, confirmed=True,
                   now=PLAN_NOW)
    proxy.reset(after=0, times=10)
    with pytest.raises(BackofficeError):
        lead.sync_once()
    proxy.clear()
    on_platform = sandbox.platform.record("inspection", inspection.id)
    assert on_platform is not None and on_platform.body["status"] == "confirmed"
    assert inspection_of(lead, joint.code).status is InspectionStatus.CONFIRMED
    assert _appointments(lead, joint.code) == []  # the notice is on the platform only

    # The visit day, 08:00, offline: the organiser proposes the time held again.
    eight = slot.start - dt.timedelta(hours=1)
    service.propose(lead.store, _user(lead), inspection.id, slot.start, slot.end, team,
                    reason="勘察人员再次核对", now=eight)
    again = inspection_of(lead, joint.code)
    assert again.status is InspectionStatus.PROPOSED
    assert (again.starts_at, again.ends_at) == (slot.start, slot.end)
    # The planner's check and the service take that time as held, as the platform will.
    kept = availability.kept_free_busy(lead.store)
    assert kept is not None
    planning = availability.planning_for(lead.store, inspection.id, kept, now=eight,
                                         duration=slot.end - slot.start)
    assert planning.held == (slot.start, slot.end)
    check = planning.check(slot.start, slot.end, team)
    assert not any(n.code == "planning.conflict_too_early"
                   for c in check.inspectors for n in c.conflicts)
    service.propose(lead.store, _user(lead), inspection.id, slot.start, slot.end, team,
                    reason="勘察人员已核对无误", now=eight)

    # Back online that morning: the platform takes both, as the client did.
    sandbox.platform.clock = demo_clock(eight)
    sign_in_again(lead.client, other.client)
    report = lead.sync_once()
    assert report.push.applied == 3 and not report.push.refused
    assert lead.store.conflicts() == []
    assert inspection_of(lead, joint.code).status is InspectionStatus.PROPOSED
    (appointment,) = _appointments(lead, joint.code)  # told once, not called off
    assert "取消" not in appointment
