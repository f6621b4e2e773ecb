"""The deadline engine and the Shanghai clock, on hand-checked dates."""

from __future__ import annotations

import copy
import datetime as dt
import os
import pickle
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from backoffice.domain import clock
from backoffice.domain import deadlines as dl
from backoffice.domain.calendar import CalendarSource, PublishedCalendar, WorkCalendar
from backoffice.domain.deadline_status import (
    DeadlineStatus,
    WarningLevel,
    WarningThresholds,
    deadline_status,
)
from backoffice.domain.deadlines import (
    DueDate,
    due_date,
    extend,
    reconcile,
    remaining_working_days,
    step_due_date,
)
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Extension, Suspension

D = dt.date
UTC = dt.UTC


def _code(exc: pytest.ExceptionInfo[DomainError]) -> str:
    return exc.value.code


# (accepted, N, due): each counted by hand against the package's 2024-2026 data.
HAND_CHECKED = [
    # Spring Festival 2024: off Feb 10-17, Sun Feb 4 and Sun Feb 18 work
    (D(2024, 2, 8), 1, D(2024, 2, 9)),
    (D(2024, 2, 8), 2, D(2024, 2, 18)),
    (D(2024, 2, 9), 2, D(2024, 2, 19)),
    (D(2024, 2, 1), 20, D(2024, 3, 5)),
    # National Day 2024: off Oct 1-7, Sun Sep 29 and Sat Oct 12 work
    (D(2024, 9, 27), 1, D(2024, 9, 29)),
    (D(2024, 9, 30), 1, D(2024, 10, 8)),
    (D(2024, 9, 20), 10, D(2024, 10, 10)),
    (D(2024, 10, 11), 1, D(2024, 10, 12)),
    # Spring Festival 2025: off Jan 28-Feb 4, Sun Jan 26 and Sat Feb 8 work
    (D(2025, 1, 24), 1, D(2025, 1, 26)),
    (D(2025, 1, 27), 1, D(2025, 2, 5)),
    (D(2025, 1, 20), 10, D(2025, 2, 8)),
    # National Day + Mid-Autumn 2025: off Oct 1-8, Sun Sep 28 and Sat Oct 11 work
    (D(2025, 9, 26), 1, D(2025, 9, 28)),
    (D(2025, 9, 30), 1, D(2025, 10, 9)),
    (D(2025, 9, 22), 20, D(2025, 10, 24)),
    # 2026: New Year off Jan 1-3 (Sun Jan 4 works), Spring Festival off Feb 15-23
    # (Sat Feb 14, Sat Feb 28 work), Labour Day off May 1-5, Mid-Autumn Sep 25-27,
    # National Day Oct 1-7 (Sat Oct 10 works)
    (D(2025, 12, 31), 1, D(2026, 1, 4)),
    (D(2026, 2, 10), 5, D(2026, 2, 24)),
    (D(2026, 2, 27), 1, D(2026, 2, 28)),
    (D(2026, 4, 30), 3, D(2026, 5, 8)),
    (D(2026, 9, 24), 5, D(2026, 10, 9)),
    (D(2026, 12, 15), 10, D(2026, 12, 29)),
]


@pytest.mark.parametrize(("accepted", "n", "expected"), HAND_CHECKED)
def test_due_date_over_holiday_periods(accepted: dt.date, n: int, expected: dt.date) -> None:
    due = due_date(accepted, n)
    assert due == expected
    assert isinstance(due, DueDate)
    assert not due.provisional and not due.clock_stopped


def test_zero_days_is_the_acceptance_day_even_on_a_holiday() -> None:
    assert due_date(D(2024, 3, 6), 0) == D(2024, 3, 6)
    assert due_date(D(2024, 10, 3), 0) == D(2024, 10, 3)
    assert not due_date(D(2026, 12, 31), 0).provisional


def test_one_day_over_a_weekend() -> None:
    assert due_date(D(2024, 3, 8), 1) == D(2024, 3, 11)  # Fri -> Mon
    assert due_date(D(2024, 3, 9), 1) == D(2024, 3, 11)  # Sat -> Mon


def test_acceptance_on_a_holiday() -> None:
    assert due_date(D(2024, 10, 3), 1) == D(2024, 10, 8)
    assert due_date(D(2025, 10, 1), 3) == D(2025, 10, 11)  # Oct 9, 10, Sat 11


