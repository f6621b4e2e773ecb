"""The work calendar: source chain, holiday data, provisional years, fast paths."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from backoffice.domain.calendar import (
    CalendarSource,
    ChineseCalendarPackage,
    PublishedCalendar,
    WorkCalendar,
    YearRules,
    default_calendar,
)
from backoffice.domain.errors import DomainError

D = dt.date


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(i) for i in range((last - first).days + 1)]


# Hand-checked against chinesecalendar 1.11 (and the State Council notices).
HOLIDAY_PERIODS = {
    "spring festival 2024": (D(2024, 2, 10), D(2024, 2, 17), [D(2024, 2, 4), D(2024, 2, 18)]),
    "national day 2024": (D(2024, 10, 1), D(2024, 10, 7), [D(2024, 9, 29), D(2024, 10, 12)]),
    "spring festival 2025": (D(2025, 1, 28), D(2025, 2, 4), [D(2025, 1, 26), D(2025, 2, 8)]),
    "national day 2025": (D(2025, 10, 1), D(2025, 10, 8), [D(2025, 9, 28), D(2025, 10, 11)]),
    "new year 2026": (D(2026, 1, 1), D(2026, 1, 3), [D(2026, 1, 4)]),
    "spring festival 2026": (D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),
    "tomb-sweeping 2026": (D(2026, 4, 4), D(2026, 4, 6), []),
    "labour day 2026": (D(2026, 5, 1), D(2026, 5, 5), [D(2026, 5, 9)]),
    "dragon boat 2026": (D(2026, 6, 19), D(2026, 6, 21), []),
    "mid-autumn 2026": (D(2026, 9, 25), D(2026, 9, 27), [D(2026, 9, 20)]),
    "national day 2026": (D(2026, 10, 1), D(2026, 10, 7), [D(2026, 10, 10)]),
}


@pytest.mark.parametrize("name", sorted(HOLIDAY_PERIODS))
def test_holiday_periods_and_adjusted_working_days(name: str) -> None:
    first, last, adjusted = HOLIDAY_PERIODS[name]
    cal = default_calendar()
    assert not any(cal.is_working_day(d) for d in _days(first, last))
    assert all(cal.source_for(d) is CalendarSource.PACKAGE for d in (first, last))
    for day in adjusted:
        assert day.weekday() >= 5, "an adjusted working day is a weekend day"
        assert cal.is_working_day(day)
        assert cal.source_for(day) is CalendarSource.PACKAGE


def test_2026_holidays_match_package_data_literally() -> None:
    expected_off_weekdays = [
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 2, 16),
        D(2026, 2, 17),
        D(2026, 2, 18),
        D(2026, 2, 19),
        D(2026, 2, 20),
        D(2026, 2, 23),
        D(2026, 4, 6),
        D(2026, 5, 1),
        D(2026, 5, 4),
        D(2026, 5, 5),
        D(2026, 6, 19),
        D(2026, 9, 25),
        D(2026, 10, 1),
        D(2026, 10, 2),
        D(2026, 10, 5),
        D(2026, 10, 6),
        D(2026, 10, 7),
    ]
    cal = default_calendar()
    off = [
        d
        for d in _days(D(2026, 1, 1), D(2026, 12, 31))
        if d.weekday() < 5 and not cal.is_working_day(d)
    ]
    assert off == expected_off_weekdays
    on_weekends = [
        d
        for d in _days(D(2026, 1, 1), D(2026, 12, 31))
        if d.weekday() >= 5 and cal.is_working_day(d)
    ]
    assert on_weekends == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]


@pytest.mark.parametrize(("year", "count"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year(year: int, count: int) -> None:
    assert default_calendar().count_working_days(D(year, 1, 1), D(year, 12, 31)) == count


def test_october_2024_has_19_working_days() -> None:
    # 23 weekdays - Oct 1-4, 7 + Saturday Oct 12
    assert default_calendar().count_working_days(D(2024, 10, 1), D(2024, 10, 31)) == 19


def test_agrees_with_the_package_on_every_day_it_covers() -> None:
    cal = WorkCalendar([ChineseCalendarPackage()])
    for day in _days(D(2004, 1, 1), D(2026, 12, 31)):
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day


def test_package_coverage_read_from_its_tables() -> None:
    assert ChineseCalendarPackage().years == range(2004, 2027)
    cal = default_calendar()
    assert cal.source_for(D(2026, 12, 31)) is CalendarSource.PACKAGE
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.source_for(D(2027, 1, 1)) is CalendarSource.WEEKENDS
    assert cal.is_provisional(D(2027, 1, 1))
    assert cal.is_provisional(D(2003, 6, 1))


@pytest.mark.parametrize("year", [2027, 2030, 2100, 2999])
def test_uncovered_years_answer_weekends_only_without_raising(year: int) -> None:
    cal = default_calendar()
    jan1 = D(year, 1, 1)
    days = _days(jan1, D(year, 1, 14))
    # Weekends off, and New Year's Day, a holiday fixed by date whatever the notice says.
    working = [d.weekday() < 5 and d != jan1 for d in days]
    assert [cal.is_working_day(d) for d in days] == working
    assert cal.next_working_day(jan1 - dt.timedelta(1)) == days[working.index(True)]
    assert cal.any_provisional(D(2026, 12, 1), jan1)
    assert not cal.any_provisional(D(2025, 12, 1), D(2026, 12, 31))


def test_weekends_only_chain() -> None:
    cal = WorkCalendar()
    assert not cal.is_working_day(D(2024, 10, 1))  # National Day: fixed by date
    assert cal.is_working_day(D(2024, 10, 4))  # the rest of the block: unknown without data
    assert not cal.is_working_day(D(2024, 5, 2)) and cal.is_working_day(D(2024, 5, 3))
    assert not cal.is_working_day(D(2024, 10, 12))  # adjusted Saturday, unknown too
    assert cal.is_provisional(D(2024, 10, 1))


PUBLISHED_2027 = {
    "year": 2027,
    "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"],
    "working_days": ["2027-01-09"],
}


def test_published_calendar_covers_2027() -> None:
    cal = WorkCalendar.standard(PublishedCalendar.from_data([PUBLISHED_2027]))
    assert cal.source_for(D(2027, 1, 4)) is CalendarSource.PLATFORM
    assert not cal.is_provisional(D(2027, 1, 4))
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.is_working_day(D(2027, 1, 9))  # a Saturday
    assert cal.source_for(D(2026, 6, 1)) is CalendarSource.PACKAGE
    assert cal.source_for(D(2028, 6, 1)) is CalendarSource.WEEKENDS


def test_published_year_replaces_the_package_year_entirely() -> None:
    published = PublishedCalendar.from_data(
        [{"year": 2026, "holidays": [D(2026, 3, 2)], "working_days": []}]
    )
    cal = WorkCalendar.standard(published)
    assert cal.source_for(D(2026, 1, 1)) is CalendarSource.PLATFORM
    assert not cal.is_working_day(D(2026, 3, 2))
    assert cal.is_working_day(D(2026, 1, 1))  # not in the published list, so a plain Thursday
    assert not cal.is_working_day(D(2026, 1, 4))
    assert cal.source_for(D(2025, 1, 1)) is CalendarSource.PACKAGE


def test_chain_order_decides() -> None:
    published = PublishedCalendar.from_data([{"year": 2026, "holidays": [], "working_days": []}])
    package_first = WorkCalendar([ChineseCalendarPackage(), published])
    assert package_first.source_for(D(2026, 1, 1)) is CalendarSource.PACKAGE
    assert not package_first.is_working_day(D(2026, 1, 1))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"year": 2027, "holidays": ["2026-12-31"]}, "calendar.date_outside_year"),
        (
            {"year": 2027, "holidays": ["2027-01-09"], "working_days": ["2027-01-09"]},
            "calendar.conflicting_day",
        ),
        ({"year": 2027, "holidays": ["2027-02-30"]}, "calendar.bad_date"),
        ({"year": 2027, "holidays": ["not a date"]}, "calendar.bad_date"),
        ({"year": 2027, "holidays": "2027-01-01"}, "calendar.bad_date_list"),
        ({"year": 2027, "holidays": [dt.datetime(2027, 1, 1)]}, "calendar.bad_date"),
        ({"holidays": []}, "calendar.bad_year"),
        ({"year": "2027"}, "calendar.bad_year"),
    ],
)
def test_bad_published_data_raises_coded_errors(data: dict[str, object], code: str) -> None:
    with pytest.raises(DomainError) as caught:
        YearRules.from_data(data)
    assert caught.value.code == code


def test_duplicate_published_year_is_rejected() -> None:
    with pytest.raises(DomainError) as caught:
        PublishedCalendar.from_data([PUBLISHED_2027, PUBLISHED_2027])
    assert caught.value.code == "calendar.duplicate_year"
    assert PublishedCalendar.from_data([PUBLISHED_2027]).years == frozenset({2027})


def test_stepping_across_year_ends() -> None:
    cal = default_calendar()
    assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert cal.add_working_days(D(2024, 12, 31), 0) == D(2024, 12, 31)
    # Fri 1 January 2027 is New Year's Day even before the 2027 notice: Mon 4 (provisional)
    assert cal.next_working_day(D(2026, 12, 31)) == D(2027, 1, 4)
    assert cal.previous_working_day(D(2026, 1, 4)) == D(2025, 12, 31)
    assert cal.previous_working_day(D(2026, 1, 5)) == D(2026, 1, 4)
    assert cal.previous_working_day(D(2024, 10, 8)) == D(2024, 9, 30)
    # a long span, many year boundaries: 2024-2026 working days plus 10
    assert cal.add_working_days(D(2023, 12, 31), 251 + 248 + 248 + 10) == D(2027, 1, 15)
    assert cal.count_working_days(D(2024, 1, 1), D(2026, 12, 31)) == 251 + 248 + 248
    assert cal.count_working_days(D(2024, 1, 2), D(2024, 1, 1)) == 0


def test_negative_step_is_a_coded_error() -> None:
    with pytest.raises(DomainError) as caught:
        default_calendar().add_working_days(D(2024, 1, 1), -1)
    assert caught.value.code == "calendar.negative_working_days"
