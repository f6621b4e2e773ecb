"""When a special procedure may start and end (行政许可法 Art. 45).

Between the case's acceptance and today, both in Shanghai, checked by the
platform against its own today and by the client against the day the person
acted: a start before the acceptance would move deadlines back; a mistyped
year ahead (2099 for 2026) stopped every department's clock at once, sent
the applicant a notice for 2099, and could not be ended before then.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain import clock
from backoffice.domain.errors import DomainError

__all__ = ["check_procedure_end", "check_procedure_start"]


def check_procedure_start(day: dt.date, accepted_at: dt.datetime, today: dt.date) -> None:
    """A special procedure starts between the case's acceptance and ``today``."""
    _within(day, clock.to_shanghai_date(accepted_at), today)


def check_procedure_end(day: dt.date, started_on: dt.date, today: dt.date) -> None:
    """A special procedure ends between its start and ``today``."""
    _within(day, started_on, today)


def _within(day: dt.date, earliest: dt.date, today: dt.date) -> None:
    if not earliest <= day <= today:
        raise DomainError("special_procedure.outside_dates", date=day.isoformat(),
                          earliest=earliest.isoformat(), today=today.isoformat())
