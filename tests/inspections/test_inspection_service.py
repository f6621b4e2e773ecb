"""The planner's service layer against the sandbox on loopback, two departments' stores.

Request from each department (checklist from the catalog), plan on the
platform's free/busy (slots that respect every department's calendar and the
deadline), refuse a late slot without a reason, propose, both confirm, print
the notice, export the calendar; field mode prefetches and pins, each
department records its part offline with a downscaled photo, sync, the same
merged record on both sides, and the pins are released.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest
from inspections.joint import PLAN_NOW, inspection_of, photo, staff, two_department_case
from PIL import Image
from support.sync_env import Device
from support.visit_clock import go_to_visit

from backoffice.api import v1
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import ChecklistLine, InspectionResult
from backoffice.domain.model import Verdict
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability, field, service
from backoffice.remote.errors import OFFLINE, RemoteError
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import PIN_FIELD, PIN_UPLOAD, FileCache

CST = dt.timezone(dt.timedelta(hours=8))


def _request(engine: SyncEngine, code: str, department: str) -> None:
    with engine.store.read() as uow:
        case = uow.cases.get(code)
    assert case is not None
    checklist = service.catalog_checklist(engine.store, engine.client, case.service_item_code)
    assert checklist, "the catalog gives the item's checklist"
    user = engine.client.username
    assert user is not None
    service.request_inspection(engine.store, user, department, code, "需核实经营场所", checklist)
    assert engine.sync_once().push.applied == 1


def _busy_overlaps(answer: v1.FreeBusy, user: str, start: dt.datetime, end: dt.datetime) -> bool:
    person = next(i for i in answer.inspectors if i.username == user)
    return any(b.start < end and start < b.end for b in person.busy)


def test_the_whole_flow_through_the_service_layer(
    sandbox: Sandbox, device: Device, tmp_path: Path
) -> None:
    code, lead_dept, other_dept = two_department_case()
    with FileCache(tmp_path / "lead-files", limit_bytes=10**8) as lead_files, \
            FileCache(tmp_path / "other-files", limit_bytes=10**8) as other_files:
        lead = device(staff(lead_dept, "inspector"), files=lead_files)
        other = device(staff(other_dept, "inspector"), files=other_files)
        for engine, dept in ((lead, lead_dept), (other, other_dept)):
            engine.sync_once()
            _request(engine, code, dept)
        lead.sync_once()
        other.sync_once()
        inspection = inspection_of(lead, code)
        assert set(inspection.departments) == {lead_dept, other_dept}

        # A part cannot be saved before the inspection is confirmed: said at once, offline.
        with other.store.read() as uow:
            part = next(p for p in uow.inspection_parts.for_case(code)
                        if p.department_code == other_dept)
        with pytest.raises(DomainError) as refused:
            service.save_part(other.store, "x", part)
        assert refused.value.code == "inspection.not_confirmed"

        copy = availability.free_busy(lead.store, lead.client, PLAN_NOW.date())
        assert copy is not None and copy.fresh
        planning = availability.planning_for(lead.store, inspection.id, copy, now=PLAN_NOW)
        result = planning.suggest()
        deadline = service.case_deadline(lead.store, code)
        assert result.slots and deadline is not None
        for slot in result.slots:
            assert slot.end.astimezone(CST).date() <= deadline
            assert {m.department for m in slot.team} == {lead_dept, other_dept}
            for member in slot.team:  # nobody's platform calendar is broken
                assert not _busy_overlaps(copy.answer, member.inspector, slot.start, slot.end)
            assert planning.check(slot.start, slot.end).ok
        first = result.slots[0]
        team = [m.inspector for m in first.team]

        # A slot after the deadline needs a reason, checked before anything is queued.
        late = dt.datetime.combine(deadline + dt.timedelta(days=3), dt.time(9), CST)
        me = lead.client.username
        assert me is not None
        with pytest.raises(DomainError) as after:
            service.propose(lead.store, me, inspection.id, late, late + dt.timedelta(hours=2),
                            team)
        assert after.value.code == "inspection.after_deadline"
        assert not lead.store.pending_commands()

        service.propose(lead.store, me, inspection.id, first.start, first.end, team)
        assert lead.sync_once().push.applied == 1
        for engine, dept in ((lead, lead_dept), (other, other_dept)):
            engine.sync_once()
            user = engine.client.username
            assert user is not None
            service.answer(engine.store, user, dept, inspection.id, confirmed=True)
            assert engine.sync_once().push.applied == 1
        for engine in (lead, other):
            engine.sync_once()
        confirmed = inspection_of(other, code)
        assert confirmed.status == InspectionStatus.CONFIRMED
        assert confirmed.starts_at == first.start

        notice = service.notice_text(other.store, inspection.id)
        assert confirmed.site_address in notice and "原件" in notice
        ics = service.export_ics(lead.store, [inspection.id],
                                 {p.id: p for p in planning.lanes}, lang="zh")
        assert b"BEGIN:VEVENT" in ics and inspection.id.encode() in ics
        # The team's departments by the names the store has synced.
        (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
        team = str(event["description"])
        with lead.store.read() as uow:
            named = {d.code: d.name for d in uow.departments.all()}
        assert named[lead_dept] in team and lead_dept not in team, team

        # Before leaving: each inspector's field work is prefetched and pinned.
        shas = {}
        for engine, cache, dept in ((lead, lead_files, lead_dept),
                                    (other, other_files, other_dept)):
            user = engine.client.username
            assert user is not None
            # The department's: the first slot's team may be another of its inspectors.
            report = field.prefetch_for_field(engine.store, cache, engine.client, user, dept)
            assert report.inspections == [inspection.id] and report.failed == 0
            with engine.store.read() as uow:
                wanted = {m.file_sha256 for m in uow.materials.for_case(code) if m.file_sha256}
            for sha in wanted:
                assert PIN_FIELD in cache.pins(sha)
            assert cache.evict(0) == [] or all(cache.has(s) for s in wanted)

            # On site, offline: the checklist, a photo, the result, the confirmation.
            with engine.store.read() as uow:
                mine = next(p for p in uow.inspection_parts.for_case(code)
                            if p.department_code == dept)
            original = photo(colour="green" if dept == lead_dept else "blue")
            picture = field.attach_photo(cache, original, max_side=800, caption="现场全景")
            shas[dept] = picture.sha256
            path = cache.path(picture.sha256)
            assert path is not None and PIN_UPLOAD in cache.pins(picture.sha256)
            with Image.open(path) as small:
                assert max(small.size) == 800
            assert picture.original_sha256 != picture.sha256
            filled = replace(mine, lines=tuple(ChecklistLine(x.item, Verdict.PASS)
                                               for x in mine.lines),
                             findings="现场与申报一致", photos=(picture,),
                             result=InspectionResult.PASS)
            service.save_part(engine.store, user, filled, confirm=True)

        go_to_visit(sandbox, inspection.id)  # back online once on site
        for engine in (lead, other):
            report = engine.sync_once()
            assert report.uploaded == 1 and report.push.applied == 1, report
        for engine in (lead, other):
            engine.sync_once()
        records = []
        for engine in (lead, other):
            with engine.store.read() as uow:
                records.append((uow.inspections.for_case(code),
                                uow.inspection_parts.for_case(code)))
                assert uow.outbox.counts()[OutboxState.CONFLICT] == 0
        assert records[0] == records[1]
        assert records[0][0][0].status == InspectionStatus.RECORDED
        assert {p.department_code: p.photos[0].sha256 for p in records[0][1]} == shas

        # Synced and recorded: the field pins are let go.
        for engine, cache in ((lead, lead_files), (other, other_files)):
            assert field.release_field_pins(engine.store, cache) == [inspection.id]
            assert cache.status().pinned_files == 0


class _Offline:
    def free_busy(self, start: dt.date, end: dt.date,
                  department: str | None = None) -> v1.FreeBusy:
        raise RemoteError(OFFLINE)


def test_free_busy_is_kept_for_offline_planning(sandbox: Sandbox, device: Device) -> None:
    _, lead_dept, _ = two_department_case()
    lead = device(staff(lead_dept, "inspector"))
    lead.sync_once()
    assert availability.free_busy(lead.store, _Offline(), PLAN_NOW.date()) is None
    fetched = availability.free_busy(lead.store, lead.client, PLAN_NOW.date())
    assert fetched is not None and fetched.fresh
    kept = availability.free_busy(lead.store, _Offline(), PLAN_NOW.date())
    assert kept is not None and not kept.fresh and kept.error == OFFLINE
    assert kept.answer == fetched.answer and kept.fetched_at == fetched.fetched_at


def test_a_photo_that_is_no_image_is_refused(tmp_path: Path) -> None:
    with FileCache(tmp_path / "files") as cache:
        with pytest.raises(DomainError) as refused:
            field.attach_photo(cache, b"not a picture")
        assert refused.value.code == "inspection.photo_unreadable"
        assert cache.status().files == 0
        small = photo(400, 300)
        kept = field.attach_photo(cache, small, max_side=1600)
        assert kept.sha256 != kept.original_sha256  # PNG re-encoded as JPEG
