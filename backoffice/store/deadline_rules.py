"""The rules of a command that need the case's deadline, checked before it is queued.

The platform (``sandbox/review.py``) refuses an extension asked for or
approved after the case's due date (行政许可法 Art. 42,
``domain.extensions.check_within_period``) and a special procedure dated
back on or before a due date already passed (Art. 45,
``domain.procedure_dates.check_start_after_deadline``). The store knows the
deadline the person sees (:meth:`backoffice.store.cases.CaseRepository.deadline`,
on the day the command is queued), so the same rules refuse such a command
here, offline, and nothing is queued for the platform to refuse later.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.domain.extensions import check_within_period
from backoffice.domain.procedure_dates import check_start_after_deadline
from backoffice.store.uow import UnitOfWork

__all__ = ["check_deadline_rules"]

_EXTENSION_KINDS = frozenset({"extension.request", "extension.approve"})
_SUSPEND = "case.suspend"


def check_deadline_rules(uow: UnitOfWork, command: Command) -> None:
    """Raise the platform's refusal of ``command`` for the case's deadline, if any."""
    if command.kind not in _EXTENSION_KINDS and command.kind != _SUSPEND:
        return
    case_code: str | None = command.entity_id
    if command.kind == "extension.approve":
        extension = uow.extensions.get(command.entity_id)
        case_code = None if extension is None else extension.case_code
    if case_code is None:
        return  # not kept here: the platform decides
    # The workstation's day as it queues the command (its created_at, but through
    # clock.now, which the clock-skew check and the tests pin).
    today = clock.today(clock.now())
    deadline = uow.cases.deadline(case_code, on=today)
    if deadline is None:
        return
    due, stopped = deadline.due, deadline.clock_stopped
    if command.kind in _EXTENSION_KINDS:
        check_within_period(case_code, due, today, clock_stopped=stopped)
        return
    started = _day(command.payload.get("started_on"))
    if started is not None:  # a missing or bad date: the state machine says so
        check_start_after_deadline(started, due, today, clock_stopped=stopped)


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
