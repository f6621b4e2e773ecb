"""Deadline columns: the engine's estimate, the platform's date, and which one counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from store_factories import SHANGHAI, case_code, make_case, make_task

from backoffice.domain.calendar import CalendarSource, PublishedCalendar, WorkCalendar, YearRules
from backoffice.domain.commands import Command
from backoffice.domain.deadline_status import WarningLevel
from backoffice.domain.deadlines import due_date
from backoffice.domain.model import Case, Extension, SpecialProcedure, SpecialProcedureKind
from backoffice.domain.states import TaskStatus
from backoffice.store import CaseDeadline, Store, TaskQuery, TaskSort

CODE = case_code(1)
# Tue 2025-09-30, the last working day before National Day (Oct 1–8, 2025);
# Sat Oct 11 is an adjusted working day (调休).
BEFORE_HOLIDAY = dt.datetime(2025, 9, 30, 9, 30, tzinfo=SHANGHAI)


def _case(**changes: Any) -> Case:
    values: dict[str, Any] = {"accepted_at": BEFORE_HOLIDAY, "promised_days": 3}
    return make_case(1, **(values | changes))


def _row(store: Store, table: str = "cases", key: str = CODE) -> dict[str, Any]:
    column = "case_code" if table == "cases" else "id"
    with store.read() as uow:
        row = (
            uow.session.execute(text(f"SELECT * FROM {table} WHERE {column} = :k"), {"k": key})
            .mappings()
            .one()
        )
    return {
        k: dt.date.fromisoformat(v) if k.endswith(("due_date", "step_due")) and v else v
        for k, v in row.items()
    }


def _deadline(store: Store, on: dt.date) -> CaseDeadline:
    with store.read() as uow:
        found = uow.cases.deadline(CODE, on=on)
    assert found is not None
    return found


def _procedure(started: dt.date, ended: dt.date | None, n: int = 1) -> SpecialProcedure:
    return SpecialProcedure(f"P-{n}", CODE, SpecialProcedureKind.EXPERT_REVIEW, started, ended)


def _extension(days: int = 10) -> Extension:
    return Extension(
        days,
        "需专家评审",
        "张局长（虚构）",
        dt.date(2025, 10, 9),
        case_code=CODE,
        id="X-1",
        version=1,
    )


def test_the_estimate_counts_working_days_over_a_holiday(store: Store) -> None:
    store.apply_confirmed([_case()])
    row = _row(store)
    assert row["estimated_due_date"] == dt.date(2025, 10, 11)  # Oct 9, 10 and Sat 11
    assert row["due_date"] == dt.date(2025, 10, 11)  # no platform date: the estimate
    assert row["due_date_differs"] == 0 and row["clock_stopped"] == 0
    assert row["due_date_provisional"] == 0


def test_the_acceptance_day_is_the_date_in_shanghai(store: Store) -> None:
    # 17:30 UTC on Sep 29 is already 01:30 on Sep 30 in Shanghai.
    store.apply_confirmed([_case(accepted_at=dt.datetime(2025, 9, 29, 17, 30, tzinfo=dt.UTC))])
    assert _row(store)["estimated_due_date"] == dt.date(2025, 10, 11)


def test_the_platform_date_wins_and_a_difference_is_flagged(store: Store) -> None:
    platform = dt.date(2025, 10, 13)
    store.apply_confirmed([_case(platform_due_date=platform), make_task(1)])
    row = _row(store)
    assert row["estimated_due_date"] == dt.date(2025, 10, 11)
    assert row["due_date"] == platform and row["due_date_differs"] == 1
    assert _row(store, "review_tasks", "T-000001")["case_due_date"] == platform
    on = dt.date(2025, 10, 9)
    found = _deadline(store, on)
    assert found.due == platform and found.deadline.source == "platform"
    assert found.deadline.differs and found.deadline.estimate == dt.date(2025, 10, 11)
    assert found.status.level == WarningLevel.NORMAL and found.status.remaining == 3
    # The platform agrees after all: no flag.
    store.apply_confirmed([_case(platform_due_date=dt.date(2025, 10, 11), version=2)])
    assert _row(store)["due_date_differs"] == 0


def test_the_platform_date_orders_the_inbox(store: Store) -> None:
    # Case 1 is estimated 2025-10-11 but the platform says 2025-12-31; case 2
    # has no platform date and an estimate before that.
    store.apply_confirmed(
        [
            _case(platform_due_date=dt.date(2025, 12, 31)),
            make_case(2, accepted_at=BEFORE_HOLIDAY, promised_days=10),
            make_task(1, case=1),
            make_task(2, case=2),
        ]
    )
    with store.read() as uow:
        ids = uow.tasks.inbox_ids(TaskQuery("MSA-220100", sort=TaskSort.CASE_DUE))
    assert ids == ["T-000002", "T-000001"]


def test_an_ended_special_procedure_moves_the_estimate(store: Store) -> None:
    store.apply_confirmed([_case(), make_task(1, step_days=2)])
    # Oct 9–10 suspended: the three days are now Sat 11, Mon 13, Tue 14.
    store.apply_confirmed([_procedure(dt.date(2025, 10, 9), dt.date(2025, 10, 10))])
    row = _row(store)
    assert row["estimated_due_date"] == row["due_date"] == dt.date(2025, 10, 14)
    assert row["clock_stopped"] == 0
    task = _row(store, "review_tasks", "T-000001")
    assert task["case_due_date"] == dt.date(2025, 10, 14)
    assert task["estimated_step_due_date"] == task["step_due"] == dt.date(2025, 10, 13)
    # Withdrawn by the platform: the estimate moves back.
    with store.write() as uow:
        uow.special_procedures.delete("P-1")
    assert _row(store)["due_date"] == dt.date(2025, 10, 11)
    assert _row(store, "review_tasks", "T-000001")["case_due_date"] == dt.date(2025, 10, 11)


def test_a_running_procedure_stops_the_clock_without_storing_a_projection(store: Store) -> None:
    store.apply_confirmed([_case(), _procedure(dt.date(2025, 10, 10), None)])
    row = _row(store)
    # Stored: the estimate without the running stop (it would move every day) …
    assert row["estimated_due_date"] == row["due_date"] == dt.date(2025, 10, 11)
    assert row["clock_stopped"] == 1
    # … the read side projects through it for the day asked about: Oct 9 used,
    # stopped Oct 10 through Oct 20, then Oct 21 and 22.
    found = _deadline(store, dt.date(2025, 10, 20))
    assert found.status.level == WarningLevel.CLOCK_STOPPED and found.clock_stopped
    assert found.due == dt.date(2025, 10, 22) and found.deadline.estimate is not None
    assert found.deadline.estimate.clock_stopped
    assert _deadline(store, dt.date(2025, 10, 21)).due == dt.date(2025, 10, 23)
    # The procedure ends on Oct 20: a fixed suspension, stored.
    store.apply_confirmed([_procedure(dt.date(2025, 10, 10), dt.date(2025, 10, 20))])
    row = _row(store)
    assert row["clock_stopped"] == 0 and row["due_date"] == dt.date(2025, 10, 22)
    assert _deadline(store, dt.date(2025, 10, 21)).status.level == WarningLevel.DUE_SOON


def test_a_running_procedure_is_no_disagreement_with_the_platform(store: Store) -> None:
    # Dated back to the acceptance day and still running: the platform's date
    # counts the stop up to the day it computed it (Oct 20: due Oct 22), the
    # stored estimate leaves it out (Oct 11). Later, not disputed.
    platform = dt.date(2025, 10, 22)
    store.apply_confirmed([_case(platform_due_date=platform), make_task(1),
                           _procedure(dt.date(2025, 9, 30), None)])
    row = _row(store)
    assert row["estimated_due_date"] == dt.date(2025, 10, 11) and row["due_date"] == platform
    assert row["clock_stopped"] == 1 and row["due_date_differs"] == 0
    found = _deadline(store, dt.date(2025, 10, 24))
    assert found.due == platform and not found.deadline.differs
    # A stop never makes a date earlier: an earlier platform date is disputed.
    store.apply_confirmed([_case(platform_due_date=dt.date(2025, 10, 10), version=2)])
    assert _row(store)["due_date_differs"] == 1
    assert _deadline(store, dt.date(2025, 10, 24)).deadline.differs
    # Ended on Oct 20, both count it (Oct 21, 22, 23): a later date disagrees again.
    store.apply_confirmed([_case(platform_due_date=platform, version=3),
                           _procedure(dt.date(2025, 9, 30), dt.date(2025, 10, 20))])
    row = _row(store)
    assert row["estimated_due_date"] == dt.date(2025, 10, 23)
    assert row["clock_stopped"] == 0 and row["due_date_differs"] == 1
    assert _deadline(store, dt.date(2025, 10, 24)).deadline.differs


def test_a_procedure_starting_after_the_deadline_stops_nothing(store: Store) -> None:
    store.apply_confirmed([_case(), _procedure(dt.date(2025, 10, 14), None)])
    assert _row(store)["clock_stopped"] == 0
    assert _deadline(store, dt.date(2025, 10, 15)).status.level == WarningLevel.OVERDUE


def test_an_extension_moves_the_estimate(store: Store) -> None:
    store.apply_confirmed([_case(), make_task(1)])
    store.apply_confirmed([_extension(10)])
    expected = due_date(dt.date(2025, 9, 30), 13)
    assert _row(store)["due_date"] == expected == dt.date(2025, 10, 24)
    assert _row(store, "review_tasks", "T-000001")["case_due_date"] == expected
    assert _deadline(store, dt.date(2025, 10, 9)).due == expected


def test_a_2027_estimate_is_provisional(store: Store) -> None:
    late = dt.datetime(2026, 12, 24, 10, 0, tzinfo=SHANGHAI)
    store.apply_confirmed([_case(accepted_at=late, promised_days=10)])
    row = _row(store)
    # Dec 25, 28–31, then Jan 4–8: 1 January off as fixed by date, the rest a guess.
    assert row["due_date"] == dt.date(2027, 1, 8) and row["due_date_provisional"] == 1
    found = _deadline(store, dt.date(2026, 12, 28))
    assert found.provisional and found.deadline.provisional and found.status.provisional
    # The platform's date counted 2027 too, which it has not published either (it
    # sends the calendar it counts with): as provisional as ours.
    store.apply_confirmed(
        [
            _case(
                accepted_at=late, promised_days=10, version=2,
                platform_due_date=dt.date(2027, 1, 11),
            )
        ]
    )
    assert _row(store)["due_date"] == dt.date(2027, 1, 11)
    assert _row(store)["due_date_provisional"] == 1
    assert _deadline(store, dt.date(2026, 12, 28)).provisional
    # Once the year is published, neither date is a guess.
    store.set_calendar(_calendar_2027())
    assert _row(store)["due_date_provisional"] == 0
    assert not _deadline(store, dt.date(2026, 12, 28)).provisional


def _calendar_2027() -> WorkCalendar:
    # A made-up 2027 publication: New Year's Day block Jan 1–4.
    rules = YearRules(2027, frozenset({dt.date(2027, 1, 1), dt.date(2027, 1, 4)}), frozenset())
    return WorkCalendar.standard(PublishedCalendar([rules]))


def test_the_store_estimates_with_the_calendar_it_was_given(store_path: Path) -> None:
    late = _case(accepted_at=dt.datetime(2026, 12, 24, 10, 0, tzinfo=SHANGHAI), promised_days=10)
    with Store.open(store_path, calendar=_calendar_2027()) as s:
        s.apply_confirmed([late])
        row = _row(s)
        # Dec 25, 28–31, then Jan 5, 6, 7, 8, 11: no longer a guess.
        assert row["due_date"] == dt.date(2027, 1, 11) and row["due_date_provisional"] == 0
    with Store.open(store_path) as s:
        s.apply_confirmed([dataclasses.replace(late, version=2)])  # default calendar again
        assert _row(s)["due_date"] == dt.date(2027, 1, 8)
        s.set_calendar(_calendar_2027())  # e.g. the platform published 2027 meanwhile
        row = _row(s)
        assert row["due_date"] == dt.date(2027, 1, 11) and row["due_date_provisional"] == 0


def test_step_deadlines(store: Store) -> None:
    store.apply_confirmed(
        [
            _case(promised_days=10),
            make_task(1, step_days=2),
            make_task(2, step_days=20),  # longer than the case: capped by the case's date
            make_task(3, step_due_date=dt.date(2025, 10, 9)),  # the platform's wins
        ]
    )
    case_due = _row(store)["due_date"]
    one, two, three = (_row(store, "review_tasks", f"T-00000{n}") for n in (1, 2, 3))
    assert one["step_due"] == one["estimated_step_due_date"] == dt.date(2025, 10, 10)
    assert two["step_due"] == case_due
    assert three["step_due"] == dt.date(2025, 10, 9)
    assert three["estimated_step_due_date"] == due_date(dt.date(2025, 9, 30), 5)


def test_commands_keep_the_task_columns(store: Store) -> None:
    task = make_task(1)
    store.apply_confirmed([_case(), task])
    before = _row(store, "review_tasks", "T-000001")
    claim = Command.new("task.claim", task.id, task.version, {"assignee": "wangfang"})
    store.record_command(claim)
    after = _row(store, "review_tasks", "T-000001")
    assert after["status"] == TaskStatus.IN_REVIEW.value
    names = ("estimated_step_due_date", "step_due", "case_due_date")
    assert {n: after[n] for n in names} == {n: before[n] for n in names}
    assert after["case_due_date"] is not None
    store.discard_command(claim.id)
    assert _row(store, "review_tasks", "T-000001")["case_due_date"] == before["case_due_date"]


def test_a_stored_procedure_ending_before_it_starts_does_not_break_a_refresh(
    store: Store,
) -> None:
    # The domain refuses such a procedure now; a row written before may hold one.
    store.apply_confirmed([_case(), _procedure(dt.date(2025, 10, 9), dt.date(2025, 10, 10))])
    with store.write() as uow:
        uow.session.execute(text("UPDATE special_procedures SET ended_on = '2025-10-01'"))
    store.refresh_deadlines()
    assert _row(store)["due_date"] == dt.date(2025, 10, 11)  # it says nothing usable


def test_deadline_of_an_unknown_case_is_none(store: Store) -> None:
    with store.read() as uow:
        assert uow.cases.deadline("220100-2025-999999", on=dt.date(2025, 1, 2)) is None


def test_refresh_deadlines_repairs_every_row(store: Store) -> None:
    store.apply_confirmed([_case(), make_task(1)])
    with store.write() as uow:
        uow.session.execute(text("UPDATE cases SET due_date = NULL, estimated_due_date = NULL"))
        uow.session.execute(text("UPDATE review_tasks SET case_due_date = NULL"))
    store.refresh_deadlines()
    assert _row(store)["due_date"] == dt.date(2025, 10, 11)
    assert _row(store, "review_tasks", "T-000001")["case_due_date"] == dt.date(2025, 10, 11)


def _tamper(store: Store) -> None:
    # A value no calendar gives: it stays only if nothing recomputes the columns.
    with store.write() as uow:
        uow.session.execute(text("UPDATE cases SET estimated_due_date = '2000-01-03'"))


def _keep_published(store: Store, data: Any) -> None:
    # What the sync engine keeps after fetching the platform's calendar.
    with store.write() as uow:
        uow.sync_state.set("sync.calendar", json.dumps(data))


_PUBLISHED_2027 = [{"year": 2027, "holidays": ["2027-01-01", "2027-01-04"], "working_days": []}]


def test_a_store_opens_with_the_calendar_its_last_sync_kept(store_path: Path) -> None:
    late = _case(accepted_at=dt.datetime(2026, 12, 24, 10, 0, tzinfo=SHANGHAI), promised_days=10)
    with Store.open(store_path) as s:
        s.apply_confirmed([late])
        assert _row(s)["due_date"] == dt.date(2027, 1, 8)  # the fallback for 2027
        _keep_published(s, _PUBLISHED_2027)
    with Store.open(store_path) as s:  # recomputed once, at this open
        assert s.calendar.source_for(dt.date(2027, 1, 4)) == CalendarSource.PLATFORM
        assert _row(s)["due_date"] == dt.date(2027, 1, 11)
        _tamper(s)
    # Every later start: the same calendar, so nothing is recomputed (at
    # 200,000 tasks that took 7–8 s before the inbox could show a row).
    with Store.open(store_path) as s:
        assert _row(s)["estimated_due_date"] == dt.date(2000, 1, 3)
        s.set_calendar(_calendar_2027())  # an equal calendar, not the same object
        assert _row(s)["estimated_due_date"] == dt.date(2000, 1, 3)
        s.set_calendar(WorkCalendar.standard())  # a different one: everything follows it
        assert _row(s)["estimated_due_date"] == dt.date(2027, 1, 8)
    # Opened with the kept calendar again, whose digest is no longer the columns'.
    with Store.open(store_path) as s:
        assert _row(s)["due_date"] == dt.date(2027, 1, 11)


def test_a_rotten_kept_calendar_does_not_stop_the_store(
    store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(store_path) as s:
        s.apply_confirmed([_case()])
        _keep_published(s, [{"year": "not a year"}])
    with Store.open(store_path) as s:
        assert s.calendar.fingerprint() == WorkCalendar.standard().fingerprint()
        assert _row(s)["due_date"] == dt.date(2025, 10, 11)
    assert "kept platform calendar is unreadable" in caplog.text


def test_a_newer_package_calendar_recomputes(store_path: Path) -> None:
    # An app upgrade may ship a chinesecalendar with another year's holidays:
    # same platform calendar, different chain, so the columns are recomputed.
    class Package:
        kind = CalendarSource.PACKAGE
        years = (2025,)

        def __init__(self, *holidays: dt.date) -> None:
            self.holidays = frozenset(holidays)

        def rules_for(self, year: int) -> YearRules | None:
            return YearRules(2025, self.holidays, frozenset()) if year == 2025 else None

    old = WorkCalendar([Package()])
    new = WorkCalendar([Package(dt.date(2025, 10, 2), dt.date(2025, 10, 3))])
    with Store.open(store_path, calendar=old) as s:
        s.apply_confirmed([_case()])
        assert _row(s)["estimated_due_date"] == dt.date(2025, 10, 3)  # weekends only
    with Store.open(store_path, calendar=new) as s:  # the upgraded app's start
        assert _row(s)["estimated_due_date"] == dt.date(2025, 10, 7)


def test_the_calendars_digest_is_written_with_the_columns(store_path: Path) -> None:
    # A recompute that fails leaves the old digest: the next start tries again.
    with Store.open(store_path) as s:
        s.apply_confirmed([_case(), _procedure(dt.date(2025, 10, 9), None)])
        s.set_calendar(WorkCalendar.standard())
        with s.read() as uow:
            before = uow.sync_state.get("store.deadlines_calendar")
        with s.write() as uow:  # a row the refresh cannot read
            uow.session.execute(text("UPDATE cases SET accepted_at = 'not a time'"))
        with pytest.raises(ValueError, match="not a time"):
            s.set_calendar(_calendar_2027())
        with s.read() as uow:
            assert uow.sync_state.get("store.deadlines_calendar") == before
        assert s.calendar.fingerprint() == WorkCalendar.standard().fingerprint()
