"""Shared by the planning tests: fixed dates, small builders, and the brute-force search.

The brute force restates the slot rule of ``docs/planning.md`` with
datetimes and nothing of the engine's interval arithmetic: every grid start
in the window is tried against every inspector's hours and commitments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from backoffice.domain.calendar import WorkCalendar, default_calendar
from backoffice.domain.clock import shanghai_tz
from backoffice.planning.availability import Availability, is_working_day
from backoffice.planning.model import (
    Busy,
    BusyKind,
    DepartmentNeed,
    Inspector,
    PartOfDay,
    SlotRequest,
)

TZ = shanghai_tz()
CAL = default_calendar()


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def busy(start: dt.datetime, minutes: int, kind: BusyKind = BusyKind.OTHER,
         label: str = "") -> Busy:
    return Busy(start, start + dt.timedelta(minutes=minutes), kind, label)


def person(id: str, department: str, *busy: Busy, quals: Iterable[str] = ()) -> Inspector:
    return Inspector(id, id.title(), department, frozenset(quals), busy=tuple(busy))


def request(*departments: str | DepartmentNeed, start: dt.datetime, end: dt.datetime,
            minutes: int = 120, **kw: object) -> SlotRequest:
    needs = tuple(d if isinstance(d, DepartmentNeed) else DepartmentNeed(d) for d in departments)
    return SlotRequest(needs, dt.timedelta(minutes=minutes), start, end, **kw)  # type: ignore[arg-type]


def availability(*people: Inspector, buffer: int = 0,
                 calendar: WorkCalendar = CAL) -> Availability:
    return Availability(people, calendar, dt.timedelta(minutes=buffer))


def is_free(inspector: Inspector, start: dt.datetime, end: dt.datetime, buffer: dt.timedelta,
            calendar: WorkCalendar) -> bool:
    """The rule itself: a working day, the visit and its buffers inside one working
    period, and no commitment (visits widened by the buffer) overlapping them."""
    lo, hi = start - buffer, end + buffer
    day = start.date()
    if lo.date() != day or (hi - dt.timedelta(microseconds=1)).date() != day:
        return False
    if not is_working_day(calendar, day):  # the calendar, fixed holidays of a provisional year
        return False
    if not any(dt.datetime.combine(day, p.start, TZ) <= lo and hi <= dt.datetime.combine(
            day, p.end, TZ) for p in inspector.working_hours):
        return False
    for b in inspector.busy:
        pad = buffer if b.visit else dt.timedelta(0)
        if b.start - pad < hi and lo < b.end + pad:
            return False
    return True


def brute_force(people: Sequence[Inspector], calendar: WorkCalendar, buffer: dt.timedelta,
                req: SlotRequest) -> list[dt.datetime]:
    """The slot starts ``req`` should give, found the slow way."""
    step = int(req.step.total_seconds() // 60)
    until = req.until
    prefs = req.preferences
    named = next((p for p in people if p.id == prefs.inspector), None)
    if prefs.inspector is not None and (
            named is None or not any(named.qualified_for(n) for n in req.departments)):
        return []

    def works(t: dt.datetime) -> bool:
        end = t + req.duration
        if t < req.window_start or end > until:
            return False
        noon = dt.datetime.combine(t.date(), dt.time(12), TZ)
        if prefs.part_of_day is PartOfDay.MORNING and end > noon:
            return False
        if prefs.part_of_day is PartOfDay.AFTERNOON and t < noon:
            return False
        if named is not None and not is_free(named, t, end, buffer, calendar):
            return False
        return all(any(p.qualified_for(need) and is_free(p, t, end, buffer, calendar)
                       for p in people) for need in req.required)

    taken: list[dt.datetime] = []
    per_day: dict[dt.date, int] = {}
    day = req.window_start.astimezone(TZ).date()
    while day <= until.astimezone(TZ).date() and len(taken) < req.count:
        for minute in range(0, 1440, step):
            t = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), TZ)
            if taken and t < taken[-1] + req.duration:
                continue
            if req.max_per_day is not None and per_day.get(day, 0) >= req.max_per_day:
                break
            if works(t):
                taken.append(t)
                per_day[day] = per_day.get(day, 0) + 1
                if len(taken) == req.count:
                    break
        day += dt.timedelta(days=1)
    return taken
