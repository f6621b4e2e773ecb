"""Who is free when, for planning one joint inspection — online or from the last copy.

The platform's free/busy (``GET /free-busy``) needs the network. Each answer
is kept in ``sync_state`` with the time it was fetched, so an organiser
without a network still plans on the last copy — and is told how old it
is (:attr:`FreeBusyCopy.fresh`), because a colleague may have taken
leave since.

:func:`planning_for` builds the engine's problem from the store: the
inspectors of the participating departments with their commitments (the
free/busy and every inspection the store holds), the work calendar the
sync keeps, the case's deadline. The inspection being planned never blocks
itself: its own time is left out of its inspectors' commitments. Nothing
starts before the applicant can have been told (``notice_days`` working days
ahead, :data:`~backoffice.domain.inspections_timing.NOTICE_WORKING_DAYS`) nor
before ``now`` plus the travel buffer (``earliest_visit``): the search's
window starts there, and :meth:`Planning.check` refuses an earlier time — but
the time the applicant holds already, checked again (an inspector replaced on
the visit day), only before ``now`` plus the travel buffer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from backoffice.api import v1
from backoffice.domain import clock
from backoffice.domain.errors import BackofficeError, StoreError
from backoffice.domain.inspections_timing import NOTICE_WORKING_DAYS, Told, earliest_visit
from backoffice.domain.model import Inspection
from backoffice.inspections.service import (
    FREE_BUSY_KEY,
    TRAVEL_BUFFER,
    case_deadline,
    held_slot_of,
)
from backoffice.planning.availability import Availability
from backoffice.planning.conflicts import TimeCheck, check_time
from backoffice.planning.model import (
    BusyKind,
    DepartmentNeed,
    Inspector,
    SearchResult,
    SlotRequest,
)
from backoffice.planning.search import search
from backoffice.planning.sources import busy_of_inspections, inspectors_from_free_busy, with_busy
from backoffice.store import Store

__all__ = ["FREE_BUSY_KEY", "FreeBusyCopy", "Planning", "free_busy", "kept_free_busy",
           "planning_for", "team_for"]

HORIZON_DAYS = 28  # how far ahead a planner looks (the platform allows at most 62 days)
DEFAULT_DURATION = dt.timedelta(hours=2)
DEFAULT_BUFFER = TRAVEL_BUFFER


class FreeBusySource(Protocol):
    def free_busy(self, start: dt.date, end: dt.date,
                  department: str | None = None) -> v1.FreeBusy: ...


@dataclass(frozen=True, slots=True)
class FreeBusyCopy:
    answer: v1.FreeBusy
    fetched_at: dt.datetime
    fresh: bool  # fetched just now; False: the copy kept from an earlier fetch
    error: str = ""  # the code that stopped the fetch, when not fresh


def kept_free_busy(store: Store) -> FreeBusyCopy | None:
    with store.read() as uow:
        text = uow.sync_state.get(FREE_BUSY_KEY)
    if text is None:
        return None
    kept = json.loads(text)
    return FreeBusyCopy(v1.FreeBusy.model_validate(kept["answer"]),
                        dt.datetime.fromisoformat(kept["fetched_at"]), fresh=False)


def free_busy(store: Store, client: FreeBusySource | None, start: dt.date,
              days: int = HORIZON_DAYS) -> FreeBusyCopy | None:
    """The free/busy from ``start`` for ``days`` days: fetched, else the kept copy, else None."""
    error = ""
    if client is not None:
        end = start + dt.timedelta(days=min(days, v1.MAX_FREE_BUSY_DAYS) - 1)
        try:
            answer = client.free_busy(start, end)
        except BackofficeError as exc:  # offline, signed out …: plan on the kept copy
            error = exc.code
        else:
            now = clock.now()
            kept = {"fetched_at": now.isoformat(), "answer": answer.model_dump(mode="json")}
            with store.write() as uow:
                uow.sync_state.set(FREE_BUSY_KEY, json.dumps(kept, ensure_ascii=False))
            return FreeBusyCopy(answer, now, fresh=True)
    kept_copy = kept_free_busy(store)
    return None if kept_copy is None else dataclasses.replace(kept_copy, error=error)


@dataclass(frozen=True, slots=True)
class Planning:
    """One inspection's planning problem, ready for searches and conflict checks."""

    inspection: Inspection
    deadline: dt.date | None
    availability: Availability
    request: SlotRequest
    lanes: tuple[Inspector, ...]  # the participating departments' inspectors, in order
    free_busy: FreeBusyCopy
    # The time the applicant holds (told already: no notice needed), and now plus the
    # way there, before which nobody can be anywhere.
    held: Told | None = None
    soonest: dt.datetime | None = None

    def suggest(self) -> SearchResult:
        return search(self.availability, self.request)

    def check(self, start: dt.datetime, end: dt.datetime,
              inspectors: Sequence[str] = ()) -> TimeCheck:
        earliest = self.request.window_start
        if (start, end) == self.held and self.soonest is not None:
            earliest = self.soonest  # as service.propose takes it
        return check_time(self.availability, start, end, departments=self.request.departments,
                          inspectors=inspectors, earliest=earliest)


