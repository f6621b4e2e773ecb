"""When the one correction notice may go out: after every department has reviewed.

The notice is one-time (一次性告知, 6.9, 9.3.3; PRODUCT step 4): what the
applicant must correct goes out in one notice, and a department's defect
found after it cannot be told at all (a second notice may only concern the
supplemented materials). So the lead department issues it only when no
other department's material review is still open. A live task of another
department is open while it is

- **unclaimed**: nobody has looked at its materials yet;
- **in review** (or **suspended** in review) with none of its items in the
  draft: the department has neither told its defects (``task.request_correction``
  moves its task to awaiting the applicant) nor given its opinion.

Done are a task awaiting the applicant (its items are in the draft), one
whose opinion is given, and one with items in the draft (also items the lead
reworded or dropped). A department that found nothing to correct but is not
ready for its opinion (a site inspection still to come) holds the notice
until it gives it: its review of the materials is not on record otherwise.
Transferred and withdrawn tasks take no part. The rule holds for a second
notice too (after the applicant answered, on the supplemented materials): a
department whose task came back to review checks what came in, and adds
items or gives its opinion, before the lead sends it. The same rule runs on the
platform and, on the tasks it has, on the client before it queues the issue.
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice.domain.cases import ReviewTask
from backoffice.domain.corrections import CorrectionNotice
from backoffice.domain.errors import DomainError
from backoffice.domain.states import TaskStatus

_REVIEWING = frozenset({TaskStatus.IN_REVIEW, TaskStatus.SUSPENDED})


def unreviewed_departments(lead: str, tasks: Iterable[ReviewTask],
                           draft: CorrectionNotice) -> list[str]:
    """The departments (codes, sorted) whose material review still holds the notice."""
    told = {i.department_code for i in draft.items} | {
        r.department_code for r in draft.removed}
    return sorted({
        t.department_code for t in tasks
        if t.department_code != lead and (
            t.status == TaskStatus.UNCLAIMED
            or (t.status in _REVIEWING and t.department_code not in told))
    })


def check_ready_to_issue(draft: CorrectionNotice, open_departments: Iterable[str]) -> None:
    """Refuse issuing while departments (named as the person reads them) are open."""
    names = list(open_departments)
    if names:
        raise DomainError("correction.others_not_reviewed", case_code=draft.case_code,
                          departments="、".join(names))
