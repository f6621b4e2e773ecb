"""Queue the ``inspection.*`` commands a person chose, and make what the planner prints.

Every command is checked here first with the same domain functions the
platform applies — the deadline (``check_deadline``), an inspector already
on another visit the store knows of (``check_team_free``) or busy by the
free/busy the planner last fetched (``check_free``), a part's rules, that
the inspection is confirmed before a part is saved — so an offline mistake
is told at once instead of after the next sync. The version a command is
made on is read right before the write, in the caller's worker thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from backoffice.api import v1
from backoffice.domain import clock
from backoffice.domain import inspection_payloads as payloads
from backoffice.domain import inspections as di
from backoffice.domain.checklist_points import points_of
from backoffice.domain.commands import COMMAND_ENTITIES, JSONValue, apply_command
from backoffice.domain.errors import BackofficeError, DomainError, StoreError
from backoffice.domain.inspection_model import identified, said_department
from backoffice.domain.inspections_timing import (
    NOTICE_WORKING_DAYS,
    Told,
    check_confirm_free,
    check_confirmed_in_time,
    check_free,
    check_visit_begun,
    check_working_time,
    earliest_text,
    earliest_visit,
    held_after,
    held_slot,
    names_shown,
    working_hours_of,
)
from backoffice.domain.model import Case, Inspection, Material
from backoffice.domain.states import INSPECTION_MACHINE, InspectionStatus
from backoffice.planning.ics import planned_inspection, to_ical
from backoffice.planning.model import Inspector
from backoffice.store import Store
from backoffice.store.pending import queue_on_confirmed
from backoffice.store.uow import UnitOfWork

__all__ = [
    "CATALOG_KEY", "FREE_BUSY_KEY", "CaseInspections", "answer", "cancel", "case_deadline",
    "case_inspections", "catalog_checklist", "export_ics", "free_busy_shown", "held_slot_of",
    "keep_catalog", "notice_text", "points_of", "propose", "queue", "request_inspection",
    "save_part",
]

CATALOG_KEY = "inspections.catalog_checklists"  # service item code → checklist, for offline use
DEPARTMENT_KEY = "inspections.department_name"  # the signed-in person's, for offline use
FREE_BUSY_KEY = "planning.free_busy"  # the planner's last free/busy (availability.free_busy)
TRAVEL_BUFFER = dt.timedelta(minutes=30)  # to get to a site, and back, around every visit


class CatalogSource(Protocol):
    def catalog(self) -> Any: ...


def queue(store: Store, author: str, kind: str, entity_id: str,
          payload: Mapping[str, JSONValue], *, base_version: int | None = None) -> str:
    """One command against the record's confirmed version (read now, not when shown); its
    id, by which the planner follows it to the platform."""
    with store.write() as uow:
        queue_on_confirmed(uow, kind, entity_id, payload, author, base_version=base_version)
        # The record's newest command, read in the same transaction: this one.
        entries = uow.outbox.entries(entity=COMMAND_ENTITIES[kind], entity_id=entity_id)
    return entries[-1].command.id


# --- the request, from a review task -------------------------------------------------------


def keep_catalog(store: Store, client: CatalogSource | None) -> None:
    """Fetch the catalog and keep its checklists in the store; offline, the kept ones stay."""
    if client is None:
        return
    try:
        catalog = client.catalog()
    except Exception:  # noqa: BLE001 - offline: the kept copy is the answer
        return
    kept = {e.item.code: list(e.checklist) for e in catalog.entries}
    with store.write() as uow:
        uow.sync_state.set(CATALOG_KEY, json.dumps(kept, ensure_ascii=False, sort_keys=True))


def catalog_checklist(store: Store, client: CatalogSource | None, service_item_code: str,
                      department: str | None = None) -> tuple[str, ...]:
    """The requesting department's points of a service item's catalog checklist.

    From the platform, else the last copy kept (a request or a field record
    made offline still starts from them). A bundle's checklist holds every
    department's points, each marked with its department's short name
    (``【住建】…``): only ``department``'s are given (by default the signed-in
    person's, as the platform last said it) — see :func:`points_of`.
    """
    keep_catalog(store, client)
    name = _department_name(store, client, department)
    with store.read() as uow:
        text = uow.sync_state.get(CATALOG_KEY)
    kept_map: dict[str, list[str]] = json.loads(text) if text else {}
    return points_of(kept_map.get(service_item_code, ()), name)


def _department_name(store: Store, client: object, department: str | None) -> str | None:
    """The name of ``department``, or of the signed-in person's (asked of the platform,
    else the one kept from the last answer); None when nobody can tell."""
    if department is not None:
        with store.read() as uow:
            found = uow.departments.get(department)
        return found.name if found is not None else None
    me = getattr(client, "me", None)
    try:
        name = None if me is None else str(me().department.name)
    except Exception:  # noqa: BLE001 - offline: the kept name is the answer
        name = None
    if name is not None:
        with store.write() as uow:
            uow.sync_state.set(DEPARTMENT_KEY, name)
    with store.read() as uow:
        return uow.sync_state.get(DEPARTMENT_KEY)


def request_inspection(store: Store, author: str, department: str, case_code: str,
                       reason: str, checklist: Sequence[str], *, task_id: str = "",
                       site_address: str = "") -> str:
    """``inspection.request`` on the case: the platform merges it into the joint inspection."""
    items = [line.strip() for line in checklist if line.strip()]
    payload: dict[str, JSONValue] = {
        "department_code": department, "reason": reason.strip(),
        "checklist": list(dict.fromkeys(items)), "task_id": task_id}
    if site_address.strip():
        payload["site_address"] = site_address.strip()
    if not reason.strip():
        raise DomainError("inspection.request_without_reason", request=case_code)
    payloads.request_fields("inspection.request", payload)  # the platform's own payload check
    return queue(store, author, "inspection.request", case_code, payload)


# --- the organiser's plan and the answers ------------------------------------------------


def case_deadline(store: Store, case_code: str) -> dt.date | None:
    """The case's deadline: the platform's date, else the store's count of working days."""
    with store.read() as uow:
        case = uow.cases.get(case_code)
        if case is None:
            return None
        if case.platform_due_date is not None:
            return case.platform_due_date
        found = uow.cases.deadline(case_code)
    return None if found is None else found.due


