"""A joint site inspection across two departments' stores, through the sandbox on loopback.

Request by both, the organiser proposes, both confirm, each records its part
offline with a photo (uploaded through the file cache), sync, and both sides
hold the same merged record. Two people of one department saving the same
part from the same version: one gets a conflict. A malformed inspection
record from the platform is quarantined without stopping the sync.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from support.sync_env import Device, data, propose_day_before_due
from support.sync_env import queue as _queue
from support.sync_env import staff as _staff
from support.visit_clock import go_to_visit, sign_in_again

from backoffice.domain.inspection_payloads import part_payload
from backoffice.domain.inspections import InspectionPart, InspectionResult
from backoffice.domain.model import Answer, Inspection, InspectionStatus
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache


def _case() -> tuple[str, str, str]:
    """A fresh case of two departments: its code, its lead and the other department."""
    code = data().fresh_cases[1]
    case = next(c for c in data().cases if c.case_code == code)
    other = next(t.department_code for t in data().tasks
                 if t.case_code == code and t.department_code != case.lead_department)
    return code, case.lead_department, other


def _inspection(engine: SyncEngine, code: str) -> Inspection:
    with engine.store.read() as uow:
        (found,) = uow.inspections.for_case(code)
    return found


def _part(engine: SyncEngine, code: str, department: str) -> InspectionPart:
    with engine.store.read() as uow:
        return next(p for p in uow.inspection_parts.for_case(code)
                    if p.department_code == department)


def _joint_record(engine: SyncEngine, code: str) -> dict[str, Any]:
    with engine.store.read() as uow:
        return {"inspections": uow.inspections.for_case(code),
                "requests": uow.inspection_requests.for_case(code),
                "parts": uow.inspection_parts.for_case(code)}


def _request(engine: SyncEngine, code: str, department: str) -> None:
    _queue(engine, "inspection.request", "case", code, {
        "department_code": department, "reason": "需核实经营场所与平面图一致",
        "checklist": [f"{department}：场所布局", f"{department}：设施设备"]})


def _plan_and_confirm(lead: SyncEngine, other: SyncEngine, code: str, lead_dept: str,
                      other_dept: str) -> Inspection:
    inspection = _inspection(lead, code)
    assert inspection.lead_department == lead_dept and inspection.joint
    propose_day_before_due(lead, code, inspection.id,
                           [_staff(lead_dept, "inspector"), _staff(other_dept, "inspector")])
    assert lead.sync_once().push.applied == 1
    for engine, dept in ((lead, lead_dept), (other, other_dept)):
        engine.sync_once()
        proposal = _inspection(engine, code).proposal
        _queue(engine, "inspection.confirm", "inspection", inspection.id,
               {"department_code": dept, "proposal": proposal})
        assert _inspection(engine, code).answers  # shown at once, offline
        assert engine.sync_once().push.applied == 1
    lead.sync_once()
    confirmed = _inspection(lead, code)
    assert confirmed.status == InspectionStatus.CONFIRMED
    assert all(a.answer == Answer.CONFIRMED for a in confirmed.answers)
    return confirmed


def _record_offline(engine: SyncEngine, cache: FileCache, code: str, department: str,
                    photo: bytes) -> str:
    """Fill the department's part with a photo, offline; the photo's hash."""
    sha = cache.add_local(photo)  # the downscaled copy that travels
    part = _part(engine, code, department)
    from backoffice.domain.inspections import ChecklistLine, InspectionPhoto
    from backoffice.domain.model import Verdict
    filled = dataclasses.replace(
        part, lines=tuple(ChecklistLine(x.item, Verdict.PASS) for x in part.lines),
        findings=f"{department} 现场与申报一致", result=InspectionResult.PASS,
        photos=(InspectionPhoto(sha, "0" * 63 + "1", "现场全景"),))
    _queue(engine, "inspection.record_part", "inspection_part", part.id,
           part_payload(filled, confirm=True))
    shown = _part(engine, code, department)
    assert shown.confirmed and shown.photos[0].sha256 == sha  # offline: shown as saved
    return sha


def test_joint_inspection_across_two_departments_stores(
    sandbox: Sandbox, device: Device, tmp_path: Path
) -> None:
    code, lead_dept, other_dept = _case()
    with FileCache(tmp_path / "lead-files", limit_bytes=10**7) as lead_files, \
            FileCache(tmp_path / "other-files", limit_bytes=10**7) as other_files:
        lead = device(_staff(lead_dept, "inspector"), files=lead_files)
        other = device(_staff(other_dept, "inspector"), files=other_files)
        for engine, dept in ((lead, lead_dept), (other, other_dept)):
            engine.sync_once()
            _request(engine, code, dept)
            assert engine.sync_once().push.applied == 1
        other.sync_once()
        lead.sync_once()
        inspection = _plan_and_confirm(lead, other, code, lead_dept, other_dept)
        other.sync_once()
        with other.store.read() as uow:
            notices = [n for n in uow.notifications.for_case(code)
                       if n.kind == "inspection_appointment"]
        assert len(notices) == 1 and inspection.site_address in notices[0].text

        # On site, offline: each department records its part, with a photo.
        shas = {dept: _record_offline(engine, cache, code, dept,
                                      f"photo of {dept} at {code}".encode() * 50)
                for engine, cache, dept in ((lead, lead_files, lead_dept),
                                            (other, other_files, other_dept))}
        go_to_visit(sandbox, inspection.id)  # back online once on site, weeks later
        sign_in_again(lead.client, other.client)
        for engine in (lead, other):
            report = engine.sync_once()
            assert report.uploaded == 1 and report.push.applied == 1, report
        for engine in (lead, other):
            engine.sync_once()

        merged = [_joint_record(e, code) for e in (lead, other)]
        assert merged[0] == merged[1]
        (final,) = merged[0]["inspections"]
        assert final.status == InspectionStatus.RECORDED
        parts = {p.department_code: p for p in merged[0]["parts"]}
        assert set(parts) == {lead_dept, other_dept}
        for dept, part in parts.items():
            assert part.confirmed and part.photos[0].sha256 == shas[dept]
        assert len(merged[0]["requests"]) == 2
        for engine in (lead, other):
            with engine.store.read() as uow:
                assert uow.outbox.counts()[OutboxState.CONFLICT] == 0
        # The other department's photo reaches the lead through the platform.
        path = lead_files.fetch(lead.client, shas[other_dept])  # type: ignore[arg-type]
        assert path.read_bytes() == f"photo of {other_dept} at {code}".encode() * 50


def test_two_people_of_one_department_saving_one_part_conflict(
    sandbox: Sandbox, device: Device
) -> None:
    code, lead_dept, other_dept = _case()
    lead = device(_staff(lead_dept, "inspector"))
    other = device(_staff(other_dept, "inspector"))
    colleague = device(_staff(other_dept, "reviewer"))
    for engine, dept in ((lead, lead_dept), (other, other_dept)):
        engine.sync_once()
        _request(engine, code, dept)
        engine.sync_once()
    lead.sync_once()
    _plan_and_confirm(lead, other, code, lead_dept, other_dept)
    other.sync_once()
    colleague.sync_once()
    # Both start from the same version of the department's part, offline.
    for engine, findings in ((other, "后门通道畅通"), (colleague, "后门堆放杂物")):
        part = _part(engine, code, other_dept)
        _queue(engine, "inspection.record_part", "inspection_part", part.id,
               {**part_payload(part), "findings": findings})
    assert other.sync_once().push.applied == 1
    report = colleague.sync_once()
    assert len(report.push.conflicts) == 1 and report.push.applied == 0
    (conflict,) = colleague.store.conflicts()
    assert conflict.command.kind == "inspection.record_part"
    assert conflict.server_record is not None
    assert conflict.server_record["findings"] == "后门通道畅通"
    # What the colleague sees is the platform's part; their save is kept, not lost.
    assert _part(colleague, code, other_dept).findings == "后门通道畅通"
    assert conflict.command.payload["findings"] == "后门堆放杂物"


def test_a_malformed_inspection_record_is_quarantined(
    sandbox: Sandbox, device: Device
) -> None:
    code, lead_dept, _ = _case()
    lead = device(_staff(lead_dept, "inspector"))
    lead.sync_once()
    platform = sandbox.platform
    bad = [
        # Breaks the contract: a status the contract does not know.
        {"id": "inspection-bad-status", "case_code": code, "lead_department": lead_dept,
         "departments": [lead_dept], "site_address": "虚构地址", "status": "scheduled"},
        # Breaks a domain rule: the organiser does not take part.
        {"id": "inspection-bad-lead", "case_code": code, "lead_department": "NOBODY",
         "departments": [lead_dept], "site_address": "虚构地址", "status": "requested"},
    ]
    with platform.lock, platform.engine.begin() as conn:
        ledger = Ledger(conn)
        for body in bad:
            ledger.put("inspection", {**body, "entity": "inspection"})
            ledger.share("inspection", body["id"], [lead_dept])
    report = lead.sync_once()
    assert report.pull.quarantined == 2
    with lead.store.read() as uow:
        assert uow.inspections.for_case(code) == []
        assert uow.quarantine.count() == 2
    assert lead.sync_once().pull.quarantined == 0  # not sent again, sync goes on
