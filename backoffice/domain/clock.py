"""Today, as deadlines see it: the calendar date in Asia/Shanghai.

Working-day deadlines are counted in Beijing time whatever the workstation's
own time zone (an inspector's laptop may be set to UTC, or to nothing), so
code must never call ``date.today()`` for a deadline.

Naive datetimes are rejected rather than guessed at: ``datetime.now()`` is
local time and ``datetime.utcnow()`` is UTC, both naive, and guessing wrong
moves the date for eight hours of every day — silently.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["SHANGHAI", "now", "shanghai_tz", "to_shanghai_date", "today"]

SHANGHAI = "Asia/Shanghai"

# China has kept UTC+8 all year since 1991, so this is exact for any date the
# app deals with; used only when no tz database is installed (Windows without
# the ``tzdata`` wheel), where failing to start would be worse.
_UTC8 = dt.timezone(dt.timedelta(hours=8), "CST")


@functools.cache
def shanghai_tz() -> dt.tzinfo:
    """The Asia/Shanghai zone, loaded once (loading reads tz database files)."""
    try:
        return ZoneInfo(SHANGHAI)
    except ZoneInfoNotFoundError:
        return _UTC8


def to_shanghai_date(instant: dt.datetime) -> dt.date:
    """The Shanghai calendar date of an aware ``instant``.

    Raises ``ValueError`` for a naive datetime (see the module docstring).
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: attach a tzinfo (e.g. datetime.now(timezone.utc))")
    return instant.astimezone(shanghai_tz()).date()


def now() -> dt.datetime:
    """The current instant, aware, in Asia/Shanghai."""
    return dt.datetime.now(shanghai_tz())


def today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Asia/Shanghai; pass ``now`` (aware) to pin the instant in tests."""
    if now is None:
        return dt.datetime.now(shanghai_tz()).date()
    return to_shanghai_date(now)
