"""The slot rule, in one place: which start minutes work, and which of them to take.

A start ``t`` works when, for every needed department, at least one
qualified inspector can take a visit ``[t, t + duration)`` with its travel
buffers (see :mod:`backoffice.planning.availability`), ``t`` lies on the grid
of ``step`` minutes from midnight, the visit lies in ``[lo, hi)``, and the
preferences hold. Of those, the earliest are taken one by one, each
starting no earlier than the previous one ends, at most ``max_per_day`` a
day. The search, its explanation and its hints all ask this class, with
different departments, preferences or limits.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from backoffice.planning.availability import Availability, Span, intersect, union
from backoffice.planning.minutes import DAY, minutes_ceil, minutes_floor
from backoffice.planning.model import DepartmentNeed, PartOfDay, Preferences, SlotRequest

__all__ = ["NOON", "Finder", "contains"]

NOON = 12 * 60


def contains(spans: Sequence[Span], t: int) -> bool:
    i = bisect.bisect_right(spans, (t, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= t < spans[i][1]


@dataclass(frozen=True, slots=True)
class Finder:
    availability: Availability
    needs: tuple[DepartmentNeed, ...]  # each must have someone free
    duration: int  # minutes
    step: int  # minutes, divides a day
    lo: int  # no visit starts before this minute
    hi: int  # no visit ends after this minute
    preferences: Preferences = field(default_factory=Preferences)
    ignore_busy: bool = False  # working hours and calendar only: "could it ever fit?"
    team_needs: tuple[DepartmentNeed, ...] = ()  # every department asked for, optional too
    _members: dict[DepartmentNeed, list[str]] = field(init=False, repr=False, compare=False)
    _order: tuple[DepartmentNeed, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        people = self.availability.inspectors
        members = {need: [i.id for i in people if i.qualified_for(need)] for need in self.needs}
        object.__setattr__(self, "_members", members)
        # Departments with the fewest qualified inspectors first: they are the likeliest
        # to leave nothing, and then the others' free time need not be computed at all.
        object.__setattr__(self, "_order", tuple(sorted(self.needs,
                                                        key=lambda n: len(members[n]))))

    @classmethod
    def of(cls, availability: Availability, request: SlotRequest, *,
           start: dt.datetime | None = None, until: dt.datetime | None = None,
           needs: tuple[DepartmentNeed, ...] | None = None,
           preferences: Preferences | None = None) -> Finder:
        """The finder of ``request``'s slots, or of a variant of it (for hints)."""
        return cls(
            availability,
            request.required if needs is None else needs,
            duration=int(request.duration.total_seconds() // 60),
            step=int(request.step.total_seconds() // 60),
            lo=minutes_ceil(request.window_start if start is None else start),
            hi=minutes_floor(request.until if until is None else until),
            preferences=request.preferences if preferences is None else preferences,
            team_needs=request.departments,
        )

    def members(self, need: DepartmentNeed) -> list[str]:
        found = self._members.get(need)
        if found is None:
            found = [i.id for i in self.availability.inspectors if i.qualified_for(need)]
        return found

    def person_starts(self, inspector_id: str, day: int) -> list[Span]:
        av = self.availability
        if not self.ignore_busy:
            return av.starts(inspector_id, day, self.duration)
        pad, out = av.buffer, []
        for start, end in av.working(inspector_id, day):
            if start + pad <= end - pad - self.duration:
                out.append((start + pad, end - pad - self.duration + 1))
        return out

    def _preferred(self, day: int) -> list[Span] | None:
        """Starts the preferences allow on ``day``; ``None`` when they allow any."""
        base, allowed = day * DAY, None
        part = self.preferences.part_of_day
        if part is PartOfDay.MORNING:
            allowed = [(base, base + NOON - self.duration + 1)]
        elif part is PartOfDay.AFTERNOON:
            allowed = [(base + NOON, base + DAY)]
        named = self.preferences.inspector
        if named is not None:
            # Someone unknown, or of no department asked for, is never in a team.
            wanted = self.availability.get(named)
            ok = wanted is not None and any(wanted.qualified_for(n) for n in self.team_needs)
            mine = self.person_starts(named, day) if ok else []
            allowed = mine if allowed is None else intersect(allowed, mine)
        return allowed

    def day_starts(self, day: int) -> list[Span]:
        """Spans of workable start minutes on ``day`` (not yet on the grid)."""
        base = day * DAY
        spans = intersect([(base, base + DAY)], [(self.lo, self.hi - self.duration + 1)])
        if not spans or not self.availability.is_working_day(day):
            return []
        preferred = self._preferred(day)
        if preferred is not None:
            spans = intersect(spans, preferred)
        for need in self._order:
            if not spans:
                break
            spans = intersect(spans, union(
                s for member in self.members(need) for s in self.person_starts(member, day)))
        return spans

    def starts(self, count: int, max_per_day: int | None = None) -> Iterator[int]:
        """The start minutes taken, in time order, at most ``count``."""
        left = count
        if left <= 0 or self.hi - self.lo < self.duration:
            return
        last_end = self.lo
        for day in range(self.lo // DAY, (self.hi - 1) // DAY + 1):
            today = 0
            for start, end in self.day_starts(day):
                t = _on_grid(max(start, last_end), self.step)
                while t < end and (max_per_day is None or today < max_per_day):
                    yield t
                    left, today, last_end = left - 1, today + 1, t + self.duration
                    if left == 0:
                        return
                    t = _on_grid(last_end, self.step)

    def first(self) -> int | None:
        return next(self.starts(1), None)


def _on_grid(t: int, step: int) -> int:
    return -(-t // step) * step
