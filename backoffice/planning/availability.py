"""When each inspector is free: working hours on working days, minus commitments.

Time is counted in whole minutes of Asia/Shanghai local time
(:mod:`backoffice.planning.minutes`). Intervals are half-open
``(start, end)`` pairs, sorted and disjoint.

The travel buffer: every visit — an inspection already planned and the one
being planned — takes the buffer before and after it, inside working hours,
and buffers may not overlap other commitments (nor each other's buffers).
So an existing visit blocks ``[start - buffer, end + buffer)``, and a
candidate visit of ``d`` minutes starting at ``t`` needs
``[t - buffer, t + d + buffer)`` free.

Work is done per day and cached, so a search that finds its slots in the
first week never looks at the other eleven.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence

from backoffice.domain.calendar import FIXED_HOLIDAYS, WorkCalendar
from backoffice.planning.minutes import DAY
from backoffice.planning.model import Busy, BusyKind, Inspector

__all__ = ["FIXED_HOLIDAYS", "Availability", "Span", "intersect", "is_working_day", "union"]

Span = tuple[int, int]
_by_start = operator.itemgetter(0)  # _subtract needs holes by start only


def is_working_day(calendar: WorkCalendar, day: dt.date) -> bool:
    """A working day for a visit: the calendar's, minus the fixed public holidays
    in a year it knows only provisionally (weekends only).

    Whatever the State Council's notice for that year will say, those days
    are off; proposing a visit on New Year's Day because the notice is not
    out yet would only be declined. Deadlines keep counting by the calendar.
    """
    if not calendar.is_working_day(day):
        return False
    return not (calendar.is_provisional(day) and (day.month, day.day) in FIXED_HOLIDAYS)


def _minute_of(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def union(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _subtract(base: Sequence[Span], holes: Sequence[Span]) -> list[Span]:
    """``base`` minus ``holes``; both sorted, ``holes`` may overlap each other."""
    out: list[Span] = []
    k = 0
    for start, end in base:
        cursor = start
        while k < len(holes) and holes[k][1] <= cursor:
            k += 1
        m = k
        while m < len(holes) and holes[m][0] < end:
            if holes[m][0] > cursor:
                out.append((cursor, holes[m][0]))
            cursor = max(cursor, holes[m][1])
            m += 1
        if cursor < end:
            out.append((cursor, end))
    return out


class _Person:
    """One inspector's commitments, indexed by day on first use."""

    __slots__ = ("_by_day", "inspector", "periods")

    def __init__(self, inspector: Inspector) -> None:
        self.inspector = inspector
        self.periods = [(_minute_of(p.start), _minute_of(p.end)) for p in inspector.working_hours]
        self._by_day: dict[int, list[tuple[int, int, Busy]]] | None = None

    def busy_on(self, day: int, buffer: int) -> list[tuple[int, int, Busy]]:
        """Commitments touching ``day`` (an ordinal), visits widened by ``buffer``."""
        if self._by_day is None:
            index: dict[int, list[tuple[int, int, Busy]]] = {}
            visit = BusyKind.INSPECTION
            for busy in self.inspector.busy:
                pad = buffer if busy.kind is visit else 0
                start, end = busy.start_minute - pad, busy.end_minute + pad
                first, last = start // DAY, (end - 1) // DAY
                item = (start, end, busy)
                if first == last:
                    if first in index:
                        index[first].append(item)
                    else:
                        index[first] = [item]
                else:
                    for d in range(first, last + 1):
                        index.setdefault(d, []).append(item)
            for items in index.values():
                items.sort(key=_by_start)
            self._by_day = index
        return self._by_day.get(day, [])


class Availability:
    """Inspectors' free time under one work calendar and one travel buffer.

    Safe to reuse across searches (that is what the caches are for); not
    meant to be shared between threads while searching.
    """

    def __init__(self, inspectors: Iterable[Inspector], calendar: WorkCalendar,
                 travel_buffer: dt.timedelta = dt.timedelta(0)) -> None:
        self.calendar = calendar
        self.buffer = int(travel_buffer.total_seconds() // 60)
        self._people = {i.id: _Person(i) for i in inspectors}
        self._free: dict[tuple[str, int], list[Span]] = {}
        self._working: dict[int, bool] = {}

    @property
    def inspectors(self) -> list[Inspector]:
        return [p.inspector for p in self._people.values()]

    def get(self, inspector_id: str) -> Inspector | None:
        person = self._people.get(inspector_id)
        return None if person is None else person.inspector

    def is_working_day(self, day: int) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = is_working_day(self.calendar,
                                                        dt.date.fromordinal(day))
        return known

    def working(self, inspector_id: str, day: int) -> list[Span]:
        """The inspector's working periods on ``day`` as minute spans; none on a day off."""
        if not self.is_working_day(day):
            return []
        base = day * DAY
        return [(base + s, base + e) for s, e in self._people[inspector_id].periods]

    def busy_on(self, inspector_id: str, day: int) -> list[tuple[int, int, Busy]]:
        """Commitments touching ``day``; visits already widened by the travel buffer."""
        return self._people[inspector_id].busy_on(day, self.buffer)

    def free(self, inspector_id: str, day: int) -> list[Span]:
        """Working time on ``day`` not taken by a commitment (or a visit's buffer)."""
        key = (inspector_id, day)
        spans = self._free.get(key)
        if spans is None:
            holes = [(s, e) for s, e, _ in self.busy_on(inspector_id, day)]
            spans = self._free[key] = _subtract(self.working(inspector_id, day), holes)
        return spans

    def starts(self, inspector_id: str, day: int, duration: int) -> list[Span]:
        """Start minutes on ``day`` at which a visit of ``duration`` minutes fits, buffers and all."""
        pad = self.buffer
        out: list[Span] = []
        for start, end in self.free(inspector_id, day):
            first, last = start + pad, end - pad - duration
            if first <= last:
                out.append((first, last + 1))
        return out

    def busy_minutes(self, inspector_id: str, day: int) -> int:
        """How much of ``day``'s working time is already taken (to spread the load)."""
        total = sum(e - s for s, e in self.working(inspector_id, day))
        return total - sum(e - s for s, e in self.free(inspector_id, day))
