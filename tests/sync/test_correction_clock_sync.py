"""The applicant's correction time is not the department's: platform and client agree.

A QA pass against the standard found a task overdue the moment corrections
came back: the notice went out on 3 March with the case and the step due on
17 March, the applicant answered on 24 March, and both dates had stayed.
From the notice's issue to the answer the case's clock stands
(docs/deadlines.md); the platform moves its dates when the answer comes in,
and the client's estimate, badges and quick filters say the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text
from support.platform_env import PASSWORD
from support.sync_env import Device, data, reviewers
from support.verdicts import pass_and_sync

from backoffice.domain import clock as domain_clock
from backoffice.domain.commands import Command
from backoffice.domain.deadline_status import WarningLevel
from backoffice.domain.states import TaskStatus
from backoffice.sandbox.server import Sandbox
from backoffice.store import TaskQuery
from backoffice.store import inbox_views as views
from backoffice.store.inbox_views import QuickContext, QuickFilter
from backoffice.sync.engine import SyncEngine

SH = dt.timezone(dt.timedelta(hours=8))
ISSUED = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SH)
ANSWERED = dt.datetime(2025, 3, 24, 10, 0, tzinfo=SH)


@pytest.fixture(autouse=True)
def _on_the_platforms_day(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    # The workstation on the platform's (the demo's) day: on the machine's the
    # demo's deadlines have passed, and no extension or procedure dated back is taken then.
    monkeypatch.setattr(domain_clock, "now", sandbox.platform.clock)


def _queue(engine: SyncEngine, kind: str, entity: str, key: str,
           payload: dict[str, Any]) -> None:
    with engine.store.read() as uow:
        record = uow.repository(entity).confirmed(key)
    assert record is not None
    engine.store.record_command(Command.new(kind, key, record.version, payload,
                                            author=engine.client.username or "", now=ISSUED))


def _task_of(engine: SyncEngine, code: str, department: str) -> str:
    with engine.store.read() as uow:
        return next(t.id for t in uow.tasks.for_case(code) if t.department_code == department)


def _columns(engine: SyncEngine, code: str, task: str) -> tuple[dict[str, Any], dict[str, Any]]:
    with engine.store.read() as uow:
        run = uow.session.execute
        case = run(text("SELECT * FROM cases WHERE case_code = :k"), {"k": code}).mappings().one()
        row = run(text("SELECT * FROM review_tasks WHERE id = :k"), {"k": task}).mappings().one()
    return dict(case), dict(row)


def _listed(engine: SyncEngine, department: str, today: dt.date, task: str) -> set[QuickFilter]:
    """The quick filters that list ``task`` on ``today``."""
    ctx = QuickContext(me=engine.client.username or "", today=today,
                       soon_until=today + dt.timedelta(days=1))
    with engine.store.read() as uow:
        return {q for q in (QuickFilter.OVERDUE, QuickFilter.DUE_SOON, QuickFilter.CLOCK_STOPPED)
                if task in views.page_ids(uow.session, TaskQuery(department), {q}, ctx,
                                          limit=1000, offset=0)}


def test_the_applicants_correction_time_moves_the_deadlines(
    sandbox: Sandbox, device: Device
) -> None:
    sandbox.platform.clock = lambda: ISSUED
    code = data().fresh_cases[0]
    case = next(c for c in data().cases if c.case_code == code)
    lead_dept = case.lead_department
    material = next(m.name for m in data().materials
                    if m.case_code == code and m.department_code == lead_dept)
    # The other departments find nothing to correct: their opinions let the notice go out.
    for dept in sorted({t.department_code for t in data().tasks if t.case_code == code}
                       - {lead_dept}):
        other = device(reviewers(dept)[0])
        other.sync_once()
        task = _task_of(other, code, dept)
        # The verdicts are the holder's: claimed first.
        _queue(other, "task.claim", "review_task", task, {"assignee": other.client.username})
        assert other.sync_once().push.applied == 1
        pass_and_sync(other, task)
        _queue(other, "task.give_opinion", "review_task", task, {"opinion": "同意"})
        assert other.sync_once().push.applied == 1
    lead = device(reviewers(lead_dept)[0])
    lead.sync_once()
    task = _task_of(lead, code, lead_dept)
    _queue(lead, "task.claim", "review_task", task, {"assignee": lead.client.username})
    _queue(lead, "task.request_correction", "review_task", task, {"items": [
        {"material_name": material, "department_code": lead_dept, "reason": "缺少盖章"}]})
    assert lead.sync_once().push.applied == 2
    pass_and_sync(lead, task)  # the notice waits for the lead's own checks too
    with lead.store.read() as uow:
        (notice,) = uow.correction_notices.for_case(code)
    _queue(lead, "correction_notice.issue", "correction_notice", notice.id, {})
    assert lead.sync_once().push.applied == 1
    lead.sync_once()

    platform_case = sandbox.platform.record("case", code)
    assert platform_case is not None and platform_case.body["due_date"] == "2025-03-17"
    case_row, task_row = _columns(lead, code, task)
    assert str(case_row["due_date"]) == "2025-03-17" and case_row["clock_stopped"] == 1
    # A week past the dates, the notice still out: the list shows no one late.
    assert _listed(lead, lead_dept, dt.date(2025, 3, 21), task) == {QuickFilter.CLOCK_STOPPED}
    # The detail: the same date and words as the list. The projection for the
    # day moves on while the applicant has the notice; it is no disagreement.
    with lead.store.read() as uow:
        detail = uow.cases.deadline(code, on=dt.date(2025, 3, 21))
    assert detail is not None and detail.due == dt.date(2025, 3, 17)
    assert detail.status.level is WarningLevel.CLOCK_STOPPED and not detail.deadline.differs
    assert detail.deadline.estimate == dt.date(2025, 4, 7)  # were the answer in on 21 March

    sandbox.platform.clock = lambda: ANSWERED
    sandbox.platform.answer_correction(code)
    # Three weeks on, the sign-in of 3 March has expired: the reviewer signs in again.
    lead.client.login(reviewers(lead_dept)[0], PASSWORD)
    lead.sync_once()
    platform_case = sandbox.platform.record("case", code)
    platform_task = sandbox.platform.record("review_task", task)
    assert platform_case is not None and platform_task is not None
    assert platform_task.body["status"] == TaskStatus.IN_REVIEW.value
    # 3–24 March were the applicant's: ten working days from Tue 25 March,
    # over Qingming (off 4–6 April), end on Tue 8 April.
    assert platform_case.body["due_date"] == "2025-04-08"
    assert platform_task.body["step_due_date"] == "2025-04-08"
    case_row, task_row = _columns(lead, code, task)
    assert str(case_row["due_date"]) == str(case_row["estimated_due_date"]) == "2025-04-08"
    assert case_row["due_date_differs"] == 0 and case_row["clock_stopped"] == 0
    assert str(task_row["step_due"]) == str(task_row["estimated_step_due_date"]) == "2025-04-08"
    with lead.store.read() as uow:
        (answered,) = uow.correction_notices.for_case(code)
        deadline = uow.cases.deadline(code, on=ANSWERED.date())
    assert answered.answered_on == ANSWERED.date()
    assert deadline is not None and deadline.status.remaining == 10
    assert _listed(lead, lead_dept, ANSWERED.date(), task) == set()
    assert _listed(lead, lead_dept, dt.date(2025, 4, 9), task) == {QuickFilter.OVERDUE}

    # An extension approved afterwards adds its days to that date, not to the one
    # before the applicant's time (the platform's recompute sees the notice too).
    request = Command.new("extension.request", code, 0,
                          {"working_days": 5, "reason": "需专家论证"},
                          author=lead.client.username or "", now=ANSWERED)
    lead.store.record_command(request)
    assert lead.sync_once().push.applied == 1
    signer = device(next(u.username for u in data().users
                         if u.department_code == lead_dept and "signer" in u.roles))
    signer.sync_once()
    with signer.store.read() as uow:  # the kept request: its version is the base
        (kept,) = uow.extensions.for_case(code)
    signer.store.record_command(Command.new(
        "extension.approve", kept.id, kept.version,
        author=signer.client.username or "", now=ANSWERED))
    assert signer.sync_once().push.applied == 1
    extended = sandbox.platform.record("case", code)
    assert extended is not None
    assert extended.body["due_date"] == "2025-04-15"  # 8 April + 5 working days
