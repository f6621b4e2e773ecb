"""The inbox's pages: the first page with its count, any page by offset or by key.

Every page is in the order of ``TaskRepository.inbox_ids`` (:mod:`.inbox`):
dated tasks in index order, then the undated by id. :func:`first_page`
reads a search's first page and its count in one statement: both need
every hit, so the hits are found once, not twice. Deeper pages are found by
key (keyset paging, :class:`~backoffice.store.inbox_query.Start`): after
the last row of a cached neighbour, or — for a jump — at a position the
sort key's histogram (:func:`key_histogram`) turns into a key, so a page at
row 180,000 is an index seek, not an OFFSET over 180,000 rows.

A search with many hits (:func:`~.inbox_quick.walk_budget`) is not sorted:
its pages walk the list's index and test each task's document
(:func:`_in_order`), and its count is capped ("1,000+", the exact number
later). '王' (10,000 hits) and '许可' (150,000) at 200,000 tasks: a first
page in ~20–30 ms of SQL instead of 50–230.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from backoffice.store import inbox, search
from backoffice.store.inbox_query import (
    KeyHistogram,
    QuickContext,
    QuickFilter,
    Start,
    TaskQuery,
    TaskSort,
    histogram_helps,
)
from backoffice.store.inbox_quick import COUNT_CAP, capped_count, count, filtered, walk_budget
from backoffice.store.schema import ReviewTaskRow, table_of

_tasks = table_of(ReviewTaskRow)


def first_page(
    session: Session,
    query: TaskQuery,
    quick: Iterable[QuickFilter],
    ctx: QuickContext,
    *,
    limit: int,
    cap: int = COUNT_CAP,
) -> tuple[int, bool, list[str]]:
    """The count (capped, see :func:`capped_count`), whether it is exact, and the
    first page's ids, in the order of :func:`page_ids`."""
    quick = frozenset(quick)
    if not query.text.strip():
        # An index gives both cheaply; a window over them would visit every row.
        return count(session, query, quick, ctx), True, _ids(session, query, quick, ctx, limit, 0)
    budget = walk_budget(session, query)
    if budget is None:
        # Not that many hits: they are found and sorted anyway, and the exact
        # count rides along (count(*) OVER () is computed before LIMIT).
        n, ids = _counted_first_page(session, query, quick, ctx, limit)
        return n, True, ids
    n, exact = capped_count(session, query, quick, ctx, cap=cap)
    return n, exact, _ids(session, query, quick, ctx, limit, 0, budget=budget)


def _counted_first_page(
    session: Session,
    query: TaskQuery,
    quick: frozenset[QuickFilter],
    ctx: QuickContext,
    limit: int,
) -> tuple[int, list[str]]:
    # "Undated last, by id" is the two-phase order in one ORDER BY.
    key = inbox._SORT_COLUMNS[query.sort]
    order = [key.desc() if query.descending else key.asc(), _tasks.c.id]
    if query.sort in inbox._NULLABLE:
        order.insert(0, key.is_(None))
    stmt = filtered(inbox._base(query, _tasks.c.id, func.count().over()), quick, ctx)
    rows = session.execute(stmt.order_by(*order).limit(limit)).all()
    return (int(rows[0][1]) if rows else 0), [str(r[0]) for r in rows]


def key_histogram(
    session: Session, query: TaskQuery, quick: Iterable[QuickFilter], ctx: QuickContext
) -> KeyHistogram | None:
    """The histogram of a date-ordered list without a search (else None: offsets)."""
    if not histogram_helps(query):
        return None
    quick = frozenset(quick)
    key = inbox._SORT_COLUMNS[query.sort]
    grouped = (
        filtered(inbox._base(query, key, func.count()), quick, ctx)
        .where(key.is_not(None))
        .group_by(key)
        .order_by(key.desc() if query.descending else key.asc())
    )
    groups = tuple((value, int(n)) for value, n in session.execute(grouped))
    undated = session.scalar(
        filtered(inbox._base(query, func.count(), for_order=False), quick, ctx).where(
            key.is_(None)
        )
    )
    return KeyHistogram(groups, int(undated or 0))


def page_ids(
    session: Session,
    query: TaskQuery,
    quick: Iterable[QuickFilter],
    ctx: QuickContext,
    *,
    limit: int,
    offset: int,
    start: Start | None = None,
) -> list[str]:
    """Task ids of one page, in the order of ``TaskRepository.inbox_ids``.

    With ``start`` the page is found by its key (``offset`` is then ignored):
    an index seek, however deep the page.
    """
    quick = frozenset(quick)
    budget = walk_budget(session, query)
    if start is not None:
        return _ids_from(session, query, quick, ctx, limit, start, budget=budget)
    return _ids(session, query, quick, ctx, limit, offset, budget=budget)


def _after(query: TaskQuery, key: Any, start: Start) -> ColumnElement[bool]:
    # "(key, id) after (value, task_id)" with the key ascending or descending
    # and the id always ascending; the first half lets SQLite seek the index.
    v = start.value
    reached: ColumnElement[bool] = key <= v if query.descending else key >= v
    if start.task_id is None:
        return reached
    beyond: ColumnElement[bool] = key < v if query.descending else key > v
    tie: ColumnElement[bool] = (key == v) & (_tasks.c.id > start.task_id)
    return reached & (beyond | tie)


