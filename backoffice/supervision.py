"""The department's efficiency figures (办事效率, DB22/T 2871.1 12.3.4; supervision, 11).

Computed from the signed-in person's local store, for a period of Beijing
calendar days (both ends included; default the current month) and for the
cases the person's department **leads** (``cases.lead_department``): the
figures are the lead department's, as the one window counts a case once.

* Immediate-case ratio (即办件比率): of the cases *accepted* in the period
  (``accepted_at``'s Beijing date), the immediate ones. A refusal of
  acceptance (不予受理: the case not accepted, or a sealed refusal of
  acceptance on it) was not accepted: it is counted apart (``refused``), in
  neither the accepted cases nor the ratio.
* On-time completion rate (按时办结率): of the cases *completed* in the period,
  those completed by their deadline. A case is completed on the day its first
  sealed decision that ends it was sealed (``decisions.decided_on``, set by
  the seal; issuing keeps it): a grant or refusal (case → decided, then
  issued) or a refusal of acceptance (case → not accepted). An escalation
  (上报) is not a completion here: the upper-level authority decides. The
  deadline is the case's effective ``due_date`` column (the platform's when
  it sent one, else our estimate, both counting ended suspensions and
  approved extensions); an immediate case has to be completed on its day of
  acceptance.
* Open cases overdue today: the inbox's own rule
  (:meth:`backoffice.store.cases.CaseRepository.deadline`), never a copy. A
  stop that began by the deadline stops the clock (not overdue); one begun
  after it stops nothing (docs/deadlines.md): such a case, though its status
  says "clock suspended" or "awaiting the applicant", is overdue, and
  ``stopped_late_on`` gives the day that stop began, to say why.
* Escalations (上报) sealed in the period, by the same rule as a completion
  (their first sealed escalation's day), and the late ones: sealed after the
  case's deadline. 9.5.4.3 asks for the report within the promised time, so a
  late one is 超时限 (11.3 b), though not a completion.
* The department's **own** review steps overdue today, on any case, led here
  or not: the inbox's "Overdue" filter (a running step clock past the step
  deadline). An overrun of one department's step counts even when the case
  as a whole is in time (PRODUCT.md), and a department that only reviews a
  case sees its lateness only here.
* Online completion rate (网上办结率) and acceptance concentration (受理集中率)
  need the channel a case came and went by and the place it was accepted:
  the platform's case record has neither (docs/platform-api.md), so they are
  reported as not available, with the reason, never as a number. So are
  steps completed late (the platform's task record has no day the opinion was
  given; the case's timeline online has it) and out-of-order handling (逆程序:
  both state machines refuse a step out of order, so none is ever recorded).

A rate whose denominator is zero is "no cases", not 0% nor 100%.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain.cases import CaseKind
from backoffice.domain.deadline_status import WarningLevel, deadline_status
from backoffice.domain.deadlines import remaining_working_days
from backoffice.domain.decision_model import DecisionKind
from backoffice.domain.errors import BackofficeError
from backoffice.domain.states import CaseStatus
from backoffice.store import Store, UnitOfWork, inbox_query, inbox_quick
from backoffice.store.inbox_query import QuickContext, QuickFilter
from backoffice.store.repositories import chunks
from backoffice.store.schema import CaseRow, DecisionRow, DepartmentRow, ReviewTaskRow, table_of

_cases = table_of(CaseRow)
_decisions = table_of(DecisionRow)
_tasks = table_of(ReviewTaskRow)
_departments = table_of(DepartmentRow)

# The decisions that end a case at this department (see the module docstring), and
# the cases still being worked on: the inbox's rules (its deadlines say the same).
COMPLETING_KINDS = tuple(sorted(inbox_query.COMPLETING_KINDS))
ESCALATING_KINDS = (DecisionKind.ESCALATE.value,)
MADE = tuple(sorted(inbox_query.MADE))
OPEN = tuple(sorted(inbox_query.CASE_OPEN))

# Metrics the local store cannot know, and the message code of why.
NOT_AVAILABLE = (
    ("online_completion_rate", "efficiency.online_not_available"),
    ("acceptance_concentration", "efficiency.concentration_not_available"),
    ("steps_completed_late", "efficiency.steps_late_not_available"),
    ("out_of_order_handling", "efficiency.out_of_order_not_available"),
)


@dataclass(frozen=True, slots=True)
class Period:
    """Beijing calendar days ``start`` .. ``end``, both included."""

    start: dt.date
    end: dt.date

    @classmethod
    def month_of(cls, day: dt.date) -> Period:
        last = months.monthrange(day.year, day.month)[1]
        return cls(day.replace(day=1), day.replace(day=last))

    @classmethod
    def parse(cls, start: str | None, end: str | None, *, today: dt.date) -> Period:
        """From ``YYYY-MM-DD`` texts; one missing: that end of the other's month.

        Both missing: ``today``'s month.

        Raises ``efficiency.bad_date``, ``efficiency.date_out_of_range`` or
        ``efficiency.bad_period``.
        """
        # One end alone keeps to the month of the day given: ``--to 2026-11-30``
        # is November, not "today's month's start .. 30 November" (backwards).
        first = _date(start) if start else None
        last = _date(end) if end else None
        month = cls.month_of(first or last or today)
        period = cls(first or month.start, last or month.end)
        if period.end < period.start:
            raise BackofficeError("efficiency.bad_period", start=period.start.isoformat(),
                                  end=period.end.isoformat())
        return period

    def instants(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as a half-open range of instants (accepted_at is stored in UTC)."""
        tz = clock.shanghai_tz()
        after = self.end + dt.timedelta(days=1)
        return (dt.datetime.combine(self.start, dt.time(), tz),
                dt.datetime.combine(after, dt.time(), tz))


