"""The platform's free/busy answer and stored inspections, as the planner's availability.

The answer is built the way the sandbox platform builds it (its generator,
its working hours) and sent through JSON as on the wire.
"""

from __future__ import annotations

import datetime as dt

from planning_support import CAL, at, is_free

from backoffice.api import v1
from backoffice.domain.model import Inspection, InspectionStatus
from backoffice.planning.availability import Availability
from backoffice.planning.model import BusyKind, DepartmentNeed, Preferences, SlotRequest
from backoffice.planning.search import search
from backoffice.planning.sources import (
    busy_of_inspections,
    calendar_disagreements,
    inspectors_from_free_busy,
    with_busy,
)
from backoffice.sandbox.freebusy import WORKING_HOURS, busy_of_day

START, END = dt.date(2026, 4, 27), dt.date(2026, 5, 15)
USERS = [("SCJG-220200", "scjg.insp1"), ("SCJG-220200", "scjg.insp2"),
         ("XFJY-220200", "xfjy.insp1"), ("WSJK-220200", "wsjk.insp1")]


def _answer() -> v1.FreeBusy:
    days = [START + dt.timedelta(n) for n in range((END - START).days + 1)]
    working = [d for d in days if CAL.is_working_day(d)]
    hours = [v1.WorkingHours(start=a.strftime("%H:%M"), end=b.strftime("%H:%M"))
             for a, b in WORKING_HOURS]
    answer = v1.FreeBusy(from_date=START, to_date=END, working_days=working, inspectors=[
        v1.InspectorFreeBusy(
            username=name, display_name=name.upper(), department_code=dept, working_hours=hours,
            busy=[v1.BusyInterval(start=a, end=b, reason=r)  # type: ignore[arg-type]
                  for d in working for a, b, r in busy_of_day(name, d)])
        for dept, name in USERS])
    return v1.FreeBusy.model_validate_json(answer.model_dump_json())  # as received


def test_free_busy_maps_one_to_one() -> None:
    answer = _answer()
    people = inspectors_from_free_busy(answer, qualifications={"xfjy.insp1": ["public_venue"]})
    assert [(p.id, p.name, p.department) for p in people] == [
        (u, u.upper(), d) for d, u in USERS]
    assert people[2].qualifications == frozenset({"public_venue"})
    assert [(w.start, w.end) for w in people[0].working_hours] == list(WORKING_HOURS)
    for person, wire in zip(people, answer.inspectors, strict=True):
        assert [(b.start, b.end, b.kind.value) for b in person.busy] == [
            (b.start, b.end, b.reason) for b in wire.busy]
    assert any(b.kind is BusyKind.INSPECTION and b.visit for p in people for b in p.busy)
    assert calendar_disagreements(answer, CAL) == []


def test_calendar_disagreements_are_found() -> None:
    answer = _answer()
    shifted = answer.model_copy(update={"working_days": answer.working_days[1:]})
    assert calendar_disagreements(shifted, CAL) == [answer.working_days[0]]


def test_search_on_free_busy_keeps_clear_of_it() -> None:
    people = inspectors_from_free_busy(_answer())
    buffer = dt.timedelta(minutes=30)
    req = SlotRequest(
        departments=(DepartmentNeed("SCJG-220200"), DepartmentNeed("XFJY-220200"),
                     DepartmentNeed("WSJK-220200")),
        duration=dt.timedelta(hours=2), window_start=at(2026, 4, 27),
        window_end=at(2026, 5, 16), count=8, max_per_day=2)
    slots = search(Availability(people, CAL, buffer), req).slots
    assert len(slots) == 8
    by_id = {p.id: p for p in people}
    for slot in slots:
        for member in slot.team:
            assert is_free(by_id[member.inspector], slot.start, slot.end, buffer, CAL)


def test_stored_inspections_block_their_inspectors_except_the_one_replanned() -> None:
    def inspection(id: str, day: int, status: InspectionStatus) -> Inspection:
        return Inspection(id=id, case_code=f"220200-2026-00{day:04d}",
                          lead_department="SCJG-220200", departments=("SCJG-220200",),
                          site_address="x", status=status, starts_at=at(2026, 5, day, 9),
                          ends_at=at(2026, 5, day, 11), inspectors=("scjg.insp1",))
    stored = [inspection("i6", 6, InspectionStatus.CONFIRMED),
              inspection("i7", 7, InspectionStatus.CANCELLED),
              inspection("i8", 8, InspectionStatus.PROPOSED),
              Inspection(id="i9", case_code="220200-2026-000009", lead_department="SCJG-220200",
                         departments=("SCJG-220200",), site_address="x")]
    extra = busy_of_inspections(stored, leave_out="i8")
    assert [(b.start.day, b.kind, b.label) for b in extra["scjg.insp1"]] == [
        (6, BusyKind.INSPECTION, "220200-2026-000006")]
    people = with_busy(inspectors_from_free_busy(_answer()), extra)
    assert people[0].busy[-1] == extra["scjg.insp1"][0]
    assert people[1].busy == inspectors_from_free_busy(_answer())[1].busy
    req = SlotRequest((DepartmentNeed("SCJG-220200"),), dt.timedelta(hours=1), at(2026, 5, 6, 8),
                      at(2026, 5, 6, 12), count=1, preferences=Preferences(inspector="scjg.insp1"))
    # 9:00–11:00 on site with 30 minutes' travel each way leaves no hour that morning
    assert search(Availability(people, CAL, dt.timedelta(minutes=30)), req).slots == ()
    free = [p if p.id != "scjg.insp1" else p.__class__(p.id, p.name, p.department)
            for p in people]
    assert search(Availability(free, CAL, dt.timedelta(minutes=30)), req).slots != ()
