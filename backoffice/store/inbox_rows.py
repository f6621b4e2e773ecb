"""What one page of the inbox shows beyond the task ids: :func:`page_rows`.

Five queries whatever the page size: the tasks joined with their cases,
the outstanding deferred materials, the other departments' tasks on the
same cases (the synchronized review's progress), their names, and the
outbox states of the tasks. Plain dataclasses come out
(:class:`~backoffice.store.inbox_query.TaskListRow`); the UI computes the
badges.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.store.inbox_query import OtherTask, TaskListRow
from backoffice.store.outbox import OutboxState
from backoffice.store.reason_details import plain_details
from backoffice.store.schema import (
    CaseRow,
    DeferredMaterialRow,
    DepartmentRow,
    OutboxRow,
    ReviewTaskRow,
    table_of,
)

_tasks = table_of(ReviewTaskRow)
_cases = table_of(CaseRow)
_deferred = table_of(DeferredMaterialRow)
_departments = table_of(DepartmentRow)
_outbox = table_of(OutboxRow)


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
                _cases.c.status.label("case_status"),
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
    outbox: dict[str, tuple[str, str | None, Any]] = {}
    for part in chunks(list(rows)):
        for entity_id, state, error, details in session.execute(
            select(_outbox.c.entity_id, _outbox.c.state, _outbox.c.last_error,
                   _outbox.c.error_details)
            .where(_outbox.c.entity == "review_task", _outbox.c.entity_id.in_(part))
            .order_by(_outbox.c.sequence)
        ):
            known = outbox.get(entity_id)
            if known is None or _STATE_RANK.get(state, 0) >= _STATE_RANK.get(known[0], 0):
                outbox[entity_id] = (state, error, details)
    out: list[TaskListRow] = []
    for task_id in ids:
        r = rows.get(task_id)
        if r is None:
            continue
        n_deferred, next_due = deferred.get(r.case_code, (0, None))
        state, error, details = outbox.get(task_id, (None, None, None))
        out.append(TaskListRow(
            task_id=r.id, case_code=r.case_code, status=r.status, assignee=r.assignee,
            step_due=r.step_due, step_due_platform=r.step_due_date,
            step_due_estimate=r.estimated_step_due_date, case_due=r.case_due_date,
            case_due_platform=r.platform_due_date, case_due_estimate=r.estimated_due_date,
            case_due_differs=bool(r.due_date_differs),
            case_due_provisional=bool(r.due_date_provisional),
            clock_stopped=bool(r.clock_stopped), case_status=r.case_status or "",
            service_item=r.service_item_name or "",
            applicant=r.applicant_name or "", accepted_at=r.accepted_at,
            deferred_outstanding=n_deferred, deferred_next_due=next_due,
            others=tuple(OtherTask(d, names.get(d, d), s, a) for d, s, a in others[r.case_code]),
            outbox_state=state, outbox_error=error,
            outbox_error_details=tuple((plain_details(details) or {}).items()),
        ))
    return out