def held_slot_of(uow: UnitOfWork, inspection: Inspection) -> Told | None:
    """The time the applicant holds for ``inspection``, as the store can tell.

    Confirmed, its time (``held_slot``). Proposed again at the time told (an
    inspector replaced, a department joined), the inspection no longer shows
    it, but the platform still counts it as told. The store knows it from the
    platform's last state of the inspection and the commands queued on it,
    walked as the platform counts (``held_after``) — a confirmation sent whose
    answer was lost, then a reschedule at that time queued offline, before the
    appointment has come in — or, the platform's state proposed again already,
    from the latest appointment of the case naming its site and that time.
    """
    held = held_slot(inspection)
    if held is not None or inspection.starts_at is None or inspection.ends_at is None:
        return held
    state = uow.inspections.confirmed(inspection.id) or inspection
    held = held_slot(state) or _told_by_notice(uow, state)
    for entry in uow.outbox.active_for("inspection", [inspection.id]).get(inspection.id, ()):
        try:
            state = apply_command(entry.command, state)
        except BackofficeError:
            continue  # left out of the inspection shown too: sent, its answer awaited
        held = held_after(held, state)
    return held if (inspection.starts_at, inspection.ends_at) == held else None


def _told_by_notice(uow: UnitOfWork, inspection: Inspection) -> Told | None:
    """``inspection``'s time when the latest appointment of its case names its site and
    that time — the drop notice of a time that no longer holds names no site. Read in
    the appointment's own words."""
    if inspection.starts_at is None or inspection.ends_at is None:
        return None
    sent = [n for n in uow.notifications.for_case(inspection.case_code)
            if n.kind == "inspection_appointment"]
    if not sent:
        return None
    last = max(sent, key=lambda n: n.sent_at).text
    told = di.appointment_text(
        dataclasses.replace(inspection, status=InspectionStatus.CONFIRMED), {})
    when = told.split("\n")[1]  # 时间：…至…
    if inspection.site_address in last and when in last.split("\n"):
        return inspection.starts_at, inspection.ends_at
    return None


def free_busy_shown(uow: UnitOfWork) -> v1.FreeBusy | None:
    """The free/busy the planner fetched last (kept in ``sync_state``), None before any."""
    text = uow.sync_state.get(FREE_BUSY_KEY)
    return None if text is None else v1.FreeBusy.model_validate(json.loads(text)["answer"])


