"""The rest of the review commands, queued offline and accepted by the platform:
the lead's one combined correction notice, a special procedure, an extension."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select
from support.sync_env import Device, data, reviewers
from support.sync_env import queue as _queue
from support.verdicts import pass_and_sync

from backoffice.domain import clock as domain_clock
from backoffice.domain.model import CorrectionNoticeStatus, SpecialProcedureKind
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.sync.engine import SyncEngine


@pytest.fixture(autouse=True)
def _on_the_platforms_day(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    # The workstation on the platform's (the demo's) day: on the machine's the
    # demo's deadlines have passed, and no extension or procedure dated back is taken then.
    monkeypatch.setattr(domain_clock, "now", sandbox.platform.clock)


def _fresh_case() -> tuple[str, str, str]:
    code = data().fresh_cases[0]
    case = next(c for c in data().cases if c.case_code == code)
    other = next(t.department_code for t in data().tasks
                 if t.case_code == code and t.department_code != case.lead_department)
    return code, case.lead_department, other


def _own_task(engine: SyncEngine, code: str, department: str) -> str:
    with engine.store.read() as uow:
        return next(t.id for t in uow.tasks.for_case(code) if t.department_code == department)


def _give_opinion(engine: SyncEngine, code: str, department: str) -> None:
    engine.sync_once()
    task = _own_task(engine, code, department)
    # The verdicts are the holder's: claimed first.
    _queue(engine, "task.claim", "review_task", task, {"assignee": engine.client.username})
    assert engine.sync_once().push.applied == 1
    pass_and_sync(engine, task)
    _queue(engine, "task.give_opinion", "review_task", task, {"opinion": "同意"})
    assert engine.sync_once().push.applied == 1


def test_the_lead_issues_one_combined_notice_after_both_departments_contribute(
    sandbox: Sandbox, device: Device
) -> None:
    code, lead_dept, other_dept = _fresh_case()
    lead, other = device(reviewers(lead_dept)[0]), device(reviewers(other_dept)[0])
    for engine, dept, reason in ((lead, lead_dept, "营业执照副本模糊，请重新提供"),
                                 (other, other_dept, "消防平面图缺少疏散通道标注")):
        engine.sync_once()
        task = _own_task(engine, code, dept)
        _queue(engine, "task.claim", "review_task", task, {"assignee": engine.client.username})
        engine.sync_once()
        _queue(engine, "task.request_correction", "review_task", task, {"items": [
            {"material_name": "申请材料", "department_code": dept, "reason": reason}]})
        assert engine.sync_once().push.applied == 1
        # Only a draft: the department reviews on, and the notice waits for its checks.
        with engine.store.read() as uow:
            assert uow.tasks.get(task).status == TaskStatus.IN_REVIEW  # type: ignore[union-attr]
        pass_and_sync(engine, task)
    # The case's other departments found nothing to correct and give their opinion:
    # until then their review is open and the one notice cannot go out.
    for dept in {t.department_code for t in data().tasks if t.case_code == code} - {
            lead_dept, other_dept}:
        _give_opinion(device(reviewers(dept)[0]), code, dept)
    lead.sync_once()
    with lead.store.read() as uow:
        (notice,) = uow.correction_notices.for_case(code)
    assert notice.status == CorrectionNoticeStatus.DRAFT
    assert {i.department_code for i in notice.items} == {lead_dept, other_dept}
    issued = _queue(lead, "correction_notice.issue", "correction_notice", notice.id, {})
    with lead.store.read() as uow:  # offline, already shown as issued
        shown = uow.correction_notices.get(notice.id)
    assert shown is not None and shown.status == CorrectionNoticeStatus.ISSUED
    assert lead.sync_once().push.applied == 1, issued
    for engine in (lead, other):
        engine.sync_once()
        with engine.store.read() as uow:
            (seen,) = uow.correction_notices.for_case(code)
            notifications = uow.notifications.for_case(code)
        assert seen.status == CorrectionNoticeStatus.ISSUED and seen.issued_on is not None
        assert [n.kind for n in notifications] == ["correction_notice"]  # told once
    # A second notice without a reason is refused by the platform: nothing twice.
    stored = sandbox.platform.record("correction_notice", notice.id)
    assert stored is not None and stored.body["status"] == "issued"


def test_a_special_procedure_stops_and_restarts_the_clock(
    sandbox: Sandbox, device: Device
) -> None:
    code, lead_dept, _ = _fresh_case()
    lead = device(reviewers(lead_dept)[0])
    lead.sync_once()
    task = _own_task(lead, code, lead_dept)
    _queue(lead, "task.claim", "review_task", task, {"assignee": lead.client.username})
    lead.sync_once()
    _queue(lead, "case.suspend", "case", code, {
        "procedure": SpecialProcedureKind.EXPERT_REVIEW.value, "started_on": "2025-03-03",
        "reason": "需组织专家评审消防设计"})
    with lead.store.read() as uow:
        case = uow.cases.get(code)
    assert case is not None and case.status == CaseStatus.SUSPENDED  # offline, at once
    assert lead.sync_once().push.applied == 1
    with lead.store.read() as uow:
        (procedure,) = uow.special_procedures.for_case(code)
        assert uow.tasks.get(task) is not None
        assert uow.tasks.get(task).status == TaskStatus.SUSPENDED  # type: ignore[union-attr]
        clock = uow.cases.deadline(code)
    assert clock is not None and clock.status.clock_stopped
    _queue(lead, "special_procedure.end", "special_procedure", procedure.id,
           {"ended_on": "2025-03-03"})  # the device's today: no later
    assert lead.sync_once().push.applied == 1
    with lead.store.read() as uow:
        (ended,) = uow.special_procedures.for_case(code)
        case = uow.cases.get(code)
    assert ended.ended_on == dt.date(2025, 3, 3)
    assert case is not None and case.status == CaseStatus.IN_REVIEW


def test_an_extension_request_goes_to_the_platform_once(
    sandbox: Sandbox, device: Device
) -> None:
    code, lead_dept, _ = _fresh_case()
    lead = device(reviewers(lead_dept)[0])
    lead.sync_once()
    request = _queue(lead, "extension.request", "case", code,
                     {"working_days": 10, "reason": "需现场复核，申请延长十个工作日"})
    lead.sync_once()
    lead.sync_once()
    with sandbox.platform.engine.connect() as conn:
        bodies = [json.loads(b) for b in conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "extension")).scalars()]
    mine = [b for b in bodies if b["case_code"] == code and b["status"] == "requested"]
    assert [b["id"] for b in mine] == [f"extension-{request.id}"]
    assert lead.store.pending_commands() == []
