"""Which files the inbox will want first: the prefetch order for a department.

The one part of the file cache that reads the local store.
"""

from __future__ import annotations

from sqlalchemy import and_, select

from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.store.schema import MaterialRow, ReviewTaskRow

# A task in one of these is done for its department: its files are not worth prefetching.
CLOSED_TASKS = frozenset({TaskStatus.OPINION_GIVEN, TaskStatus.TRANSFERRED, TaskStatus.WITHDRAWN})


def inbox_prefetch_order(store: Store, department_code: str) -> list[str]:
    """The material files of ``department_code``'s open review tasks, nearest step deadline
    first (then the case's deadline); each hash once, materials without a file left out."""
    task, material = ReviewTaskRow, MaterialRow
    query = (
        select(material.file_sha256)
        .join(task, and_(task.case_code == material.case_code,
                         task.department_code == material.department_code))
        .where(task.department_code == department_code,
               task.status.not_in([s.value for s in CLOSED_TASKS]),
               material.file_sha256.is_not(None), material.file_sha256 != "")
        .order_by(task.step_due.is_(None), task.step_due, task.case_due_date.is_(None),
                  task.case_due_date, task.case_code, material.id)
    )
    with store.read() as uow:
        hashes = uow.session.execute(query).scalars().all()
    return [h for h in dict.fromkeys(hashes) if h is not None]