def test_acceptance_on_an_adjusted_working_day() -> None:
    assert due_date(D(2024, 2, 4), 1) == D(2024, 2, 5)  # Sunday that worked
    assert due_date(D(2024, 2, 18), 1) == D(2024, 2, 19)
    assert due_date(D(2024, 2, 4), 5) == D(2024, 2, 9)  # Feb 5-9
    assert due_date(D(2024, 2, 4), 6) == D(2024, 2, 18)  # then the block, then Sun 18


def test_negative_days_is_a_coded_error() -> None:
    with pytest.raises(DomainError) as caught:
        due_date(D(2024, 3, 4), -1)
    assert _code(caught) == "deadline.negative_working_days"
    assert caught.value.params == {"working_days": -1}


# Accepted Mon 2024-03-04, 5 working days: Mar 5, 6, 7, 8, 11 -> due Mon Mar 11.
MON = D(2024, 3, 4)


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        ([(D(2024, 3, 6), D(2024, 3, 6))], D(2024, 3, 12)),  # one day, bounds inclusive
        ([(D(2024, 3, 6), D(2024, 3, 8))], D(2024, 3, 14)),  # Wed-Fri: three days
        ([Suspension(D(2024, 3, 6), D(2024, 3, 8), reason="expert review")], D(2024, 3, 14)),
        ([(D(2024, 3, 9), D(2024, 3, 10))], D(2024, 3, 11)),  # a weekend only: no effect
        ([(D(2024, 3, 6), D(2024, 3, 7)), (D(2024, 3, 7), D(2024, 3, 8))], D(2024, 3, 14)),
        ([(D(2024, 3, 7), D(2024, 3, 8)), (D(2024, 3, 6), D(2024, 3, 6))], D(2024, 3, 14)),
        ([(D(2024, 3, 6), D(2024, 3, 8))] * 3, D(2024, 3, 14)),  # duplicates count once
        ([(D(2024, 2, 26), D(2024, 3, 4))], D(2024, 3, 11)),  # ends on acceptance day
        ([(D(2024, 2, 1), D(2024, 2, 20))], D(2024, 3, 11)),  # wholly before acceptance
        ([(D(2024, 2, 26), D(2024, 3, 5))], D(2024, 3, 12)),  # only Mar 5 matters
        ([(D(2024, 3, 8), D(2024, 3, 15))], D(2024, 3, 19)),  # spans the would-be due date
        ([(D(2024, 3, 11), D(2024, 3, 11))], D(2024, 3, 12)),  # on the would-be due date
        ([(D(2024, 3, 12), D(2024, 3, 20))], D(2024, 3, 11)),  # after it: no effect
    ],
)
def test_suspensions(suspensions: list[dl.SuspensionLike], expected: dt.date) -> None:
    due = due_date(MON, 5, suspensions=suspensions)
    assert due == expected
    assert not due.clock_stopped


def test_suspension_over_a_holiday_block() -> None:
    # accepted 2024-09-27, 3 days; suspended Sep 29-Oct 10: counts Fri Oct 11, Sat 12, Mon 14
    due = due_date(D(2024, 9, 27), 3, suspensions=[(D(2024, 9, 29), D(2024, 10, 10))])
    assert due == D(2024, 10, 14)


def test_inverted_suspension_is_a_coded_error() -> None:
    with pytest.raises(DomainError) as caught:
        Suspension(D(2024, 3, 8), D(2024, 3, 6))
    assert _code(caught) == "deadline.suspension_ends_before_start"
    with pytest.raises(DomainError):
        due_date(MON, 5, suspensions=[(D(2024, 3, 8), D(2024, 3, 6))])


def test_running_suspension_projects_from_as_of() -> None:
    # Mar 5 used; stopped since Wed Mar 6; restart after as_of: 4 days left
    running = [Suspension(D(2024, 3, 6), None, reason="hearing")]
    due = due_date(MON, 5, suspensions=running, as_of=D(2024, 3, 13))
    assert due == D(2024, 3, 19) and due.clock_stopped  # Mar 14, 15, 18, 19
    later = due_date(MON, 5, suspensions=running, as_of=D(2024, 3, 14))
    assert later == D(2024, 3, 20) and later.clock_stopped
    as_tuple = due_date(MON, 5, suspensions=[(D(2024, 3, 6), None)], as_of=D(2024, 3, 13))
    assert as_tuple == due and as_tuple.clock_stopped


