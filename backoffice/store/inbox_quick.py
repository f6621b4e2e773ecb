"""The inbox's quick filters: their SQL conditions and their counts.

:class:`~backoffice.store.inbox_query.TaskQuery` expresses the filters a
saved query has (status, assignee, search …). The list's *quick filters*
need a few more — "overdue" is a strict ``<`` on the step deadline of a
running step clock, "clock stopped" takes the tasks of cases whose clock
is stopped (:func:`.inbox_query.step_clock`, the rule the
list's badges and the task detail follow too), "conflicts" looks at the
outbox — so they are extra
conditions added to the same statements (:func:`condition`, :func:`count`;
the pages in :mod:`.inbox_pages`). :func:`quick_counts` counts each quick
filter with a query an index serves (a few ms each at 200,000 tasks);
"conflicts" and "clock stopped" start from the few outbox rows and stopped
cases instead of testing every task against them. Within a search it
counts all of them in **one** pass over the hits (``SUM(CASE …)``), so the
text is matched once. A search's count is capped (:func:`capped_count`:
"1,000+" at once, the exact number later).

Only reads; builds on the private helpers of :mod:`.inbox` so the filters
and the order stay exactly those of ``TaskRepository.inbox_ids``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session

from backoffice.domain.states import TaskStatus
from backoffice.store import inbox, search
from backoffice.store.inbox_query import (
    CASE_ENDED,
    STEP_RUNNING,
    QuickContext,
    QuickFilter,
    TaskQuery,
)
from backoffice.store.outbox import OutboxState
from backoffice.store.schema import CaseRow, MaterialRow, OutboxRow, ReviewTaskRow, table_of

_tasks = table_of(ReviewTaskRow)
_cases = table_of(CaseRow)
_materials = table_of(MaterialRow)
_outbox = table_of(OutboxRow)
_task_rowid: ColumnElement[int] = literal_column(f"{_tasks.name}.rowid")

# The step clock's rule (inbox_query.step_clock) in SQL: only a running clock
# can be due soon or overdue; a task of a case whose clock is stopped is "clock
# stopped" (a suspended one too, and only then: a procedure begun after the
# deadline stops nothing); a task whose part is over, or whose case has ended,
# is neither.
RUNNING = tuple(sorted(s.value for s in STEP_RUNNING))
ENDED = tuple(sorted(CASE_ENDED))
_TROUBLE = (OutboxState.CONFLICT.value, OutboxState.REFUSED.value)


def _conflicted_tasks() -> ColumnElement[bool]:
    # A conflict or refusal on the task itself, on its case, or on one of the
    # case's materials (the verdicts): each needs the reviewer of this task.
    on_task = select(_outbox.c.entity_id).where(
        _outbox.c.entity == "review_task", _outbox.c.state.in_(_TROUBLE)
    )
    on_case = select(_outbox.c.entity_id).where(
        _outbox.c.entity == "case", _outbox.c.state.in_(_TROUBLE)
    )
    on_material = select(_materials.c.case_code).where(
        _materials.c.id.in_(
            select(_outbox.c.entity_id).where(
                _outbox.c.entity == "material", _outbox.c.state.in_(_TROUBLE)
            )
        )
    )
    return or_(
        _tasks.c.id.in_(on_task),
        _tasks.c.case_code.in_(on_case),
        _tasks.c.case_code.in_(on_material),
    )


def _stopped_cases() -> Select[Any]:
    return select(_cases.c.case_code).where(_cases.c.clock_stopped.is_(True))


def _case_open() -> ColumnElement[bool]:
    # Per task, by the case's key: on an ended case every step is done (step_clock).
    # Not NOT IN over the ended cases, which are most of a store's. An alias:
    # a statement that joins the cases already (by kind) must not correlate them.
    ended = _cases.alias("ended_case")
    return ~exists().where(ended.c.case_code == _tasks.c.case_code, ended.c.status.in_(ENDED))


def _running() -> ColumnElement[bool]:
    return (_tasks.c.status.in_(RUNNING) & _tasks.c.case_code.not_in(_stopped_cases())
            & _case_open())


def condition(quick: QuickFilter, ctx: QuickContext) -> ColumnElement[bool]:
    """The SQL condition of one quick filter on the review task table."""
    step_due: Any = _tasks.c.step_due
    if quick is QuickFilter.MINE:
        return _tasks.c.assignee == ctx.me
    if quick is QuickFilter.UNCLAIMED:
        return _tasks.c.status == TaskStatus.UNCLAIMED.value
    if quick is QuickFilter.DUE_SOON:
        soon: ColumnElement[bool] = step_due.between(ctx.today, ctx.soon_until)
        return _running() & soon
    if quick is QuickFilter.OVERDUE:
        late: ColumnElement[bool] = step_due < ctx.today
        return _running() & late
    if quick is QuickFilter.AWAITING_APPLICANT:
        return _tasks.c.status == TaskStatus.AWAITING_APPLICANT.value
    if quick is QuickFilter.CLOCK_STOPPED:
        return _case_open() & _tasks.c.status.in_(RUNNING) & _tasks.c.case_code.in_(
            _stopped_cases())
    return _conflicted_tasks()


def filtered(stmt: Select[Any], quick: Iterable[QuickFilter], ctx: QuickContext) -> Select[Any]:
    conditions = [condition(q, ctx) for q in sorted(set(quick))]
    return stmt.where(*conditions) if conditions else stmt


def count(
    session: Session, query: TaskQuery, quick: Iterable[QuickFilter], ctx: QuickContext
) -> int:
    """The exact count (a search: every hit is counted — see :func:`capped_count`).

    A search narrowed by filters to fewer tasks than it has hits is counted
    from those tasks, each testing its case's document (``walk``): '许可'
    (150,000 hits) among one reviewer's 4,000 tasks reads 4,000 tasks, not
    150,000 documents.
    """
    quick = frozenset(quick)
    walk = _fewer_tasks_than_hits(session, query, quick, ctx)
    stmt = filtered(inbox._base(query, func.count(), for_order=False, walk=walk), quick, ctx)
    return session.scalar(stmt) or 0


def _fewer_tasks_than_hits(
    session: Session, query: TaskQuery, quick: frozenset[QuickFilter], ctx: QuickContext
) -> bool:
    plain = replace(query, text="")
    if not query.text.strip() or (not quick and plain == TaskQuery(
            query.department_code, sort=query.sort, descending=query.descending)):
        return False  # no search, or no filter: the department has at least as many tasks
    hits = search.estimate_hits(session, query.text, cap=WALK_BUDGET)
    # Counted up to hits + 1 only: a filter keeping many tasks stops early.
    some = filtered(inbox._base(plain, literal_column("1"), for_order=False), quick, ctx)
    n = session.scalar(select(func.count()).select_from(some.limit(hits + 1).subquery()))
    # A task tested costs about twice a hit found (its document is read).
    return 2 * (n or 0) <= hits


# A search's count is exact up to this many; beyond it the list says "1,000+"
# at once and the exact number follows (counting 150,000 hits takes ~0.3 s).
COUNT_CAP = 1000
# The lower bound first looks at this many matching documents only.
COUNT_SAMPLE = 2000
# At most this many tasks are walked before a page falls back to sorting the hits.
WALK_BUDGET = 20_000
# A search with more hits than this is walked in the list's order (a first
# page stops after about a page of tasks) and its count capped; fewer are
# found, sorted and counted exactly in one statement. Each hit costs ~5 µs to
# sort (its document, its tasks, the task row), each task walked ~4 µs: at
# 200,000 tasks a first page of 200 is cheaper to walk from ~5,000 hits on.
WALK_ABOVE = 5_000


def walk_above(query: TaskQuery) -> int:
    """How many hits a search of this order needs to be walked instead of sorted.

    The same for every order: each has an index ending in the task id
    (ordered by status, the rank's of migration 0015).
    """
    return WALK_ABOVE


def capped_count(
    session: Session,
    query: TaskQuery,
    quick: Iterable[QuickFilter],
    ctx: QuickContext,
    *,
    cap: int = COUNT_CAP,
) -> tuple[int, bool]:
    """``(n, True)`` with the exact count, or ``(cap + 1, False)``: more than ``cap``.

    Without a search the count comes from an index and is always exact. A
    search first counts among ``COUNT_SAMPLE`` matching documents, stopping
    at ``cap + 1``: if that many are there, the list has more than ``cap`` (a
    true lower bound, whatever the rest). A filter that keeps only part of
    the sample's tasks gets one larger sample, scaled by what it kept; only
    otherwise — few hits, or a filter that keeps few of them — are all hits
    counted.
    """
    quick = frozenset(quick)
    if not query.text.strip():
        return count(session, query, quick, ctx), True
    lower = _lower_bound(session, query, quick, ctx, sample=COUNT_SAMPLE, cap=cap)
    if lower > cap:
        return cap + 1, False
    # The share of the sample's tasks the filter kept says how large a sample
    # should do; tried once if that is at most ten times as large.
    scale = 1 + 2 * (cap + 1) // max(lower, 1)
    if lower and scale <= 10 and (
        search.estimate_hits(session, query.text, cap=COUNT_SAMPLE) > COUNT_SAMPLE
        and _lower_bound(session, query, quick, ctx, sample=COUNT_SAMPLE * scale, cap=cap) > cap
    ):
        return cap + 1, False
    n = count(session, query, quick, ctx)
    return (n, True) if n <= cap else (cap + 1, False)


def _lower_bound(session: Session, query: TaskQuery, quick: frozenset[QuickFilter],
                 ctx: QuickContext, *, sample: int, cap: int) -> int:
    some = filtered(
        inbox._base(query, literal_column("1"), for_order=False, sample=sample), quick, ctx
    ).limit(cap + 1)
    return session.scalar(select(func.count()).select_from(some.subquery())) or 0


def walk_budget(session: Session, query: TaskQuery) -> int | None:
    """How many tasks a search's pages may walk in the list's order (None: sort its hits).

    A walk that meets too few matches — the hits are elsewhere in the order,
    or a filter keeps few tasks — gives up after about as many tasks as the
    hits would have cost to sort (:mod:`.inbox_pages`).
    """
    if not query.text.strip():
        return None
    above = walk_above(query)
    hits = search.estimate_hits(session, query.text, cap=max(above, WALK_BUDGET))
    if hits <= above:
        return None
    return max(hits, WALK_BUDGET // 4)


def walks(session: Session, query: TaskQuery) -> bool:
    """Whether a search's pages walk the list's index (a common term)."""
    return walk_budget(session, query) is not None


# Served by the department's (status | assignee, step_due) indexes.
_INDEXED = (
    QuickFilter.MINE,
    QuickFilter.UNCLAIMED,
    QuickFilter.DUE_SOON,
    QuickFilter.OVERDUE,
    QuickFilter.AWAITING_APPLICANT,
)


def _conflicted_rowids() -> Select[Any]:
    # The same three sources as _conflicted_tasks, each joined from its few
    # outbox rows (CROSS JOIN fixes that order) to the tasks it concerns.
    trouble = _outbox.c.state.in_(_TROUBLE)
    on_task = (
        select(_task_rowid)
        .select_from(_outbox.join(_tasks, _tasks.c.id == _outbox.c.entity_id))
        .where(_outbox.c.entity == "review_task", trouble)
    )
    on_case = (
        select(_task_rowid)
        .select_from(_outbox.join(_tasks, _tasks.c.case_code == _outbox.c.entity_id))
        .where(_outbox.c.entity == "case", trouble)
    )
    on_material = (
        select(_task_rowid)
        .select_from(
            _outbox.join(_materials, _materials.c.id == _outbox.c.entity_id).join(
                _tasks, _tasks.c.case_code == _materials.c.case_code
            )
        )
        .where(_outbox.c.entity == "material", trouble)
    )
    return on_task.union(on_case, on_material)  # type: ignore[return-value]


def _stopped_rowids() -> Select[Any]:
    return (
        select(_task_rowid)
        .select_from(_cases.join(_tasks, _tasks.c.case_code == _cases.c.case_code))
        .where(_cases.c.clock_stopped.is_(True))
    )


def _count_among(
    session: Session, query: TaskQuery, rowids: Select[Any], *extra: ColumnElement[bool]
) -> int:
    # Off the department indexes: walking them would test every task.
    source: Any = _tasks
    if query.case_kind is not None:
        source = _tasks.join(_cases, _cases.c.case_code == _tasks.c.case_code)
    stmt = (
        select(func.count())
        .select_from(source)
        .where(_task_rowid.in_(rowids), *inbox._conditions(query, by_department=False), *extra)
    )
    return session.scalar(stmt) or 0


def quick_counts(session: Session, query: TaskQuery, ctx: QuickContext) -> dict[QuickFilter, int]:
    """How many tasks of ``query`` each quick filter would show."""
    if query.text.strip():
        sums = [
            func.coalesce(func.sum(case((condition(q, ctx), 1), else_=0)), 0).label(q.value)
            for q in QuickFilter
        ]
        row = session.execute(inbox._base(query, *sums, for_order=False)).one()
        return {q: int(row[i]) for i, q in enumerate(QuickFilter)}
    counts = {q: count(session, query, {q}, ctx) for q in _INDEXED}
    counts[QuickFilter.CONFLICTS] = _count_among(session, query, _conflicted_rowids())
    counts[QuickFilter.CLOCK_STOPPED] = _count_among(
        session, query, _stopped_rowids(), _tasks.c.status.in_(RUNNING), _case_open()
    )
    return {q: counts[q] for q in QuickFilter}