def propose(store: Store, author: str, inspection_id: str, start: dt.datetime,
            end: dt.datetime, inspectors: Sequence[str], *, after_deadline_reason: str = "",
            reason: str = "", now: dt.datetime | None = None,
            notice_days: int = NOTICE_WORKING_DAYS) -> str:
    """Propose (or, once planned, reschedule) a slot and team.

    A slot ending after the case's deadline needs ``after_deadline_reason``
    (``inspection.after_deadline`` otherwise); a reschedule needs ``reason``.
    With ``now`` (the caller's clock: the planner's, which tests pin), a slot
    starting before ``earliest_visit`` — the applicant's notice of
    ``notice_days`` working days, and now plus the travel time — is refused
    (``inspection.too_early``); the time the applicant holds (:func:`held_slot_of`)
    was told already, so only now plus the travel time counts for it, as the
    platform takes it. A team member busy then by the free/busy the planner
    showed — its copy kept in the store — is refused as the platform refuses
    them (``inspection.inspector_not_free``: ``check_free``).
    """
    with store.read() as uow:
        inspection = uow.inspections.get(inspection_id)
        held = uow.inspections.all()
        told = None if inspection is None else held_slot_of(uow, inspection)
        shown = free_busy_shown(uow)
    if now is not None:
        days = 0 if (start, end) == told else notice_days
        earliest = earliest_visit(now, store.calendar, travel=TRAVEL_BUFFER, notice_days=days)
        if start < earliest:
            tz = clock.shanghai_tz()
            raise DomainError("inspection.too_early",
                              start=f"{start.astimezone(tz):%Y-%m-%d %H:%M}",
                              earliest=earliest_text(earliest))
    if inspection is None:
        raise StoreError("store.not_found", entity="inspection", id=inspection_id)
    slot = di.Slot(start, end, tuple(inspectors))
    di.check_deadline(slot, case_deadline(store, inspection.case_code), after_deadline_reason)
    # The clashes this store knows of, the inspector named as the planner shows them.
    di.check_team_free(inspection.id, slot, held, names=names_shown(shown))
    if shown is not None:
        check_free(inspection, start, end, slot.inspectors, shown)
    # The platform's rule, in its order (the planner's drag check adds the way there).
    check_working_time(start, end, store.calendar,
                       hours=working_hours_of(shown, slot.inspectors))
    action = "propose" if INSPECTION_MACHINE.can(inspection.status, "propose") else "reschedule"
    INSPECTION_MACHINE.apply(inspection.status, action)  # refused here, not after a sync
    if action == "reschedule" and not reason.strip():
        raise DomainError("inspection.reason_missing", **identified(inspection), action=action)
    payload: dict[str, JSONValue] = {
        "starts_at": start.isoformat(), "ends_at": end.isoformat(),
        "inspectors": list(slot.inspectors)}
    if after_deadline_reason.strip():
        payload["after_deadline_reason"] = after_deadline_reason.strip()
    if action == "reschedule":
        payload["reason"] = reason.strip()
    return queue(store, author, f"inspection.{action}", inspection_id, payload)


def answer(store: Store, author: str, department: str, inspection_id: str, *,
           confirmed: bool, reason: str = "", now: dt.datetime | None = None) -> str:
    """Our department confirms or declines the proposal the store shows now.

    With ``now`` (the caller's clock), the last confirmation — the one that
    tells the applicant — is refused as the platform refuses it when the
    applicant could no longer be told in time, unless they hold that time
    already (``check_confirmed_in_time``): the organiser proposes anew. A
    confirmation with one of the team taken since — on a visit of the store's
    that stands, or busy by the free/busy the planner kept — is refused as
    the platform refuses it (``inspection.confirm_inspector_busy``:
    ``check_confirm_free``), naming them and the time.
    """
    with store.read() as uow:
        inspection = uow.inspections.get(inspection_id)
        held = uow.inspections.all()
        names = _names(uow)
        told = None if inspection is None else held_slot_of(uow, inspection)
        shown = free_busy_shown(uow)
        ours = _own_inspectors(uow)
    if inspection is None:
        raise StoreError("store.not_found", entity="inspection", id=inspection_id)
    answered = di.answer(inspection, department, inspection.proposal, confirmed=confirmed,
                         by=author, reason=reason,
                         department_names=names)  # the platform's refusal, now
    lead = answered.lead_department
    if confirmed:
        # The platform's rule on the inspectors this store knows: our own colleagues and
        # the free/busy the planner kept (every department's).
        department_of = {**{p.username: p.department_code for p in
                            (shown.inspectors if shown is not None else ())},
                         **dict.fromkeys(ours, department)}
        di.check_confirm_team(answered, department, department_of,
                              organiser=names.get(lead) or lead, department_names=names,
                              known=set(department_of.values()))
    if (now is not None and answered.status == InspectionStatus.CONFIRMED
            and inspection.status != InspectionStatus.CONFIRMED
            and (answered.starts_at, answered.ends_at) != told):
        check_confirmed_in_time(answered, now, store.calendar,
                                organiser=names.get(lead) or lead)
    if confirmed and inspection.starts_at is not None and inspection.ends_at is not None:
        # The platform's rule on what this store can see: its visits, and the free/busy
        # the planner kept, which shows other cases' visits too.
        lead = inspection.lead_department
        check_confirm_free(inspection, held, shown, organiser=names.get(lead) or lead)
    payload: dict[str, JSONValue] = {"department_code": department,
                                     "proposal": inspection.proposal}
    if not confirmed:
        payload["reason"] = reason.strip()
    kind = "inspection.confirm" if confirmed else "inspection.decline"
    return queue(store, author, kind, inspection_id, payload)


