"""How long, and how often, a case's deadline may be extended (行政许可法 Art. 42).

Art. 42 allows the decision period to be extended **once**, with the
approval of the head of the body, by at most 10 working days; a case
handled jointly (统一办理、联合办理、集中办理) by at most 15. Here a case is
handled jointly when more than one department has a live task on it: the
parallel review of several departments (并联审批, PRODUCT step 2), the same
cases whose decision is a joint one. The platform checks these rules when
an extension is requested and again when it is approved (the departments
on the case may have changed meanwhile); the client checks them before it
queues a request, on the tasks it has.

The extension is decided **within** the decision period (Art. 42: "在二十日内
不能作出决定的 … 可以延长"): once the case's due date has passed, neither a
request nor an approval is accepted (:func:`check_within_period`). A running
stop that stopped the clock before the due date keeps the period open: the
date is a projection then, and nobody is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from backoffice.domain.cases import ReviewTask
from backoffice.domain.deadlines import JOINT_EXTENSION_DAYS, STATUTORY_EXTENSION_DAYS
from backoffice.domain.errors import DomainError
from backoffice.domain.states import TaskStatus

# A task that still takes part in the case (the platform's ledger uses the same set).
LIVE_TASK = frozenset(
    {TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
     TaskStatus.SUSPENDED, TaskStatus.OPINION_GIVEN}
)


def joint(tasks: Iterable[ReviewTask]) -> bool:
    """Whether more than one department has a live task on the case."""
    return len({t.department_code for t in tasks if TaskStatus(t.status) in LIVE_TASK}) > 1


def extension_limit(tasks: Iterable[ReviewTask]) -> int:
    """The most working days the case's one extension may add."""
    return JOINT_EXTENSION_DAYS if joint(tasks) else STATUTORY_EXTENSION_DAYS


def check_within_period(case_code: str, due: dt.date, today: dt.date, *,
                        clock_stopped: bool) -> None:
    """Refuse an extension asked or approved after the due date (Art. 42).

    ``due``: the case's deadline as shown (the platform's when it sent one);
    ``clock_stopped``: a stop that began by that date is running, so the
    period has not run out whatever the projected date says.
    """
    if today > due and not clock_stopped:
        raise DomainError("extension.after_deadline", case_code=case_code,
                          due=due.isoformat(), today=today.isoformat())


def check_extension(case_code: str, working_days: int, tasks: Iterable[ReviewTask],
                    approved: int) -> None:
    """Refuse an extension Art. 42 does not allow by its count and length.

    ``approved``: how many extensions of the case are approved already
    (not counting the one checked). The period is checked apart
    (:func:`check_within_period`): it needs the case's deadline.
    """
    if approved:
        raise DomainError("extension.already_extended", case_code=case_code)
    limit = extension_limit(tasks)
    if working_days > limit:
        raise DomainError("extension.over_limit", case_code=case_code,
                          working_days=working_days, limit=limit)
