"""Why a search found fewer slots than asked, and what would help.

Reasons, in the order they are looked for (the first that applies is the
answer, except that every blocked department is named):

- ``planning.deadline_passed``: the window starts after the deadline day;
- ``planning.no_qualified_inspector``: a required department has nobody
  qualified at all;
- ``planning.duration_too_long``: the visit and its travel buffers do not fit
  in any working period; ``planning.deadline_too_close`` /
  ``planning.window_too_short``: even with nobody busy, no working time is
  left before the deadline (or the window's end);
- ``planning.department_unavailable``: a required department has nobody
  free long enough at any time;
- ``planning.no_common_time``: each department has free time, never at once;
- ``planning.unknown_inspector``, ``planning.inspector_not_needed``,
  ``planning.inspector_unavailable``, ``planning.morning_full``,
  ``planning.afternoon_full``, ``planning.preferences_exclude``: the
  preferences leave nothing;
- ``planning.fewer_slots``: some slots, fewer than asked.

Hints: ``planning.hint_after_deadline`` (the first slot after the deadline,
when the window reaches past it) or ``planning.hint_none_after_deadline``,
``planning.hint_without_preferences``, ``planning.hint_without_department``
(the first slot were that department to come another time). Times in
parameters are Asia/Shanghai local time, ``YYYY-MM-DD HH:MM``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from backoffice.domain.clock import shanghai_tz
from backoffice.domain.inspections_timing import earliest_text
from backoffice.planning.availability import Availability
from backoffice.planning.finder import Finder
from backoffice.planning.minutes import from_minutes
from backoffice.planning.model import (
    DepartmentNeed,
    Explanation,
    Note,
    PartOfDay,
    Preferences,
    SlotRequest,
)

__all__ = ["explain", "local_text"]


def local_text(moment: dt.datetime) -> str:
    return moment.astimezone(shanghai_tz()).strftime("%Y-%m-%d %H:%M")


def explain(availability: Availability, request: SlotRequest, found: int) -> Explanation:
    finder = Finder.of(availability, request)
    if found:
        reasons = [Note("planning.fewer_slots", {"found": found, "wanted": request.count})]
    else:
        reasons = _why_none(availability, request, finder)
    return Explanation(tuple(reasons), tuple(_hints(availability, request, finder, reasons)))


def _deadline_limits(request: SlotRequest) -> bool:
    end = request.deadline_end
    return end is not None and end <= request.window_end


def _too_close(request: SlotRequest, availability: Availability) -> Note:
    if request.deadline is not None and _deadline_limits(request):
        start = request.window_start.astimezone(shanghai_tz()).date()
        days = availability.calendar.count_working_days(start, request.deadline)
        return Note("planning.deadline_too_close",
                    {"deadline": request.deadline.isoformat(), "working_days": days})
    return Note("planning.window_too_short", {"start": local_text(request.window_start),
                                              "end": local_text(request.window_end)})


def _why_none(availability: Availability, request: SlotRequest, finder: Finder) -> list[Note]:
    if request.deadline is not None and _deadline_limits(request) and finder.lo >= finder.hi:
        return [Note("planning.deadline_passed", {"deadline": request.deadline.isoformat(),
                                                  # the notice's day, not "00:00"
                                                  "start": earliest_text(request.window_start)})]
    missing = [need for need in request.required if not finder.members(need)]
    if missing:
        return [Note("planning.no_qualified_inspector",
                     {**n.said, "qualification": n.qualification or "-"})
                for n in missing]
    unpreferred = dataclasses.replace(finder, preferences=Preferences())
    if dataclasses.replace(unpreferred, ignore_busy=True).first() is None:
        longest = _longest_period(availability, finder) - 2 * availability.buffer
        if finder.duration > longest:
            return [Note("planning.duration_too_long", {
                "minutes": finder.duration, "longest": max(longest, 0),
                "buffer": availability.buffer})]
        return [_too_close(request, availability)]
    blocked = [need for need in request.required
               if dataclasses.replace(unpreferred, needs=(need,)).first() is None]
    if blocked:
        return [Note("planning.department_unavailable",
                     {**n.said, "inspectors": len(finder.members(n))})
                for n in blocked]
    if unpreferred.first() is None:
        return [Note("planning.no_common_time",
                     {"departments": tuple(n.said["department"] for n in request.required),
                      "department_codes": tuple(n.department for n in request.required)})]
    return _preference_reasons(availability, request, finder)


def _longest_period(availability: Availability, finder: Finder) -> int:
    people = [availability.get(i) for need in finder.needs for i in finder.members(need)]
    lengths = [_minutes(p.end) - _minutes(p.start)
               for person in people if person is not None for p in person.working_hours]
    return max(lengths, default=0)


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _preference_reasons(availability: Availability, request: SlotRequest,
                        finder: Finder) -> list[Note]:
    prefs, out = request.preferences, []
    named = prefs.inspector
    if named is not None:
        person = availability.get(named)
        if person is None:
            return [Note("planning.unknown_inspector", {"inspector": named})]
        if not any(person.qualified_for(n) for n in request.departments):
            # Its department is named where the request knows it (asked, but
            # without the qualification), else as the inspector's data names it.
            need = next((n for n in request.departments if n.department == person.department),
                        DepartmentNeed(person.department, name=person.department_name))
            return [Note("planning.inspector_not_needed", {"inspector": named, **need.said})]
        if dataclasses.replace(finder, preferences=Preferences(inspector=named)).first() is None:
            out.append(Note("planning.inspector_unavailable",
                            {"inspector": named, "name": person.name}))
    part = prefs.part_of_day
    if part is not PartOfDay.ANY and dataclasses.replace(
            finder, preferences=Preferences(part_of_day=part)).first() is None:
        out.append(Note(f"planning.{part.value}_full", {}))
    if not out:
        out.append(Note("planning.preferences_exclude", {}))
    return out


def _first(finder: Finder) -> str | None:
    t = finder.first()
    return None if t is None else local_text(from_minutes(t))


def _hints(availability: Availability, request: SlotRequest, finder: Finder,
           reasons: list[Note]) -> list[Note]:
    hints: list[Note] = []
    end = request.deadline_end
    if request.deadline is not None and end is not None and end < request.window_end:
        after = Finder.of(availability, request, start=max(request.window_start, end),
                          until=request.window_end)
        start = _first(after)
        if start is not None:
            hints.append(Note("planning.hint_after_deadline",
                              {"deadline": request.deadline.isoformat(), "start": start}))
        else:
            hints.append(Note("planning.hint_none_after_deadline",
                              {"deadline": request.deadline.isoformat(),
                               "until": local_text(request.window_end)}))
    if request.preferences != Preferences():
        start = _first(dataclasses.replace(finder, preferences=Preferences()))
        if start is not None:
            hints.append(Note("planning.hint_without_preferences", {"start": start}))
    codes = {r.code for r in reasons}
    if len(request.required) > 1 and codes & {"planning.department_unavailable",
                                              "planning.no_common_time"}:
        named = {str(r.params["department_code"]) for r in reasons
                 if "department_code" in r.params}
        for need in request.required:
            if named and need.department not in named:
                continue
            others: tuple[DepartmentNeed, ...] = tuple(n for n in request.required if n != need)
            start = _first(dataclasses.replace(finder, needs=others))
            if start is not None:
                hints.append(Note("planning.hint_without_department",
                                  {**need.said, "start": start}))
    return hints
