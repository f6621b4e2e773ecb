"""An organiser's department leaves the case: two stores through the sandbox on loopback.

The organising department queues the transfer of its task: its store shows at
once what the platform then does — the receiving department organises, the
departed one is no longer part of it. After the sync the receiver's store
holds the inspection as its own and can cancel it; the departed department's
store no longer holds it.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.sync_env import Device, data, propose_day_before_due
from support.sync_env import queue as _queue
from support.sync_env import staff as _staff

from backoffice.api import convert
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Inspection, InspectionStatus
from backoffice.inspections import service
from backoffice.sandbox.server import Sandbox
from backoffice.sync.engine import SyncEngine


def _inspections(engine: SyncEngine, code: str) -> list[Inspection]:
    with engine.store.read() as uow:
        return uow.inspections.for_case(code)


def _shape(i: Inspection) -> tuple[Any, ...]:
    return (i.lead_department, i.departments, i.status, i.starts_at, i.inspectors, i.answers)


def test_the_departed_organisers_store_shows_what_the_platform_does(
        sandbox: Sandbox, device: Device) -> None:
    code = data().fresh_cases[1]
    case = next(c for c in data().cases if c.case_code == code)
    leaving = next(t.department_code for t in data().tasks
                   if t.case_code == code and t.department_code != case.lead_department)
    city = case.lead_department.rsplit("-", 1)[1]
    on_case = {t.department_code for t in data().tasks if t.case_code == code}
    receiver = next(d.code for d in data().departments
                    if d.code.endswith(city) and d.code not in on_case)
    # With its department, as the app runs it: the sync keeps its colleague list.
    departed = device(_staff(leaving, "reviewer"), department_code=leaving)
    taking = device(_staff(receiver, "reviewer"), department_code=receiver)

    departed.sync_once()
    _queue(departed, "inspection.request", "case", code, {
        "department_code": leaving, "reason": "需核实经营场所", "checklist": ["场所布局"]})
    departed.sync_once()
    (inspection,) = _inspections(departed, code)
    propose_day_before_due(departed, code, inspection.id, [_staff(leaving, "inspector")])
    departed.sync_once()
    service.answer(departed.store, departed.client.username or "", leaving, inspection.id,
                   confirmed=True)
    departed.sync_once()
    (inspection,) = _inspections(departed, code)
    assert inspection.status == InspectionStatus.CONFIRMED

    with departed.store.read() as uow:
        task = next(t for t in uow.tasks.for_case(code) if t.department_code == leaving)
    _queue(departed, "task.transfer", "review_task", task.id, {"to_department": receiver})
    (shown,) = _inspections(departed, code)
    assert shown.lead_department == receiver and leaving not in shown.departments
    with pytest.raises(DomainError, match="not_organiser"):
        service.cancel(departed.store, departed.client.username or "", leaving,
                       inspection.id, "不再需要")

    assert departed.sync_once().push.applied == 1
    stored = sandbox.platform.record("inspection", inspection.id)
    assert stored is not None
    platform = convert.to_domain(convert.parse_record(stored.body))
    assert _shape(shown) == _shape(platform)  # the store said what the platform did
    assert _inspections(departed, code) == []  # off the case: out of its scope

    taking.sync_once()
    (received,) = _inspections(taking, code)
    assert _shape(received) == _shape(platform)
    me = taking.client.username or ""
    service.cancel(taking.store, me, receiver, inspection.id, "现场已无需勘察")
    assert taking.sync_once().push.applied == 1
    (cancelled,) = _inspections(taking, code)
    assert cancelled.status == InspectionStatus.CANCELLED
