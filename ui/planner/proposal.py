"""What the planner shows of an inspection being planned, worked out from plain objects.

The calendar's lanes and blocks, the suggestions with a declined time put
last, and who is who in a team: no widgets here, so the workspace only
hands the results over (engineering brief, pattern 8).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.inspections import without_inspector
from backoffice.domain.inspections_timing import Told
from backoffice.domain.model import Answer, Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability
from backoffice.inspections.availability import Planning
from backoffice.planning.model import SearchResult
from ui.planner import words
from ui.planner.view import Block, Lane


def people_of(planning: Planning | None, i: Inspection | None) -> dict[str, tuple[str, str]]:
    """Inspector → (name, department code), as the free/busy of ``i``'s plan names them."""
    if planning is None or i is None or planning.inspection.id != i.id:
        return {}
    return {p.id: (p.name, p.department) for p in planning.lanes}


def declined_by(i: Inspection, names: Mapping[str, str]) -> str:
    """The departments that declined ``i``'s last proposal, named ("" when none did)."""
    return "、".join(names.get(a.department_code, a.department_code) for a in i.answers
                    if a.answer == Answer.DECLINED)


def declined_last(found: SearchResult, declined: Told | None) -> tuple[SearchResult, int]:
    """``found`` with the suggestions overlapping the ``declined`` time moved last (a
    department said it cannot come then: offering it first again asks the same question),
    and how many there are."""
    if declined is None:
        return found, 0
    start, end = declined
    clash = [s for s in found.slots if s.start < end and start < s.end]
    if not clash:
        return found, 0
    return dataclasses.replace(found, slots=tuple(
        [s for s in found.slots if s not in clash] + clash)), len(clash)


def declined_note(by: str) -> str:
    return QCoreApplication.translate("Planner", "declined by {departments}").format(
        departments=by)


def lanes_of(planning: Planning, current: Inspection, start: dt.datetime, end: dt.datetime,
             names: Mapping[str, str]) -> tuple[list[Lane], dict[str, list[Block]]]:
    """The calendar's lanes between ``start`` and ``end``: each inspector (named with their
    department: two departments may have the same name on staff) with their commitments,
    and ``current``'s own time on its team's lanes."""
    lanes, blocks = [], {}
    for person in planning.lanes:
        lanes.append(Lane(person.id, person.name, names.get(person.department,
                                                            person.department)))
        mine = [Block(b.start, b.end, b.kind.value, b.label) for b in person.busy
                if b.end > start and b.start < end]
        if person.id in current.inspectors and current.starts_at and current.ends_at:
            mine.append(Block(current.starts_at, current.ends_at,
                              "confirmed" if current.status == InspectionStatus.CONFIRMED
                              else "proposed", current.case_code))
        blocks[person.id] = mine
    return lanes, blocks


def nobody_to_send(planning: Planning | None, i: Inspection | None, names: Mapping[str, str],
                   lang: str) -> str:
    """Why no time can be proposed: the departments of the planned inspection with no
    inspector in the free/busy ("" when each has one, or nothing is planned yet)."""
    if planning is None or i is None or planning.inspection.id != i.id:
        return ""
    staff = {p.id: p.department for p in planning.lanes}
    return "\n".join(messages.render_code(
        "inspection.no_inspector_to_send", {"department": names.get(d, d)}, lang)
        for d in without_inspector(planning.inspection, staff))


def check_drag(planning: Planning, start: dt.datetime, end: dt.datetime, lane: str,
               names: dict[str, str], lang: str, late_reason: str
               ) -> tuple[list[str], list[str] | None]:
    """(conflict lines, the team) for a visit at ``start`` with ``lane``'s inspector; a
    time after the case's deadline needs ``late_reason`` (typed for this inspection)."""
    check = planning.check(start, end, [lane])
    team = availability.team_for(check, planning.inspection.departments, [lane])
    lines = words.conflicts(check, names, lang, lane)
    deadline = planning.deadline
    if deadline is not None and end.astimezone(clock.shanghai_tz()).date() > deadline \
            and not late_reason.strip():
        lines.append(messages.render_code("inspection.after_deadline", {
            "day": f"{start.astimezone(clock.shanghai_tz()):%Y-%m-%d}",
            "due_date": deadline.isoformat()}, lang))
    return lines, (list(team) if team is not None and not lines else None)
