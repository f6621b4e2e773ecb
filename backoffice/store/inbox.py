"""The department's review tasks, filtered, sorted and paged in SQL.

The inbox holds up to 200,000 tasks; the UI asks for one page and a count,
never the whole list. Every order ends with the task id so pages are stable
(no row appears on two pages, or on none, while nothing changes).

Tasks without a date sort last in both directions: "no deadline" is not
"most urgent". ``ORDER BY x IS NULL, x`` would say so in one query, but no
index can deliver that order, so SQLite sorts the whole department (~100 ms
for 50,000 tasks) for every page. Instead, pages by a date are read in two
phases: the dated tasks in index order, then — once they run out — the
undated ones (~3 ms for a first page).

Deadlines are the *effective* ones the store keeps on each task row
(:mod:`.deadline_columns`): ``step_due`` (the platform's step deadline,
else the engine's estimate) and ``case_due_date`` (a copy of the case's
effective deadline), so neither order joins the cases table and both are
served by the department indexes.

The query types themselves (:class:`TaskQuery`, :class:`TaskSort`) live in
:mod:`.inbox_query`, which imports no SQLAlchemy; they are re-exported here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Dialect, Integer, Select, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join
from sqlalchemy.types import TypeDecorator

from backoffice.domain.model import ReviewTask
from backoffice.store import search
from backoffice.store.inbox_query import NULLABLE_SORTS, TaskQuery, TaskSort
from backoffice.store.repositories import Repository
from backoffice.store.schema import CaseRow, DeferredMaterialRow, ReviewTaskRow, table_of
from backoffice.store.status_order import status_of_rank, status_rank, status_rank_sql

_tasks = table_of(ReviewTaskRow)
_cases = table_of(CaseRow)
_deferred = table_of(DeferredMaterialRow)


class _StatusRank(TypeDecorator[str]):
    """The status order's key: a rank in SQL, the status in Python.

    A page found by key starts after a row's status (``inbox_query.sort_value``)
    and a walk stops at a key read back: both stay statuses, compared as ranks.
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> int | None:
        return None if value is None else status_rank(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> str | None:
        return None if value is None else status_of_rank(value)


# Spelled as the expression index spells it (status_order), so SQLite walks
# the index instead of sorting the department's tasks.
_STATUS_RANK = literal_column(status_rank_sql(f"{_tasks.name}.status"), _StatusRank())

_SORT_COLUMNS: dict[TaskSort, Any] = {
    TaskSort.STEP_DUE: _tasks.c.step_due,
    TaskSort.CASE_DUE: _tasks.c.case_due_date,
    TaskSort.ACCEPTED_AT: _cases.c.accepted_at,
    TaskSort.CASE_CODE: _tasks.c.case_code,
    TaskSort.STATUS: _STATUS_RANK,
}
_NULLABLE = NULLABLE_SORTS


def _conditions(query: TaskQuery, *, by_department: bool = True, walk: bool = False,
                sample: int | None = None) -> list[ColumnElement[bool]]:
    """The query's filters; ``by_department=False`` keeps SQLite off the department
    indexes (the caller drives the search from a smaller set of rows).

    A search is driven from its hits by default (few hits: find them, sort
    them). ``walk=True`` is for a common term: the department's index is
    walked in the list's order and each task probes for its case's
    document, so a first page stops after about a page of tasks.
    ``sample``: only the first that many matching documents count (a lower
    bound on a count, see ``inbox_views.capped_count``).
    """
    department: Any = _tasks.c.department_code
    text = query.text.strip()
    codes = search.matching_case_codes(query.text, sample=sample) if text and not walk else None
    if codes is not None or not by_department:
        # ``|| ''`` keeps SQLite off the department index: the search hits are
        # far fewer than the department's tasks, so start from them instead.
        department = department.concat("")
    where: list[ColumnElement[bool]] = [department == query.department_code]
    if codes is not None:
        where.append(_tasks.c.case_code.in_(codes))
    if walk and text:
        probe = search.matching_exists(query.text, _tasks.c.case_code)
        if probe is not None:
            where.append(probe)
    if query.statuses:
        where.append(_tasks.c.status.in_(sorted(s.value for s in query.statuses)))
    if query.assignee is not None:
        where.append(_tasks.c.assignee == query.assignee)
    if query.unassigned:
        where.append(_tasks.c.assignee.is_(None))
    if query.step_due_on_or_before is not None:
        where.append(_tasks.c.step_due <= query.step_due_on_or_before)
    if query.case_kind is not None:
        where.append(_cases.c.kind == query.case_kind.value)
    if query.deferred_outstanding_on is not None:
        on = query.deferred_outstanding_on
        outstanding = select(_deferred.c.case_code).where(
            _deferred.c.fulfilled_on.is_(None) | (_deferred.c.fulfilled_on > on)
        )
        where.append(_tasks.c.case_code.in_(outstanding))
    return where


class _CasesFirst(Join):
    """``cases CROSS JOIN review_tasks``: SQLite keeps that nesting order.

    For walking the cases' index by accepted date: with a filter on the
    tasks (a status) SQLite would otherwise scan every task and sort them.
    """

    inherit_cache = True


@compiles(_CasesFirst)
def _cases_first(element: _CasesFirst, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left, right = compiler.process(element.left, **kw), compiler.process(element.right, **kw)
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"


def _base(query: TaskQuery, *columns: Any, for_order: bool = True,
          walk: bool = False, sample: int | None = None, by_department: bool = True) -> Select[Any]:
    """``by_department=False``: the department test off its index (see :func:`_conditions`);
    ordered by accepted date, the cases' index then leads."""
    # Join the cases only when a filter or the order needs them: counting the
    # department's tasks then reads one index instead of two tables.
    needs_cases = query.case_kind is not None or (for_order and query.sort == TaskSort.ACCEPTED_AT)
    source: Any = _tasks
    if needs_cases and not by_department and for_order and query.sort == TaskSort.ACCEPTED_AT:
        source = _CasesFirst(_cases, _tasks, _cases.c.case_code == _tasks.c.case_code)
    elif needs_cases:
        source = _tasks.join(_cases, _cases.c.case_code == _tasks.c.case_code)
    where = _conditions(query, walk=walk, sample=sample, by_department=by_department)
    return select(*columns).select_from(source).where(*where)


def _ordered(query: TaskQuery, stmt: Select[Any]) -> Select[Any]:
    column = _SORT_COLUMNS[query.sort]
    return stmt.order_by(column.desc() if query.descending else column.asc(), _tasks.c.id)


def _page(query: TaskQuery, column: Any, limit: int | None, offset: int) -> Select[Any]:
    stmt = _ordered(query, _base(query, column)).offset(offset)
    return stmt if limit is None else stmt.limit(limit)


__all__ = ["TaskQuery", "TaskRepository", "TaskSort"]


class TaskRepository(Repository[ReviewTask]):
    def inbox(
        self, query: TaskQuery, *, limit: int | None = 100, offset: int = 0
    ) -> list[ReviewTask]:
        ids = self.inbox_ids(query, limit=limit, offset=offset)
        found = self.get_many(ids)
        return [found[i] for i in ids]

    def inbox_ids(self, query: TaskQuery, *, limit: int | None = 100, offset: int = 0) -> list[str]:
        """Only the ids, in order: what a lazy table model keeps."""
        if query.sort not in _NULLABLE:
            return list(self.session.scalars(_page(query, _tasks.c.id, limit, offset)))
        key = _SORT_COLUMNS[query.sort]
        dated = _ordered(query, _base(query, _tasks.c.id).where(key.is_not(None))).offset(offset)
        ids = list(self.session.scalars(dated if limit is None else dated.limit(limit)))
        if limit is not None and len(ids) >= limit:
            return ids
        # The dated tasks ran out on this page: continue with the undated ones.
        if ids:
            n_dated = offset + len(ids)
        else:
            n_dated = self.session.scalar(_base(query, func.count()).where(key.is_not(None))) or 0
        undated = (
            _base(query, _tasks.c.id)
            .where(key.is_(None))
            .order_by(_tasks.c.id)
            .offset(max(0, offset - n_dated))
        )
        if limit is not None:
            undated = undated.limit(limit - len(ids))
        return ids + list(self.session.scalars(undated))

    def inbox_count(self, query: TaskQuery) -> int:
        return self.session.scalar(_base(query, func.count(), for_order=False)) or 0

    def for_department(self, department_code: str) -> list[ReviewTask]:
        return self.inbox(TaskQuery(department_code), limit=None)
