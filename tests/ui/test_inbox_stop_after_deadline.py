"""A special procedure begun after the deadline stops nothing: the step stays overdue.

QA: a case due 19 November had a procedure started on 1 December; the case
stayed overdue, but its suspended task read "计时已中止" and left the
"已超期" filter. The step clock (``inbox_query.step_clock``) now stops a
suspended task only with its case's clock, which a stop begun after the
deadline never stops: the list's badge, the quick filters and the detail
say "overdue" alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_inbox_fixtures import MSA, TODAY, code, make_case, make_task

from backoffice.domain.model import Department
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.domain.time_limits import SpecialProcedure, SpecialProcedureKind
from backoffice.store import Store, TaskQuery
from backoffice.store.inbox_query import StepClock
from backoffice.store.inbox_views import QuickFilter
from ui.inbox.detail_data import _step
from ui.inbox.list_rows import Level, ListQuery, Reader

DUE = TODAY - dt.timedelta(days=3)  # Fri 7 March 2025, TODAY a Monday
STARTED = {1: TODAY, 2: DUE - dt.timedelta(days=2)}  # after the deadline; before it


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite")
    s.apply_confirmed([Department(MSA, "市场监管局", "220100")])
    s.apply_confirmed([dataclasses.replace(make_case(n), status=CaseStatus.SUSPENDED,
                                           platform_due_date=DUE) for n in STARTED])
    s.apply_confirmed([make_task(n, status=TaskStatus.SUSPENDED, step_due_date=DUE,
                                 assignee="lijun") for n in STARTED])
    s.apply_confirmed([SpecialProcedure(f"P-{n}", code(n), SpecialProcedureKind.EXPERT_REVIEW,
                                        started) for n, started in STARTED.items()])
    yield s
    s.close()


def test_a_step_stays_overdue_through_a_stop_begun_after_the_deadline(
        store: Store, qapp: object) -> None:
    reader, query = Reader(store, MSA, "wangfang", 1, TODAY), ListQuery(TaskQuery(MSA))
    rows = {r.task_id: r for r in reader.page(query, 0, size=100)}

    def listed(quick: QuickFilter) -> set[str]:
        return set(reader.ids(query.with_quick(frozenset({quick})), 0, 100))

    after, before = "T-000001", "T-000002"
    assert rows[after].step.level is Level.OVERDUE
    assert rows[after].case.level is Level.OVERDUE
    assert rows[before].step.level is Level.CLOCK_STOPPED
    assert listed(QuickFilter.OVERDUE) == {after}
    assert listed(QuickFilter.CLOCK_STOPPED) == {before}
    counts = reader.counts(query)
    assert (counts[QuickFilter.OVERDUE], counts[QuickFilter.CLOCK_STOPPED]) == (1, 1)
    with store.read() as uow:
        task, case = uow.tasks.get(after), uow.cases.get(code(1))
        assert task is not None and case is not None
        step = _step(task, case, uow.cases.deadline(code(1), on=TODAY), store, TODAY)
    assert step is not None and step.clock is StepClock.RUNNING
    assert step.status.remaining == -1  # Mon 10 March