def _ids_from(
    session: Session,
    query: TaskQuery,
    quick: frozenset[QuickFilter],
    ctx: QuickContext,
    limit: int,
    start: Start,
    *,
    budget: int | None,
) -> list[str]:
    walk = budget is not None
    base = filtered(inbox._base(query, _tasks.c.id, walk=walk), quick, ctx)
    key = inbox._SORT_COLUMNS[query.sort]
    nullable = query.sort in inbox._NULLABLE
    if start.value is None:  # among the undated, by id
        undated = base.where(key.is_(None))
        if start.task_id is not None:
            undated = undated.where(_tasks.c.id > start.task_id)
        stmt = undated.order_by(_tasks.c.id).offset(start.skip).limit(limit)
        return list(session.scalars(stmt))
    after = _after(query, key, start)
    ids = _in_order(session, query, quick, ctx, [after], start.skip, limit, budget)
    if len(ids) >= limit or not nullable:
        return ids
    # The dated tasks ran out on this page: the undated follow.
    skip = 0
    if not ids and start.skip:
        counted = filtered(inbox._base(query, func.count(), walk=walk), quick, ctx)
        skip = max(0, start.skip - (session.scalar(counted.where(after)) or 0))
    undated = base.where(key.is_(None)).order_by(_tasks.c.id).offset(skip).limit(limit - len(ids))
    return ids + list(session.scalars(undated))


def _ids(
    session: Session,
    query: TaskQuery,
    quick: frozenset[QuickFilter],
    ctx: QuickContext,
    limit: int,
    offset: int,
    *,
    budget: int | None = None,
) -> list[str]:
    # Same two phases as inbox_ids: dated tasks in index order, then undated.
    walk = budget is not None
    base = filtered(inbox._base(query, _tasks.c.id, walk=walk), quick, ctx)
    if query.sort not in inbox._NULLABLE:
        return _in_order(session, query, quick, ctx, [], offset, limit, budget)
    key = inbox._SORT_COLUMNS[query.sort]
    ids = _in_order(session, query, quick, ctx, [key.is_not(None)], offset, limit, budget)
    if len(ids) >= limit:
        return ids
    if ids or not offset:  # (from the top, the undated start at their first anyway)
        n_dated = offset + len(ids)
    else:
        counted = filtered(inbox._base(query, func.count(), walk=walk), quick, ctx)
        n_dated = session.scalar(counted.where(key.is_not(None))) or 0
    undated = (
        base.where(key.is_(None))
        .order_by(_tasks.c.id)
        .offset(max(0, offset - n_dated))
        .limit(limit - len(ids))
    )
    return ids + list(session.scalars(undated))


# Orders whose walk starts from an index other than the department's: the
# department test must stay off its index, or SQLite reads the department
# and sorts it.
_OFF_DEPARTMENT = frozenset({TaskSort.CASE_CODE, TaskSort.ACCEPTED_AT})


def _in_order(
    session: Session,
    query: TaskQuery,
    quick: frozenset[QuickFilter],
    ctx: QuickContext,
    where: list[ColumnElement[bool]],
    offset: int,
    limit: int,
    budget: int | None,
) -> list[str]:
    """Ids of the tasks ``where`` keeps, in (key, id) order, ``offset`` then ``limit``.

    A walked search (``budget``) first finds the key of the last wanted task
    by walking the list's index in key order alone: SQLite then needs no
    sort and stops at that task. (Ordered by key *and* id, it sorts each
    key's tasks by id and, with a LIMIT, stops only at the next key that has
    a match — past every key without one: ~22,000 tasks for '王' in the
    benchmark's store, where the name sits on one date in ten.) The page is
    then read in full order among the tasks up to that key. A walk that
    meets fewer than ``offset + limit`` matches in ``budget`` tasks stops
    there and the hits are sorted instead.
    """
    walk = budget is not None
    bound: list[ColumnElement[bool]] = []
    if budget is not None:
        reached = _walk_to(session, query, quick, ctx, where, offset + limit, budget)
        if reached is _OVER_BUDGET:
            walk = False
        elif reached is not _ALL:
            key = inbox._SORT_COLUMNS[query.sort]
            bound.append(key >= reached if query.descending else key <= reached)
    by_department = not (walk and query.sort in _OFF_DEPARTMENT)
    stmt = filtered(
        inbox._base(query, _tasks.c.id, walk=walk, by_department=by_department), quick, ctx
    ).where(*where, *bound)
    return list(session.scalars(inbox._ordered(query, stmt).offset(offset).limit(limit)))


_ALL = object()  # few tasks to walk: no cutoff needed
_OVER_BUDGET = object()  # the walk gave up


def _walk_to(
    session: Session,
    query: TaskQuery,
    quick: frozenset[QuickFilter],
    ctx: QuickContext,
    where: list[ColumnElement[bool]],
    n: int,
    budget: int,
) -> Any:
    """The key of the ``n``-th match walking the list's index, or ``_ALL`` (fewer tasks
    than ``budget`` to walk) / ``_OVER_BUDGET`` (fewer than ``n`` matches in ``budget``)."""
    key = inbox._SORT_COLUMNS[query.sort]
    plain = replace(query, text="")
    on_index = query.sort not in _OFF_DEPARTMENT
    probe = search.matching_exists(query.text, _tasks.c.case_code)
    assert probe is not None  # a walk is for a search
    walked = (
        filtered(inbox._base(plain, key.label("k"), by_department=on_index), quick, ctx)
        .where(*where)
        .order_by(key.desc() if query.descending else key.asc())
        .limit(budget)
    )
    # First how many tasks there are to walk, without the probe (mostly an
    # index count): a filter leaving fewer than the budget needs no cutoff,
    # and its page is then the only walk.
    if (session.scalar(select(func.count()).select_from(walked.subquery())) or 0) < budget:
        return _ALL
    steps = walked.add_columns(probe.label("m")).subquery()
    found = session.execute(select(steps.c.k).where(steps.c.m).offset(n - 1).limit(1)).first()
    return _OVER_BUDGET if found is None else found[0]
