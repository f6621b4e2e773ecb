"""A planning problem as JSON: a scheduling question anyone can reproduce.

The format is documented in ``docs/planning.md`` (example in
``docs/examples/``). Parsing is pydantic's, strict about unknown fields and
naive times; any error becomes ``planning.problem_invalid`` naming the
field (``inspectors.2.busy.0.end``), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from backoffice import system_reasons
from backoffice.domain.calendar import PublishedCalendar, WorkCalendar, YearRules, default_calendar
from backoffice.domain.deadlines import DueDate, due_date, flag
from backoffice.domain.model import Suspension
from backoffice.planning.availability import Availability
from backoffice.planning.model import (
    DEFAULT_WORKING_HOURS,
    Busy,
    BusyKind,
    DepartmentNeed,
    Inspector,
    PartOfDay,
    PlanningError,
    Preferences,
    SearchResult,
    SlotRequest,
    WorkingPeriod,
)

__all__ = ["FORMAT", "Problem", "load_problem", "result_json"]

FORMAT: Literal[1] = 1
_HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
_Name = Annotated[str, Field(min_length=1, max_length=200)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


RULE = "planning_rule"  # the error type of this module's own checks, worded by rule


def _rule(rule: str, **params: object) -> PydanticCustomError:
    """A check of this module failed: said by the catalog's ``planning.rule_<rule>``."""
    return PydanticCustomError(RULE, "planning rule {rule}", {"rule": rule, **params})


class Period(_Model):
    start: _HHMM
    end: _HHMM

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise _rule("end_before_start")
        return self

    def domain(self) -> WorkingPeriod:
        return WorkingPeriod(dt.time.fromisoformat(self.start), dt.time.fromisoformat(self.end))


class Span(_Model):
    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise _rule("end_before_start")
        return self


class BusyItem(Span):
    kind: BusyKind = BusyKind.OTHER
    label: Annotated[str, Field(max_length=200)] = ""


class InspectorItem(_Model):
    id: _Name
    name: str = ""
    department: _Name
    qualifications: list[_Name] = []
    working_hours: list[Period] | None = None  # default: the problem's
    busy: list[BusyItem] = []
    email: str = ""
    # As people know it: said when the inspector's department is not asked.
    department_name: _Name | None = None


class DepartmentItem(_Model):
    department: _Name  # the code the inspectors' ``department`` gives
    required: bool = True
    qualification: _Name | None = None
    name: _Name | None = None  # as people know it, for the explanation to say


class PreferencesItem(_Model):
    part_of_day: PartOfDay = PartOfDay.ANY
    inspector: _Name | None = None


class SuspensionItem(_Model):
    start: dt.date
    end: dt.date | None = None  # running

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise _rule("end_before_start")
        return self


class CaseClock(_Model):
    """The deadline as the deadline engine counts it: working days after acceptance."""

    accepted: dt.date
    working_days: Annotated[int, Field(ge=0, le=400)]
    suspensions: list[SuspensionItem] = []
    as_of: dt.date | None = None  # "today" for a running suspension

    @model_validator(mode="after")
    def _running_needs_as_of(self) -> Self:
        if self.as_of is None and any(s.end is None for s in self.suspensions):
            # otherwise the answer would depend on the day the file is read
            raise _rule("running_needs_as_of")
        return self


class CalendarYear(_Model):
    year: Annotated[int, Field(ge=1900, le=2200)]
    holidays: list[dt.date] = []
    working_days: list[dt.date] = []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        outside = [d for d in (*self.holidays, *self.working_days) if d.year != self.year]
        if outside:
            raise _rule("day_outside_year", day=outside[0].isoformat(), year=self.year)
        both = set(self.holidays) & set(self.working_days)
        if both:
            raise _rule("holiday_and_working_day", day=min(both).isoformat())
        return self


class CalendarItem(_Model):
    """Years the platform published; other years come from chinesecalendar, then weekends."""

    years: list[CalendarYear] = []

    @field_validator("years")
    @classmethod
    def _once(cls, years: list[CalendarYear]) -> list[CalendarYear]:
        seen = [y.year for y in years]
        if len(seen) != len(set(seen)):
            raise _rule("year_twice")
        return years

    def domain(self) -> WorkCalendar:
        if not self.years:
            return default_calendar()
        return WorkCalendar.standard(PublishedCalendar(
            YearRules(y.year, frozenset(y.holidays), frozenset(y.working_days))
            for y in self.years))


