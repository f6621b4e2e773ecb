"""The platform's computed deadlines, written into case and task records.

The platform is the authority on deadlines (the client shows ours and keeps
its own estimate beside it). A case is due ``promised_days`` working days
after acceptance, with special procedures' days not counted (Art. 45) and
the one approved extension added (Art. 42); a task's step deadline is
``step_days`` after acceptance, never after the case's. Recomputed when a
special procedure starts or ends and when an extension is approved; a
running procedure makes the date a projection as of the day computed
(``clock_stopped``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.deadlines import DueDate, due_date, extend, step_due_date
from backoffice.domain.model import Suspension

Body = dict[str, Any]


def suspensions(procedures: Iterable[Body]) -> list[Suspension]:
    return [
        Suspension(dt.date.fromisoformat(p["started_on"]),
                   dt.date.fromisoformat(p["ended_on"]) if p.get("ended_on") else None,
                   reason=str(p.get("kind", "")))
        for p in procedures
    ]


def case_due(case: Body, procedures: Iterable[Body], extensions: Iterable[Body],
             calendar: WorkCalendar, today: dt.date) -> DueDate:
    accepted = clock.to_shanghai_date(dt.datetime.fromisoformat(case["accepted_at"]))
    stops = suspensions(procedures)
    due = due_date(accepted, int(case["promised_days"]), suspensions=stops, calendar=calendar,
                   as_of=today)
    approved = sorted((e for e in extensions if e.get("status", "approved") == "approved"),
                      key=lambda e: (str(e.get("approved_on")), str(e.get("id"))))
    # Art. 42 allows one extension: review.approve_extension refuses a second,
    # and one approved before that rule existed does not count twice.
    for ext in approved[:1]:
        due = extend(due, int(ext["working_days"]), suspensions=stops, calendar=calendar,
                     as_of=today)
    return due


def task_due(case: Body, task: Body, due: dt.date, procedures: Iterable[Body],
             calendar: WorkCalendar, today: dt.date) -> DueDate:
    accepted = clock.to_shanghai_date(dt.datetime.fromisoformat(case["accepted_at"]))
    return step_due_date(accepted, int(task["step_days"]), due,
                         suspensions=suspensions(procedures), calendar=calendar, as_of=today)
