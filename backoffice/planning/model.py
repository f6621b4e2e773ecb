"""What the planner reasons about: inspectors, their commitments, a request, the answer.

Times are aware datetimes; the engine works in Asia/Shanghai local time
(:mod:`backoffice.domain.clock`), where working hours and the work calendar
live. Explanations are data — a code and JSON-safe parameters — worded by
:mod:`backoffice.messages` in the CLI and by the UI, never here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from backoffice.domain.clock import shanghai_tz
from backoffice.domain.errors import BackofficeError
from backoffice.planning.minutes import minutes_ceil, minutes_floor

__all__ = [
    "DEFAULT_WORKING_HOURS",
    "Busy",
    "BusyKind",
    "DepartmentNeed",
    "Explanation",
    "Inspector",
    "Note",
    "PartOfDay",
    "PlanningError",
    "Preferences",
    "SearchResult",
    "Slot",
    "SlotRequest",
    "TeamMember",
    "WorkingPeriod",
]


class PlanningError(BackofficeError):
    """A planning request or problem that cannot be searched as given."""

    code = "planning.error"


def _check_aware(value: dt.datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PlanningError("planning.naive_time", what=what, value=value.isoformat())


class BusyKind(StrEnum):
    """Why an inspector is not available; the free/busy API's coarse reasons."""

    LEAVE = "leave"
    INSPECTION = "inspection"  # a site visit: the travel buffer applies around it
    MEETING = "meeting"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Busy:
    """A commitment: leave, a meeting, a visit already planned … ``label`` says which."""

    start: dt.datetime
    end: dt.datetime
    kind: BusyKind = BusyKind.OTHER
    label: str = ""
    # On the planner's number line, rounded outwards. Kept here because an
    # inspector's calendar is loaded once and searched many times, and the
    # time-zone conversion of 16,000 commitments was most of a search's time.
    start_minute: int = field(init=False, repr=False, compare=False)
    end_minute: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_aware(self.start, "busy.start")
        _check_aware(self.end, "busy.end")
        if self.end <= self.start:
            raise PlanningError("planning.ends_before_start", start=self.start.isoformat(),
                                end=self.end.isoformat())
        object.__setattr__(self, "start_minute", minutes_floor(self.start))
        object.__setattr__(self, "end_minute", minutes_ceil(self.end))

    @property
    def visit(self) -> bool:
        return self.kind is BusyKind.INSPECTION


@dataclass(frozen=True, slots=True)
class WorkingPeriod:
    """One stretch of working time on every working day (local time)."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PlanningError("planning.ends_before_start", start=self.start.isoformat(),
                                end=self.end.isoformat())


# The sandbox platform's hours (backoffice/sandbox/freebusy.py), usual in Jilin offices.
DEFAULT_WORKING_HOURS: tuple[WorkingPeriod, ...] = (
    WorkingPeriod(dt.time(8, 30), dt.time(12, 0)),
    WorkingPeriod(dt.time(13, 30), dt.time(17, 30)),
)


@dataclass(frozen=True, slots=True)
class Inspector:
    id: str
    name: str
    department: str
    qualifications: frozenset[str] = frozenset()
    working_hours: tuple[WorkingPeriod, ...] = DEFAULT_WORKING_HOURS
    busy: tuple[Busy, ...] = ()
    email: str = ""
    # Its department as people know it, for an explanation that names a department
    # the request does not ask (that of an inspector asked for); "": its code is said.
    department_name: str = ""

    def qualified_for(self, need: DepartmentNeed) -> bool:
        return self.department == need.department and (
            need.qualification is None or need.qualification in self.qualifications)


@dataclass(frozen=True, slots=True)
class DepartmentNeed:
    """A department that goes: required ones make a slot, optional ones join when free."""

    department: str  # its code
    required: bool = True
    qualification: str | None = None
    name: str = ""  # as people know it; "" when nobody told the planner (its code is said)

    @property
    def said(self) -> dict[str, str]:
        """The params naming it in a sentence: its name, the code kept beside."""
        return {"department": self.name or self.department, "department_code": self.department}


class PartOfDay(StrEnum):
    ANY = "any"
    MORNING = "morning"  # the visit ends by noon
    AFTERNOON = "afternoon"  # the visit starts at noon or later


@dataclass(frozen=True, slots=True)
class Preferences:
    """Narrow the search; when that leaves nothing, the explanation says so."""

    part_of_day: PartOfDay = PartOfDay.ANY
    inspector: str | None = None  # this inspector must be in the team


@dataclass(frozen=True, slots=True)
class SlotRequest:
    """The earliest ``count`` slots of ``duration`` in the window, ending by the deadline.

    ``deadline`` is the last day that counts (a :class:`~backoffice.domain.
    deadlines.DueDate` keeps its flags). Slots start on a grid of ``step``
    from midnight, do not overlap one another, and at most ``max_per_day``
    fall on one day.
    """

    departments: tuple[DepartmentNeed, ...]
    duration: dt.timedelta
    window_start: dt.datetime
    window_end: dt.datetime
    deadline: dt.date | None = None
    count: int = 3
    step: dt.timedelta = dt.timedelta(minutes=15)
    max_per_day: int | None = None
    preferences: Preferences = field(default_factory=Preferences)

    def __post_init__(self) -> None:
        _check_aware(self.window_start, "window.start")
        _check_aware(self.window_end, "window.end")
        if self.window_end <= self.window_start:
            raise PlanningError("planning.ends_before_start",
                                start=self.window_start.isoformat(),
                                end=self.window_end.isoformat())
        if not any(need.required for need in self.departments):
            raise PlanningError("planning.no_required_department")
        codes = [need.department for need in self.departments]
        twice = sorted({d for d in codes if codes.count(d) > 1})
        if twice:
            # The name one of them gives, though another listing lacks it.
            named = {n.department: n.said["department"]
                     for n in sorted(self.departments, key=lambda n: bool(n.name))}
            raise PlanningError("planning.duplicate_department",
                                department=tuple(named[d] for d in twice),
                                department_codes=tuple(twice))
        minutes = self.step.total_seconds() / 60
        if minutes < 1 or minutes != int(minutes) or 1440 % int(minutes):
            raise PlanningError("planning.bad_step", minutes=minutes)
        if self.duration < dt.timedelta(minutes=1) or self.duration.total_seconds() % 60:
            raise PlanningError("planning.bad_duration", minutes=self.duration.total_seconds() / 60)
        if self.count < 1 or (self.max_per_day is not None and self.max_per_day < 1):
            raise PlanningError("planning.bad_count", count=self.count,
                                max_per_day=self.max_per_day)

    @property
    def deadline_end(self) -> dt.datetime | None:
        """The first instant after the deadline day: visits end by then."""
        if self.deadline is None:
            return None
        day = self.deadline + dt.timedelta(days=1)
        return dt.datetime(day.year, day.month, day.day, tzinfo=shanghai_tz())

    @property
    def until(self) -> dt.datetime:
        """Where the search stops: the window's end or the end of the deadline day."""
        end = self.deadline_end
        return self.window_end if end is None else min(self.window_end, end)

    @property
    def required(self) -> tuple[DepartmentNeed, ...]:
        return tuple(need for need in self.departments if need.required)

    @property
    def optional(self) -> tuple[DepartmentNeed, ...]:
        return tuple(need for need in self.departments if not need.required)


@dataclass(frozen=True, slots=True)
class TeamMember:
    inspector: str
    name: str
    department: str


@dataclass(frozen=True, slots=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    team: tuple[TeamMember, ...]  # one per department that can come, in request order
    absent_optional: tuple[str, ...] = ()  # optional departments with nobody free


Param = str | int | tuple[str, ...]  # a tuple: names the message lists as its language does


@dataclass(frozen=True, slots=True)
class Note:
    """One reason or hint: a message code and its parameters (strings and integers)."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why fewer slots than asked came out (``reasons``) and what would help (``hints``)."""

    reasons: tuple[Note, ...]
    hints: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    slots: tuple[Slot, ...]
    until: dt.datetime  # the search stopped here: window end or the end of the deadline day
    # Set when fewer than ``count`` slots came out, or the calendar is provisional.
    explanation: Explanation | None = None
    provisional_calendar: bool = False  # some day searched has only the weekends-only rule
    provisional_from: dt.date | None = None  # the first such day