class Problem(_Model):
    format: Literal[1] = FORMAT
    duration_minutes: Annotated[int, Field(ge=1, le=1440)]
    travel_buffer_minutes: Annotated[int, Field(ge=0, le=480)] = 0
    step_minutes: Annotated[int, Field(ge=1, le=1440)] = 15
    count: Annotated[int, Field(ge=1, le=200)] = 3
    max_per_day: Annotated[int, Field(ge=1)] | None = None
    window: Span
    deadline: dt.date | None = None
    deadline_from: CaseClock | None = None
    departments: Annotated[list[DepartmentItem], Field(min_length=1)]
    preferences: PreferencesItem = PreferencesItem()
    working_hours: Annotated[list[Period], Field(min_length=1)] = [
        Period(start=p.start.strftime("%H:%M"), end=p.end.strftime("%H:%M"))
        for p in DEFAULT_WORKING_HOURS]
    calendar: CalendarItem = CalendarItem()
    inspectors: list[InspectorItem]

    @field_validator("step_minutes")
    @classmethod
    def _divides_a_day(cls, value: int) -> int:
        if 1440 % value:
            raise _rule("step_divides_day")
        return value

    @field_validator("departments")
    @classmethod
    def _departments(cls, items: list[DepartmentItem]) -> list[DepartmentItem]:
        names = [d.department for d in items]
        if len(names) != len(set(names)):
            raise _rule("department_twice")
        if not any(d.required for d in items):
            raise _rule("none_required")
        return items

    @field_validator("inspectors")
    @classmethod
    def _unique_ids(cls, items: list[InspectorItem]) -> list[InspectorItem]:
        ids = [i.id for i in items]
        if len(ids) != len(set(ids)):
            raise _rule("inspector_twice")
        return items

    @model_validator(mode="after")
    def _one_deadline(self) -> Self:
        if self.deadline is not None and self.deadline_from is not None:
            raise _rule("two_deadlines", field="deadline_from")
        return self

    def work_calendar(self) -> WorkCalendar:
        return self.calendar.domain()

    def due(self, calendar: WorkCalendar) -> dt.date | None:
        """The last day a visit may take place, from ``deadline`` or the case's clock."""
        if self.deadline_from is None:
            return self.deadline
        clock = self.deadline_from
        return due_date(clock.accepted, clock.working_days, calendar=calendar, as_of=clock.as_of,
                        suspensions=[Suspension(s.start, s.end) for s in clock.suspensions])

    def availability(self, calendar: WorkCalendar) -> Availability:
        default_hours = tuple(p.domain() for p in self.working_hours)
        people = [
            Inspector(
                id=i.id, name=i.name or i.id, department=i.department,
                qualifications=frozenset(i.qualifications),
                working_hours=(default_hours if i.working_hours is None
                               else tuple(p.domain() for p in i.working_hours)),
                busy=tuple(Busy(b.start, b.end, b.kind, b.label) for b in i.busy),
                email=i.email, department_name=i.department_name or "",
            )
            for i in self.inspectors
        ]
        return Availability(people, calendar, dt.timedelta(minutes=self.travel_buffer_minutes))

    def request(self, deadline: dt.date | None) -> SlotRequest:
        return SlotRequest(
            departments=tuple(DepartmentNeed(d.department, d.required, d.qualification,
                                             d.name or "") for d in self.departments),
            duration=dt.timedelta(minutes=self.duration_minutes),
            window_start=self.window.start,
            window_end=self.window.end,
            deadline=deadline,
            count=self.count,
            step=dt.timedelta(minutes=self.step_minutes),
            max_per_day=self.max_per_day,
            preferences=Preferences(self.preferences.part_of_day, self.preferences.inspector),
        )


