"""Where a day-only event sorts in a case's timeline (``backoffice.domain.timeline_order``)."""

from __future__ import annotations

import datetime as dt

from backoffice.domain.timeline_order import sort_moment

CST = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2025, 3, 5)


def test_a_day_only_event_comes_after_its_days_timed_events() -> None:
    late = sort_moment(dt.datetime(2025, 3, 5, 23, 59, tzinfo=CST), None)
    next_morning = sort_moment(dt.datetime(2025, 3, 5, 17, 13, tzinfo=dt.UTC), None)  # the 6th
    naive = sort_moment(dt.datetime(2025, 3, 5, 9, 0), None)  # Beijing time
    assert naive < late < sort_moment(None, DAY) < next_morning


def test_its_real_time_that_day_when_known() -> None:
    afternoon = dt.datetime(2025, 3, 5, 15, 0, tzinfo=CST)
    assert sort_moment(None, DAY, afternoon) == afternoon
    # Made another day (begun on a past day): its own day's end, as if unknown.
    later = dt.datetime(2025, 3, 7, 9, 0, tzinfo=CST)
    assert sort_moment(None, DAY, later) == sort_moment(None, DAY)
    # Known in UTC, the same Beijing day.
    assert sort_moment(None, DAY, dt.datetime(2025, 3, 4, 16, 30, tzinfo=dt.UTC)) == \
        dt.datetime(2025, 3, 5, 0, 30, tzinfo=CST)
