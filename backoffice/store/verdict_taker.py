"""The store's side of who records verdicts, asked before a ``material.verdict`` is queued.

The rule is the domain's (:func:`backoffice.domain.commands.check_verdict_taker`),
which the platform applies too: the verdicts are the holder's while the
department's task is in review. Asked here as well, a verdict re-applied from
the conflict list after the task changed hands is refused at once, saying
who holds it, instead of on the next sync.
"""

from __future__ import annotations

import json

from backoffice.domain.commands import check_verdict_taker
from backoffice.domain.model import Material
from backoffice.domain.states import TaskStatus
from backoffice.store.uow import UnitOfWork

VERDICT = "material.verdict"
# Where the sync keeps the department's staff list (backoffice.sync.colleagues).
_COLLEAGUES_KEY = "sync.colleagues"
_GONE = frozenset({TaskStatus.TRANSFERRED, TaskStatus.WITHDRAWN})


def check_taker(uow: UnitOfWork, material: Material, author: str) -> None:
    """Refuse the verdict unless ``author`` holds the material's department's task in review.

    A store without that task (never synced it) leaves the question to the platform.
    """
    task = next((t for t in uow.tasks.for_case(material.case_code)
                 if t.department_code == material.department_code and t.status not in _GONE),
                None)
    if task is not None:
        check_verdict_taker(task, author, _name(uow, task.assignee or ""))


def _name(uow: UnitOfWork, username: str) -> str:
    """The holder as colleagues read them, from the kept staff list; else the user name."""
    try:
        staff = json.loads(uow.sync_state.get(_COLLEAGUES_KEY) or "[]")
        return next((str(u.get("display_name") or "") for u in staff
                     if u.get("username") == username), "") or username
    except (ValueError, AttributeError, TypeError):
        return username
