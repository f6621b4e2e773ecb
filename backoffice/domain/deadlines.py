"""Working-day deadlines: due dates, suspensions, extensions, warning levels.

Counting rule (行政许可法 Art. 82, the standard's 6.6): the due date is the
N-th working day *after* the acceptance day, which itself never counts.
Working days inside a clock suspension (中止计时, Art. 45; bounds inclusive)
do not count either.

A running suspension (``end=None``) is taken to last through ``as_of``
(default: today in Shanghai) and the clock to restart the day after: working
days used before it stay used, the rest are projected from ``as_of``. Such a
date says ``clock_stopped`` and moves on every working day the stop lasts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, NoReturn, Self, overload

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar, default_calendar
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Extension, Suspension

# Statutory limits in working days: 行政许可法 Art. 82 makes this law's periods working days.
STATUTORY_DECISION_DAYS: Final = 20  # Art. 42 ¶1: decide within 20 days of acceptance
STATUTORY_EXTENSION_DAYS: Final = 10  # Art. 42 ¶1: +10 with the head of the body's approval
JOINT_DECISION_DAYS: Final = 45  # Art. 42 ¶2: joint or centralized handling
JOINT_EXTENSION_DAYS: Final = 15  # Art. 42 ¶2: +15 with the government head's approval
LOWER_LEVEL_REVIEW_DAYS: Final = 20  # Art. 43: first review by the lower-level body
CORRECTION_NOTICE_DAYS: Final = 5  # Art. 32 ¶1 (4): one correction notice within 5 days
LICENCE_DELIVERY_DAYS: Final = 10  # Art. 44: issue and deliver within 10 days of the decision
HEARING_REQUEST_DAYS: Final = 5  # Art. 47: applicant asks for a hearing within 5 days of notice
HEARING_HOLD_DAYS: Final = 20  # Art. 47: the body holds it within 20 days of the request
HEARING_NOTICE_DAYS: Final = 7  # Art. 48 (1): notice 7 days before the hearing

_ONE_DAY: Final = dt.timedelta(days=1)


class DueDate(dt.date):
    """A date that also says how sure it is; equal to, and usable as, a plain date.

    ``clock_stopped``: a running suspension stopped the clock before this date
    was reached, so it is a projection. ``provisional``: some day after the
    start, up to this date, lies in a year only the fallback calendar
    (weekends and fixed-date holidays) covers. ``clamped``: a step deadline
    cut short by the case's deadline.
    Dates derived by arithmetic or ``replace`` carry no flags.
    """

    __slots__ = ("_clamped", "_clock_stopped", "_provisional")
    _clock_stopped: bool
    _provisional: bool
    _clamped: bool

    def __new__(
        cls,
        year: int,
        month: int,
        day: int,
        *,
        clock_stopped: bool = False,
        provisional: bool = False,
        clamped: bool = False,
    ) -> Self:
        self = super().__new__(cls, year, month, day)
        self._clock_stopped, self._provisional, self._clamped = clock_stopped, provisional, clamped
        return self

    @classmethod
    def of(cls, day: dt.date, **flags: bool) -> Self:
        return cls(day.year, day.month, day.day, **flags)

    @property
    def clock_stopped(self) -> bool:
        return self._clock_stopped

    @property
    def provisional(self) -> bool:
        return self._provisional

    @property
    def clamped(self) -> bool:
        return self._clamped

    def _flags(self) -> dict[str, bool]:
        names = ("clock_stopped", "provisional", "clamped")
        return {name: bool(getattr(self, "_" + name)) for name in names}

    def __repr__(self) -> str:
        on = "".join(f", {k}=True" for k, v in self._flags().items() if v)
        return f"DueDate({self.year}, {self.month}, {self.day}{on})"

    def __reduce__(self) -> tuple[Any, ...]:
        # date's own reduce rebuilds from bytes through __new__ and would drop the flags
        return (_restore, (self.toordinal(), self._flags()))

    # typeshed types date - date as Self - Self, which rejects DueDate - date
    @overload  # type: ignore[override]
    def __sub__(self, other: dt.datetime, /) -> NoReturn: ...
    @overload
    def __sub__(self, other: dt.date, /) -> dt.timedelta: ...
    @overload
    def __sub__(self, other: dt.timedelta, /) -> Self: ...
    def __sub__(self, other: dt.date | dt.timedelta, /) -> dt.timedelta | Self:
        return super().__sub__(other)  # type: ignore[operator]


def _restore(ordinal: int, flags: dict[str, bool]) -> DueDate:
    return DueDate.of(dt.date.fromordinal(ordinal), **flags)


def flag(day: dt.date, name: str) -> bool:
    return isinstance(day, DueDate) and bool(getattr(day, name))


SuspensionLike = Suspension | tuple[dt.date, dt.date | None]
Suspensions = Iterable[SuspensionLike]
_Period = tuple[dt.date, dt.date, bool]  # start, inclusive end, running


def suspension_of(item: SuspensionLike) -> Suspension:
    return item if isinstance(item, Suspension) else Suspension(*item)


def _periods(suspensions: Suspensions, after: dt.date, as_of: dt.date | None) -> list[_Period]:
    """Suspensions clipped to the days after ``after``, sorted, overlaps merged."""
    items: list[_Period] = []
    for s in map(suspension_of, suspensions):
        end = s.end
        if end is None:
            as_of = clock.today() if as_of is None else as_of  # ask the clock only if needed
            end = max(s.start, as_of)
        if end > after:
            items.append((max(s.start, after + _ONE_DAY), end, s.running))
        elif s.running:
            # Begun by ``after`` and seen that day (a special procedure from the
            # acceptance day, on that day): no counted day is stopped yet, but
            # the clock is, and the date moves from tomorrow. An empty period
            # carries just that.
            items.append((after + _ONE_DAY, after, True))
    merged: list[_Period] = []
    for start, end, running in sorted(items):
        if merged and start <= merged[-1][1] + _ONE_DAY:
            prev_start, prev_end, prev_running = merged[-1]
            merged[-1] = (prev_start, max(prev_end, end), prev_running or running)
        else:
            merged.append((start, end, running))
    return merged


def _advance(cal: WorkCalendar, start: dt.date, n: int, periods: list[_Period]) -> DueDate:
    cursor, left, stopped = start, n, False
    for p_start, p_end, running in periods:
        if left == 0 or cal.add_working_days(cursor, left) < p_start:
            break  # reached before this suspension begins: it and later ones don't matter
        left -= cal.count_working_days(cursor + _ONE_DAY, p_start - _ONE_DAY)
        cursor, stopped = p_end, stopped or running
    result = cal.add_working_days(cursor, left)
    provisional = result > start and cal.any_provisional(start + _ONE_DAY, result)
    return DueDate.of(result, clock_stopped=stopped, provisional=provisional)


def due_date(
    accepted: dt.date,
    working_days: int,
    *,
    suspensions: Suspensions = (),
    calendar: WorkCalendar | None = None,
    as_of: dt.date | None = None,
) -> DueDate:
    """The ``working_days``-th working day after ``accepted``; 0 gives ``accepted``.

    Suspensions may overlap, come in any order, or start before acceptance
    (days up to the acceptance day never matter). ``as_of`` only matters for
    a running suspension (see the module docstring).
    """
    if working_days < 0:
        raise DomainError("deadline.negative_working_days", working_days=working_days)
    cal = default_calendar() if calendar is None else calendar
    return _advance(cal, accepted, working_days, _periods(suspensions, accepted, as_of))


def remaining_working_days(
    due: dt.date,
    on: dt.date,
    *,
    calendar: WorkCalendar | None = None,
    suspensions: Suspensions = (),
    as_of: dt.date | None = None,
) -> int:
    """Working days left on day ``on`` until ``due``.

    Before the due date: the counted working days in ``on+1 .. due`` (the due
    day counts, ``on`` does not, so ``remaining(due_date(a, n), a) == n``).
    On the due date: 0. After it: minus the counted working days in
    ``due+1 .. on``, but at most -1, so a weekend after a Friday deadline
    still reads as overdue and 0 only ever means "due today". Suspended
    working days count neither way; but after the due date only a stop that
    began by it counts: one begun later stops nothing (Art. 45 stops a period
    still running), so the days late go on counting through it — the same
    for the inbox, the case column, the efficiency figures and late completions.
    """
    if on == due:
        return 0
    cal = default_calendar() if calendar is None else calendar
    lo, hi = min(on, due), max(on, due)
    if on > due:
        suspensions = [s for s in map(suspension_of, suspensions) if s.start <= due]
    counted = cal.count_working_days(lo + _ONE_DAY, hi) - sum(
        cal.count_working_days(start, min(end, hi))
        for start, end, _ in _periods(suspensions, lo, as_of)
    )
    return counted if on < due else -max(1, counted)


def extend(
    due: dt.date,
    extension: int | Extension,
    *,
    calendar: WorkCalendar | None = None,
    suspensions: Suspensions = (),
    as_of: dt.date | None = None,
) -> DueDate:
    """``due`` pushed M > 0 working days further; suspensions after ``due`` apply.

    ``extend(due_date(a, n, suspensions=s), m, suspensions=s)`` equals
    ``due_date(a, n + m, suspensions=s)``. The flags of ``due`` carry over.
    """
    m = extension.working_days if isinstance(extension, Extension) else extension
    if m <= 0:
        raise DomainError("deadline.extension_not_positive", working_days=m)
    cal = default_calendar() if calendar is None else calendar
    moved = _advance(cal, due, m, _periods(suspensions, due, as_of))
    return DueDate.of(
        moved,
        clock_stopped=moved.clock_stopped or flag(due, "clock_stopped"),
        provisional=moved.provisional or flag(due, "provisional"),
    )


def extended(
    due: DueDate,
    approved: Iterable[int],
    *,
    calendar: WorkCalendar | None = None,
    suspensions: Suspensions = (),
    as_of: dt.date | None = None,
) -> DueDate:
    """``due`` moved by a case's approved extensions (working days, in approval order).

    Art. 42 allows one extension and ``extension.already_extended`` refuses a
    second, yet a case may carry two approved ones (approved before that rule,
    or by another platform): only the first counts. The platform's date and
    the client's estimate both come from here, so they cannot count apart.
    """
    for days in list(approved)[:1]:
        due = extend(due, days, calendar=calendar, suspensions=suspensions, as_of=as_of)
    return due


def step_due_date(
    accepted: dt.date,
    step_days: int,
    case_due: dt.date,
    *,
    suspensions: Suspensions = (),
    calendar: WorkCalendar | None = None,
    as_of: dt.date | None = None,
) -> DueDate:
    """A task's step deadline, ``step_days`` after ``accepted``, never after ``case_due``.

    When cut short it is ``case_due`` with ``clamped=True``, keeping the
    flags ``case_due`` carries (a plain date carries none).
    """
    step = due_date(accepted, step_days, suspensions=suspensions, calendar=calendar, as_of=as_of)
    if step <= case_due:
        return step
    return DueDate.of(
        case_due,
        clock_stopped=flag(case_due, "clock_stopped"),
        provisional=flag(case_due, "provisional"),
        clamped=True,
    )


DeadlineSource = Literal["platform", "estimate"]


@dataclass(frozen=True, slots=True)
class ReconciledDeadline:
    """The deadline to show: the platform's when it sent one, else our estimate.

    ``platform_provisional``: the platform's date counted a day of a year the
    calendar here knows only by its fallback. The platform sends the calendar
    it counts with, so a year it did not send is one it guessed as well: its
    date is as provisional as ours would be (the caller, who has the
    calendar, says so; :func:`reconcile` cannot).
    """

    authoritative: dt.date
    estimate: DueDate | None
    source: DeadlineSource
    differs: bool
    platform_provisional: bool = False

    @property
    def provisional(self) -> bool:
        if self.source == "platform":
            return self.platform_provisional
        return self.estimate is not None and self.estimate.provisional

    @property
    def clock_stopped(self) -> bool:
        # a suspension recorded here may not have reached the platform yet
        return self.estimate is not None and self.estimate.clock_stopped


def reconcile(platform_due: dt.date | None, estimate: DueDate | None) -> ReconciledDeadline:
    """Pick the authoritative deadline; ``differs`` when both exist and disagree."""
    if platform_due is not None:
        differs = estimate is not None and estimate != platform_due
        return ReconciledDeadline(platform_due, estimate, "platform", differs)
    if estimate is None:
        raise DomainError("deadline.no_deadline")
    return ReconciledDeadline(estimate, estimate, "estimate", False)
