"""One rule for a task's step clock: the list's badge, the quick filters and the detail agree.

Every task status against a step deadline passed, today, tomorrow and far
off, on cases whose clock runs or is stopped (a special procedure, a
correction notice out with the applicant): a task is red in the list
exactly when "Overdue" lists it, "clock suspended" exactly when "Clock
suspended" lists it, and the detail says the same of it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_inbox_fixtures import MSA, TODAY, code, make_case, make_task

from backoffice.domain.deadline_status import deadline_status
from backoffice.domain.model import (
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Department,
)
from backoffice.domain.states import TaskStatus
from backoffice.domain.time_limits import SpecialProcedure, SpecialProcedureKind
from backoffice.store import Store, TaskQuery
from backoffice.store.inbox_query import StepClock
from backoffice.store.inbox_views import QuickFilter
from backoffice.sync.status import SyncState, SyncStatus
from ui.inbox.detail_data import _step
from ui.inbox.detail_sections import deadline_text
from ui.inbox.list_format import badge_text
from ui.inbox.list_rows import Badge, Level, ListQuery, Reader
from ui.widgets.sync_status import SyncStatusButton

DUES = {"late": TODAY - dt.timedelta(days=3), "today": TODAY,  # TODAY is a Monday
        "soon": TODAY + dt.timedelta(days=1), "far": TODAY + dt.timedelta(days=10)}
CASES = list(itertools.product(TaskStatus, DUES, (False, True)))  # (status, due, case stopped)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite")
    s.apply_confirmed([Department(MSA, "市场监管局", "220100")])
    numbers = range(1, len(CASES) + 1)
    s.apply_confirmed([make_case(n) for n in numbers])
    s.apply_confirmed([make_task(n, status=status, step_due_date=DUES[due],
                                 assignee=None if status is TaskStatus.UNCLAIMED else "lijun")
                       for n, (status, due, _) in zip(numbers, CASES, strict=True)])
    # A case's clock stops for a special procedure or, for a task awaiting the
    # applicant, for the correction notice the applicant has (docs/deadlines.md).
    s.apply_confirmed([
        SpecialProcedure(f"P-{n}", code(n), SpecialProcedureKind.EXPERT_REVIEW,
                         TODAY - dt.timedelta(days=5))
        for n, (status, _, stopped) in zip(numbers, CASES, strict=True)
        if stopped and status is not TaskStatus.AWAITING_APPLICANT])
    s.apply_confirmed([
        CorrectionNotice(f"N-{n}", code(n), (CorrectionItem("营业执照", MSA, "缺少盖章"),),
                         CorrectionNoticeStatus.ISSUED, TODAY - dt.timedelta(days=5))
        for n, (status, _, stopped) in zip(numbers, CASES, strict=True)
        if stopped and status is TaskStatus.AWAITING_APPLICANT])
    yield s
    s.close()


def test_badge_quick_filters_and_detail_follow_one_rule(store: Store, qapp: object) -> None:
    reader, query = Reader(store, MSA, "wangfang", 1, TODAY), ListQuery(TaskQuery(MSA))
    rows = {r.task_id: r for r in reader.page(query, 0, size=1000)}
    assert len(rows) == len(CASES)

    def listed(quick: QuickFilter) -> set[str]:
        return set(reader.ids(query.with_quick(frozenset({quick})), 0, 1000))

    overdue, soon = listed(QuickFilter.OVERDUE), listed(QuickFilter.DUE_SOON)
    stopped = listed(QuickFilter.CLOCK_STOPPED)
    for n, (status, due, case_stopped) in enumerate(CASES, start=1):
        task_id, what = f"T-{n:06d}", (status.value, due, case_stopped)
        level = rows[task_id].step.level
        assert (level is Level.OVERDUE) == (task_id in overdue), what
        assert (level in (Level.DUE_SOON, Level.DUE_TODAY)) == (task_id in soon), what
        assert (level is Level.CLOCK_STOPPED) == (task_id in stopped), what
        with store.read() as uow:
            task, case = uow.tasks.get(task_id), uow.cases.get(code(n))
            assert task is not None and case is not None
            step = _step(task, case, uow.cases.deadline(code(n), on=TODAY), store, TODAY)
        assert step is not None
        if level is Level.NONE:  # the part is over: history in both
            assert step.clock is StepClock.DONE, what
            assert status in (TaskStatus.OPINION_GIVEN, TaskStatus.TRANSFERRED,
                              TaskStatus.WITHDRAWN)
        else:
            assert step.status.level.value == level.value, what
    # A task awaiting the applicant is never late once the notice is out; while
    # it is a draft the days are the departments' and its clock runs.
    out = {f"T-{n:06d}" for n, (s, _, case_stopped) in enumerate(CASES, start=1)
           if s is TaskStatus.AWAITING_APPLICANT and case_stopped}
    draft_late = {f"T-{n:06d}" for n, (s, due, case_stopped) in enumerate(CASES, start=1)
                  if s is TaskStatus.AWAITING_APPLICANT and not case_stopped and due == "late"}
    assert out <= stopped and not out & overdue
    assert draft_late <= overdue and not draft_late & stopped


def test_the_detail_words_the_deadline_as_the_list_does(store: Store, qapp: object) -> None:
    def text(n: int) -> str:
        with store.read() as uow:
            task, case = uow.tasks.get(f"T-{n:06d}"), uow.cases.get(code(n))
            assert task is not None and case is not None
            step = _step(task, case, uow.cases.deadline(code(n), on=TODAY), store, TODAY)
        assert step is not None
        return deadline_text(step.due, step.status, done=step.clock is StepClock.DONE,
                             ended=task.status)

    def number(status: TaskStatus, due: str, stopped: bool = False) -> int:
        return CASES.index((status, due, stopped)) + 1

    late = DUES["late"].isoformat()
    assert text(number(TaskStatus.IN_REVIEW, "late")) == f"{late} · 1 working day late"
    assert text(number(TaskStatus.IN_REVIEW, "far")).endswith(" working days left · in time")
    assert text(number(TaskStatus.AWAITING_APPLICANT, "late", True)) == f"{late} · clock suspended"
    # "late" is the level: not "… late · overdue"
    assert text(number(TaskStatus.AWAITING_APPLICANT, "late")).endswith(" working day late")
    assert text(number(TaskStatus.IN_REVIEW, "late", True)) == f"{late} · clock suspended"
    assert text(number(TaskStatus.OPINION_GIVEN, "late")) == f"{late} · step completed"
    # Not completed: the matter went to another department, or the case was withdrawn.
    assert text(number(TaskStatus.TRANSFERRED, "late")) == \
        f"{late} · transferred to another department"
    assert text(number(TaskStatus.WITHDRAWN, "late")) == f"{late} · case withdrawn"


def test_one_working_day_and_one_conflict_read_singular(qapp: object) -> None:
    day = dt.date(2026, 12, 1)
    assert badge_text(Badge(day, Level.OVERDUE, -1)) == "2026-12-01 · 1 working day late"
    assert badge_text(Badge(day, Level.OVERDUE, -2)) == "2026-12-01 · 2 working days late"
    assert badge_text(Badge(day, Level.DUE_SOON, 1)) == "2026-12-01 · 1 working day left · due soon"
    assert deadline_text(day, deadline_status(day, on=dt.date(2026, 11, 30)), done=False) \
        .startswith("2026-12-01 · 1 working day left")
    button = SyncStatusButton()
    button.show_status(SyncStatus(state=SyncState.IDLE, conflicts=1, quarantined=1))
    assert button.text().endswith("1 conflict · 1 set aside") and "1 record from" in button.toolTip()
    button.show_status(SyncStatus(state=SyncState.IDLE, conflicts=2))
    assert button.text().endswith("2 conflicts")