# The days a period may hold: a day far outside them (9999-12-31, year 1) has no
# instant after it or in UTC, and no case was ever accepted there.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BackofficeError("efficiency.bad_date", value=text) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        # A right date outside the range: saying "not YYYY-MM-DD" misled.
        raise BackofficeError("efficiency.date_out_of_range", value=text.strip(),
                              first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
    return day


@dataclass(frozen=True, slots=True)
class Rate:
    """``part`` of ``whole``; ``value`` is None when there is nothing to count."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return None if self.whole == 0 else self.part / self.whole

    def words(self, lang: str | None = None) -> str:
        if self.whole == 0:
            return messages.render_code("efficiency.no_cases", {}, lang)
        return f"{100 * self.part / self.whole:.1f}% ({self.part}/{self.whole})"

    def as_json(self) -> dict[str, Any]:
        return {"part": self.part, "whole": self.whole, "value": self.value,
                "no_cases": self.whole == 0}


@dataclass(frozen=True, slots=True)
class LateCompletion:
    case_code: str
    service_item_name: str
    kind: str
    due_date: dt.date
    completed_on: dt.date
    working_days_late: int
    overdue_reason: str


@dataclass(frozen=True, slots=True)
class OverdueCase:
    case_code: str
    service_item_name: str
    status: str
    due_date: dt.date
    working_days_late: int
    # The day a stop still running began, after the deadline: it stops nothing.
    stopped_late_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LateEscalation:
    """An escalation (上报) sealed after the case's deadline: 超时限 (9.5.4.3, 11.3 b)."""

    case_code: str
    service_item_name: str
    due_date: dt.date
    reported_on: dt.date
    working_days_late: int
    overdue_reason: str


@dataclass(frozen=True, slots=True)
class OverdueStep:
    """One of the department's own review steps, open and past its step deadline today."""

    case_code: str
    service_item_name: str
    lead_department: str
    lead_department_name: str  # "" when the store has no such department
    status: str  # the task's
    step_due_date: dt.date
    working_days_late: int


@dataclass(frozen=True, slots=True)
class Efficiency:
    department_code: str
    period: Period
    today: dt.date
    accepted: int
    immediate: int
    completed: int
    late: tuple[LateCompletion, ...]
    overdue_open: tuple[OverdueCase, ...]
    escalated: int = 0
    late_escalations: tuple[LateEscalation, ...] = ()
    overdue_steps: tuple[OverdueStep, ...] = ()
    refused: int = 0  # refusals of acceptance (不予受理) in the period, not in ``accepted``

    @property
    def immediate_ratio(self) -> Rate:
        return Rate(self.immediate, self.accepted)

    @property
    def on_time(self) -> int:
        return self.completed - len(self.late)

    @property
    def on_time_rate(self) -> Rate:
        return Rate(self.on_time, self.completed)

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "department": self.department_code,
            "scope": "cases the department leads",
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "today": self.today.isoformat(),
            "accepted": self.accepted,
            "refused_acceptance": self.refused,
            "immediate": self.immediate,
            "immediate_ratio": self.immediate_ratio.as_json(),
            "completed": self.completed,
            "on_time": self.on_time,
            "on_time_rate": self.on_time_rate.as_json(),
            "late": [_plain(x) for x in self.late],
            "overdue_open": [_plain(x) for x in self.overdue_open],
            "escalated": self.escalated,
            "escalated_late": len(self.late_escalations),
            "late_escalations": [_plain(x) for x in self.late_escalations],
            "steps_scope": "the department's own review tasks, on any case",
            "overdue_steps": [_plain(x) for x in self.overdue_steps],
            "not_available": [
                {"metric": metric, "reason": code,
                 "text": messages.render_code(code, {}, lang)}
                for metric, code in NOT_AVAILABLE
            ],
        }