def test_running_suspension_as_of_before_its_start_stops_one_day() -> None:
    due = due_date(MON, 5, suspensions=[(D(2024, 3, 6), None)], as_of=D(2024, 3, 1))
    assert due == D(2024, 3, 12) and due.clock_stopped


def test_running_suspension_from_the_acceptance_day_stops_the_clock_that_day() -> None:
    # Seen on the acceptance day, it covers no counted day yet (the acceptance
    # day never counts), but the date is a projection from then on.
    due = due_date(MON, 5, suspensions=[(MON, None)], as_of=MON)
    assert due == D(2024, 3, 11) and due.clock_stopped
    tomorrow = due_date(MON, 5, suspensions=[(MON, None)], as_of=D(2024, 3, 5))
    assert tomorrow == D(2024, 3, 12) and tomorrow.clock_stopped
    assert remaining_working_days(due, MON, suspensions=[(MON, None)], as_of=MON) == 5
    # Ended the same day: it stopped nothing.
    assert not due_date(MON, 5, suspensions=[(MON, MON)], as_of=MON).clock_stopped


def test_running_suspension_after_the_deadline_does_not_stop_it() -> None:
    due = due_date(MON, 5, suspensions=[(D(2024, 3, 12), None)], as_of=D(2024, 3, 20))
    assert due == D(2024, 3, 11) and not due.clock_stopped
    assert not due_date(MON, 0, suspensions=[(D(2024, 3, 5), None)], as_of=MON).clock_stopped


def test_running_suspension_defaults_to_today_in_shanghai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda now=None: D(2024, 3, 13))
    assert due_date(MON, 5, suspensions=[Suspension(D(2024, 3, 6))]) == D(2024, 3, 19)


def test_into_2027_is_provisional_not_an_error() -> None:
    due = due_date(D(2026, 12, 15), 20)
    assert due == D(2027, 1, 13)  # weekends and Fri 1 January (fixed by date) off
    assert due.provisional and not due.clock_stopped
    # QA: 20 working days from Fri 4 December 2026 fell on New Year's Day.
    assert due_date(D(2026, 12, 4), 20) == D(2027, 1, 4)
    assert due_date(D(2026, 12, 4), 20).provisional


def test_published_2027_makes_it_authoritative() -> None:
    published = PublishedCalendar.from_data([{"year": 2027, "holidays": ["2027-01-01"]}])
    cal = WorkCalendar.standard(published)
    due = due_date(D(2026, 12, 15), 20, calendar=cal)
    assert due == D(2027, 1, 13) and not due.provisional
    assert cal.source_for(due) is CalendarSource.PLATFORM


