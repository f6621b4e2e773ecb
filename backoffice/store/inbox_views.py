"""What the inbox list needs beyond :mod:`.inbox`: quick filters, their counts, row extras.

:class:`~backoffice.store.inbox.TaskQuery` expresses the filters a saved
query has (status, assignee, search …). The list's *quick filters* need a
few more — "overdue" is a strict ``<`` on the step deadline, "clock
stopped" looks at the case, "conflicts" at the outbox — so they are extra
conditions added to the same statements (:func:`page_ids`, :func:`count`).
:func:`quick_counts` counts each quick filter with a query an index
serves (a few ms each at 200,000 tasks); "conflicts" and "clock stopped"
start from the few outbox rows and stopped cases instead of testing every
task against them. Within a search it counts all of them in **one** pass
over the hits (``SUM(CASE …)``), so the text is matched once.
:func:`first_page` reads a search's first page and its count in one
statement: both need every hit, so the hits are found once, not twice.

:func:`page_rows` fetches what one page of the table shows in five queries
whatever the page size: the tasks joined with their cases, the outstanding
deferred materials, the other departments' tasks on the same cases (the
synchronized review's progress), their names, and the outbox states of the
tasks. Plain dataclasses come out; the UI computes the badges.

This module only reads; it adds no table and changes no other module's
statements (it builds on the private helpers of :mod:`.inbox` so the order
and the two-phase paging by date stay exactly the same).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from backoffice.domain.states import TaskStatus
from backoffice.store import inbox, search
from backoffice.store.inbox import TaskQuery, TaskSort
from backoffice.store.outbox import OutboxState
from backoffice.store.schema import (
    CaseRow,
    DeferredMaterialRow,
    DepartmentRow,
    MaterialRow,
    OutboxRow,
    ReviewTaskRow,
    table_of,
)

_tasks = table_of(ReviewTaskRow)
_cases = table_of(CaseRow)
_deferred = table_of(DeferredMaterialRow)
_departments = table_of(DepartmentRow)
_materials = table_of(MaterialRow)
_outbox = table_of(OutboxRow)
_task_rowid: ColumnElement[int] = literal_column(f"{_tasks.name}.rowid")

# Tasks whose step clock runs: only these can be due soon or overdue. A task
# awaiting the applicant or suspended waits with its clock stopped.
RUNNING = (TaskStatus.UNCLAIMED.value, TaskStatus.IN_REVIEW.value)
_TROUBLE = (OutboxState.CONFLICT.value, OutboxState.REFUSED.value)


class QuickFilter(enum.StrEnum):
    MINE = "mine"
    UNCLAIMED = "unclaimed"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    AWAITING_APPLICANT = "awaiting_applicant"
    CLOCK_STOPPED = "clock_stopped"
    CONFLICTS = "conflicts"


@dataclass(frozen=True, slots=True)
class QuickContext:
    """Who is asking and on which day: what "mine" and "due soon" mean now.

    ``soon_until``: the last day that still counts as due soon (today plus
    the warning threshold in working days, computed by the caller with the
    work calendar).
    """

    me: str
    today: dt.date
    soon_until: dt.date


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


def condition(quick: QuickFilter, ctx: QuickContext) -> ColumnElement[bool]:
    """The SQL condition of one quick filter on the review task table."""
    step_due: Any = _tasks.c.step_due
    if quick is QuickFilter.MINE:
        return _tasks.c.assignee == ctx.me
    if quick is QuickFilter.UNCLAIMED:
        return _tasks.c.status == TaskStatus.UNCLAIMED.value
    if quick is QuickFilter.DUE_SOON:
        soon: ColumnElement[bool] = step_due.between(ctx.today, ctx.soon_until)
        return _tasks.c.status.in_(RUNNING) & soon
    if quick is QuickFilter.OVERDUE:
        late: ColumnElement[bool] = step_due < ctx.today
        return _tasks.c.status.in_(RUNNING) & late
    if quick is QuickFilter.AWAITING_APPLICANT:
        return _tasks.c.status == TaskStatus.AWAITING_APPLICANT.value
    if quick is QuickFilter.CLOCK_STOPPED:
        stopped = select(_cases.c.case_code).where(_cases.c.clock_stopped.is_(True))
        return or_(
            _tasks.c.status == TaskStatus.SUSPENDED.value, _tasks.c.case_code.in_(stopped)
        )
    return _conflicted_tasks()


def _filtered(stmt: Select[Any], quick: Iterable[QuickFilter], ctx: QuickContext) -> Select[Any]:
    conditions = [condition(q, ctx) for q in sorted(set(quick))]
    return stmt.where(*conditions) if conditions else stmt


def count(
    session: Session, query: TaskQuery, quick: Iterable[QuickFilter], ctx: QuickContext
) -> int:
    """The exact count (a search: every hit is counted — see :func:`capped_count`)."""
    stmt = _filtered(inbox._base(query, func.count(), for_order=False), quick, ctx)
    return session.scalar(stmt) or 0


# A search's count is exact up to this many; beyond it the list says "1,000+"
# at once and the exact number follows (counting 150,000 hits takes ~0.3 s).
COUNT_CAP = 1000
# The lower bound looks at the first this many matching documents only.
COUNT_SAMPLE = 2000
# A search with more hits than this is walked in the list's order (a first
# page stops after about a page of tasks) and its count capped; fewer are
# found, sorted and counted exactly in one statement.
WALK_ABOVE = 20_000


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
    search first counts among the first ``COUNT_SAMPLE`` matching documents,
    stopping at ``cap + 1``: if that many are there, the list has more than
    ``cap`` (a true lower bound, whatever the rest); only otherwise — few
    hits, or a quick filter that keeps few of them — are all hits counted.
    """
    quick = frozenset(quick)
    if not query.text.strip():
        return count(session, query, quick, ctx), True
    some = _filtered(
        inbox._base(query, literal_column("1"), for_order=False, sample=COUNT_SAMPLE), quick, ctx
    ).limit(cap + 1)
    lower = session.scalar(select(func.count()).select_from(some.subquery())) or 0
    if lower > cap:
        return cap + 1, False
    n = count(session, query, quick, ctx)
    return (n, True) if n <= cap else (cap + 1, False)