def _plain(item: LateCompletion | OverdueCase | LateEscalation | OverdueStep) -> dict[str, Any]:
    return {name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name in item.__slots__
            for value in (getattr(item, name),)}


class Abandoned(Exception):
    """The reading was given up (its window closed) before it ended."""


def _never() -> bool:
    return False


def efficiency(store: Store, department_code: str, period: Period, *,
               today: dt.date | None = None,
               abandoned: Callable[[], bool] = _never) -> Efficiency:
    """The figures of ``department_code``'s cases for ``period`` (one read snapshot).

    ``abandoned`` is asked before each step (raises :class:`Abandoned` when
    it says so): a window closed while it reads frees the thread at once.
    """
    day = clock.today() if today is None else today

    def step() -> UnitOfWork:
        if abandoned():
            raise Abandoned
        return uow

    with store.read() as uow:
        accepted, immediate, refused = _accepted(step(), department_code, period)
        completed, late = _completed(step(), department_code, period)
        escalated, late_escalations = _escalated(step(), department_code, period)
        overdue = _overdue_open(step(), department_code, day)
        steps = _overdue_steps(step(), department_code, day)
    return Efficiency(department_code, period, day, accepted, immediate, completed,
                      late, overdue, escalated, late_escalations, steps, refused)


def _accepted(uow: UnitOfWork, department: str, period: Period) -> tuple[int, int, int]:
    """(accepted, immediate among them, refusals of acceptance) of the period.

    A refused case keeps its ``accepted_at`` (the day it was registered), and
    after archiving its status no longer says so: its sealed refusal does.
    """
    begin, after = period.instants()
    refusal = select(_decisions.c.id).where(
        _decisions.c.case_code == _cases.c.case_code,
        _made((DecisionKind.REFUSE_ACCEPTANCE.value,))).exists()
    refused = or_(_cases.c.status == CaseStatus.NOT_ACCEPTED.value, refusal)
    row = uow.session.execute(
        select(
            func.count(),
            _count(and_(~refused, _cases.c.kind == CaseKind.IMMEDIATE.value)),
            _count(refused),
        ).where(
            _cases.c.lead_department == department,
            _cases.c.accepted_at >= begin,
            _cases.c.accepted_at < after,
        )
    ).one()
    total, immediate, refusals = (int(x) for x in row)
    return total - refusals, immediate, refusals


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _made(kinds: tuple[str, ...]) -> ColumnElement[bool]:
    return and_(_decisions.c.kind.in_(kinds), _decisions.c.status.in_(MADE),
                _decisions.c.decided_on.is_not(None))


# (case code, service item, case kind, deadline, day of the first decision of
# the kinds, working days late, the decision's overdue reason)
Late = tuple[str, str, str, dt.date, dt.date, int, str]


def _first_decisions(uow: UnitOfWork, department: str, period: Period,
                     kinds: tuple[str, ...]) -> tuple[int, list[Late]]:
    """The cases whose first sealed decision of ``kinds`` fell in the period, and the late ones.

    Late: after the case's deadline (an immediate case's is its day of acceptance).
    """
    first = (
        select(_decisions.c.case_code, func.min(_decisions.c.decided_on).label("decided_on"))
        .where(_made(kinds))
        .group_by(_decisions.c.case_code)
        .subquery()
    )
    rows = uow.session.execute(
        select(_cases.c.case_code, _cases.c.service_item_name, _cases.c.kind,
               _cases.c.accepted_at, _cases.c.due_date, first.c.decided_on)
        .join(first, first.c.case_code == _cases.c.case_code)
        .where(_cases.c.lead_department == department,
               first.c.decided_on >= period.start,
               first.c.decided_on <= period.end)
        .order_by(first.c.decided_on, _cases.c.case_code)
    ).all()
    # Which are late first, then what only the late ones need, each in one
    # batch: asked case by case, a year of a large store took minutes.
    behind = []
    for code, item, kind, accepted_at, due, decided_on in rows:
        if kind == CaseKind.IMMEDIATE.value:
            due = clock.to_shanghai_date(accepted_at)  # 即办件: done on the spot (6.6 a)
        elif due is None:  # not written yet (a store being upgraded): the engine's date
            found = uow.cases.deadline(code, on=decided_on)
            due = None if found is None else found.due
        if due is not None and decided_on > due:
            behind.append((code, item, kind, due, decided_on))
    clocks = uow.deadlines.case_clocks(
        code for code, _, kind, _, _ in behind if kind != CaseKind.IMMEDIATE.value)
    reasons = _overdue_reasons(uow, [(code, on) for code, _, _, _, on in behind], kinds)
    late: list[Late] = []
    for code, item, kind, due, decided_on in behind:
        case_clock = clocks.get(code)
        suspensions = () if case_clock is None else case_clock.suspensions
        days = -remaining_working_days(due, decided_on, calendar=uow.deadlines.calendar,
                                       suspensions=suspensions)
        late.append((code, item, kind, due, decided_on, days, reasons.get(code, "")))
    return len(rows), late


