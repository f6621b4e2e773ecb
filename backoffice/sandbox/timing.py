"""The platform's computed deadlines, written into case and task records.

The platform is the authority on deadlines (the client shows ours and keeps
its own estimate beside it). A case is due ``promised_days`` working days
after acceptance, with special procedures' days not counted (Art. 45) and
the first approved extension added (Art. 42 allows one: the domain's
``deadlines.extended``, the client's rule too); a task's step deadline is
``step_days`` after acceptance, never after the case's. Recomputed when a
special procedure starts or ends and when an extension is approved; a
running procedure makes the date a projection as of the day computed
(``clock_stopped``). The applicant's days on a correction notice do not
count either (:func:`suspensions`): recomputed when the corrections come in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.corrections import correction_suspension
from backoffice.domain.deadlines import DueDate, due_date, extended, step_due_date
from backoffice.domain.model import Suspension

if TYPE_CHECKING:
    from backoffice.sandbox.ledger import Ledger

Body = dict[str, Any]


def stopping_records(ledger: Ledger, case_code: str) -> list[Body]:
    """What may stop the case's clock: its special procedures and correction notices."""
    return [s.body for entity in ("special_procedure", "correction_notice")
            for s in ledger.of_case(case_code, entity)]


def suspensions(stopping: Iterable[Body]) -> list[Suspension]:
    """The clock suspensions of special procedures' and correction notices' records.

    A notice stops the clock while the applicant has it (the domain's
    ``correction_suspension``, the store's rule too); a draft stops nothing.
    """
    found = []
    for p in stopping:
        if p.get("entity") == "correction_notice":
            stop = correction_suspension(str(p.get("status", "")), _day(p.get("issued_on")),
                                         _day(p.get("answered_on")))
            if stop is not None:
                found.append(stop)
            continue
        found.append(Suspension(dt.date.fromisoformat(p["started_on"]), _day(p.get("ended_on")),
                                reason=str(p.get("kind", ""))))
    return found


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def case_due(case: Body, procedures: Iterable[Body], extensions: Iterable[Body],
             calendar: WorkCalendar, today: dt.date) -> DueDate:
    accepted = clock.to_shanghai_date(dt.datetime.fromisoformat(case["accepted_at"]))
    stops = suspensions(procedures)
    due = due_date(accepted, int(case["promised_days"]), suspensions=stops, calendar=calendar,
                   as_of=today)
    approved = sorted((e for e in extensions if e.get("status", "approved") == "approved"),
                      key=lambda e: (str(e.get("approved_on")), str(e.get("id"))))
    return extended(due, [int(e["working_days"]) for e in approved], suspensions=stops,
                    calendar=calendar, as_of=today)


def task_due(case: Body, task: Body, due: dt.date, procedures: Iterable[Body],
             calendar: WorkCalendar, today: dt.date) -> DueDate:
    accepted = clock.to_shanghai_date(dt.datetime.fromisoformat(case["accepted_at"]))
    return step_due_date(accepted, int(task["step_days"]), due,
                         suspensions=suspensions(procedures), calendar=calendar, as_of=today)