def walks(session: Session, query: TaskQuery) -> bool:
    """Whether a search's pages walk the list's index (a common term)."""
    if not query.text.strip():
        return False
    return search.estimate_hits(session, query.text, cap=WALK_ABOVE) > WALK_ABOVE


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
    hits = search.estimate_hits(session, query.text, cap=WALK_ABOVE)
    if hits <= WALK_ABOVE:
        # Not that many hits: they are found and sorted anyway, and the exact
        # count rides along (count(*) OVER () is computed before LIMIT).
        n, ids = _counted_first_page(session, query, quick, ctx, limit)
        return n, True, ids
    n, exact = capped_count(session, query, quick, ctx, cap=cap)
    return n, exact, _ids(session, query, quick, ctx, limit, 0, walk=hits > WALK_ABOVE)


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
    stmt = _filtered(inbox._base(query, _tasks.c.id, func.count().over()), quick, ctx)
    rows = session.execute(stmt.order_by(*order).limit(limit)).all()
    return (int(rows[0][1]) if rows else 0), [str(r[0]) for r in rows]


@dataclass(frozen=True, slots=True)
class Start:
    """Where a page starts, by the list's key instead of by position (keyset paging).

    ``value`` is the sort key's value; ``task_id`` the task just before the
    page (``None``: from the first task with ``value``); then ``skip`` more
    tasks are passed over. With a date order, ``value=None`` means the
    undated tasks, which come last, by id.
    """

    value: Any
    task_id: str | None = None
    skip: int = 0


def sort_value(row: TaskListRow, sort: TaskSort) -> Any:
    return {
        TaskSort.STEP_DUE: row.step_due,
        TaskSort.CASE_DUE: row.case_due,
        TaskSort.ACCEPTED_AT: row.accepted_at,
        TaskSort.CASE_CODE: row.case_code,
        TaskSort.STATUS: row.status,
    }[sort]


def start_after(row: TaskListRow, sort: TaskSort, skip: int = 0) -> Start | None:
    """The start of the tasks after ``row`` (None: no key to seek by, use an offset)."""
    value = sort_value(row, sort)
    if value is None and sort not in inbox._NULLABLE:
        return None
    return Start(value, row.task_id, skip)


