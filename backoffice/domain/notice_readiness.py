"""When the one correction notice may go out: after every department has reviewed.

The notice is one-time (一次性告知, 6.9, 9.3.3; PRODUCT step 4): what the
applicant must correct goes out in one notice, and a department's defect
found after it cannot be told at all (a second notice may only concern the
supplemented materials). So the lead department issues it only when no
participating department's material review is still open, the lead's own
included. A live task is open while it is

- **unclaimed**: nobody has looked at its materials yet;
- **in review** (or **suspended** in review) with a check of its
  department's materials still pending: what that check finds could not be
  told after the notice. Items in the draft do not close it: a department
  that added some while other checks were pending goes on checking, and adds
  what it finds to the same draft.

Done is a task whose every check has a verdict (its failed checks are what
it tells the applicant), one whose opinion is given, and one awaiting the
applicant. Transferred and withdrawn tasks take no part. The rule holds for a
second notice too (after the applicant answered, the corrected materials'
checks are pending again). The same rule runs on the platform, which has
every department's materials, and on the client before it queues the issue,
which has only its own department's (the others' checks are the platform's
to count: the client holds what it can see, the platform refuses the rest).
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice.domain.cases import ReviewTask
from backoffice.domain.corrections import CorrectionNotice
from backoffice.domain.errors import DomainError
from backoffice.domain.materials import Material
from backoffice.domain.opinion_readiness import unverdicted
from backoffice.domain.states import TaskStatus

_REVIEWING = frozenset({TaskStatus.IN_REVIEW, TaskStatus.SUSPENDED})


def unreviewed_departments(tasks: Iterable[ReviewTask],
                           materials: Iterable[Material]) -> list[str]:
    """The departments (codes, sorted) whose material review still holds the notice.

    ``materials``: the case's, as far as the caller has them.
    """
    pending = {m.department_code for m in unverdicted(materials)}
    return sorted({
        t.department_code for t in tasks
        if t.status == TaskStatus.UNCLAIMED
        or (t.status in _REVIEWING and t.department_code in pending)
    })


def check_ready_to_issue(draft: CorrectionNotice, open_departments: Iterable[str]) -> None:
    """Refuse issuing while departments (named as the person reads them) are open."""
    names = list(open_departments)
    if names:
        # A list: each language joins it as it lists names (甲、乙 / A, B).
        raise DomainError("correction.others_not_reviewed", case_code=draft.case_code,
                          departments=names)
