"""Where availability comes from: the platform's free/busy and the inspections we hold.

``GET /api/v1/free-busy`` (:meth:`backoffice.remote.client.PlatformClient.
free_busy`, :class:`backoffice.api.v1.FreeBusy`) answers, per inspector, the
working hours of every working day (``HH:MM`` in Asia/Shanghai) and the busy
intervals with a coarse reason. They map one to one:

- ``working_hours`` → :attr:`Inspector.working_hours`;
- ``busy[].reason`` → :class:`BusyKind` of the same name; ``inspection`` is a
  site visit, so the travel buffer applies around it;
- ``working_days`` is the platform's work calendar over the range. The
  planner asks its :class:`~backoffice.domain.calendar.WorkCalendar` instead
  (built on the same published calendar, ``PlatformClient.calendar``);
  :func:`calendar_disagreements` finds the days where the two differ, which
  should be none.

Busy time is only known inside ``from_date``–``to_date``: a search window
should not reach past it (outside, inspectors look free).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from backoffice.api import v1
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus
from backoffice.planning.model import Busy, BusyKind, Inspector, WorkingPeriod

__all__ = ["busy_of_inspections", "calendar_disagreements", "inspectors_from_free_busy",
           "with_busy"]


def inspectors_from_free_busy(
    answer: v1.FreeBusy, *, qualifications: Mapping[str, Iterable[str]] | None = None
) -> tuple[Inspector, ...]:
    """The inspectors of a free/busy answer as the planner's :class:`Inspector`\\ s.

    The platform does not say who holds which qualification; pass them by
    user name when a department's inspectors are not interchangeable.
    """
    quals = qualifications or {}
    return tuple(
        Inspector(
            id=item.username,
            name=item.display_name,
            department=item.department_code,
            qualifications=frozenset(quals.get(item.username, ())),
            working_hours=tuple(
                WorkingPeriod(dt.time.fromisoformat(h.start), dt.time.fromisoformat(h.end))
                for h in item.working_hours),
            busy=tuple(Busy(b.start, b.end, BusyKind(b.reason)) for b in item.busy),
        )
        for item in answer.inspectors
    )


def calendar_disagreements(answer: v1.FreeBusy, calendar: WorkCalendar) -> list[dt.date]:
    """Days of the answer's range on which it and ``calendar`` disagree about working."""
    listed = set(answer.working_days)
    days = (answer.from_date + dt.timedelta(n)
            for n in range((answer.to_date - answer.from_date).days + 1))
    return [d for d in days if (d in listed) != calendar.is_working_day(d)]


def busy_of_inspections(inspections: Iterable[Inspection], *, leave_out: str | None = None
                        ) -> dict[str, list[Busy]]:
    """Scheduled inspections as each of their inspectors' visits.

    Cancelled and unscheduled ones take no time; ``leave_out`` is the
    inspection being re-planned, whose own time must not block it.
    """
    out: dict[str, list[Busy]] = {}
    for item in inspections:
        if (item.id == leave_out or item.status is InspectionStatus.CANCELLED
                or item.starts_at is None or item.ends_at is None):
            continue
        visit = Busy(item.starts_at, item.ends_at, BusyKind.INSPECTION, label=item.case_code)
        for inspector_id in item.inspectors:
            out.setdefault(inspector_id, []).append(visit)
    return out


def with_busy(inspectors: Iterable[Inspector], extra: Mapping[str, Iterable[Busy]]
              ) -> tuple[Inspector, ...]:
    """``inspectors`` with more commitments each (overlaps with what they had are harmless)."""
    out = []
    for person in inspectors:
        more = tuple(extra.get(person.id, ()))
        out.append(dataclasses.replace(person, busy=person.busy + more) if more else person)
    return tuple(out)
