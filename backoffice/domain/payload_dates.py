"""The days and times a command's payload names, held to the years a person can mean.

Shared by the client before queuing and the platform alike
(``commands`` and ``sandbox.commands`` call :func:`check_payload_dates`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from backoffice.domain.errors import DomainError


def _bad_payload(kind: str, field_name: str) -> DomainError:
    return DomainError("command.bad_payload", kind=kind, field=field_name)


# The days and times a payload names. A suspension dated year 1 computed the
# case's deadlines from year 1, so any of them outside the years a person can
# mean (those of the platform's created_at check) is refused, by the client
# before queuing and by the platform alike.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)
_EARLIEST_MOMENT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LATEST_MOMENT = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
PAYLOAD_DAYS: Mapping[str, tuple[str, ...]] = {
    "case.suspend": ("started_on",),
    "special_procedure.end": ("ended_on",),
    "decision.draft": ("report_by",),
}
PAYLOAD_MOMENTS: Mapping[str, tuple[str, ...]] = {
    "inspection.propose": ("starts_at", "ends_at"),
    "inspection.reschedule": ("starts_at", "ends_at"),
}


def check_payload_dates(kind: str, payload: Mapping[str, object]) -> None:
    """``command.bad_payload`` naming a payload day or time outside the years 2000–2099.

    Only the range: a value that is no date at all is left to the kind's
    own checks, which say so in their own way (or take a default).
    """
    for name in PAYLOAD_DAYS.get(kind, ()):
        value = payload.get(name)
        if value is None:
            continue
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            continue
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise _bad_payload(kind, name)
    for name in PAYLOAD_MOMENTS.get(kind, ()):
        value = payload.get(name)
        try:
            moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.utcoffset() is None:
            continue
        try:
            within = _EARLIEST_MOMENT <= moment < _LATEST_MOMENT
        except OverflowError:
            within = False
        if not within:
            raise _bad_payload(kind, name)
