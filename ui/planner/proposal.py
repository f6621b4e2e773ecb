"""What the planner shows of an inspection being planned, worked out from plain objects.

The calendar's lanes and blocks, the suggestions with a declined time put
last, and who is who in a team: no widgets here, so the workspace only
hands the results over (engineering brief, pattern 8).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections import answer, check_confirm_team, without_inspector
from backoffice.domain.inspections_timing import Told
from backoffice.domain.model import Answer, Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.inspections import availability
from backoffice.inspections.availability import Planning
from backoffice.planning.model import SearchResult, Slot, TeamMember
from backoffice.store import Store
from ui.planner import words
from ui.planner.view import Block, Lane
from ui.widgets.listing import listed


def people_of(planning: Planning | None, i: Inspection | None) -> dict[str, tuple[str, str]]:
    """Inspector → (name, department code), as the free/busy of ``i``'s plan names them."""
    if planning is None or i is None or planning.inspection.id != i.id:
        return {}
    return {p.id: (p.name, p.department) for p in planning.lanes}


def declined_by(i: Inspection, names: Mapping[str, str]) -> str:
    """The departments that declined ``i``'s last proposal, named ("" when none did)."""
    return listed(names.get(a.department_code, a.department_code) for a in i.answers
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


def _staff(planning: Planning | None, i: Inspection) -> dict[str, str]:
    """Inspector → department, as the free/busy of ``i``'s plan lists them."""
    if planning is None or planning.inspection.id != i.id:
        return {}
    return {p.id: p.department for p in planning.lanes}


def confirm_refused(i: Inspection, department: str, planning: Planning | None,
                    names: Mapping[str, str], lang: str) -> str:
    """Why ``department``'s confirmation of ``i`` would be refused for its team ("" when
    it would not): the domain's rule (``check_confirm_team``) on the inspectors the
    free/busy lists, as the service takes it — said before the click, not after it.
    A team member it does not list may be of any department: nothing is said then but
    that (:func:`unknown_on_team`), the platform checks."""
    staff = _staff(planning, i)
    if not staff or i.status != InspectionStatus.PROPOSED \
            or any(n not in staff for n in i.inspectors):
        return ""
    lead = i.lead_department
    try:
        answered = answer(i, department, i.proposal, confirmed=True, by="",
                          department_names=names)
        check_confirm_team(answered, department, staff, organiser=names.get(lead, lead),
                           department_names=names, known=set(staff.values()))
    except DomainError as exc:
        if exc.code == "inspection.confirm_without_inspector":
            return messages.render(exc, lang)
    return ""


def unknown_on_team(i: Inspection, planning: Planning | None) -> str:
    """The line naming the proposed team's inspectors the free/busy does not list ("" when
    it lists them all): the pre-check cannot tell whether they are free then, so it says
    so rather than take them as free; the platform checks the confirmation."""
    staff = _staff(planning, i)
    if not staff or i.status != InspectionStatus.PROPOSED:
        return ""
    unknown = [n for n in i.inspectors if n not in staff]
    if not unknown:
        return ""
    return QCoreApplication.translate(
        "Planner", "Not in the free/busy: {inspectors}. Whether they are free then is not "
        "known here; the platform checks it when the confirmation arrives.").format(
            inspectors=listed(unknown))


def without_own_inspector(i: Inspection, planning: Planning | None) -> list[str]:
    """The departments of ``i``'s proposed time with none of their inspectors on its team
    (one that joined, or took a departed one's place, since): they cannot confirm it."""
    staff = _staff(planning, i)
    if not staff or i.status != InspectionStatus.PROPOSED or i.starts_at is None:
        return []
    missing = []
    for code in i.departments:
        try:
            check_confirm_team(i, code, staff, organiser="", known=set(staff.values()))
        except DomainError:
            missing.append(code)
    return missing


def same_time_first(found: SearchResult, planning: Planning, i: Inspection,
                    names: Mapping[str, str]) -> tuple[SearchResult, str, str]:
    """``found`` with ``i``'s own time first when a department has nobody on its team —
    the team kept where free, completed by a free inspector of each such department —
    with the note marking it and the reason it is proposed again ("", "": not offered)."""
    missing = without_own_inspector(i, planning)
    if not missing or i.starts_at is None or i.ends_at is None:
        return found, "", ""
    people = {p.id: p for p in planning.lanes}
    kept = [n for n in i.inspectors if n in people]
    team = availability.team_for(planning.check(i.starts_at, i.ends_at, kept),
                                 i.departments, prefer=kept)
    if team is None:
        return found, "", ""
    slot = Slot(i.starts_at, i.ends_at, tuple(
        TeamMember(n, people[n].name, people[n].department) for n in team))
    rest = tuple(s for s in found.slots if (s.start, s.end) != (slot.start, slot.end))
    note = QCoreApplication.translate("Planner", "the time the applicant holds") \
        if (i.starts_at, i.ends_at) == planning.held \
        else QCoreApplication.translate("Planner", "the time proposed now")
    said = listed(names.get(d, d) for d in missing)
    reason = QCoreApplication.translate(
        "Planner", "Same time, with an inspector of {departments} on the team.").format(
            departments=said)
    return dataclasses.replace(found, slots=(slot, *rest)), note, reason


def needs_inspector(i: Inspection, planning: Planning | None,
                    names: Mapping[str, str]) -> str:
    """The organiser's line naming the departments that need an inspector on the team."""
    missing = without_own_inspector(i, planning)
    if not missing:
        return ""
    return QCoreApplication.translate(
        "Planner", "{departments}: nobody on the team, so it cannot confirm. Propose the "
        "time again with one of its inspectors (the first suggestion).").format(
            departments=listed(names.get(d, d) for d in missing))


def proposal_texts(i: Inspection, planning: Planning | None, names: Mapping[str, str],
                   department: str, now: dt.datetime, calendar: WorkCalendar,
                   declined: Told | None, lang: str) -> tuple[str, str]:
    """The proposal as ``department`` answers it (with the team's inspectors whose
    availability the free/busy does not tell), and why its confirmation cannot be given
    (too late, or nobody of it on the team), the organiser's too; the organiser is told
    which departments need an inspector on the team."""
    mine = planning is not None and planning.inspection.id == i.id
    text = words.proposal(i, names, people_of(planning, i),
                          planning.deadline if planning is not None and mine else None,
                          declined)
    lead = i.lead_department
    late = words.too_late(i, now, calendar, names.get(lead, lead),
                          planning.held if planning is not None and mine else None,
                          lead == department)
    refused = confirm_refused(i, department, planning, names, lang)
    text = "\n".join(t for t in (text, unknown_on_team(i, planning)) if t)
    if lead == department:  # who needs an inspector added, beside the answers awaited
        text = "\n".join(t for t in (text, needs_inspector(i, planning, names)) if t)
    return text, "\n".join(t for t in (late, refused) if t)


def fresh_free_busy(store: Store, client: Any, now: dt.datetime) -> Callable[[], str]:
    """For the worker, before a proposal or confirmation is checked: fetch the free/busy
    anew (kept where the service checks the team, as 刷新空闲/忙碌 keeps it), so a stale
    copy neither refuses what the platform accepts nor lets through what it refuses.
    Gives "" when fetched, else how old the copy checked against is."""
    def fetch() -> str:
        copy = availability.free_busy(store, client, now.astimezone(
            clock.shanghai_tz()).date())
        return "" if copy is None or copy.fresh else words.checked_offline(copy)
    return fetch


def planned_slots(found: SearchResult, planning: Planning, i: Inspection,
                  names: Mapping[str, str], declined: Told | None
                  ) -> tuple[SearchResult, dict[int, str], str]:
    """The suggestions as shown: a declined time last, the time again first when a
    department has nobody on the team; the notes of their rows, and the reason the first
    is proposed again with ("" when it is an ordinary suggestion)."""
    found, late = declined_last(found, declined)
    by = declined_by(planning.inspection, names)
    notes = {row: declined_note(by) for row in range(len(found.slots) - late, len(found.slots))}
    found, same, reason = same_time_first(found, planning, i, names)
    if same:
        notes = {0: same, **{row + 1: note for row, note in notes.items()}}
    return found, notes, reason
