"""When a department's opinion may be given: its checks done, none of its items in the draft.

Each department audits its materials' authenticity, legality and conformity
before its opinion (9.5.1). A check still pending holds the opinion (the
applicant's corrections put a corrected material's checks back to pending); a
failed check is a verdict, as is one not applicable: a negative opinion may
rest on them. The same rule everywhere: the platform refuses the command, the
client's store before queuing it, and the task detail disables its button.

Nor while the department's items wait in the case's draft correction notice
(:func:`check_items_not_in_draft`): those materials are to be corrected, and
the opinion is on the corrected ones. The one notice tells the applicant
everything to correct (一次性告知, 6.9, 9.3.3); the department's opinion
follows their corrections (issuing makes its task wait for the applicant, and
the answer puts the corrected materials' checks back to pending). An opinion
given first stayed "opinion given" through the issue: a case could reach its
decision with the applicant still correcting. Both rules in one call for the
platform and the store: :func:`check_ready_for_opinion`.
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice.domain.cases import ReviewTask
from backoffice.domain.corrections import CorrectionNotice, CorrectionNoticeStatus
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


def check_items_not_in_draft(task: ReviewTask, notices: Iterable[CorrectionNotice]) -> None:
    """``task.items_in_draft_notice`` while the case's draft notice holds ``task``'s
    department's items (the lead department may still drop them: then the opinion may
    be given). ``notices``: the case's, as far as the caller has them."""
    materials = sorted({
        i.material_name for n in notices
        if n.case_code == task.case_code and n.status == CorrectionNoticeStatus.DRAFT
        for i in n.items if i.department_code == task.department_code})
    if materials:
        raise DomainError("task.items_in_draft_notice", case_code=task.case_code,
                          materials=materials)


def check_ready_for_opinion(task: ReviewTask, materials: Iterable[Material],
                            notices: Iterable[CorrectionNotice]) -> None:
    """Both rules of an opinion (:data:`OPINION`) on ``task``: its department's checks
    have their verdicts (9.5.1), and none of its items waits in the draft notice (6.9)."""
    check_verdicts_given(task, materials)
    check_items_not_in_draft(task, notices)
