"""The values of the deadline columns, computed from plain inputs (no SQL).

Split from :mod:`.deadline_columns`, which reads the inputs from the rows
and writes the results: what a column *means* is decided here, in one
place, for the write side and for ``CaseRepository.deadline``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Any

from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.deadlines import (
    DueDate,
    ReconciledDeadline,
    due_date,
    extended,
    reconcile,
    step_due_date,
)
from backoffice.domain.model import Suspension


@dataclass(frozen=True, slots=True)
class CaseClock:
    """Everything a case's deadline depends on, as read from its rows."""

    accepted: dt.date  # the acceptance day in Asia/Shanghai
    promised_days: int
    platform_due: dt.date | None
    # every special procedure and correction notice's days with the applicant, running ones too
    suspensions: tuple[Suspension, ...]
    # working days of each approved extension, in approval order; the domain's
    # ``extended`` decides which count (the platform's rule too)
    extensions: tuple[int, ...]

    @property
    def ended(self) -> tuple[Suspension, ...]:
        return tuple(s for s in self.suspensions if not s.running)

    def estimate(self, calendar: WorkCalendar, *, as_of: dt.date | None = None) -> DueDate:
        """With ``as_of``: the projection through a running suspension on that day.

        Without: the stored estimate, which ignores a running suspension.
        """
        if as_of is None:
            return _estimate(
                calendar, self.accepted, self.promised_days, self.ended, self.extensions
            )
        due = due_date(
            self.accepted,
            self.promised_days,
            suspensions=self.suspensions,
            calendar=calendar,
            as_of=as_of,
        )
        return extended(
            due, self.extensions, suspensions=self.suspensions, calendar=calendar, as_of=as_of
        )

    def reconciled(
        self, calendar: WorkCalendar, *, as_of: dt.date | None = None
    ) -> ReconciledDeadline:
        stored = reconcile(self.platform_due, self.estimate(calendar))
        # Always the stored estimate's verdict: through a running stop the
        # projection for ``as_of`` moves on every working day, and the
        # platform's is one for the day it computed, so that those two differ
        # says nothing; the detail must not say otherwise than the list.
        differs = disputed(
            self.platform_due,
            stored.estimate,
            stop_running=self.stopped_before(stored.authoritative),
        )
        found = stored if as_of is None else reconcile(
            self.platform_due, self.estimate(calendar, as_of=as_of)
        )
        guessed = self.platform_due is not None and self.platform_due > self.accepted and \
            calendar.any_provisional(self.accepted + dt.timedelta(days=1), self.platform_due)
        return replace(found, differs=differs, platform_provisional=guessed)

    def stopped_before(self, due: dt.date) -> bool:
        # deadline_status's rule: nobody is late while a stop that began by the due day runs
        return any(s.running and s.start <= due for s in self.suspensions)


def disputed(platform: dt.date | None, estimate: dt.date | None, *, stop_running: bool) -> bool:
    """Whether the platform's date disagrees with the stored (offline) estimate.

    ``stop_running``: a stop that began on or before the platform's date is
    running (the ``clock_stopped`` column, the list's flag of the same name).
    The stored estimate leaves such a stop out, while the platform's date
    counts it up to the day the platform computed it: later than the estimate
    by as many working days as the stop had lasted then, which nobody here
    knows. A stop only ever moves a date later, so while one runs only an
    earlier date is a disagreement; once it ends, both count it and any
    difference shows again.
    """
    if platform is None or estimate is None:
        return False
    if stop_running:
        return platform < estimate
    return platform != estimate


@functools.lru_cache(maxsize=65_536)
def _estimate(
    calendar: WorkCalendar,
    accepted: dt.date,
    days: int,
    ended: tuple[Suspension, ...],
    extensions: tuple[int, ...],
) -> DueDate:
    # Cached: cases accepted on the same day with the same limit share their
    # estimate, which makes a 50,000-case pull compute a few hundred dates.
    due = due_date(accepted, days, suspensions=ended, calendar=calendar)
    return extended(due, extensions, suspensions=ended, calendar=calendar)


@functools.lru_cache(maxsize=65_536)
def _step_estimate(
    calendar: WorkCalendar,
    accepted: dt.date,
    step_days: int,
    case_due: dt.date | None,
    ended: tuple[Suspension, ...],
) -> DueDate:
    if case_due is None:
        return due_date(accepted, step_days, suspensions=ended, calendar=calendar)
    return step_due_date(accepted, step_days, case_due, suspensions=ended, calendar=calendar)


def _plain(day: dt.date | None) -> dt.date | None:
    # A DueDate is a date subclass; store and compare it as the plain date.
    return None if day is None else dt.date.fromordinal(day.toordinal())


def case_values(case: CaseClock, calendar: WorkCalendar) -> dict[str, Any]:
    """The stored deadline columns of one case."""
    reconciled = case.reconciled(calendar)
    return {
        "estimated_due_date": _plain(reconciled.estimate),
        "due_date": _plain(reconciled.authoritative),
        "due_date_differs": reconciled.differs,
        "due_date_provisional": reconciled.provisional,
        "clock_stopped": case.stopped_before(reconciled.authoritative),
    }


@dataclass(frozen=True, slots=True)
class CaseBase:
    """What a task's columns need of its case."""

    accepted: dt.date
    due: dt.date | None
    ended: tuple[Suspension, ...]


def task_values(
    base: CaseBase | None,
    step_days: int,
    platform_step_due: dt.date | None,
    calendar: WorkCalendar,
) -> dict[str, Any]:
    """The stored deadline columns of one task."""
    if base is None:  # no case row: the foreign key refuses the task anyway
        return {
            "estimated_step_due_date": None,
            "step_due": platform_step_due,
            "case_due_date": None,
        }
    estimate = _plain(_step_estimate(calendar, base.accepted, step_days, base.due, base.ended))
    return {
        "estimated_step_due_date": estimate,
        "step_due": platform_step_due if platform_step_due is not None else estimate,
        "case_due_date": base.due,
    }


def suspension_or_none(started: dt.date, ended: dt.date | None) -> Suspension | None:
    # A platform record ending before it starts must not abort a whole pull
    # page: it says nothing usable about the clock, so it is left out.
    if ended is not None and ended < started:
        return None
    return Suspension(started, ended)