def cancel(store: Store, author: str, department: str, inspection_id: str,
           reason: str) -> str:
    """The organiser cancels the inspection, saying why (the applicant is told if it was set).

    Refused here as on the platform: only the organiser's department, only
    from requested / proposed / confirmed, never without a reason.
    """
    with store.read() as uow:
        inspection = uow.inspections.get(inspection_id)
        names = _names(uow)
    if inspection is None:
        raise StoreError("store.not_found", entity="inspection", id=inspection_id)
    if inspection.lead_department != department:
        raise DomainError("inspection.not_organiser", **identified(inspection),
                          **said_department(department, names))
    di.cancel(inspection, reason)  # the state machine's and the reason's refusals, now
    return queue(store, author, "inspection.cancel", inspection_id, {"reason": reason.strip()})


def save_part(store: Store, author: str, part: di.InspectionPart, *,
              confirm: bool = False, now: dt.datetime | None = None,
              base_version: int | None = None) -> str:
    """Save our department's part as it is now, perhaps with the inspector's confirmation.

    Only on a confirmed inspection (the platform refuses a part before); a
    confirmation needs every line judged and a result, as on the platform,
    and the visit begun by ``now`` (default the workstation's time:
    ``inspection.visit_not_begun``) — a draft is saved any time. ``base_version``: the
    part's version the form was filled on; a colleague's save since makes it a conflict.
    """
    with store.read() as uow:
        inspection = uow.inspections.get(part.inspection_id)
    if inspection is None:
        raise StoreError("store.not_found", entity="inspection", id=part.inspection_id)
    if inspection.status != InspectionStatus.CONFIRMED:
        raise DomainError("inspection.not_confirmed", **identified(inspection),
                          current=inspection.status.value)
    when = now or clock.now()
    check_visit_begun(inspection, when, confirm=confirm)
    if confirm:  # the part's own rules for a final one (every line judged, a result)
        dataclasses.replace(part, confirmed_by=author, confirmed_at=when)
    payload: dict[str, Any] = payloads.part_payload(part, confirm=confirm)
    return queue(store, author, "inspection.record_part", part.id, payload,
                 base_version=base_version)


# --- what the planner shows, prints and exports --------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseInspections:
    case: Case
    inspections: tuple[Inspection, ...]
    requests: tuple[di.InspectionRequest, ...]
    parts: tuple[di.InspectionPart, ...]
    materials: tuple[Material, ...]
    department_names: Mapping[str, str]


def _own_inspectors(uow: UnitOfWork) -> tuple[str, ...]:
    """Our department's inspectors by the colleague list the sync keeps (none kept: none)."""
    # Imported here: the colleague list's module uses the store, as this one does.
    from backoffice.sync.colleagues import COLLEAGUES_KEY, parse

    return tuple(c.username for c in parse(uow.sync_state.get(COLLEAGUES_KEY))
                 if "inspector" in c.roles)


def _names(uow: UnitOfWork) -> dict[str, str]:
    """Departments by code, as the store has synced them (one it has not is said by code)."""
    return {d.code: d.name for d in uow.departments.all()}


def case_inspections(store: Store, case_code: str) -> CaseInspections | None:
    """A case with its joint inspections, requests, parts and materials, as the store has them."""
    with store.read() as uow:
        case = uow.cases.get(case_code)
        if case is None:
            return None
        names = _names(uow)
        return CaseInspections(
            case, tuple(uow.inspections.for_case(case_code)),
            tuple(uow.inspection_requests.for_case(case_code)),
            tuple(uow.inspection_parts.for_case(case_code)),
            tuple(uow.materials.for_case(case_code)), names)


def notice_text(store: Store, inspection_id: str) -> str:
    """The applicant's notice (8.4.3) as the platform sends it: printable as it is."""
    with store.read() as uow:
        inspection = uow.inspections.get(inspection_id)
        names = _names(uow)
    if inspection is None:
        raise StoreError("store.not_found", entity="inspection", id=inspection_id)
    return di.appointment_text(inspection, names)


def export_ics(store: Store, inspection_ids: Iterable[str], people: Mapping[str, Inspector],
               *, lang: str | None = None, stamp: dt.datetime | None = None) -> bytes:
    """The ``.ics`` of the scheduled ones among ``inspection_ids`` (others are left out)."""
    events = []
    with store.read() as uow:
        names = _names(uow)
        for key in inspection_ids:
            inspection = uow.inspections.get(key)
            if inspection is None or inspection.starts_at is None:
                continue
            case = uow.cases.get(inspection.case_code)
            if case is None:
                continue
            events.append(planned_inspection(inspection, case,
                                             uow.materials.for_case(case.case_code), people,
                                             department_names=names))
    return to_ical(events, lang=lang, stamp=stamp)
