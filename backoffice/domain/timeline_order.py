"""Where an event of a case's timeline sorts: the platform's and the client's rule.

Some events have a day only — a special procedure begun, a correction
notice issued or answered, an extension approved — beside events with a
time. Counted as the start of their day (or compared as text), a
procedure begun at 15:00 came before the claim made at 09:00 that day. A
day-only event comes after its day's timed events, at the very end of the
day in Beijing, unless its real time that day is known (the change that
made it), then at that time. The platform knows it from the command it
applied (``backoffice.sandbox.timeline``); the client's store timeline
(``backoffice.sync.case_view``) from the notification the change sent.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain.clock import shanghai_tz, to_shanghai_date

__all__ = ["sort_moment"]


def sort_moment(at: dt.datetime | None, day: dt.date | None,
                known: dt.datetime | None = None) -> dt.datetime:
    """The moment an event at ``at`` (naive: Beijing), or on ``day`` only, sorts at.

    ``known``: a day-only event's real time, taken when it falls on ``day``.
    """
    tz = shanghai_tz()
    if at is not None:
        return at if at.tzinfo else at.replace(tzinfo=tz)
    if day is None:
        raise ValueError("an event with neither a time nor a day has no place in time")
    if known is not None:
        known = known if known.tzinfo else known.replace(tzinfo=tz)
        if to_shanghai_date(known) == day:
            return known
    return dt.datetime.combine(day, dt.time.max, tz)
