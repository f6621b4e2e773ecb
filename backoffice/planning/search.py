"""Slot search: the earliest times every required department can send an inspector.

Joint inspections go together, once (clause 9.5.2.3), before the case's
deadline. Optional departments never hold a slot back: they join its team
when one of theirs is free, and the slot lists the ones that cannot
(``absent_optional``). When fewer slots than asked come out, the result
carries an :class:`~backoffice.planning.model.Explanation`
(:mod:`backoffice.planning.explain`); when the search reaches a year the
work calendar knows only provisionally, the explanation's last hint says
from which day (``planning.provisional_calendar`` {start}).
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.clock import shanghai_tz
from backoffice.planning.availability import Availability
from backoffice.planning.explain import explain
from backoffice.planning.finder import Finder, contains
from backoffice.planning.minutes import DAY, from_minutes
from backoffice.planning.model import (
    Explanation,
    Note,
    SearchResult,
    Slot,
    SlotRequest,
    TeamMember,
)

__all__ = ["search"]


def search(availability: Availability, request: SlotRequest) -> SearchResult:
    """The earliest ``request.count`` slots, each with a proposed team."""
    finder = Finder.of(availability, request)
    slots = tuple(_slot(availability, request, finder, t)
                  for t in finder.starts(request.count, request.max_per_day))
    tz = shanghai_tz()
    first = request.window_start.astimezone(tz).date()
    last = (request.until - dt.timedelta(microseconds=1)).astimezone(tz).date()
    explanation = None if len(slots) >= request.count else explain(
        availability, request, len(slots))
    provisional = _first_provisional(availability.calendar, first, last)
    if provisional is not None:
        # Said even when every slot was found: a slot on such a day may fall on a
        # holiday or an adjusted day nobody has announced yet.
        note = Note("planning.provisional_calendar", {"start": provisional.isoformat()})
        explanation = Explanation((), (note,)) if explanation is None else Explanation(
            explanation.reasons, (*explanation.hints, note))
    return SearchResult(slots=slots, until=request.until, explanation=explanation,
                        provisional_calendar=provisional is not None,
                        provisional_from=provisional)


def _first_provisional(calendar: WorkCalendar, first: dt.date, last: dt.date
                       ) -> dt.date | None:
    """The first day of ``first..last`` the calendar knows only provisionally (whole years)."""
    for year in range(first.year, last.year + 1):
        start = max(first, dt.date(year, 1, 1))
        if calendar.is_provisional(start):
            return start
    return None


def _slot(availability: Availability, request: SlotRequest, finder: Finder, t: int) -> Slot:
    """The slot starting at minute ``t``, with one inspector per department that can come.

    The named inspector goes first; otherwise the one with the least booked
    day, so visits spread over a department's inspectors; ties by id.
    """
    day, named = t // DAY, request.preferences.inspector
    team: list[TeamMember] = []
    absent: list[str] = []
    for need in request.departments:
        free = [i for i in finder.members(need)
                if contains(availability.starts(i, day, finder.duration), t)]
        if not free:
            absent.append(need.department)
            continue
        chosen = named if named in free else min(
            free, key=lambda i: (availability.busy_minutes(i, day), i))
        person = availability.get(chosen)
        assert person is not None  # members come from the availability
        team.append(TeamMember(person.id, person.name, person.department))
    return Slot(from_minutes(t), from_minutes(t + finder.duration), tuple(team), tuple(absent))