def _completed(uow: UnitOfWork, department: str,
               period: Period) -> tuple[int, tuple[LateCompletion, ...]]:
    count, late = _first_decisions(uow, department, period, COMPLETING_KINDS)
    return count, tuple(LateCompletion(*x) for x in late)


def _escalated(uow: UnitOfWork, department: str,
               period: Period) -> tuple[int, tuple[LateEscalation, ...]]:
    # 9.5.4.3: reported within the promised time; the case's deadline is that time.
    count, late = _first_decisions(uow, department, period, ESCALATING_KINDS)
    return count, tuple(LateEscalation(code, item, due, on, days, reason)
                        for code, item, _, due, on, days, reason in late)


def _overdue_reasons(uow: UnitOfWork, firsts: list[tuple[str, dt.date]],
                     kinds: tuple[str, ...]) -> dict[str, str]:
    """Per case, the first overdue reason given on its decisions of ``kinds`` of that day."""
    day_of = dict(firsts)
    found: dict[str, str] = {}
    for part in chunks(sorted(day_of)):
        for code, on, reason in uow.session.execute(
            select(_decisions.c.case_code, _decisions.c.decided_on, _decisions.c.overdue_reason)
            .where(_decisions.c.case_code.in_(part), _made(kinds))
            .order_by(_decisions.c.id)
        ):
            if on == day_of[code] and reason and reason.strip() and code not in found:
                found[code] = reason
    return found


def _overdue_open(uow: UnitOfWork, department: str, today: dt.date) -> tuple[OverdueCase, ...]:
    # The stored date only moves later while a clock stands still, so no case
    # due today or later can be overdue: those before are asked the inbox's rule.
    candidates = uow.session.execute(
        select(_cases.c.case_code, _cases.c.service_item_name, _cases.c.status)
        .where(_cases.c.lead_department == department,
               _cases.c.status.in_(OPEN),
               _cases.c.due_date < today)
        .order_by(_cases.c.due_date, _cases.c.case_code)
    ).all()
    deadlines = uow.cases.deadlines_of((code for code, _, _ in candidates), on=today)
    overdue = [(code, item, status, deadline) for code, item, status in candidates
               for deadline in (deadlines.get(code),)
               if deadline is not None and deadline.status.level is WarningLevel.OVERDUE]
    clocks = uow.deadlines.case_clocks(code for code, *_ in overdue)
    found = []
    for code, item, status, deadline in overdue:
        # A stop running though the case is overdue began after its deadline.
        stops = clocks[code].suspensions if code in clocks else ()
        late_stop = min((s.start for s in stops if s.running), default=None)
        found.append(OverdueCase(code, item, status, deadline.due,
                                 -deadline.status.remaining, late_stop))
    return tuple(found)


def _overdue_steps(uow: UnitOfWork, department: str, today: dt.date) -> tuple[OverdueStep, ...]:
    # The inbox's "Overdue" filter, never a copy: a running step clock past its
    # step deadline. On any case, led here or elsewhere: an overrun of one
    # department's step counts even when the case is still in time (PRODUCT.md).
    overdue = inbox_quick.condition(QuickFilter.OVERDUE, QuickContext("", today, today))
    rows = uow.session.execute(
        select(_tasks.c.case_code, _cases.c.service_item_name, _cases.c.lead_department,
               func.coalesce(_departments.c.name, ""), _tasks.c.status, _tasks.c.step_due)
        .join(_cases, _cases.c.case_code == _tasks.c.case_code)
        .outerjoin(_departments, _departments.c.code == _cases.c.lead_department)
        .where(_tasks.c.department_code == department, overdue)
        .order_by(_tasks.c.step_due, _tasks.c.case_code, _tasks.c.id)
    ).all()
    clocks = uow.deadlines.case_clocks(code for code, *_ in rows)
    found = []
    for code, item, lead, lead_name, status, due in rows:
        # Days the case's clock stood still after the step's date are nobody's delay.
        case_clock = clocks.get(code)
        stops = () if case_clock is None else case_clock.suspensions
        late = -deadline_status(due, today, calendar=uow.deadlines.calendar,
                                suspensions=stops).remaining
        found.append(OverdueStep(code, item, lead, lead_name, status, due, late))
    return tuple(found)
