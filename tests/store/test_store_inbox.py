"""The department's task list: filter, sort, page and count in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import text
from store_factories import make_case, make_task

from backoffice.domain.model import CaseKind, DeferredMaterial
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, TaskQuery, TaskSort
from backoffice.store import inbox as inbox_module
from backoffice.store import inbox_views as views
from backoffice.store.inbox_query import QuickContext
from backoffice.store.schema import STATUS_RANK_INDEX
from backoffice.store.status_order import STATUS_ORDER

MSA = "MSA-220100"
FIRE = "FIRE-220100"
D = dt.date(2025, 3, 1)


@pytest.fixture
def inbox(store: Store) -> Store:
    records: list[object] = []
    for n in range(1, 13):
        records.append(
            make_case(
                n,
                accepted_day=n,
                applicant="长春味道餐饮（虚构）" if n % 4 == 0 else "王芳（虚构）",
                kind=CaseKind.IMMEDIATE if n == 7 else CaseKind.PROMISED,
                platform_due_date=None if n == 12 else D + dt.timedelta(days=30 - n),
            )
        )
        status = [TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT][n % 3]
        records.append(
            make_task(
                n,
                case=n,
                department=MSA,
                status=status,
                assignee="wangfang" if status != TaskStatus.UNCLAIMED else None,
                step_due_date=None if n == 5 else D + dt.timedelta(days=(n * 7) % 12),
            )
        )
        records.append(make_task(100 + n, case=n, department=FIRE))
    records.append(
        DeferredMaterial(
            "DM-1", make_case(3).case_code, "健康证明", "承诺补交", D, D + dt.timedelta(9)
        )
    )
    records.append(
        DeferredMaterial(
            "DM-2", make_case(4).case_code, "租赁合同", "承诺补交", D, D, fulfilled_on=D
        )
    )
    store.apply_confirmed(records)  # type: ignore[arg-type]
    return store


def _ids(store: Store, query: TaskQuery, **kw: int) -> list[int]:
    with store.read() as uow:
        ids = [int(t.id[2:]) for t in uow.tasks.inbox(query, **kw)]
        assert [int(i[2:]) for i in uow.tasks.inbox_ids(query, **kw)] == ids
        return ids


def test_department_scope_and_count(inbox: Store) -> None:
    with inbox.read() as uow:
        assert uow.tasks.inbox_count(TaskQuery(MSA)) == 12
        assert uow.tasks.inbox_count(TaskQuery(FIRE)) == 12
        assert uow.tasks.inbox_count(TaskQuery("NOBODY")) == 0
    assert all(i < 100 for i in _ids(inbox, TaskQuery(MSA)))


def _stored(store: Store, column: str) -> dict[int, dt.date | None]:
    with store.read() as uow:
        rows = uow.session.execute(
            text(f"SELECT id, {column} FROM review_tasks WHERE department_code = :d"), {"d": MSA}
        )
        return {int(i[2:]): None if v is None else dt.date.fromisoformat(v) for i, v in rows}


def test_sort_by_effective_step_due_date_and_stable_paging(inbox: Store) -> None:
    ordered = _ids(inbox, TaskQuery(MSA))
    # The platform's step deadline where it sent one; task 5 has none, so the
    # engine's estimate stands in: case 5 accepted Wed 2025-03-05 + 5 working days.
    assert ordered == [12, 7, 2, 9, 4, 11, 6, 1, 8, 3, 10, 5]
    assert _stored(inbox, "step_due")[5] == dt.date(2025, 3, 12)
    pages = [_ids(inbox, TaskQuery(MSA), limit=5, offset=o) for o in (0, 5, 10)]
    assert [i for p in pages for i in p] == ordered
    assert _ids(inbox, TaskQuery(MSA, descending=True)) == ordered[::-1]


def test_undated_tasks_sort_last_in_both_directions(inbox: Store) -> None:
    # Every task has an estimate now; an undated row only exists between a
    # migration and its refresh, but must not sort as the most urgent then.
    with inbox.write() as uow:
        uow.session.execute(
            text(
                "UPDATE review_tasks SET step_due = NULL, case_due_date = NULL WHERE id = 'T-000002'"
            )
        )
    for sort in (TaskSort.STEP_DUE, TaskSort.CASE_DUE):
        assert _ids(inbox, TaskQuery(MSA, sort=sort))[-1] == 2
        assert _ids(inbox, TaskQuery(MSA, sort=sort, descending=True))[-1] == 2


def test_other_sorts(inbox: Store) -> None:
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.ACCEPTED_AT)) == list(range(1, 13))
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.ACCEPTED_AT, descending=True)) == list(
        range(12, 0, -1)
    )
    # Case due: the later the case was accepted here, the earlier the
    # platform's due date (day 31 - n of March). Case 12 has none: its
    # estimate (accepted Wed 03-12 + 10 working days = 03-26) ties with
    # case 5's platform date, and the task id breaks the tie.
    assert _stored(inbox, "case_due_date")[12] == dt.date(2025, 3, 26)
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.CASE_DUE)) == [
        11,
        10,
        9,
        8,
        7,
        6,
        5,
        12,
        4,
        3,
        2,
        1,
    ]
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.CASE_CODE)) == list(range(1, 13))
    # The workflow's order, not the codes' alphabet (awaiting_applicant first).
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.STATUS)) == [3, 6, 9, 12, 1, 4, 7, 10,
                                                                 2, 5, 8, 11]
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.STATUS, descending=True)) == [
        2, 5, 8, 11, 1, 4, 7, 10, 3, 6, 9, 12]


def test_the_status_order_is_the_workflows_for_every_status(inbox: Store) -> None:
    # Every status (and one the platform may add later: last), given to the
    # tasks against their ids' order; read whole, by pages and by key.
    statuses = [*STATUS_ORDER, "a_status_of_tomorrow"]
    assert set(STATUS_ORDER) == set(TaskStatus)
    given = {f"T-{n:06d}": statuses[(12 - n) % len(statuses)] for n in range(1, 13)}
    with inbox.write() as uow:
        for task_id, status in given.items():
            uow.session.execute(text("UPDATE review_tasks SET status = :s WHERE id = :id"),
                                {"s": status, "id": task_id})
    want = sorted(given, key=lambda i: (statuses.index(given[i]), i))
    query = TaskQuery(MSA, sort=TaskSort.STATUS)
    ctx = QuickContext(me="wangfang", today=D, soon_until=D)
    with inbox.read() as uow:
        assert uow.tasks.inbox_ids(query, limit=None) == want
        assert uow.tasks.inbox_ids(replace(query, descending=True), limit=None) == sorted(
            given, key=lambda i: (-statuses.index(given[i]), i))
        for at in range(1, len(want)):
            last = views.page_rows(uow.session, [want[at - 1]], MSA)[0]
            start = views.start_after(last, TaskSort.STATUS)
            assert start is not None
            page = views.page_ids(uow.session, query, (), ctx, limit=3, offset=0, start=start)
            assert page == want[at:at + 3], at


def test_filters(inbox: Store) -> None:
    q = TaskQuery(MSA, statuses=frozenset({TaskStatus.UNCLAIMED}), sort=TaskSort.CASE_CODE)
    assert _ids(inbox, q) == [3, 6, 9, 12]
    assert _ids(inbox, TaskQuery(MSA, unassigned=True, sort=TaskSort.CASE_CODE)) == [3, 6, 9, 12]
    mine = TaskQuery(MSA, assignee="wangfang", sort=TaskSort.CASE_CODE)
    assert _ids(inbox, mine) == [1, 2, 4, 5, 7, 8, 10, 11]
    due = TaskQuery(MSA, step_due_on_or_before=D + dt.timedelta(days=2), sort=TaskSort.CASE_CODE)
    assert _ids(inbox, due) == [2, 7, 12]  # (n * 7) % 12 <= 2
    assert _ids(inbox, TaskQuery(MSA, case_kind=CaseKind.IMMEDIATE)) == [7]
    deferred = TaskQuery(MSA, deferred_outstanding_on=D)
    assert _ids(inbox, deferred) == [3]  # DM-2 was supplied
    found = TaskQuery(MSA, text="餐饮", sort=TaskSort.CASE_CODE)
    assert _ids(inbox, found) == [4, 8, 12]
    both = TaskQuery(MSA, text="餐饮", statuses=frozenset({TaskStatus.UNCLAIMED}))
    with inbox.read() as uow:
        assert uow.tasks.inbox_count(both) == 1


def test_outstanding_deferred_counts(inbox: Store) -> None:
    codes = [make_case(n).case_code for n in (3, 4, 5)]
    with inbox.read() as uow:
        counts = uow.deferred_materials.outstanding_counts(codes, on=D)
    assert counts == {codes[0]: 1, codes[1]: 0, codes[2]: 0}


def test_the_inbox_query_uses_the_department_indexes(inbox: Store) -> None:
    with inbox.read() as uow:
        plan = " ".join(
            str(r[-1])
            for r in uow.session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM review_tasks "
                    "WHERE department_code = :d AND status = :s"
                ),
                {"d": MSA, "s": "unclaimed"},
            )
        )
    assert "ix_review_tasks_department_code_status" in plan


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(TaskSort))
def test_every_page_is_a_slice_of_the_whole_list(
    inbox: Store, sort: TaskSort, descending: bool
) -> None:
    query = TaskQuery(MSA, sort=sort, descending=descending)
    with inbox.read() as uow:
        whole = uow.tasks.inbox_ids(query, limit=None)
        assert sorted(whole) == sorted(f"T-{n:06d}" for n in range(1, 13))
        for limit in (1, 4, 5, 11, 12, 20):
            for offset in range(14):
                page = uow.tasks.inbox_ids(query, limit=limit, offset=offset)
                assert page == whole[offset : offset + limit], (limit, offset)


def test_my_tasks_use_the_assignee_index(inbox: Store) -> None:
    with inbox.read() as uow:
        plan = " ".join(
            str(r[-1])
            for r in uow.session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM review_tasks "
                    "WHERE department_code = :d AND assignee = :a"
                ),
                {"d": MSA, "a": "wangfang"},
            )
        )
    assert "ix_review_tasks_department_code_assignee_step_due" in plan


def _plan(store: Store, query: TaskQuery) -> str:
    with store.read() as uow:
        stmt = inbox_module._ordered(query, inbox_module._base(query, inbox_module._tasks.c.id))
        compiled = stmt.limit(100).compile(compile_kwargs={"literal_binds": True})
        rows = uow.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        return " ".join(str(r[-1]) for r in rows)


@pytest.mark.parametrize("descending", [False, True])
def test_the_status_order_walks_its_index_without_sorting(inbox: Store, descending: bool) -> None:
    # The query's CASE must be the index's expression, literals and all.
    # (Descending, the ids stay ascending: each status's tasks are sorted, as
    # with every other order.)
    plan = _plan(inbox, TaskQuery(MSA, sort=TaskSort.STATUS, descending=descending))
    assert STATUS_RANK_INDEX in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert descending or "TEMP B-TREE" not in plan, plan


def test_sorting_by_case_due_reads_the_task_index_without_joining_cases(inbox: Store) -> None:
    unclaimed = frozenset({TaskStatus.UNCLAIMED})
    plan = _plan(inbox, TaskQuery(MSA, statuses=unclaimed, sort=TaskSort.CASE_DUE))
    assert "ix_review_tasks_department_code_status_case_due_date" in plan
    assert "cases" not in plan.replace("case_due_date", "")
    assert "TEMP B-TREE FOR ORDER BY" not in plan  # the index delivers the date order
    plan = _plan(inbox, TaskQuery(MSA, sort=TaskSort.CASE_DUE, descending=True))
    assert "ix_review_tasks_department_code_case_due_date" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan
