"""The inbox's pages: the first page with its count, any page by offset or by key.

Every page is in the order of ``TaskRepository.inbox_ids`` (:mod:`.inbox`):
dated tasks in index order, then the undated by id. :func:`first_page`
reads a search's first page and its count in one statement: both need
every hit, so the hits are found once, not twice. Deeper pages are found by
key (keyset paging, :class:`~backoffice.store.inbox_query.Start`): after
the last row of a cached neighbour, or — for a jump — at a position the
sort key's histogram (:func:`key_histogram`) turns into a key, so a page at
row 180,000 is an index seek, not an OFFSET over 180,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy.orm import Session

from backoffice.store import inbox, inbox_quick, search
from backoffice.store.inbox_query import (
    KeyHistogram,
    QuickContext,
    QuickFilter,
    Start,
    TaskQuery,
    histogram_helps,
)
from backoffice.store.inbox_quick import COUNT_CAP, capped_count, count, filtered, walks
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
    hits = search.estimate_hits(session, query.text, cap=inbox_quick.WALK_ABOVE)
    if hits <= inbox_quick.WALK_ABOVE:
        # Not that many hits: they are found and sorted anyway, and the exact
        # count rides along (count(*) OVER () is computed before LIMIT).
        n, ids = _counted_first_page(session, query, quick, ctx, limit)
        return n, True, ids
    n, exact = capped_count(session, query, quick, ctx, cap=cap)
    return n, exact, _ids(session, query, quick, ctx, limit, 0, walk=hits > inbox_quick.WALK_ABOVE)


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
    walk = walks(session, query)
    if start is not None:
        return _ids_from(session, query, quick, ctx, limit, start, walk=walk)
    return _ids(session, query, quick, ctx, limit, offset, walk=walk)


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
    walk: bool,
) -> list[str]:
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
    stmt = inbox._ordered(query, base.where(after)).offset(start.skip).limit(limit)
    ids = list(session.scalars(stmt))
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
    walk: bool = False,
) -> list[str]:
    # Same two phases as inbox_ids: dated tasks in index order, then undated.
    base = filtered(inbox._base(query, _tasks.c.id, walk=walk), quick, ctx)
    if query.sort not in inbox._NULLABLE:
        stmt = inbox._ordered(query, base).offset(offset).limit(limit)
        return list(session.scalars(stmt))
    key = inbox._SORT_COLUMNS[query.sort]
    dated = inbox._ordered(query, base.where(key.is_not(None))).offset(offset).limit(limit)
    ids = list(session.scalars(dated))
    if len(ids) >= limit:
        return ids
    if ids:
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
