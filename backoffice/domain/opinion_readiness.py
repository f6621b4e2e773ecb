"""When a department's opinion may be given: every check of its own materials has a verdict.

Each department audits its materials' authenticity, legality and conformity
before its opinion (9.5.1). A check still pending holds the opinion (the
applicant's corrections put a corrected material's checks back to pending); a
failed check is a verdict, as is one not applicable: a negative opinion may
rest on them. The same rule everywhere: the platform refuses the command, the
client's store before queuing it, and the task detail disables its button.
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice.domain.cases import ReviewTask
from backoffice.domain.errors import DomainError
from backoffice.domain.materials import Material, Verdict

OPINION = "task.give_opinion"


def unverdicted(materials: Iterable[Material]) -> list[Material]:
    """The materials with a check still pending, in the order given."""
    return [m for m in materials if any(c.verdict == Verdict.PENDING for c in m.checks)]


def check_verdicts_given(task: ReviewTask, materials: Iterable[Material]) -> None:
    """``task.checks_pending`` for an opinion (:data:`OPINION`) on ``task`` while its
    department has checks to do.

    ``materials``: the case's, as far as the caller has them; only the task's
    department's count (the others' are theirs to check). Asked after the
    task's state machine agreed, so a task not in review hears that first.
    """
    own = (m for m in materials
           if m.case_code == task.case_code and m.department_code == task.department_code)
    waiting = unverdicted(own)
    if waiting:
        # A list, not a tuple: it goes on the wire as a JSON list for the client to word.
        raise DomainError("task.checks_pending", case_code=task.case_code,
                          materials=[m.name for m in waiting])
