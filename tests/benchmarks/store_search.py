"""Times of the local store at the inbox's scale: search and the task list.

Prints numbers, asserts nothing (timings belong in docs/benchmarks, not in
tests). Usage::

    .venv/bin/python tests/benchmarks/store_search.py [--cases 50000] [--tasks-per-case 4]
    .venv/bin/python tests/benchmarks/store_search.py --inbox-store /tmp/inbox-200k.sqlite

``--inbox-store`` times, on a store built by ``tests/benchmarks/inbox.py``
(200,000 tasks of one department), the SQL the inbox list runs for a search
keystroke — ``inbox_views.first_page`` (the count, capped or exact, and the
first page's ids) — for each term, order and quick filter, and the next page
by key; the SQL alone, no rows turned into cells and no GUI. Each figure is
the median of ``--repeat`` runs, after one, with the load average printed
first (the machine is often shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    Material,
    ReviewTask,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store, TaskQuery, TaskSort

T = TypeVar("T")
SHANGHAI = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "春", "杰"]
ITEMS = ["食品经营许可证核发", "公共场所卫生许可", "建设工程规划许可证核发", "餐饮服务备案"]
MATERIALS = ["营业执照", "食品安全管理制度", "健康证明", "房屋租赁合同", "平面布局图"]
DEPARTMENTS = ["MSA-220100", "FIRE-220100", "HEALTH-220100", "CITY-220100"]
STATUSES = [TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT]


def timed(label: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<48} {1000 * (time.perf_counter() - start):10.1f} ms")
    return result


def build(n_cases: int, tasks_per_case: int) -> tuple[list[Case], list[Material], list[ReviewTask]]:
    cases, materials, tasks = [], [], []
    base = dt.datetime(2025, 1, 2, 9, 0, tzinfo=SHANGHAI)
    for n in range(1, n_cases + 1):
        code = f"220100-2025-{n:06d}"
        name = SURNAMES[n % 20] + GIVEN[n % 12] + ("（长春市）" if n % 997 == 0 else "（虚构）")
        cases.append(
            Case(
                code,
                "SI",
                ITEMS[n % 4],
                Applicant(name, f"2201{n:014d}"),
                DEPARTMENTS[0],
                CaseKind.PROMISED,
                CaseStatus.IN_REVIEW,
                base + dt.timedelta(minutes=n),
                10,
                20,
                platform_due_date=dt.date(2025, 2, 1) + dt.timedelta(days=n % 60),
                version=1,
            )
        )
        materials.append(Material(f"M-{n}", code, MATERIALS[n % 5], DEPARTMENTS[0], version=1))
        for d in range(tasks_per_case):
            tasks.append(
                ReviewTask(
                    f"T-{n}-{d}",
                    code,
                    DEPARTMENTS[d % 4],
                    STATUSES[(n + d) % 3],
                    5,
                    assignee=f"user{n % 50}" if (n + d) % 3 else None,
                    step_due_date=dt.date(2025, 1, 10) + dt.timedelta(days=(n * 7 + d) % 90),
                    version=1,
                )
            )
    return cases, materials, tasks


INBOX_TERMS = ["王", "王芳", "王芳（", "许可"]


def inbox_search(path: Path, repeat: int) -> None:
    """The inbox's search SQL on an existing store (see the module docstring)."""
    from backoffice.store import inbox_views as views
    from backoffice.store.inbox_views import QuickContext, QuickFilter, start_after

    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    ctx = QuickContext("user7", dt.date(2026, 11, 29), dt.date(2026, 12, 1))
    store = Store.open(path)
    with store.read() as uow:  # the department with the most tasks
        department = uow.session.connection().exec_driver_sql(
            "SELECT department_code FROM review_tasks GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).scalar()
    for sort in TaskSort:
        for quick in (frozenset(), frozenset({QuickFilter.UNCLAIMED})):
            for term in INBOX_TERMS:
                query = TaskQuery(str(department), text=term, sort=sort)
                times, nexts = [], []
                for _ in range(repeat + 1):
                    with store.read() as uow:
                        started = time.perf_counter()
                        n, exact, ids = views.first_page(uow.session, query, quick, ctx, limit=200)
                        times.append(time.perf_counter() - started)
                        last = views.page_rows(uow.session, ids[-1:], str(department))
                        start = start_after(last[0], sort) if last else None
                        started = time.perf_counter()
                        views.page_ids(uow.session, query, quick, ctx, limit=200, offset=200,
                                       start=start)
                        nexts.append(time.perf_counter() - started)
                shown = f"{n:,}" + ("" if exact else "+")
                label = f"{sort.value:<11} {'+'.join(quick) or '-':<9} {term!r:<8}"
                print(f"{label} first page {1000 * statistics.median(times[1:]):7.1f} ms"
                      f"   next page {1000 * statistics.median(nexts[1:]):7.1f} ms"
                      f"   count {shown}")
    store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--tasks-per-case", type=int, default=4)
    parser.add_argument("--inbox-store", type=Path, help="time the inbox's search SQL on this store")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.inbox_store is not None:
        inbox_search(args.inbox_store, args.repeat)
        return
    cases, materials, tasks = build(args.cases, args.tasks_per_case)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        store = timed("open + migrate an empty store", lambda: Store.open(path))
        print(f"{len(cases)} cases, {len(materials)} materials, {len(tasks)} tasks")
        timed("apply_confirmed: cases", lambda: store.apply_confirmed(cases))
        timed("apply_confirmed: materials", lambda: store.apply_confirmed(materials))
        timed("apply_confirmed: tasks", lambda: store.apply_confirmed(tasks))
        for query in ["长", "长春", "长春市", "王芳", "营业执照", "2025-012", "芳 餐饮", "不存在"]:
            found = timed(f"search {query!r} (first 100)", lambda q=query: store.search(q))
            with store.read() as uow:
                n = timed(f"  count {query!r}", lambda q=query, u=uow: u.search_count(q))
            print(f"  → {len(found)} shown of {n}")
        if hasattr(store, "refresh_deadlines"):  # absent before the deadline columns
            timed("refresh every deadline column", store.refresh_deadlines)
        with store.read() as uow:
            for label, q in [
                ("inbox: department, by step due", TaskQuery(DEPARTMENTS[0])),
                (
                    "inbox: department, by case due",
                    TaskQuery(DEPARTMENTS[0], sort=TaskSort.CASE_DUE),
                ),
                (
                    "inbox: unclaimed, by case due",
                    TaskQuery(
                        DEPARTMENTS[0],
                        statuses=frozenset({TaskStatus.UNCLAIMED}),
                        sort=TaskSort.CASE_DUE,
                    ),
                ),
                (
                    "inbox: mine, by accepted_at desc",
                    TaskQuery(
                        DEPARTMENTS[1], assignee="user7", sort=TaskSort.ACCEPTED_AT, descending=True
                    ),
                ),
                ("inbox: text 长春", TaskQuery(DEPARTMENTS[0], text="长春")),
            ]:
                timed(f"{label}: page of 100", lambda q=q, u=uow: u.tasks.inbox(q, limit=100))
                timed(
                    f"{label}: page at offset 20000",
                    lambda q=q, u=uow: u.tasks.inbox_ids(q, limit=100, offset=20_000),
                )
                count = timed(f"{label}: count", lambda q=q, u=uow: u.tasks.inbox_count(q))
                print(f"  → {count} tasks")
        print(f"file size {path.stat().st_size / 1e6:.1f} MB")
        store.close()


if __name__ == "__main__":
    main()
