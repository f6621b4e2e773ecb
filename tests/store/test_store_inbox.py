"""The department's task list: filter, sort, page and count in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from store_factories import make_case, make_task

from backoffice.domain.model import CaseKind, DeferredMaterial
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, TaskQuery, TaskSort

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


def test_sort_by_step_due_date_with_undated_last_and_stable_paging(inbox: Store) -> None:
    ordered = _ids(inbox, TaskQuery(MSA))
    with inbox.read() as uow:
        due = {t.id: t.step_due_date for t in uow.tasks.inbox(TaskQuery(MSA))}
    dates = [due[f"T-{i:06d}"] for i in ordered]
    assert dates[-1] is None and None not in dates[:-1]
    assert dates[:-1] == sorted(d for d in dates if d is not None)
    pages = [_ids(inbox, TaskQuery(MSA), limit=5, offset=o) for o in (0, 5, 10)]
    assert [i for p in pages for i in p] == ordered
    descending = _ids(inbox, TaskQuery(MSA, descending=True))
    assert descending[-1] == 5  # still last: no date is not the most urgent


def test_other_sorts(inbox: Store) -> None:
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.ACCEPTED_AT)) == list(range(1, 13))
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.ACCEPTED_AT, descending=True)) == list(
        range(12, 0, -1)
    )
    # Case due: the later the case was accepted here, the earlier its due date; 12 has none.
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.CASE_DUE)) == [*range(11, 0, -1), 12]
    assert _ids(inbox, TaskQuery(MSA, sort=TaskSort.CASE_CODE)) == list(range(1, 13))
    by_status = _ids(inbox, TaskQuery(MSA, sort=TaskSort.STATUS))
    assert by_status[:4] == [2, 5, 8, 11]  # awaiting_applicant sorts first


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
    assert "ix_review_tasks_department_code_assignee_step_due_date" in plan
