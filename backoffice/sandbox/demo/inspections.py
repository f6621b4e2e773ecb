"""Demo joint site inspections: a few cases whose departments must go on site together.

Picked from the cases in review whose catalog entry has two or more
departments that inspect (``StepSpec.needs_inspection``), each with a live
task; never a fresh case (those are kept untouched for walking the whole
flow). One inspection per picked case, at successive stages — requested,
proposed (the organiser's department has confirmed), confirmed, recorded —
so training mode shows every state. Each department's part (and request)
holds its own points of the catalog checklist, as the client's request
form gives them (``points_of``: a bundle marks each point 【short name】),
never another department's. Each slot is one every inspector of the
team is free for (the sandbox's generated free/busy, and the other demo
inspections): a planner would have found it. Pure and reproducible: derived
from the generated records alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from backoffice.domain import inspections as di
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.checklist_points import points_of
from backoffice.domain.model import (
    Case,
    Department,
    Inspection,
    Material,
    ReviewTask,
    Verdict,
)
from backoffice.domain.states import CaseStatus, InspectionStatus, TaskStatus
from backoffice.sandbox.demo.catalog import CatalogEntry
from backoffice.sandbox.demo.places import DemoUser
from backoffice.sandbox.freebusy import busy_of_day

CST = dt.timezone(dt.timedelta(hours=8))
STAGES = (InspectionStatus.REQUESTED, InspectionStatus.PROPOSED, InspectionStatus.CONFIRMED,
          InspectionStatus.RECORDED)
_LIVE = frozenset({TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW})
_STARTS = (dt.time(8, 30), dt.time(9, 30), dt.time(13, 30), dt.time(15, 0))
_LENGTH = dt.timedelta(hours=2)
Taken = dict[str, list[tuple[dt.datetime, dt.datetime]]]


@dataclass(frozen=True, slots=True)
class DemoInspections:
    inspections: tuple[Inspection, ...] = ()
    requests: tuple[di.InspectionRequest, ...] = ()
    parts: tuple[di.InspectionPart, ...] = ()


def build_inspections(today: dt.date, cases: Sequence[Case], tasks: Sequence[ReviewTask],
          materials: Sequence[Material], catalog: Sequence[CatalogEntry],
          users: Sequence[DemoUser], fresh: Sequence[str],
          calendar: WorkCalendar, departments: Sequence[Department]) -> DemoInspections:
    entries = {e.item.code: e for e in catalog}
    names = {d.code: d.name for d in departments}
    live: dict[str, set[str]] = {}
    for t in tasks:
        if t.status in _LIVE:
            live.setdefault(t.case_code, set()).add(t.department_code)
    inspectors: dict[str, str] = {}
    for u in users:
        if "inspector" in u.roles:
            inspectors.setdefault(u.department_code, u.username)
    out: list[Inspection] = []
    requests: list[di.InspectionRequest] = []
    parts: list[di.InspectionPart] = []
    taken: Taken = {}
    for case in cases:
        if len(out) == len(STAGES):
            break
        entry = entries.get(case.service_item_code)
        if case.case_code in fresh or case.status != CaseStatus.IN_REVIEW or entry is None:
            continue
        going = [s.department_code for s in entry.departments if s.needs_inspection
                 and s.department_code in live.get(case.case_code, set())
                 and s.department_code in inspectors]
        if len(going) < 2 or not case.site_address:
            continue
        stage = STAGES[len(out)]
        team = tuple(inspectors[d] for d in going)
        starts = _free_slot(team, today, calendar, taken,
                            past=stage == InspectionStatus.RECORDED)
        checklists = {d: points_of(entry.checklist, names[d]) for d in going}
        inspection, asked, recorded = _at_stage(stage, today, case, checklists, inspectors,
                                                materials, starts)
        out.append(inspection)
        requests += asked
        parts += recorded
    return DemoInspections(tuple(out), tuple(requests), tuple(parts))


def _free_slot(team: tuple[str, ...], today: dt.date, calendar: WorkCalendar, taken: Taken,
               *, past: bool) -> dt.datetime:
    """The first two hours on a working day (after today, or before it) the team is free."""
    step = -1 if past else 1
    day = today + dt.timedelta(days=2 * step)
    for _ in range(60):
        if calendar.is_working_day(day):
            for start in _STARTS:
                begin = dt.datetime.combine(day, start, CST)
                end = begin + _LENGTH
                busy = [(a, b) for name in team
                        for a, b in [*((x, y) for x, y, _r in busy_of_day(name, day)),
                                     *taken.get(name, [])]]
                if all(end <= a or begin >= b for a, b in busy):
                    for name in team:
                        taken.setdefault(name, []).append((begin, end))
                    return begin
        day += dt.timedelta(days=step)
    raise ValueError(f"no common free slot for {team} near {today}")


def _at_stage(stage: InspectionStatus, today: dt.date, case: Case,
              checklist: dict[str, tuple[str, ...]], inspectors: dict[str, str],
              materials: Sequence[Material], starts: dt.datetime
              ) -> tuple[Inspection, list[di.InspectionRequest], list[di.InspectionPart]]:
    """The inspection of ``checklist``'s departments (each with its points) at ``stage``."""
    iid = f"inspection-demo-{case.case_code}"
    going = list(checklist)
    lead = case.lead_department if case.lead_department in going else going[0]
    asked = [di.InspectionRequest(
        f"inspection-request-demo-{case.case_code}-{d}", case.case_code, d, case.site_address,
        "核实经营场所与申报材料一致", checklist[d], inspectors[d],
        dt.datetime.combine(today - dt.timedelta(days=3), dt.time(10), CST),
        inspection_id=iid, version=1) for d in going]
    inspection = Inspection(iid, case.case_code, lead, tuple(going), case.site_address,
                            version=len(going))
    slot = di.Slot(starts, starts + _LENGTH, tuple(inspectors[d] for d in going))
    originals = tuple(dict.fromkeys(m.name for m in materials if m.case_code == case.case_code
                                    and m.original_required and m.department_code in going))
    parts = [di.InspectionPart(di.part_id(iid, d), iid, case.case_code, d,
                               lines=tuple(di.ChecklistLine(x) for x in checklist[d]), version=1)
             for d in going]
    if stage == InspectionStatus.REQUESTED:
        return inspection, asked, parts
    inspection = di.propose(inspection, slot, originals=originals)
    for d in going if stage != InspectionStatus.PROPOSED else [lead]:
        inspection = di.answer(inspection, d, inspection.proposal, confirmed=True,
                               by=inspectors[d])
    if stage == InspectionStatus.RECORDED:
        at = starts + dt.timedelta(hours=1, minutes=40)
        parts = [_recorded(p, inspectors[p.department_code], at, n)
                 for n, p in enumerate(parts)]
        inspection = di.all_parts_in(inspection, parts)
    return inspection, asked, parts


def _recorded(part: di.InspectionPart, inspector: str, at: dt.datetime,
              n: int) -> di.InspectionPart:
    if n == 0 or not part.lines:
        lines = tuple(di.ChecklistLine(x.item, Verdict.PASS) for x in part.lines)
        return di.InspectionPart(part.id, part.inspection_id, part.case_code,
                                 part.department_code, lines, "现场与申报材料一致。", (), (),
                                 di.InspectionResult.PASS, inspector, inspector, at, version=3)
    first, *rest = part.lines
    lines = (di.ChecklistLine(first.item, Verdict.FAIL, "安全出口指示标志缺失"),
             *(di.ChecklistLine(x.item, Verdict.PASS) for x in rest))
    corrections = (di.OnSiteCorrection(first.item, "补设安全出口指示标志，整改后拍照上传"),)
    return di.InspectionPart(part.id, part.inspection_id, part.case_code, part.department_code,
                             lines, "现场发现一处问题，已当场告知整改（9.5.2.2）。", (), corrections,
                             di.InspectionResult.PASS_WITH_CORRECTIONS, inspector, inspector, at,
                             version=3)