@dataclass(frozen=True, slots=True)
class KeyHistogram:
    """How many tasks each value of a date order has, in the list's order.

    One GROUP BY over the department's index (~30–60 ms at 200,000 tasks);
    with it any position becomes a :class:`Start` that seeks to its date and
    skips within that date only, so a jump deep into the list reads about a
    page, not every row before it.
    """

    groups: tuple[tuple[Any, int], ...]
    undated: int

    @property
    def total(self) -> int:
        return sum(n for _, n in self.groups) + self.undated

    def start_at(self, offset: int) -> Start:
        for value, n in self.groups:
            if offset < n:
                return Start(value, None, offset)
            offset -= n
        return Start(None, None, offset)


def histogram_helps(query: TaskQuery) -> bool:
    """Whether :func:`key_histogram` answers for this query (a date order, no search)."""
    return query.sort in inbox._NULLABLE and not query.text.strip()


def key_histogram(
    session: Session, query: TaskQuery, quick: Iterable[QuickFilter], ctx: QuickContext
) -> KeyHistogram | None:
    """The histogram of a date-ordered list without a search (else None: offsets)."""
    if not histogram_helps(query):
        return None
    quick = frozenset(quick)
    key = inbox._SORT_COLUMNS[query.sort]
    grouped = (
        _filtered(inbox._base(query, key, func.count()), quick, ctx)
        .where(key.is_not(None))
        .group_by(key)
        .order_by(key.desc() if query.descending else key.asc())
    )
    groups = tuple((value, int(n)) for value, n in session.execute(grouped))
    undated = session.scalar(
        _filtered(inbox._base(query, func.count(), for_order=False), quick, ctx).where(
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
    base = _filtered(inbox._base(query, _tasks.c.id, walk=walk), quick, ctx)
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
        counted = _filtered(inbox._base(query, func.count(), walk=walk), quick, ctx)
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
    base = _filtered(inbox._base(query, _tasks.c.id, walk=walk), quick, ctx)
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
        counted = _filtered(inbox._base(query, func.count(), walk=walk), quick, ctx)
        n_dated = session.scalar(counted.where(key.is_not(None))) or 0
    undated = (
        base.where(key.is_(None))
        .order_by(_tasks.c.id)
        .offset(max(0, offset - n_dated))
        .limit(limit - len(ids))
    )
    return ids + list(session.scalars(undated))


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
    stopped_case = _count_among(
        session, query, _stopped_rowids(), _tasks.c.status != TaskStatus.SUSPENDED.value
    )
    on_hold = _filtered(inbox._base(query, func.count(), for_order=False), (), ctx).where(
        _tasks.c.status == TaskStatus.SUSPENDED.value
    )
    counts[QuickFilter.CLOCK_STOPPED] = (session.scalar(on_hold) or 0) + stopped_case
    return {q: counts[q] for q in QuickFilter}


@dataclass(frozen=True, slots=True)
class OtherTask:
    """Another department's task on the same case (the synchronized review)."""

    department_code: str
    department_name: str
    status: str
    assignee: str | None


@dataclass(frozen=True, slots=True)
class TaskListRow:
    """Everything one row of the inbox shows, as the store has it."""

    task_id: str
    case_code: str
    status: str
    assignee: str | None
    step_due: dt.date | None  # effective: the platform's, else the estimate
    step_due_platform: dt.date | None
    step_due_estimate: dt.date | None
    case_due: dt.date | None  # effective
    case_due_platform: dt.date | None
    case_due_estimate: dt.date | None
    case_due_differs: bool
    case_due_provisional: bool
    clock_stopped: bool
    service_item: str
    applicant: str
    accepted_at: dt.datetime | None
    deferred_outstanding: int
    deferred_next_due: dt.date | None
    others: tuple[OtherTask, ...]
    outbox_state: str | None  # the most telling state of the task's own commands
    outbox_error: str | None


def chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    # Bound the number of bound parameters per IN (SQLite's limit).
    for start in range(0, len(values), size):
        yield values[start : start + size]


_STATE_RANK = {
    OutboxState.CONFLICT.value: 4,
    OutboxState.REFUSED.value: 3,
    OutboxState.SENT.value: 2,
    OutboxState.PENDING.value: 1,
}


def page_rows(session: Session, ids: Sequence[str], department_code: str) -> list[TaskListRow]:
    """The rows of ``ids`` (in that order; ids no longer in the store are left out)."""
    rows: dict[str, Any] = {}
    for part in chunks(list(ids)):
        stmt = (
            select(
                _tasks.c.id, _tasks.c.case_code, _tasks.c.status, _tasks.c.assignee,
                _tasks.c.step_due, _tasks.c.step_due_date, _tasks.c.estimated_step_due_date,
                _tasks.c.case_due_date, _cases.c.platform_due_date, _cases.c.estimated_due_date,
                _cases.c.due_date_differs, _cases.c.due_date_provisional, _cases.c.clock_stopped,
                _cases.c.service_item_name, _cases.c.applicant_name, _cases.c.accepted_at,
            )
            .select_from(_tasks.outerjoin(_cases, _cases.c.case_code == _tasks.c.case_code))
            .where(_tasks.c.id.in_(part))
        )
        rows.update((r.id, r) for r in session.execute(stmt))
    codes = sorted({r.case_code for r in rows.values()})
    deferred: dict[str, tuple[int, dt.date | None]] = {}
    others: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for part in chunks(codes):
        for code, n, first in session.execute(
            select(_deferred.c.case_code, func.count(), func.min(_deferred.c.due_date))
            .where(_deferred.c.case_code.in_(part), _deferred.c.fulfilled_on.is_(None))
            .group_by(_deferred.c.case_code)
        ):
            deferred[code] = (int(n), first)
        for code, dept, status, assignee in session.execute(
            select(_tasks.c.case_code, _tasks.c.department_code, _tasks.c.status,
                   _tasks.c.assignee)
            .where(_tasks.c.case_code.in_(part), _tasks.c.department_code != department_code)
            .order_by(_tasks.c.case_code, _tasks.c.department_code, _tasks.c.id)
        ):
            others[code].append((dept, status, assignee))
    dept_codes = sorted({d for items in others.values() for d, _, _ in items})
    names: dict[str, str] = {}
    if dept_codes:
        stmt = select(_departments.c.code, _departments.c.name).where(
            _departments.c.code.in_(dept_codes))
        names = {str(r[0]): str(r[1]) for r in session.execute(stmt)}
    outbox: dict[str, tuple[str, str | None]] = {}
    for part in chunks(list(rows)):
        for entity_id, state, error in session.execute(
            select(_outbox.c.entity_id, _outbox.c.state, _outbox.c.last_error)
            .where(_outbox.c.entity == "review_task", _outbox.c.entity_id.in_(part))
            .order_by(_outbox.c.sequence)
        ):
            known = outbox.get(entity_id)
            if known is None or _STATE_RANK.get(state, 0) >= _STATE_RANK.get(known[0], 0):
                outbox[entity_id] = (state, error)
    out: list[TaskListRow] = []
    for task_id in ids:
        r = rows.get(task_id)
        if r is None:
            continue
        n_deferred, next_due = deferred.get(r.case_code, (0, None))
        state, error = outbox.get(task_id, (None, None))
        out.append(TaskListRow(
            task_id=r.id, case_code=r.case_code, status=r.status, assignee=r.assignee,
            step_due=r.step_due, step_due_platform=r.step_due_date,
            step_due_estimate=r.estimated_step_due_date, case_due=r.case_due_date,
            case_due_platform=r.platform_due_date, case_due_estimate=r.estimated_due_date,
            case_due_differs=bool(r.due_date_differs),
            case_due_provisional=bool(r.due_date_provisional),
            clock_stopped=bool(r.clock_stopped), service_item=r.service_item_name or "",
            applicant=r.applicant_name or "", accepted_at=r.accepted_at,
            deferred_outstanding=n_deferred, deferred_next_due=next_due,
            others=tuple(OtherTask(d, names.get(d, d), s, a) for d, s, a in others[r.case_code]),
            outbox_state=state, outbox_error=error,
        ))
    return out


def department_names(session: Session) -> dict[str, str]:
    """Every department the store knows, code → name (for the transfer menu)."""
    stmt = select(_departments.c.code, _departments.c.name).order_by(_departments.c.code)
    return {str(r[0]): str(r[1]) for r in session.execute(stmt)}
