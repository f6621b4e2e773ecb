"""A visit proposed offline and sent once too late for the applicant's notice (8.4.3).

Queued on Monday for Tuesday 09:00 — a working day ahead, as the client
asks — and sent only on Tuesday morning: by the platform's time the applicant
can no longer be told in time. The platform refuses it
(``inspection.short_notice``); the client keeps the refused proposal, says
why with its times, and shows the inspection as the platform holds it, for
the organiser to pick a new time. The real sandbox on loopback, real stores.
"""

from __future__ import annotations

import datetime as dt

from support.sandbox_env import demo_clock
from support.sync_env import Device, data, queue, staff
from support.visit_clock import sign_in_again

from backoffice.domain.model import InspectionStatus
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.case_view import conflict_reason
from backoffice.sync.engine import SyncEngine

CST = dt.timezone(dt.timedelta(hours=8))
TUESDAY_NINE = dt.datetime(2025, 3, 4, 9, 0, tzinfo=CST)


def _status(engine: SyncEngine, code: str) -> InspectionStatus:
    with engine.store.read() as uow:
        (inspection,) = uow.inspections.for_case(code)
    return inspection.status


def test_a_proposal_sent_too_late_for_the_notice_is_refused_and_kept(
        sandbox: Sandbox, device: Device) -> None:
    code = data().fresh_cases[0]
    case = next(c for c in data().cases if c.case_code == code)
    lead_dept = case.lead_department
    lead = device(staff(lead_dept, "inspector"))
    lead.sync_once()
    queue(lead, "inspection.request", "case", code, {
        "department_code": lead_dept, "reason": "需核实经营场所", "checklist": ["场所布局"]})
    assert lead.sync_once().push.applied == 1
    with lead.store.read() as uow:
        (inspection,) = uow.inspections.for_case(code)
    # Monday, offline: Tuesday 09:00, a working day ahead.
    queue(lead, "inspection.propose", "inspection", inspection.id, {
        "starts_at": TUESDAY_NINE.isoformat(),
        "ends_at": (TUESDAY_NINE + dt.timedelta(hours=2)).isoformat(),
        "inspectors": [staff(lead_dept, "inspector")]})
    assert _status(lead, code) == InspectionStatus.PROPOSED  # shown at once, offline
    # Back online on Tuesday at 07:30.
    sandbox.platform.clock = demo_clock(TUESDAY_NINE - dt.timedelta(minutes=90))
    sign_in_again(lead.client)
    report = lead.sync_once()
    assert len(report.push.refused) == 1 and report.push.applied == 0
    (kept,) = lead.store.conflicts()
    assert kept.state is OutboxState.REFUSED and kept.last_error == "inspection.short_notice"
    assert kept.command.payload["starts_at"] == TUESDAY_NINE.isoformat()  # not lost
    said = conflict_reason(kept, "en")
    assert said.startswith("The visit cannot start at 2025-03-04 09:00")
    assert "(2025-03-04 07:30)" in said and "from 2025-03-05 on" in said
    assert "2025-03-05 起" in conflict_reason(kept, "zh")
    assert _status(lead, code) == InspectionStatus.REQUESTED  # as the platform holds it
