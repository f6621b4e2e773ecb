"""The slot search on hand-made problems: calendar, buffers, teams, preferences, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from planning_support import CAL, at, availability, busy, person, request

from backoffice.domain.calendar import PublishedCalendar, WorkCalendar, YearRules
from backoffice.domain.deadlines import due_date
from backoffice.domain.model import Suspension
from backoffice.planning.availability import Availability, is_working_day
from backoffice.planning.conflicts import check_time
from backoffice.planning.model import (
    BusyKind,
    DepartmentNeed,
    Inspector,
    Note,
    PartOfDay,
    PlanningError,
    Preferences,
    SlotRequest,
    WorkingPeriod,
)
from backoffice.planning.search import search


def _starts(av: Availability, req: SlotRequest) -> list[str]:
    return [s.start.strftime("%Y-%m-%d %H:%M") for s in search(av, req).slots]


def test_holidays_are_skipped_and_an_adjusted_saturday_works() -> None:
    av = availability(person("a", "A"), person("b", "B"))
    req = request("A", "B", start=at(2026, 4, 30, 12), end=at(2026, 5, 12), count=3,
                  max_per_day=1, minutes=240)
    # 30 April afternoon; 1–5 May holidays; Wednesday 6 … Saturday 9 May works (调休).
    assert _starts(av, req) == ["2026-04-30 13:30", "2026-05-06 13:30", "2026-05-07 13:30"]
    req = request("A", "B", start=at(2026, 5, 8, 18), end=at(2026, 5, 12), count=1)
    assert _starts(av, req) == ["2026-05-09 08:30"]


def test_a_year_chinesecalendar_does_not_cover_falls_back_to_weekends() -> None:
    av = availability(person("a", "A"))
    req = request("A", start=at(2026, 12, 31, 18), end=at(2027, 1, 8), count=1)
    result = search(av, req)
    # New Year's Day is off by law whatever the notice will say; Monday 4 January is the
    # first day the weekends-only rule offers.
    assert [s.start for s in result.slots] == [at(2027, 1, 4, 8, 30)]
    assert result.provisional_calendar and result.provisional_from == dt.date(2027, 1, 1)
    assert result.explanation is not None and result.explanation.reasons == ()
    assert result.explanation.hints == (
        Note("planning.provisional_calendar", {"start": "2027-01-01"}),)
    # The platform's calendar wins, and is no longer provisional: its adjusted Saturday works.
    published = PublishedCalendar([YearRules(2027, frozenset({dt.date(2027, 1, 1)}),
                                             frozenset({dt.date(2027, 1, 2)}))])
    av = Availability([person("a", "A")], WorkCalendar.standard(published))
    result = search(av, req)
    assert result.slots[0].start == at(2027, 1, 2, 8, 30)
    assert not result.provisional_calendar and result.explanation is None


@pytest.mark.parametrize(("month", "day"), [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)])
def test_fixed_public_holidays_are_off_in_a_provisional_year(month: int, day: int) -> None:
    holiday = dt.date(2030, month, day)
    start = at(holiday.year, month, day) - dt.timedelta(days=7)
    av = availability(person("a", "A"))
    req = request("A", start=start, end=start + dt.timedelta(days=21), count=30,
                  max_per_day=1)
    found = {s.start.date() for s in search(av, req).slots}
    assert holiday not in found
    assert holiday.weekday() >= 5 or holiday + dt.timedelta(days=7) in found or \
        (holiday + dt.timedelta(days=7)).weekday() >= 5
    check = check_time(av, at(2030, month, day, 9), at(2030, month, day, 10), inspectors=["a"])
    assert check.inspectors[0].conflicts == (Note("planning.conflict_day_off",
                                                  {"date": holiday.isoformat()}),)
    # A year of the package's calendar is left to it: the planner adds nothing.
    assert not is_working_day(CAL, dt.date(2026, 1, 1))
    assert is_working_day(CAL, dt.date(2026, 9, 30))


def test_a_search_within_known_years_says_nothing_of_the_calendar() -> None:
    av = availability(person("a", "A"))
    result = search(av, request("A", start=at(2026, 12, 28), end=at(2027, 1, 1), count=1))
    assert result.slots and not result.provisional_calendar and result.explanation is None


def test_travel_buffer_around_visits_but_not_around_meetings() -> None:
    meeting = busy(at(2026, 5, 6, 8, 30), 60, BusyKind.MEETING)
    visit = busy(at(2026, 5, 7, 8, 30), 60, BusyKind.INSPECTION)
    av = availability(person("a", "A", meeting, visit), buffer=30)
    req = request("A", start=at(2026, 5, 6), end=at(2026, 5, 8), minutes=60, count=2,
                  max_per_day=1)
    # after the meeting: 30 minutes to get there; after a visit: 30 back plus 30 there
    assert _starts(av, req) == ["2026-05-06 10:00", "2026-05-07 10:30"]
    av = availability(person("a", "A", meeting, visit), buffer=0)
    assert _starts(av, req) == ["2026-05-06 09:30", "2026-05-07 09:30"]


def test_leave_over_several_days_and_own_working_hours() -> None:
    early = Inspector("e", "E", "A", working_hours=(WorkingPeriod(dt.time(7), dt.time(15)),),
                      busy=(busy(at(2026, 5, 6, 7), 2 * 1440, BusyKind.LEAVE),))
    av = availability(early)
    req = request("A", start=at(2026, 5, 6), end=at(2026, 5, 12), count=2, minutes=420,
                  max_per_day=1)
    assert _starts(av, req) == ["2026-05-08 07:00", "2026-05-09 07:00"]


def test_team_prefers_the_named_inspector_then_the_least_booked() -> None:
    a1 = person("a1", "A", busy(at(2026, 5, 6, 14), 60))
    a2 = person("a2", "A")
    b = person("b", "B")
    req = request("A", "B", start=at(2026, 5, 6), end=at(2026, 5, 7), count=1)
    team = search(availability(a1, a2, b), req).slots[0].team
    assert [(m.inspector, m.department) for m in team] == [("a2", "A"), ("b", "B")]
    req = request("A", "B", start=at(2026, 5, 6), end=at(2026, 5, 7), count=1,
                  preferences=Preferences(inspector="a1"))
    team = search(availability(a1, a2, b), req).slots[0].team
    assert [m.inspector for m in team] == ["a1", "b"]


def test_optional_departments_join_when_free_and_never_hold_a_slot_back() -> None:
    c = person("c", "C", busy(at(2026, 5, 6, 8, 30), 210))
    req = request("A", DepartmentNeed("C", required=False), start=at(2026, 5, 6),
                  end=at(2026, 5, 7), count=2, max_per_day=2)
    slots = search(availability(person("a", "A"), c), req).slots
    assert [(s.start.hour, s.absent_optional, [m.inspector for m in s.team]) for s in slots] == [
        (8, ("C",), ["a"]), (13, (), ["a", "c"])]


def test_qualification_decides_who_counts() -> None:
    plain = person("x", "X")
    qualified = person("y", "X", busy(at(2026, 5, 6, 8, 30), 210), quals=["fire"])
    req = request(DepartmentNeed("X", qualification="fire"), start=at(2026, 5, 6),
                  end=at(2026, 5, 7), count=1)
    slot = search(availability(plain, qualified), req).slots[0]
    assert slot.start == at(2026, 5, 6, 13, 30) and slot.team[0].inspector == "y"


@pytest.mark.parametrize(("part", "expected"), [
    (PartOfDay.MORNING, ["2026-05-06 08:30", "2026-05-07 08:30"]),
    (PartOfDay.AFTERNOON, ["2026-05-06 13:30", "2026-05-07 13:30"]),
    (PartOfDay.ANY, ["2026-05-06 08:30", "2026-05-06 13:30"]),
])
def test_part_of_day(part: PartOfDay, expected: list[str]) -> None:
    req = request("A", start=at(2026, 5, 6), end=at(2026, 5, 8), count=2, minutes=180,
                  preferences=Preferences(part_of_day=part))
    assert _starts(availability(person("a", "A")), req) == expected


def test_the_deadline_counts_suspended_days_as_the_deadline_engine_does() -> None:
    # accepted Wed 22 April, 10 working days, testing 27–28 April: due 12 May, not 8 May
    due = due_date(dt.date(2026, 4, 22), 10, calendar=CAL,
                   suspensions=[Suspension(dt.date(2026, 4, 27), dt.date(2026, 4, 28))])
    assert due == dt.date(2026, 5, 12)
    req = request("A", start=at(2026, 5, 11), end=at(2026, 5, 20), deadline=due, count=5,
                  max_per_day=1)
    assert _starts(availability(person("a", "A")), req) == ["2026-05-11 08:30",
                                                            "2026-05-12 08:30"]


def test_slots_do_not_overlap_and_keep_to_the_grid() -> None:
    req = request("A", start=at(2026, 5, 6, 8, 40), end=at(2026, 5, 7), count=4, minutes=50,
                  step=dt.timedelta(minutes=30))
    assert _starts(availability(person("a", "A")), req) == [
        "2026-05-06 09:00", "2026-05-06 10:00", "2026-05-06 11:00", "2026-05-06 13:30"]


@pytest.mark.parametrize("kw", [
    {"step": dt.timedelta(minutes=7)},
    {"count": 0},
    {"max_per_day": 0},
    {"departments": ()},
])
def test_bad_requests_are_refused_with_a_code(kw: dict[str, object]) -> None:
    args: dict[str, object] = {"departments": (DepartmentNeed("A"),),
                               "duration": dt.timedelta(hours=1), "window_start": at(2026, 5, 6),
                               "window_end": at(2026, 5, 7), **kw}
    with pytest.raises(PlanningError) as err:
        SlotRequest(**args)  # type: ignore[arg-type]
    assert err.value.code.startswith("planning.")


def test_naive_times_are_refused() -> None:
    with pytest.raises(PlanningError) as err:
        request("A", start=dt.datetime(2026, 5, 6, 8), end=at(2026, 5, 7))
    assert err.value.code == "planning.naive_time"
