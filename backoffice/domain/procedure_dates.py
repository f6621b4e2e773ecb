"""When a special procedure may start and end (行政许可法 Art. 45).

Between the case's acceptance and today, both in Shanghai, checked by the
platform against its own today and by the client against the day the person
acted: a start before the acceptance would move deadlines back; a mistyped
year ahead (2099 for 2026) stopped every department's clock at once, sent
the applicant a notice for 2099, and could not be ended before then.

Once the case's due date has passed, a start on or before that date is
refused too (:func:`check_start_after_deadline`): Art. 45 stops the clock
of a period that is still running, and a procedure dated back into it would
move an overdue case's deadline past today and wipe out the delay. A start
after the due date is accepted and stops nothing (docs/deadlines.md).
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain import clock
from backoffice.domain.errors import DomainError

__all__ = ["check_procedure_end", "check_procedure_start", "check_start_after_deadline"]


def check_procedure_start(day: dt.date, accepted_at: dt.datetime, today: dt.date) -> None:
    """A special procedure starts between the case's acceptance and ``today``."""
    _within(day, clock.to_shanghai_date(accepted_at), today)


def check_start_after_deadline(day: dt.date, due: dt.date, today: dt.date, *,
                               clock_stopped: bool) -> None:
    """Once ``due`` has passed, a procedure does not start on or before it.

    ``due``: the case's deadline as shown (the platform's when it sent one);
    ``clock_stopped``: a stop that began by that date runs, so the period
    has not run out.
    """
    if today > due and day <= due and not clock_stopped:
        raise DomainError("special_procedure.after_deadline", date=day.isoformat(),
                          due=due.isoformat())


def check_procedure_end(day: dt.date, started_on: dt.date, today: dt.date) -> None:
    """A special procedure ends between its start and ``today``."""
    _within(day, started_on, today)


def _within(day: dt.date, earliest: dt.date, today: dt.date) -> None:
    if not earliest <= day <= today:
        raise DomainError("special_procedure.outside_dates", date=day.isoformat(),
                          earliest=earliest.isoformat(), today=today.isoformat())
