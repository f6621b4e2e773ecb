"""A visit is held in working time, whoever proposes it.

The planner's drag check refuses a Saturday or an evening; the service and
the platform took both (a proposal queued by hand, offline, or from another
client never meets the drag check). Now one rule, ``check_working_time``,
refuses them in the client before anything is queued and on the platform.
The real sandbox on loopback, real stores.
"""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import CST, PLAN_NOW, joint_case
from support.sync_env import Device, queue

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import service
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.case_view import conflict_reason

SATURDAY = dt.datetime(2025, 3, 8, 9, 0, tzinfo=CST)
EVENING = dt.datetime(2025, 3, 10, 19, 0, tzinfo=CST)
TEAM = ["whly.cc.inspector1", "xfjy.cc.inspector1"]


@pytest.mark.parametrize(("start", "code", "said"), [
    (SATURDAY, "inspection.not_working_day", "2025-03-08：该日不是工作日"),
    (EVENING, "inspection.outside_working_hours", "超出工作时间（08:30–12:00, 13:30–17:30"),
])
def test_a_visit_outside_working_time_is_refused_by_client_and_platform(
        sandbox: Sandbox, device: Device, start: dt.datetime, code: str, said: str) -> None:
    joint = joint_case(device)
    inspection = joint.requested()
    assert {joint.lead_dept, joint.other_dept} == {"WHLY-220100", "XFJY-220100"}
    me = joint.lead.client.username
    assert me is not None
    end = start + dt.timedelta(hours=2)
    with pytest.raises(DomainError) as refused:
        service.propose(joint.lead.store, me, inspection.id, start, end, TEAM, now=PLAN_NOW)
    assert refused.value.code == code
    assert said in messages.render(refused.value, "zh")
    assert not joint.lead.store.pending_commands()

    # Queued without the check (an older client): the platform refuses it alike.
    command = queue(joint.lead, "inspection.propose", "inspection", inspection.id, {
        "starts_at": start.isoformat(), "ends_at": end.isoformat(), "inspectors": TEAM})
    assert joint.lead.sync_once().push.refused == [command.id]
    (kept,) = [e for e in joint.lead.store.conflicts() if e.command.id == command.id]
    assert kept.state is OutboxState.REFUSED and kept.last_error == code
    assert conflict_reason(kept, "zh") == messages.render(refused.value, "zh")
    with joint.lead.store.read() as uow:
        shown = uow.inspections.get(inspection.id)
    assert shown is not None and shown.status is InspectionStatus.REQUESTED