def _without_own_time(person: Inspector, inspection: Inspection) -> Inspector:
    if person.id not in inspection.inspectors or inspection.starts_at is None:
        return person
    kept = tuple(b for b in person.busy if not (
        b.kind is BusyKind.INSPECTION and b.start == inspection.starts_at
        and b.end == inspection.ends_at))
    return dataclasses.replace(person, busy=kept)


def planning_for(store: Store, inspection_id: str, copy: FreeBusyCopy, *,
                 now: dt.datetime | None = None, duration: dt.timedelta = DEFAULT_DURATION,
                 buffer: dt.timedelta = DEFAULT_BUFFER, count: int = 5,
                 max_per_day: int | None = 2,
                 notice_days: int = NOTICE_WORKING_DAYS) -> Planning:
    """The problem of planning ``inspection_id`` from the store and a free/busy copy."""
    with store.read() as uow:
        inspection = uow.inspections.get(inspection_id)
        held = uow.inspections.all()
        names = {d.code: d.name for d in uow.departments.all()}
        told = None if inspection is None else held_slot_of(uow, inspection)
    if inspection is None:
        raise StoreError("store.not_found", entity="inspection", id=inspection_id)
    people = with_busy(inspectors_from_free_busy(copy.answer),
                       busy_of_inspections(held, leave_out=inspection.id))
    people = tuple(_without_own_time(p, inspection) for p in people)
    order = {d: n for n, d in enumerate(inspection.departments)}
    lanes = tuple(sorted((p for p in people if p.department in order),
                         key=lambda p: (order[p.department], p.name, p.id)))
    tz = clock.shanghai_tz()
    # Told in time to bring the originals (8.4.3), and nobody there before the way there.
    moment = now or clock.now()
    start = earliest_visit(moment, store.calendar, travel=buffer,
                           notice_days=notice_days).astimezone(tz)
    window_end = dt.datetime.combine(copy.answer.to_date + dt.timedelta(days=1), dt.time(),
                                     tz)
    if window_end <= start:  # an old copy: searching still answers (nothing, explained)
        window_end = start + dt.timedelta(days=1)
    request = SlotRequest(
        # Named for the explanation, as the store knows them (an unsynced one by code).
        departments=tuple(DepartmentNeed(d, name=names.get(d, "")) for d in inspection.departments),
        duration=duration, window_start=start, window_end=window_end,
        deadline=case_deadline(store, inspection.case_code), count=count,
        max_per_day=max_per_day)
    availability = Availability(people, store.calendar, travel_buffer=buffer)
    return Planning(inspection, request.deadline, availability, request, lanes, copy,
                    held=told, soonest=(moment + buffer).astimezone(tz))


def team_for(check: TimeCheck, departments: Sequence[str], prefer: Sequence[str] = ()
             ) -> tuple[str, ...] | None:
    """One free inspector per department (``prefer``\\ red ones first); None if one has none."""
    free = [c for c in check.inspectors if c.free]
    team = []
    for department in departments:
        mine = [c.inspector for c in free if c.department == department]
        if not mine:
            return None
        team.append(next((i for i in prefer if i in mine), mine[0]))
    return tuple(team)

