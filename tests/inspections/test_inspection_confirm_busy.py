"""A department confirms a proposed time only while the team is still free then.

The organiser proposes Tuesday 09:00–11:00. Since, its inspector has been
taken for another case's visit 10:00–12:00, which stands (written as a
platform before the clash check let it be: today's refuses the overlap when
it is proposed). The other department's store does not hold that case's
visit; the free/busy its planner shows does. Its confirmation was checked
against neither by the client, which queued it for the platform to refuse.
Now the client refuses it by the free/busy it kept and the platform by its
own — one rule, ``check_confirm_free`` — in the same sentence, naming the
inspector (not the account) and the time. The real sandbox on loopback, real
stores.
"""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import PLAN_NOW, inspection_of, joint_case
from support.sync_env import Device, data

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability, service
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.case_view import conflict_reason
from backoffice.sync.engine import SyncEngine

HOUR = dt.timedelta(hours=1)


def _user(engine: SyncEngine) -> str:
    assert engine.client.username is not None
    return engine.client.username


def _another_visit(sandbox: Sandbox, like: str, department: str, inspector: str,
                   start: dt.datetime, end: dt.datetime) -> None:
    """Another case's visit, confirmed for ``inspector`` of ``department``; on no store."""
    elsewhere = next(c.case_code for c in data().cases
                     if c.lead_department == department and c.case_code not in
                     data().fresh_cases)
    platform = sandbox.platform
    stored = platform.record("inspection", like)
    assert stored is not None
    with platform.lock, platform.engine.begin() as conn:
        Ledger(conn).put("inspection", {
            **stored.body, "id": "inspection-elsewhere", "case_code": elsewhere,
            "lead_department": department, "departments": [department],
            "status": "confirmed", "starts_at": start.isoformat(), "ends_at": end.isoformat(),
            "inspectors": [inspector], "proposal": 1, "reason": "",
            "answers": [{"department_code": department, "answer": "confirmed",
                         "by": inspector}]})


def test_a_confirmation_with_an_inspector_taken_since_is_refused_by_name(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
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
    proposed = inspection_of(other, joint.code)
    assert proposed.status is InspectionStatus.PROPOSED
    people = {u.username: u for u in data().users}
    taken = next(i for i in team if people[i].department_code == joint.lead_dept)
    _another_visit(sandbox, inspection.id, joint.lead_dept, taken, slot.start + HOUR,
                   slot.end + HOUR)
    other.sync_once()
    with other.store.read() as uow:  # not a visit this department's store holds
        assert uow.inspections.get("inspection-elsewhere") is None
    # The other department's planner shows the free/busy, the visit in it; offline then.
    assert availability.free_busy(other.store, other.client, PLAN_NOW.date()) is not None

    with pytest.raises(DomainError) as refused:
        service.answer(other.store, _user(other), joint.other_dept, proposed.id,
                       confirmed=True, now=PLAN_NOW)
    assert refused.value.code == "inspection.confirm_inspector_busy"
    said = messages.render(refused.value, "en")
    name = people[taken].display_name
    organiser = next(d.name for d in data().departments if d.code == joint.lead_dept)
    assert name in said and taken not in said
    assert "from 2025-03-04 10:00 to 2025-03-04 12:00" in said
    assert f"the organiser, {organiser}," in said and proposed.site_address in said
    assert name in messages.render(refused.value, "zh")
    assert other.store.pending_commands() == []

    # Queued past the client (a copy of the free/busy from before the visit, say): the
    # platform refuses it, in the same words.
    service.queue(other.store, _user(other), "inspection.confirm", proposed.id,
                  {"department_code": joint.other_dept, "proposal": proposed.proposal})
    report = other.sync_once()
    assert report.push.applied == 0 and len(report.push.refused) == 1
    (kept,) = other.store.conflicts()
    assert kept.state is OutboxState.REFUSED
    assert kept.last_error == "inspection.confirm_inspector_busy"
    assert conflict_reason(kept, "en") == said
    assert inspection_of(other, joint.code).status is InspectionStatus.PROPOSED

    # What the department can do: decline, saying why; the organiser plans again.
    assert other.store.discard_command(kept.command.id)
    service.answer(other.store, _user(other), joint.other_dept, proposed.id, confirmed=False,
                   reason=f"{name}届时另有勘察", now=PLAN_NOW)
    assert other.sync_once().push.applied == 1
    assert inspection_of(other, joint.code).status is InspectionStatus.REQUESTED