def test_published_calendar_overrides_the_package() -> None:
    # the platform says 2026 has no New Year break: Jan 1 is a plain Thursday
    published = PublishedCalendar.from_data([{"year": 2026, "holidays": [], "working_days": []}])
    assert due_date(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert due_date(D(2025, 12, 31), 1, calendar=WorkCalendar.standard(published)) == D(2026, 1, 1)


def test_remaining_working_days() -> None:
    due = D(2024, 3, 11)  # Mon
    on = {
        D(2024, 3, 4): 5,
        D(2024, 3, 8): 1,
        D(2024, 3, 9): 1,
        D(2024, 3, 10): 1,
        D(2024, 3, 11): 0,
        D(2024, 3, 12): -1,
        D(2024, 3, 16): -4,
        D(2024, 3, 18): -5,
    }
    assert {day: remaining_working_days(due, day) for day in on} == on
    # a weekend after a Friday deadline is overdue, never "0"
    assert remaining_working_days(D(2024, 3, 8), D(2024, 3, 9)) == -1
    # suspended working days count neither way
    s = [(D(2024, 3, 6), D(2024, 3, 8))]
    assert remaining_working_days(D(2024, 3, 14), MON, suspensions=s) == 5
    # a stop begun after the deadline stops nothing: the days late count on through it
    assert remaining_working_days(D(2024, 3, 1), D(2024, 3, 11), suspensions=s) == -6
    assert remaining_working_days(D(2024, 3, 6), D(2024, 3, 11), suspensions=s) == -1
    assert remaining_working_days(D(2024, 10, 8), D(2024, 9, 27)) == 3  # Sep 29, 30, Oct 8


@pytest.mark.parametrize(
    ("on", "thresholds", "level", "remaining"),
    [
        (D(2024, 3, 4), WarningThresholds(), WarningLevel.NORMAL, 5),
        (D(2024, 3, 7), WarningThresholds(), WarningLevel.NORMAL, 2),
        (D(2024, 3, 8), WarningThresholds(), WarningLevel.DUE_SOON, 1),
        (D(2024, 3, 9), WarningThresholds(), WarningLevel.DUE_SOON, 1),
        (D(2024, 3, 11), WarningThresholds(), WarningLevel.DUE_TODAY, 0),
        (D(2024, 3, 12), WarningThresholds(), WarningLevel.OVERDUE, -1),
        (D(2024, 3, 8), WarningThresholds(due_soon_days=0), WarningLevel.NORMAL, 1),
        (D(2024, 3, 6), WarningThresholds(due_soon_days=3), WarningLevel.DUE_SOON, 3),
    ],
)
def test_deadline_status_levels(
    on: dt.date, thresholds: WarningThresholds, level: WarningLevel, remaining: int
) -> None:
    status = deadline_status(due_date(MON, 5), on, thresholds=thresholds)
    assert status == DeadlineStatus(level, remaining, clock_stopped=False, provisional=False)


def test_deadline_status_clock_stopped_and_provisional(monkeypatch: pytest.MonkeyPatch) -> None:
    stopped = due_date(MON, 5, suspensions=[(D(2024, 3, 6), None)], as_of=D(2024, 3, 13))
    status = deadline_status(stopped, D(2024, 3, 13))
    assert status.level is WarningLevel.CLOCK_STOPPED and status.clock_stopped
    assert status.remaining == 4
    plain = deadline_status(
        D(2024, 3, 19),
        D(2024, 3, 13),
        suspensions=[Suspension(D(2024, 3, 6))],
        as_of=D(2024, 3, 13),
    )
    assert plain.level is WarningLevel.CLOCK_STOPPED
    far = deadline_status(due_date(D(2026, 12, 15), 20), D(2026, 12, 16))
    assert far.provisional and far.level is WarningLevel.NORMAL and far.remaining == 19
    monkeypatch.setattr(clock, "today", lambda now=None: D(2024, 3, 11))
    assert deadline_status(D(2024, 3, 11)).level is WarningLevel.DUE_TODAY
    with pytest.raises(DomainError) as caught:
        WarningThresholds(due_soon_days=-1)
    assert _code(caught) == "deadline.negative_threshold"


def test_extend() -> None:
    assert extend(D(2024, 3, 11), 10) == D(2024, 3, 25)
    # decision due Fri 2024-09-27, +10 over National Day (Art. 42)
    ext = Extension(
        dl.STATUTORY_EXTENSION_DAYS,
        reason="site inspection needed",
        approved_by="局长 (fictional)",
        approved_on=D(2024, 9, 25),
    )
    assert extend(D(2024, 9, 27), ext) == D(2024, 10, 16)
    assert extend(D(2024, 3, 11), 2, suspensions=[(D(2024, 3, 12), D(2024, 3, 12))]) == D(
        2024, 3, 14
    )
    assert extend(due_date(D(2026, 12, 1), 5), 1).provisional is False
    assert extend(due_date(D(2026, 12, 15), 20), 1).provisional


@pytest.mark.parametrize("m", [0, -3])
def test_extension_must_be_positive(m: int) -> None:
    with pytest.raises(DomainError) as caught:
        extend(D(2024, 3, 11), m)
    assert _code(caught) == "deadline.extension_not_positive"
    with pytest.raises(DomainError) as caught:
        Extension(m, "reason", "head", D(2024, 3, 1))
    assert _code(caught) == "deadline.extension_not_positive"


def test_extension_needs_reason_and_approver() -> None:
    with pytest.raises(DomainError) as caught:
        Extension(10, " ", "head", D(2024, 3, 1))
    assert _code(caught) == "deadline.extension_reason_missing"
    with pytest.raises(DomainError) as caught:
        Extension(10, "reason", "", D(2024, 3, 1))
    assert _code(caught) == "deadline.extension_approver_missing"


def test_step_due_date_is_clamped_to_the_case() -> None:
    case_due = due_date(MON, 5)
    inside = step_due_date(MON, 3, case_due)
    assert inside == D(2024, 3, 7) and isinstance(inside, DueDate) and not inside.clamped
    assert not step_due_date(MON, 5, case_due).clamped
    clamped = step_due_date(MON, 10, case_due)
    assert clamped == D(2024, 3, 11) and clamped.clamped
    far = due_date(D(2026, 12, 15), 20)
    assert step_due_date(D(2026, 12, 15), 30, far).provisional


def test_reconcile_prefers_the_platform() -> None:
    estimate = due_date(MON, 5)
    same = reconcile(D(2024, 3, 11), estimate)
    assert (same.authoritative, same.source, same.differs) == (D(2024, 3, 11), "platform", False)
    other = reconcile(D(2024, 3, 12), estimate)
    assert other.authoritative == D(2024, 3, 12) and other.differs and other.estimate == estimate
    offline = reconcile(None, due_date(D(2026, 12, 15), 20))
    assert offline.source == "estimate" and offline.provisional and not offline.differs
    assert not reconcile(D(2027, 1, 12), due_date(D(2026, 12, 15), 20)).provisional
    assert reconcile(D(2024, 3, 11), None).estimate is None
    with pytest.raises(DomainError) as caught:
        reconcile(None, None)
    assert _code(caught) == "deadline.no_deadline"


def test_due_date_behaves_as_a_date() -> None:
    due = due_date(D(2026, 12, 15), 20)
    assert due == D(2027, 1, 13) and D(2027, 1, 13) == due
    assert hash(due) == hash(D(2027, 1, 13)) and {D(2027, 1, 13): "x"}[due] == "x"
    assert due.isoformat() == "2027-01-13" and due < D(2027, 1, 14)
    assert due - D(2027, 1, 1) == dt.timedelta(days=12)
    assert repr(due) == "DueDate(2027, 1, 13, provisional=True)"
    for clone in (pickle.loads(pickle.dumps(due)), copy.copy(due), copy.deepcopy(due)):
        assert clone == due and clone.provisional
    step = pickle.loads(pickle.dumps(DueDate(2024, 3, 11, clamped=True)))
    assert step.clamped and isinstance(step, DueDate)
    assert not (due + dt.timedelta(days=1)).provisional  # derived dates carry no flags
    with pytest.raises(AttributeError):
        due.extra = 1  # type: ignore[attr-defined]


def test_statutory_constants() -> None:
    assert (dl.STATUTORY_DECISION_DAYS, dl.STATUTORY_EXTENSION_DAYS) == (20, 10)
    assert (dl.JOINT_DECISION_DAYS, dl.JOINT_EXTENSION_DAYS) == (45, 15)
    assert (dl.CORRECTION_NOTICE_DAYS, dl.LICENCE_DELIVERY_DAYS) == (5, 10)


# --- the Shanghai clock ---------------------------------------------------


def test_today_is_shanghai_when_utc_is_still_yesterday() -> None:
    assert clock.today(dt.datetime(2024, 2, 9, 16, 0, tzinfo=UTC)) == D(2024, 2, 10)
    assert clock.today(dt.datetime(2024, 2, 9, 15, 59, 59, tzinfo=UTC)) == D(2024, 2, 9)


def test_today_is_shanghai_when_new_york_is_still_yesterday() -> None:
    new_york = ZoneInfo("America/New_York")
    assert clock.today(dt.datetime(2024, 2, 9, 20, 30, tzinfo=new_york)) == D(2024, 2, 10)
    assert clock.today(dt.datetime(2024, 7, 9, 11, 59, tzinfo=new_york)) == D(2024, 7, 9)
    assert clock.today(dt.datetime(2024, 7, 9, 12, 0, tzinfo=new_york)) == D(2024, 7, 10)  # EDT


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError):
        clock.today(dt.datetime(2024, 2, 9, 20, 30))


@pytest.fixture
def workstation_in_new_york() -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.usefixtures("workstation_in_new_york")
def test_today_ignores_the_workstation_zone() -> None:
    before = dt.datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
    got = clock.today()
    after = dt.datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert got in (before, after)
    assert clock.now().utcoffset() == dt.timedelta(hours=8)


def test_missing_tz_database_falls_back_to_utc_plus_8(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_zone(key: str) -> ZoneInfo:
        raise ZoneInfoNotFoundError(key)

    monkeypatch.setattr(clock, "ZoneInfo", no_zone)
    clock.shanghai_tz.cache_clear()
    try:
        assert clock.today(dt.datetime(2024, 2, 9, 16, 0, tzinfo=UTC)) == D(2024, 2, 10)
    finally:
        monkeypatch.undo()
        clock.shanghai_tz.cache_clear()
    assert isinstance(clock.shanghai_tz(), ZoneInfo)