def load_problem(path: Path) -> Problem:
    """Read and validate a problem file; every failure is a :class:`PlanningError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanningError("planning.problem_unreadable", path=str(path),
                            reason=system_reasons.reason(exc)) from None
    try:
        return Problem.model_validate_json(text)
    except ValidationError as exc:
        raise _worded(path, exc) from None


# Pydantic's error types, by the kind of value the field wanted (message_terms' json.*).
_WANTED = {
    "bool": "json.boolean", "date": "json.date", "datetime": "json.datetime",
    "dict": "json.object", "model": "json.object", "model_attributes": "json.object",
    "float": "json.number", "int": "json.integer", "list": "json.list", "set": "json.list",
    "string": "json.text", "time": "json.time", "tuple": "json.list",
}
_BOUNDS = {"greater_than": ("gt", ">"), "greater_than_equal": ("ge", "≥"),
           "less_than": ("lt", "<"), "less_than_equal": ("le", "≤")}
_WHERE_IN_JSON = re.compile(r"line (\d+) column (\d+)")


def _wanted(kind: str) -> str | None:
    """``int_parsing``, ``datetime_from_date_parsing`` … → the json.* kind wanted."""
    for suffix in ("_type", "_parsing", "_from_float", "_from_date_parsing",
                   "_from_datetime_parsing", "_from_datetime_inexact"):
        if kind.endswith(suffix) and kind.removesuffix(suffix) in _WANTED:
            return _WANTED[kind.removesuffix(suffix)]
    return None


def _worded(path: Path, exc: ValidationError) -> PlanningError:
    """The first of the file's errors said in the person's language, by its type.

    Pydantic's own words are English; only an error of a kind not worded
    here (a rule of this module's validators) keeps them.
    """
    first = exc.errors(include_url=False)[0]
    kind, ctx = first["type"], first.get("ctx") or {}
    common: dict[str, Any] = {"path": str(path), "errors": exc.error_count()}
    if kind == "json_invalid":
        found = _WHERE_IN_JSON.search(str(ctx.get("error", "")))
        if found is None:
            return PlanningError("planning.problem_unreadable", path=str(path),
                                 reason=system_reasons.INVALID_JSON)
        return PlanningError("planning.problem_not_json", path=str(path),
                             line=int(found[1]), column=int(found[2]))
    if kind == RULE:  # a check of this module; a check of the whole file names its field
        where = ".".join(str(part) for part in first["loc"])
        return PlanningError(f"planning.rule_{ctx['rule']}",
                             **{**ctx, **common, "field": where or ctx.get("field", "")})
    if not first["loc"]:  # the file as a whole: a list, a number …
        return PlanningError("planning.problem_not_object", path=str(path))
    common["field"] = ".".join(str(part) for part in first["loc"])
    wanted = _wanted(kind)
    if kind == "missing":
        return PlanningError("planning.problem_missing", **common)
    if kind == "extra_forbidden":
        return PlanningError("planning.problem_unknown_field", **common)
    if wanted is not None:
        return PlanningError("planning.problem_wrong_type", expected=wanted, **common)
    if kind in _BOUNDS:
        key, sign = _BOUNDS[kind]
        return PlanningError("planning.problem_out_of_range", bound=f"{sign} {ctx.get(key)}",
                             **common)
    if kind in ("too_short", "too_long"):
        code = "planning.problem_too_few" if kind == "too_short" else "planning.problem_too_many"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return PlanningError(code, limit=limit, **common)
    return PlanningError("planning.problem_invalid", problem=str(first["msg"]), **common)


def result_json(result: SearchResult, deadline: dt.date | None) -> dict[str, Any]:
    """The answer as plain JSON data (``backoffice plan slots --json``)."""
    explanation = result.explanation
    return {
        "deadline": None if deadline is None else deadline.isoformat(),
        "deadline_clock_stopped": flag(deadline, "clock_stopped") if deadline else False,
        "calendar_provisional": result.provisional_calendar or (
            isinstance(deadline, DueDate) and deadline.provisional),
        "calendar_provisional_from": None if result.provisional_from is None
        else result.provisional_from.isoformat(),
        "until": result.until.isoformat(),
        "slots": [
            {
                "start": slot.start.isoformat(),
                "end": slot.end.isoformat(),
                "team": [{"inspector": m.inspector, "name": m.name, "department": m.department}
                         for m in slot.team],
                "absent_optional": list(slot.absent_optional),
            }
            for slot in result.slots
        ],
        "explanation": None if explanation is None else {
            "reasons": [{"code": n.code, "params": dict(n.params)} for n in explanation.reasons],
            "hints": [{"code": n.code, "params": dict(n.params)} for n in explanation.hints],
        },
    }
