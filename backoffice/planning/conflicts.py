"""Conflict check of a hand-picked time: who is busy then, and with what.

The same rules as the slot search (working days, working hours, travel
buffers; see :mod:`backoffice.planning.availability`), but answered per
inspector with every reason, so a planner who overrides the suggestions sees
what they override. Reasons are :class:`~backoffice.planning.model.Note`\\ s:

- ``planning.conflict_too_early`` {earliest}: the visit starts before the
  earliest time asked for (now and the way there: nobody can be there then);
- ``planning.conflict_day_off`` {date}: not a working day;
- ``planning.conflict_outside_hours`` {hours}: the visit and its buffers do
  not fit in one working period;
- ``planning.conflict_leave`` / ``_meeting`` / ``_inspection`` / ``_other``
  {start, end}: a commitment overlaps the visit itself;
- ``planning.conflict_travel`` {start, end}: a commitment overlaps
  only a travel buffer (the visit fits, getting there or back does not).

A commitment with a label (the case code of a visit, the title of a
meeting) gives the same code with ``_labelled`` and {label, start, end}.
The free/busy's commitments have none: the code already says what they
are, in the reader's language, and the raw kind would say it twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from backoffice.domain.inspections_timing import earliest_text
from backoffice.planning.availability import Availability
from backoffice.planning.explain import local_text
from backoffice.planning.minutes import DAY, minutes_ceil, minutes_floor
from backoffice.planning.model import Busy, DepartmentNeed, Note, PlanningError, _check_aware

__all__ = ["InspectorCheck", "TimeCheck", "check_time"]


@dataclass(frozen=True, slots=True)
class InspectorCheck:
    inspector: str
    name: str
    department: str
    conflicts: tuple[Note, ...]  # empty: free for the visit

    @property
    def free(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True, slots=True)
class TimeCheck:
    start: dt.datetime
    end: dt.datetime
    inspectors: tuple[InspectorCheck, ...]
    uncovered: tuple[str, ...]  # required departments with nobody free

    @property
    def ok(self) -> bool:
        return not self.uncovered


def check_time(availability: Availability, start: dt.datetime, end: dt.datetime, *,
               departments: Sequence[DepartmentNeed] = (),
               inspectors: Sequence[str] = (),
               earliest: dt.datetime | None = None) -> TimeCheck:
    """Check a visit ``start``–``end`` for the named inspectors and every qualified
    inspector of ``departments``; ``uncovered`` lists required departments left
    without anyone free. A visit starting before ``earliest`` (now and the way
    there, as the search's window starts) keeps everybody away."""
    if end <= start:
        raise PlanningError("planning.ends_before_start", start=start.isoformat(),
                            end=end.isoformat())
    if earliest is not None:
        _check_aware(earliest, "earliest")
    s, e = minutes_floor(start), minutes_ceil(end)
    chosen = list(dict.fromkeys([
        *inspectors,
        *(i.id for need in departments for i in availability.inspectors if i.qualified_for(need)),
    ]))
    checks = []
    for inspector_id in chosen:
        person = availability.get(inspector_id)
        if person is None:
            raise PlanningError("planning.unknown_inspector", inspector=inspector_id)
        found = _conflicts(availability, inspector_id, s, e)
        if earliest is not None and start < earliest:
            found.insert(0, Note("planning.conflict_too_early",
                                 {"earliest": earliest_text(earliest)}))
        checks.append(InspectorCheck(person.id, person.name, person.department, tuple(found)))
    free = {c.inspector for c in checks if c.free}
    uncovered = tuple(
        need.department for need in departments if need.required and not any(
            i.id in free for i in availability.inspectors if i.qualified_for(need)))
    return TimeCheck(start, end, tuple(checks), uncovered)


def _conflicts(availability: Availability, inspector_id: str, s: int, e: int) -> list[Note]:
    pad = availability.buffer
    out: list[Note] = []
    days = range((s - pad) // DAY, (e + pad - 1) // DAY + 1)
    for day in days:
        if not availability.is_working_day(day):
            out.append(Note("planning.conflict_day_off",
                            {"date": dt.date.fromordinal(day).isoformat()}))
    if not out and not any(ws <= s - pad and e + pad <= we
                           for day in days for ws, we in availability.working(inspector_id, day)):
        person = availability.get(inspector_id)
        hours = ", ".join(f"{p.start:%H:%M}–{p.end:%H:%M}"
                          for p in (person.working_hours if person else ()))
        out.append(Note("planning.conflict_outside_hours", {"hours": hours}))
    seen: set[int] = set()
    for day in days:
        for bs, be, busy in availability.busy_on(inspector_id, day):
            if id(busy) in seen or not (bs < e + pad and s - pad < be):
                continue
            seen.add(id(busy))
            out.append(_busy_note(busy, bs, be, s, e, pad))
    return out


def _busy_note(busy: Busy, bs: int, be: int, s: int, e: int, pad: int) -> Note:
    own = pad if busy.visit else 0  # bs/be are widened by the buffer for visits
    params = {"start": local_text(busy.start), "end": local_text(busy.end)}
    suffix = ""
    if busy.label:
        params["label"], suffix = busy.label, "_labelled"
    if bs + own < e and s < be - own:
        return Note(f"planning.conflict_{busy.kind.value}{suffix}", params)
    return Note(f"planning.conflict_travel{suffix}", params)
