"""Properties of the deadline engine and the calendar's fast paths (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.domain import clock
from backoffice.domain.calendar import default_calendar
from backoffice.domain.deadlines import (
    due_date,
    extend,
    remaining_working_days,
)
from backoffice.domain.model import Suspension

D = dt.date
CAL = default_calendar()

# 2003 and 2027-28 are weekends-only years: the chain's seams get exercised too.
accepted_days = st.dates(min_value=D(2003, 6, 1), max_value=D(2028, 6, 30))
counts = st.integers(min_value=0, max_value=90)


@st.composite
def suspensions_for(draw: st.DrawFn, accepted: dt.date) -> list[tuple[dt.date, dt.date]]:
    spans = draw(st.lists(st.tuples(st.integers(-40, 160), st.integers(0, 30)), max_size=5))
    return [
        (accepted + dt.timedelta(days=off), accepted + dt.timedelta(days=off + length))
        for off, length in spans
    ]


@st.composite
def cases(draw: st.DrawFn) -> tuple[dt.date, int, list[tuple[dt.date, dt.date]]]:
    accepted = draw(accepted_days)
    return accepted, draw(counts), draw(suspensions_for(accepted))


def _suspended(day: dt.date, suspensions: list[tuple[dt.date, dt.date]]) -> bool:
    return any(start <= day <= end for start, end in suspensions)


def test_the_ci_profile_applies_here() -> None:
    # tests/conftest.py loads it; the tests below rely on it instead of
    # repeating @settings(deadline=None) each.
    assert settings.default.deadline is None


Running = tuple[dt.date, int, list[Suspension], dt.date]


@st.composite
def running_cases(draw: st.DrawFn) -> Running:
    """Closed and running (``end=None``) suspensions mixed, and the day it is (``as_of``)."""
    accepted = draw(accepted_days)
    closed = [Suspension(s, e) for s, e in draw(suspensions_for(accepted))]
    starts = draw(st.lists(st.integers(-40, 160), min_size=1, max_size=3))
    running = [Suspension(accepted + dt.timedelta(days=off)) for off in starts]
    as_of = accepted + dt.timedelta(days=draw(st.integers(-10, 200)))
    mixed = draw(st.permutations(closed + running))
    return accepted, draw(counts), list(mixed), as_of


def _closed_through(suspensions: list[Suspension], as_of: dt.date) -> list[Suspension]:
    """What a running suspension means: stopped through ``as_of`` (or its start day)."""
    return [s if s.end else Suspension(s.start, max(s.start, as_of)) for s in suspensions]


@given(cases())
def test_monotone_in_n(case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]]) -> None:
    accepted, n, suspensions = case
    assert due_date(accepted, n, suspensions=suspensions) < due_date(
        accepted, n + 1, suspensions=suspensions
    )


@given(cases())
def test_lands_on_a_counted_working_day(
    case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]],
) -> None:
    accepted, n, suspensions = case
    due = due_date(accepted, max(n, 1), suspensions=suspensions)
    assert CAL.is_working_day(due)
    assert not _suspended(due, suspensions)


@given(cases(), st.data())
def test_suspensions_never_shorten(
    case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]], data: st.DataObject
) -> None:
    accepted, n, suspensions = case
    more = suspensions + data.draw(suspensions_for(accepted))
    plain = due_date(accepted, n)
    some = due_date(accepted, n, suspensions=suspensions)
    assert plain <= some <= due_date(accepted, n, suspensions=more)


@given(cases(), st.randoms(use_true_random=False))
def test_order_and_duplicates_do_not_matter(
    case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]], rnd: random.Random
) -> None:
    accepted, n, suspensions = case
    shuffled = suspensions * 2
    rnd.shuffle(shuffled)
    assert due_date(accepted, n, suspensions=shuffled) == due_date(
        accepted, n, suspensions=suspensions
    )


@given(cases())
def test_remaining_on_acceptance_day_is_n(
    case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]],
) -> None:
    accepted, n, suspensions = case
    due = due_date(accepted, n, suspensions=suspensions)
    assert remaining_working_days(due, accepted) == CAL.count_working_days(
        accepted + dt.timedelta(1), due
    )
    assert remaining_working_days(due, accepted, suspensions=suspensions) == n


@given(accepted_days, accepted_days)
def test_remaining_sign_follows_the_dates(due: dt.date, on: dt.date) -> None:
    remaining = remaining_working_days(due, on)
    if on < due:
        assert remaining >= 0
    elif on > due:
        assert remaining <= -1
    else:
        assert remaining == 0


@given(cases(), st.integers(min_value=1, max_value=40))
def test_extension_composes(
    case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]], m: int
) -> None:
    accepted, n, suspensions = case
    due = due_date(accepted, n, suspensions=suspensions)
    assert extend(due, m, suspensions=suspensions) == due_date(
        accepted, n + m, suspensions=suspensions
    )


@given(cases())
def test_provisional_iff_the_span_reaches_an_uncovered_year(
    case: tuple[dt.date, int, list[tuple[dt.date, dt.date]]],
) -> None:
    accepted, n, suspensions = case
    due = due_date(accepted, n, suspensions=suspensions)
    first = accepted + dt.timedelta(1)
    touches = n > 0 and (first.year < 2004 or due.year > 2026)
    assert due.provisional == touches


@given(accepted_days, counts, st.integers(0, 30), st.integers(0, 60))
def test_running_suspension_is_a_suspension_through_as_of(
    accepted: dt.date, n: int, start_off: int, as_of_off: int
) -> None:
    start = accepted + dt.timedelta(start_off)
    as_of = accepted + dt.timedelta(as_of_off)
    running = due_date(accepted, n, suspensions=[Suspension(start)], as_of=as_of)
    closed = due_date(accepted, n, suspensions=[(start, max(start, as_of))])
    assert running == closed
    end = max(start, as_of)
    plain = due_date(accepted, n)
    # it stops the clock when it covers some day after acceptance up to the plain due
    # date, or has begun by the acceptance day seen that day (it covers the next)
    assert running.clock_stopped == (
        n > 0 and (end <= accepted or max(start, accepted + dt.timedelta(1)) <= plain)
    )
    if running.clock_stopped:
        assert running > end


@given(accepted_days, st.integers(0, 400))
def test_stepping_matches_a_day_by_day_walk(start: dt.date, n: int) -> None:
    day, left = start, n
    while left:
        day += dt.timedelta(1)
        left -= CAL.is_working_day(day)
    assert CAL.add_working_days(start, n) == day


@given(accepted_days, st.integers(-5, 800))
def test_counting_matches_a_day_by_day_walk(start: dt.date, span: int) -> None:
    end = start + dt.timedelta(span)
    walked = sum(CAL.is_working_day(start + dt.timedelta(i)) for i in range(span + 1))
    assert CAL.count_working_days(start, end) == walked


@given(
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2038, 1, 1),
        timezones=st.timezones(),
    )
)
def test_today_is_utc_plus_8_from_any_zone(instant: dt.datetime) -> None:
    utc = instant.astimezone(dt.UTC).replace(tzinfo=None)
    assert clock.today(instant) == (utc + dt.timedelta(hours=8)).date()


@given(running_cases())
def test_running_suspensions_behave_as_closed_through_as_of(case: Running) -> None:
    accepted, n, suspensions, as_of = case
    running = due_date(accepted, n, suspensions=suspensions, as_of=as_of)
    closed = _closed_through(suspensions, as_of)
    assert running == due_date(accepted, n, suspensions=closed)
    # the clock stands still when a running one covers a day after acceptance
    # that the count reached, i.e. up to the resulting date — or has begun by
    # the acceptance day, seen that day (it covers the next)
    first = accepted + dt.timedelta(1)
    assert running.clock_stopped == (
        n > 0
        and any(
            s.end is None and (max(s.start, as_of) <= accepted or max(s.start, first) <= running)
            for s in suspensions
        )
    )


@given(running_cases())
def test_running_suspensions_keep_the_properties(case: Running) -> None:
    accepted, n, suspensions, as_of = case
    due = due_date(accepted, n, suspensions=suspensions, as_of=as_of)
    later = due_date(accepted, n + 1, suspensions=suspensions, as_of=as_of)
    assert due < later  # monotone in N
    assert due_date(accepted, n) <= due  # never shortened
    spans = [(s.start, s.end) for s in _closed_through(suspensions, as_of) if s.end]
    if n >= 1:
        assert CAL.is_working_day(due)
        assert not _suspended(due, spans)
    assert remaining_working_days(due, accepted, suspensions=suspensions, as_of=as_of) == n
    if due.clock_stopped:
        # a stopped clock projects from the day it is: the date lies after as_of
        assert due > as_of
