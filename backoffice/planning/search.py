"""Slot search: the earliest times every required department can send an inspector.

Joint inspections go together, once (clause 9.5.2.3), before the case's
deadline. Optional departments never hold a slot back: they join its team
when one of theirs is free, and the slot lists the ones that cannot
(``absent_optional``). When fewer slots than asked come out, the result
carries an :class:`~backoffice.planning.model.Explanation`
(:mod:`backoffice.planning.explain`).
"""

from __future__ import annotations

from backoffice.domain.clock import shanghai_tz
from backoffice.planning.availability import Availability
from backoffice.planning.explain import explain
from backoffice.planning.finder import Finder, contains
from backoffice.planning.minutes import DAY, from_minutes
from backoffice.planning.model import SearchResult, Slot, SlotRequest, TeamMember

__all__ = ["search"]


def search(availability: Availability, request: SlotRequest) -> SearchResult:
    """The earliest ``request.count`` slots, each with a proposed team."""
    finder = Finder.of(availability, request)
    slots = tuple(_slot(availability, request, finder, t)
                  for t in finder.starts(request.count, request.max_per_day))
    tz = shanghai_tz()
    first, last = request.window_start.astimezone(tz), request.until.astimezone(tz)
    return SearchResult(
        slots=slots,
        until=request.until,
        explanation=None if len(slots) >= request.count else explain(
            availability, request, len(slots)),
        provisional_calendar=availability.calendar.any_provisional(first.date(), last.date()),
    )


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
