"""The inspector confirms a part on site: before the visit the client refuses at once.

At 07:30 "本人到场勘察" was ticked with a result for a visit set for 09:00 and
queued, and the platform applied it. Now the service refuses the confirmation
before the visit's start — offline, before anything is queued — with the
sentence the field form shows; the part may still be saved as a draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from inspections.joint import CST, joint_case
from support.sync_env import Device
from support.visit_clock import go_to_visit

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import ChecklistLine, InspectionResult
from backoffice.domain.inspections_timing import check_visit_begun
from backoffice.domain.model import Inspection, Verdict
from backoffice.inspections import service
from backoffice.sandbox.server import Sandbox

NINE = dt.datetime(2025, 3, 4, 9, 0, tzinfo=CST)


def test_the_rule_itself() -> None:
    visit = Inspection("inspection-1", "220100-20250303-000002", "WHLY-220100",
                       ("WHLY-220100",), "长春市朝阳区人民大街1号", starts_at=NINE,
                       ends_at=NINE + dt.timedelta(hours=2))
    with pytest.raises(DomainError) as refused:
        check_visit_begun(visit, NINE - dt.timedelta(minutes=90), confirm=True)
    assert refused.value.code == "inspection.visit_not_begun"
    assert refused.value.params == {"case_code": visit.case_code, "start": "2025-03-04 09:00",
                                    "now": "2025-03-04 07:30"}
    # A draft any time; a confirmation from the start on (in any zone the clock gives).
    check_visit_begun(visit, NINE - dt.timedelta(days=1), confirm=False)
    check_visit_begun(visit, NINE.astimezone(dt.UTC), confirm=True)
    check_visit_begun(visit, NINE + dt.timedelta(hours=3), confirm=True)


def test_the_service_refuses_a_confirmation_before_the_visit_and_keeps_the_draft(
        sandbox: Sandbox, device: Device) -> None:
    joint = joint_case(device)
    inspection = joint.confirmed()
    assert inspection.starts_at is not None
    engine, department = joint.other, joint.other_dept
    user = engine.client.username
    assert user is not None
    with engine.store.read() as uow:
        mine = next(p for p in uow.inspection_parts.for_case(joint.code)
                    if p.department_code == department)
    filled = replace(mine, lines=tuple(ChecklistLine(x.item, Verdict.PASS) for x in mine.lines),
                     findings="现场与申报一致", result=InspectionResult.PASS)
    early = inspection.starts_at - dt.timedelta(minutes=90)

    with pytest.raises(DomainError) as refused:
        service.save_part(engine.store, user, filled, confirm=True, now=early)
    assert refused.value.code == "inspection.visit_not_begun"
    assert engine.store.pending_commands() == []  # nothing queued
    start = f"{inspection.starts_at.astimezone(CST):%Y-%m-%d %H:%M}"
    assert start in messages.render(refused.value, "en")
    assert "草稿" in messages.render(refused.value, "zh")

    # The same notes, unconfirmed: a draft, sent and applied before the visit.
    service.save_part(engine.store, user, filled, now=early)
    assert engine.sync_once().push.applied == 1

    # On site, from the start on: confirmed, and the platform takes it.
    go_to_visit(sandbox, inspection.id)
    with engine.store.read() as uow:
        draft = next(p for p in uow.inspection_parts.for_case(joint.code)
                     if p.department_code == department)
    assert not draft.confirmed and draft.result == InspectionResult.PASS
    service.save_part(engine.store, user, draft, confirm=True, now=inspection.starts_at)
    assert engine.sync_once().push.applied == 1
    with engine.store.read() as uow:
        assert uow.inspection_parts.get(draft.id).confirmed  # type: ignore[union-attr]
