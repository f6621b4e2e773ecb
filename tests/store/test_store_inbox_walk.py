"""A search's pages, walked or sorted, against a brute-force filter in Python.

A common term's pages walk the list's index and test each task's document
(``inbox_pages._in_order``); a rarer one's hits are found and sorted. Both
must give exactly the list a plain Python filter over the store's rows gives:
every term a substring of the case's normalised document (NFKC, casefold),
the quick filter, the order (key, then id; undated last in both directions),
paged by offset and by key, counted exactly or capped.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text as sa_text
from store_factories import make_case, make_material, make_task

from backoffice.domain.model import Department
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, TaskQuery, TaskSort, inbox_pages, inbox_quick
from backoffice.store import inbox_views as views
from backoffice.store.inbox_views import QuickContext, QuickFilter
from backoffice.store.status_order import status_rank

MSA = "MSA-220100"
FIRE = "FIRE-220100"
TODAY = dt.date(2025, 3, 10)
CTX = QuickContext(me="wangfang", today=TODAY, soon_until=dt.date(2025, 3, 11))
N_CASES = 60
APPLICANTS = ["王芳（虚构）", "王伟（虚构）", "李娜（虚构）", "Wang Fang", "ＷＡＮＧ Ｌｅｉ",
              "O'Brien（虚构）", "张静（虚构）"]
ITEMS = ["食品经营许可证核发", "公共场所卫生许可", "餐饮服务备案"]
STATUSES = [TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
            TaskStatus.SUSPENDED]
QUERIES = ["王", "王芳", "王芳（", "许可", "芳 许可", "ｗａｎｇ", "WANG lei", "健康",
           "2025-00001", "o'", "o'brien", "'", "无此"]
QUICKS = [frozenset(), frozenset({QuickFilter.UNCLAIMED}), frozenset({QuickFilter.MINE})]
PAGE = 9


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("walk") / "store.sqlite"
    store = Store.open(path)
    store.apply_confirmed([Department(MSA, "市场监管局", "220100"),
                           Department(FIRE, "消防救援支队", "220100")])
    # Few distinct dates and accepted days: many ties, broken by id.
    store.apply_confirmed([
        make_case(n, applicant=APPLICANTS[n % 7], item=ITEMS[n % 3],
                  accepted_day=1 + n % 5 * 3)
        for n in range(1, N_CASES + 1)])
    store.apply_confirmed([make_material(n, case=n, name="健康证明")
                           for n in range(1, N_CASES + 1) if n % 4 == 0])
    tasks = []
    for n in range(1, N_CASES + 1):
        status = STATUSES[n % 4]
        tasks.append(make_task(
            n, case=n, status=status,
            assignee=None if status is TaskStatus.UNCLAIMED else ("wangfang" if n % 3 else "lijun"),
            step_due_date=None if n % 6 == 0 else dt.date(2025, 3, 1 + n % 4)))
        if n % 3 == 0:
            tasks.append(make_task(1000 + n, case=n, department=FIRE,
                                   status=TaskStatus.IN_REVIEW, assignee="zhao"))
    store.apply_confirmed(tasks)
    yield store
    store.close()


def _rows(store: Store) -> list[dict[str, Any]]:
    with store.read() as uow:
        result = uow.session.execute(sa_text(
            "SELECT t.id, t.case_code, t.status, t.assignee, t.step_due, t.case_due_date, "
            "c.accepted_at, d.body FROM review_tasks t "
            "JOIN cases c ON c.case_code = t.case_code "
            "JOIN search_documents d ON d.case_code = t.case_code "
            "WHERE t.department_code = :d"), {"d": MSA})
        return [dict(r._mapping) for r in result]


_KEYS = {TaskSort.STEP_DUE: "step_due", TaskSort.CASE_DUE: "case_due_date",
         TaskSort.ACCEPTED_AT: "accepted_at", TaskSort.CASE_CODE: "case_code",
         TaskSort.STATUS: "status"}


def expected(rows: list[dict[str, Any]], raw: str, sort: TaskSort, descending: bool,
             quick: frozenset[QuickFilter]) -> list[str]:
    terms = unicodedata.normalize("NFKC", raw).casefold().split()
    kept = [r for r in rows if all(t in r["body"] for t in terms)]
    if QuickFilter.UNCLAIMED in quick:
        kept = [r for r in kept if r["status"] == TaskStatus.UNCLAIMED.value]
    if QuickFilter.MINE in quick:
        kept = [r for r in kept if r["assignee"] == CTX.me]
    key = _KEYS[sort]
    dated = sorted((r for r in kept if r[key] is not None), key=lambda r: r["id"])
    # stable: ids stay ascending; statuses in the workflow's order
    dated.sort(key=lambda r: status_rank(r[key]) if sort is TaskSort.STATUS else r[key],
               reverse=descending)
    undated = sorted(r["id"] for r in kept if r[key] is None)
    return [r["id"] for r in dated] + undated


# WALK_BUDGET: what a walk may pass is about the hits, counted up to it.
_BUDGETS = {"walked": 40, "walk-gives-up": 0, "few-tasks-to-walk": 10**6}


@pytest.fixture(params=["walked", "walk-gives-up", "few-tasks-to-walk", "sorted"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "sorted":
        monkeypatch.setattr(inbox_quick, "WALK_ABOVE", 10**9)
    else:
        monkeypatch.setattr(inbox_quick, "WALK_ABOVE", 0)
        monkeypatch.setattr(inbox_quick, "WALK_BUDGET", _BUDGETS[request.param])
    return str(request.param)


@pytest.mark.parametrize("sort", list(TaskSort))
def test_pages_of_a_search_equal_a_python_filter(seeded: Store, mode: str, sort: TaskSort) -> None:
    rows = _rows(seeded)
    with seeded.read() as uow:
        s = uow.session
        for raw in QUERIES:
            for descending in (False, True):
                for quick in QUICKS:
                    query = TaskQuery(MSA, text=raw, sort=sort, descending=descending)
                    want = expected(rows, raw, sort, descending, quick)
                    where = (mode, raw, descending, sorted(quick))
                    assert views.count(s, query, quick, CTX) == len(want), where
                    total, exact, first = views.first_page(s, query, quick, CTX, limit=PAGE, cap=5)
                    assert first == want[:PAGE], where
                    # Exact when the hits were sorted (the count rides along) or few.
                    assert (exact and total == len(want)) or (
                        not exact and total == 6 and len(want) > 5), where
                    for offset in range(0, len(want) + 1, PAGE):
                        page = views.page_ids(s, query, quick, CTX, limit=PAGE, offset=offset)
                        assert page == want[offset:offset + PAGE], (*where, offset)
                        if offset:  # the same page by key, after the previous page's last row
                            last = views.page_rows(s, [want[offset - 1]], MSA)[0]
                            start = views.start_after(last, sort)
                            if start is not None:
                                by_key = views.page_ids(s, query, quick, CTX, limit=PAGE,
                                                        offset=0, start=start)
                                assert by_key == page, (*where, offset, "by key")


def test_every_way_out_of_a_walk_is_taken(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cutoff found, the walk seeing every task, the walk giving up: each
    # way must actually occur above (not only the fallback to sorting).
    seen: list[str] = []
    real = inbox_pages._walk_to

    def spy(*args: Any) -> Any:
        reached = real(*args)
        seen.append("all" if reached is inbox_pages._ALL else
                    "over" if reached is inbox_pages._OVER_BUDGET else "cut")
        return reached

    monkeypatch.setattr(inbox_pages, "_walk_to", spy)
    monkeypatch.setattr(inbox_quick, "WALK_ABOVE", 0)
    with seeded.read() as uow:
        for budget in _BUDGETS.values():
            monkeypatch.setattr(inbox_quick, "WALK_BUDGET", budget)
            for raw in ("许可", "王", "无此"):
                query = TaskQuery(MSA, text=raw, sort=TaskSort.STEP_DUE)
                views.first_page(uow.session, query, (), CTX, limit=3)
                views.page_ids(uow.session, query, {QuickFilter.MINE}, CTX, limit=3, offset=0)
                views.page_ids(uow.session, query, (), CTX, limit=N_CASES, offset=0)
    assert {"cut", "all", "over"} <= set(seen)


def test_a_filter_keeping_part_of_the_sample_still_gives_a_true_lower_bound(
        seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # A sample of 4 documents holds fewer than cap + 1 unclaimed tasks; the
    # larger second sample must not overstate the count either.
    monkeypatch.setattr(inbox_quick, "COUNT_SAMPLE", 4)
    rows = _rows(seeded)
    with seeded.read() as uow:
        for raw in ("许可", "王", "健康", "芳 许可"):
            for quick in QUICKS:
                query = TaskQuery(MSA, text=raw)
                n = len(expected(rows, raw, TaskSort.STEP_DUE, False, quick))
                for cap in (0, 1, 3, n - 1, n, n + 1):
                    if cap < 0:
                        continue
                    got = views.capped_count(uow.session, query, quick, CTX, cap=cap)
                    assert got == ((n, True) if n <= cap else (cap + 1, False)), (raw, quick, cap)
