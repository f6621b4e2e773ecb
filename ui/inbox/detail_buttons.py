"""Which of the task detail's task buttons can be pressed now, and why the others cannot.

Claim, Release, Reopen, Hand over, Give opinion and the correction items
follow the task's state machine, the person's roles and who holds the task;
none of them is pressable on a case past review (decided, issued, refused
acceptance, archived…), which the platform and the store refuse as well
(``task.case_past_review``): a disabled button says why in its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from backoffice import messages
from backoffice.domain.commands import check_case_in_review
from backoffice.domain.errors import DomainError
from backoffice.domain.states import TASK_MACHINE, TaskStatus
from ui.inbox.detail_data import Snapshot
from ui.inbox.detail_status import holder_tip, opinion_waits
from ui.inbox.list_rows import may_take
from ui.inbox.roles import role_tip
from ui.widgets.plain import set_plain_tooltip

if TYPE_CHECKING:
    from ui.inbox.detail import TaskDetail


def past_review_tip(s: Snapshot, lang: str) -> str:
    """Why the task takes no step on its case ("" while the case is under review)."""
    try:
        check_case_in_review("task.reopen", s.case.case_code, s.case.status)
    except DomainError as exc:
        return messages.render(exc, lang)
    return ""


def show_task_buttons(
    d: TaskDetail, s: Snapshot, reviews: bool, coordinator: bool, lang: str
) -> None:
    """Enable the task's buttons as ``s`` allows, their tooltips saying why not."""
    me = d.session.account.username
    own = s.task.department_code == d.session.account.department_code
    status = s.task.status
    past = past_review_tip(s, lang)
    works = own and reviews and not past  # the platform takes task commands from reviewers only
    d.claim.setEnabled(works and TASK_MACHINE.can(status, "claim"))
    d.release.setEnabled(
        works and TASK_MACHINE.can(status, "release") and may_take(s.task.assignee, me, coordinator)
    )
    d.reopen.setEnabled(works and TASK_MACHINE.can(status, "reopen"))
    # No site to visit for a case already decided or refused: its review is over.
    d.request_inspection.setEnabled(own and not past
                                    and status in (TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW))
    set_plain_tooltip(d.request_inspection, past)
    _show_colleagues(d, s, works, coordinator)
    tip = past or holder_tip(s, me, coordinator, reviews)
    set_plain_tooltip(d.release, tip)
    set_plain_tooltip(d.hand_over, tip)
    for button in (d.claim, d.reopen, d.correction.send):
        set_plain_tooltip(button, past or role_tip(reviews))
    # Corrections stay pressable on an open task even where the machine will
    # refuse them: the refusal says *why*. The opinion's button says it beside it.
    active = own and status not in (TaskStatus.TRANSFERRED, TaskStatus.WITHDRAWN)
    d.give_opinion.setEnabled(works and active)
    d.opinion_panel.set_waiting((past or opinion_waits(s, reviews)) if active else "")
    d.correction.setEnabled(works and active)


def _show_colleagues(d: TaskDetail, s: Snapshot, works: bool, coordinator: bool) -> None:
    chosen = d.colleague.currentData()
    d.colleague.clear()
    for c in s.colleagues:
        # Display names are data: safe() keeps control characters visible.
        d.colleague.add_person(c.display_name, c.username)
    if chosen is not None and d.colleague.findData(chosen) >= 0:
        d.colleague.setCurrentIndex(d.colleague.findData(chosen))
    if not s.colleagues:
        d.colleague.addItem(
            QCoreApplication.translate("TaskDetail", "No colleagues known yet (next sync)")
        )
    me = d.session.account.username
    can = works and s.task.status in (TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW)
    can = can and may_take(s.task.assignee, me, coordinator)
    d.colleague.setEnabled(can and bool(s.colleagues))
    d.hand_over.setEnabled(can and bool(s.colleagues))
