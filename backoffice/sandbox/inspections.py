"""The platform's side of joint site inspections (9.5.2, 9.5.2.3).

The flow itself is the domain's (:mod:`backoffice.domain.inspections`), the
same functions the client applies offline; here is what only the platform
knows or may do:

- **merging**: a department's ``inspection.request`` joins the case's open
  inspection of the same site, or starts one; each participating department
  gets its (empty) part of the record, with the checklist it asked for;
- **scope**: an inspection, its requests and its parts are seen by its
  participants only (``db.record_audience``), whole — every part, every
  photo; a department that joins later receives the earlier records too;
- **who may act**: the organiser (the inspection's ``lead_department``)
  proposes, reschedules and cancels; a participating department answers
  for itself and records its own part, only once the inspection is
  confirmed; confirming a part on site takes an inspector; each only while
  its department is on the case (not after its task was transferred away);
- **a department that leaves** (``task.transfer`` to another department):
  the receiver takes its place in the case's open inspections, as
  organiser if it organised (:func:`hand_over`);
- **checks** the client cannot make: the slot starts after the platform's
  time (``inspection.in_the_past``: a proposal sent late) and no earlier
  than the next working day by it, the applicant's notice (8.4.3,
  ``inspection.short_notice``: ``check_notice``, the client's rule; a time
  the applicant still holds, proposed again, was told already) — and again
  when the last department's confirmation tells the applicant, by then
  (``inspection.confirm_short_notice``, ``inspection.confirm_in_the_past``:
  the organiser proposes a new time); the team are
  inspectors of the participating departments, every department sends one,
  none of them on
  another visit at the same time (``inspection.inspector_busy``: a
  proposal is refused against proposed and confirmed visits), nor busy then
  by the free/busy the planner shows (``inspection.inspector_not_free``:
  ``check_free``, the client's rule — leave, a meeting, a visit the records
  do not hold); a confirmation, when one of the team has been taken since
  by a visit that stands or by the free/busy
  (``inspection.confirm_inspector_busy``: ``check_confirm_free``, the
  client's rule, naming them and the time); the slot ends by
  the case's deadline unless ``after_deadline_reason`` says why it cannot;
  a photo was uploaded (``PUT /files``) before the part naming it; a part
  is confirmed no earlier than the visit's start (``inspection.visit_not_begun``:
  before it, saved only as a draft);
- **the applicant's notice** (8.4.3) when the last department confirms —
  when, where, who, which originals — as a notification record of kind
  ``inspection_appointment``; and a word when the time told no longer holds
  (moved, dropped or cancelled), even if the inspection was proposed again
  at that time since: the platform remembers the time told
  (``db.inspection_told``), the applicant has nothing else to go by.

Kinds (``entity``): ``inspection.request`` (case), ``inspection.propose|
reschedule|cancel|confirm|decline`` (inspection), ``inspection.record_part``
(inspection_part).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from functools import partial
from typing import Any, cast

from sqlalchemy import and_, exists, select

from backoffice.api import convert, v1
from backoffice.api import records as r
from backoffice.domain import inspection_hand_over
from backoffice.domain import inspection_payloads as payloads
from backoffice.domain import inspections as di
from backoffice.domain import model as m
from backoffice.domain.inspection_model import identified
from backoffice.domain.inspections_timing import (
    Told,
    check_confirm_free,
    check_confirmed_in_time,
    check_free,
    check_notice,
    check_visit_begun,
    check_working_time,
    held_slot,
    names_shown,
    told_in_time,
    working_hours_of,
)
from backoffice.domain.states import CaseStatus, InspectionStatus, TaskStatus
from backoffice.sandbox import db, freebusy
from backoffice.sandbox.commands import Ctx, Kind
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import LIVE_TASK, Body, Stored

STAFF = ("reviewer", "coordinator", "inspector")
_CLOSED_CASE = frozenset({CaseStatus.DECIDED, CaseStatus.REPORTED, CaseStatus.ISSUED,
                          CaseStatus.ARCHIVED, CaseStatus.WITHDRAWN, CaseStatus.NOT_ACCEPTED})


def _domain(body: Body) -> Any:
    return convert.to_domain(convert.parse_record(body))


def _inspection(ctx: Ctx, body: Body) -> m.Inspection:
    """An inspection of the ledger; one broken there is refused naming its departments."""
    record: Any = convert.parse_record(body)
    codes = (*record.departments, *(a.department_code for a in record.answers))
    inspection: Any = convert.to_domain(
        record, department_names=_names(ctx, tuple(dict.fromkeys(codes))))
    return cast(m.Inspection, inspection)


def _case(ctx: Ctx, code: str) -> Stored:
    case = ctx.ledger.get("case", code)
    if case is None:
        raise ApiError(404, "not_found", entity="case", id=code)
    return case


def _open_case(ctx: Ctx, code: str) -> Stored:
    case = _case(ctx, code)
    if CaseStatus(case.body["status"]) in _CLOSED_CASE:
        raise ApiError(409, "inspection.case_closed", case_code=code,
                       current=str(case.body["status"]))
    return case


def _put(ctx: Ctx, entity: str, obj: Any, departments: tuple[str, ...], *,
         old: Body | None = None, department_code: str | None = None) -> Body:
    body = ctx.put(entity, {**(old or {}), **convert.to_wire(obj)},
                   department_code=department_code)
    ctx.ledger.share(entity, str(body["id"]), departments)
    return body


def _share_all(ctx: Ctx, inspection: m.Inspection) -> None:
    """Every record of the joint inspection seen by every participant (a newcomer too)."""
    for stored in ctx.ledger.of_case(inspection.case_code):
        if stored.entity == "inspection" and stored.id == inspection.id or (
                stored.entity in ("inspection_request", "inspection_part")
                and stored.body.get("inspection_id") == inspection.id):
            ctx.ledger.share(stored.entity, stored.id, inspection.departments)


# --- authorization ---------------------------------------------------------------


def requester(ctx: Ctx, target: Stored) -> None:
    """A reviewer or inspector of a department with a live task on the case."""
    ctx.need_role(*STAFF)
    live = [t for t in ctx.ledger.of_case(target.id, "review_task")
            if t.department_code == ctx.user.department_code
            and TaskStatus(t.body["status"]) in LIVE_TASK]
    if not live:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)


def _on_case(ctx: Ctx, target: Stored) -> None:
    # The records name the departments as they were: one that has left the
    # case since (its task transferred away) neither sees them any more (the
    # feed's scope, case_departments) nor acts on them — no SMS to the
    # applicant, no part of the record in its name.
    if ctx.user.department_code not in ctx.ledger.case_departments(str(target.case_code)):
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)


def organiser(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*STAFF)
    if target.body.get("lead_department") != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)
    _on_case(ctx, target)


def participant(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*STAFF)
    if ctx.user.department_code not in target.body.get("departments", ()):
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)
    _on_case(ctx, target)


def own_part(ctx: Ctx, target: Stored) -> None:
    ctx.need_role(*STAFF)
    if target.body.get("department_code") != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)
    _on_case(ctx, target)


# --- handlers ----------------------------------------------------------------------


def request(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    """A department's request joins the case's open inspection of that site, or starts one."""
    cid, kind = str(ctx.command.id), ctx.command.kind
    department, site, reason, checklist = payloads.request_fields(kind, ctx.command.payload)
    if department != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity="case", id=target.id)
    case = _open_case(ctx, target.id)
    site = site or str(case.body.get("site_address", ""))
    if not site.strip():
        raise ApiError(422, "command.bad_payload", kind=kind, field="site_address")
    lead = str(case.body["lead_department"])
    joinable = [s for s in ctx.ledger.of_case(target.id, "inspection")
                if di.open_for_joining(_inspection(ctx, s.body))
                and di.same_site(str(s.body["site_address"]), site)]
    if joinable:
        old = joinable[0].body
        joined = di.join(_inspection(ctx, old), department, case_lead=lead,
                         department_names=_names(ctx, (department,)))
        # The applicant brings the newcomer's originals too (8.4.3).
        inspection = replace(joined, originals=_originals(ctx, joined))
    else:
        old = {}
        inspection = m.Inspection(f"inspection-{cid}", target.id, department, (department,),
                                  site)
    departments = inspection.departments
    if old:
        _tell_applicant(ctx, _inspection(ctx, old), inspection, _DEPARTMENTS_CHANGED)
    _put(ctx, "inspection", inspection, departments, old=old)
    asked = di.InspectionRequest(
        f"inspection-request-{cid}", target.id, department, site, reason, checklist,
        ctx.user.username, ctx.now, inspection_id=inspection.id,
        task_id=str(ctx.command.payload.get("task_id") or ""))
    body = _put(ctx, "inspection_request", asked, departments, department_code=department)
    part_id = di.part_id(inspection.id, department)
    if ctx.ledger.get("inspection_part", part_id) is None:
        part = di.InspectionPart(part_id, inspection.id, target.id, department,
                                 lines=tuple(di.ChecklistLine(item) for item in checklist))
        _put(ctx, "inspection_part", part, departments, department_code=department)
    _share_all(ctx, inspection)
    return "inspection_request", body


def plan(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    """``inspection.propose`` / ``reschedule``: a slot and a team the departments answer."""
    kind, payload = ctx.command.kind, dict(ctx.command.payload)
    inspection = _inspection(ctx, target.body)
    case = _open_case(ctx, inspection.case_code)
    slot = payloads.slot_of(kind, payload)
    if slot.starts_at < ctx.now:
        # The client holds back the way there too; the platform cannot know
        # it, but a visit already begun or gone by is nobody's to confirm.
        raise ApiError(422, "inspection.in_the_past", start=_local(slot.starts_at),
                       now=_local(ctx.now))
    if _told(ctx, inspection)[0] != (slot.starts_at, slot.ends_at):
        # The applicant hears of it a working day ahead (8.4.3), by the platform's
        # time: a proposal queued offline last week for today is as late as one
        # made now. Proposed again at the time they still hold, they were told.
        check_notice(slot.starts_at, ctx.now, ctx.calendar)
    due = case.body.get("due_date")
    di.check_deadline(slot, dt.date.fromisoformat(due) if due else None,
                      str(payload.get("after_deadline_reason") or ""))
    _check_team(ctx, inspection, slot)
    shown = _free_busy(ctx, slot)
    di.check_team_free(inspection.id, slot, _visits(ctx, slot.inspectors),
                       names=names_shown(shown))
    check_free(inspection, slot.starts_at, slot.ends_at, slot.inspectors, shown)
    # The planner's drag check, for a time queued without it (by hand, another client).
    check_working_time(slot.starts_at, slot.ends_at, ctx.calendar,
                       hours=working_hours_of(shown, slot.inspectors))
    if payload.get("originals") is None:
        payload["originals"] = list(_originals(ctx, inspection))
    planned = payloads.apply_to_inspection(kind, payload, inspection, author=ctx.user.username)
    _tell_applicant(ctx, inspection, planned, planned.reason or _MOVED)
    return "inspection", _put(ctx, "inspection", planned, planned.departments, old=target.body)


def _local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(di.SHANGHAI):%Y-%m-%d %H:%M}"


def _check_team(ctx: Ctx, inspection: m.Inspection, slot: di.Slot) -> None:
    """The domain's rule (``check_team``) with the platform's users: an inspector of every
    participating department, and only inspectors of them."""
    di.check_team(inspection, slot, _inspector_departments(ctx, slot.inspectors),
                  department_names=_names(ctx, inspection.departments))


def _inspector_departments(ctx: Ctx, usernames: tuple[str, ...]) -> dict[str, str]:
    """Inspector → department, of those among ``usernames`` who are inspectors."""
    u = db.users.c
    rows = ctx.ledger.conn.execute(
        select(u.username, u.department_code, u.roles).where(u.username.in_(usernames)))
    return {row.username: str(row.department_code) for row in rows
            if "inspector" in str(row.roles).split()}


def _visits(ctx: Ctx, inspectors: tuple[str, ...]) -> list[m.Inspection]:
    """Every case's scheduled inspections that name one of ``inspectors``."""
    rows = ctx.ledger.conn.execute(select(db.records.c.body).where(
        db.records.c.entity == "inspection"))
    bodies = (json.loads(text) for (text,) in rows)
    return [_domain(body) for body in bodies
            if body.get("starts_at") and set(body.get("inspectors") or ()) & set(inspectors)]


def _free_busy(ctx: Ctx, slot: di.Slot) -> v1.FreeBusy:
    """The free/busy over ``slot``'s days, as ``GET /free-busy`` answers the planner."""
    first = slot.starts_at.astimezone(freebusy.TZ).date()
    last = slot.ends_at.astimezone(freebusy.TZ).date()
    last = min(last, first + dt.timedelta(days=v1.MAX_FREE_BUSY_DAYS - 1))
    return freebusy.free_busy(ctx.ledger.conn, ctx.calendar, first, last, None)


def _originals(ctx: Ctx, inspection: m.Inspection) -> tuple[str, ...]:
    """The originals the participating departments check (8.4.2, 8.4.3): made anew at
    each proposal and whenever the departments change (a newcomer, a hand-over)."""
    names = [str(s.body["name"]) for s in ctx.ledger.of_case(inspection.case_code, "material")
             if s.body.get("original_required") and s.department_code in inspection.departments]
    return tuple(dict.fromkeys(names))


def answer(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    """``inspection.confirm`` / ``decline``: the caller's department answers the proposal.

    Not checked against the base version: departments answer side by side,
    and the answer names the proposal it answers instead.
    """
    if ctx.command.payload.get("department_code") != ctx.user.department_code:
        raise ApiError(403, "forbidden", entity=target.entity, id=target.id)
    inspection = _inspection(ctx, target.body)
    answered = payloads.apply_to_inspection(
        ctx.command.kind, ctx.command.payload, inspection, author=ctx.user.username,
        department_names=_names(ctx, (ctx.user.department_code,)))
    lead = answered.lead_department
    if ctx.command.kind == "inspection.confirm":
        # The applicant is told every department comes: each sends one of its own
        # inspectors (a newcomer since the proposal has none until it is made again).
        di.check_confirm_team(answered, ctx.user.department_code,
                              _inspector_departments(ctx, answered.inspectors),
                              organiser=_names(ctx, (lead,))[lead],
                              department_names=_names(ctx, answered.departments))
    if (answered.status == InspectionStatus.CONFIRMED
            and inspection.status != InspectionStatus.CONFIRMED
            and (answered.starts_at, answered.ends_at) != _told(ctx, inspection)[0]):
        # This confirmation tells the applicant (_tell_applicant): a working day ahead
        # by the platform's time (8.4.3), however early the time was proposed.
        check_confirmed_in_time(answered, ctx.now, ctx.calendar,
                                organiser=_names(ctx, (lead,))[lead])
    if ctx.command.kind == "inspection.confirm" and answered.starts_at and answered.ends_at:
        # The team may have been taken since the proposal: the client's rule, on every
        # case's visits and the platform's own free/busy.
        slot = di.Slot(answered.starts_at, answered.ends_at, answered.inspectors)
        check_confirm_free(answered, _visits(ctx, slot.inspectors), _free_busy(ctx, slot),
                           organiser=_names(ctx, (lead,))[lead])
    _tell_applicant(ctx, inspection, answered, _CANNOT_COME)
    return "inspection", _put(ctx, "inspection", answered, answered.departments,
                              old=target.body)


def cancel(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    inspection = _inspection(ctx, target.body)
    cancelled = payloads.apply_to_inspection(ctx.command.kind, ctx.command.payload, inspection,
                                       author=ctx.user.username)
    _tell_applicant(ctx, inspection, cancelled, cancelled.reason)
    return "inspection", _put(ctx, "inspection", cancelled, cancelled.departments,
                              old=target.body)


def record_part(ctx: Ctx, target: Stored) -> tuple[str, Body]:
    """A department's part as saved on site; the last confirmed part completes the record."""
    part: di.InspectionPart = _domain(target.body)
    stored = ctx.ledger.get("inspection", part.inspection_id)
    if stored is None:
        raise ApiError(404, "not_found", entity="inspection", id=part.inspection_id)
    inspection = _inspection(ctx, stored.body)
    if inspection.status not in (InspectionStatus.CONFIRMED, InspectionStatus.RECORDED):
        said: dict[str, Any] = {**identified(inspection), "current": inspection.status.value}
        raise ApiError(409, "inspection.not_confirmed", **said)
    confirm = ctx.command.payload.get("confirm") is True
    if confirm:
        ctx.need_role("inspector")  # the inspector who was there confirms the part
    # A part saved before the visit is a draft; confirmed, it would be final unseen.
    check_visit_begun(inspection, ctx.now, confirm=confirm)
    saved = payloads.apply_to_part(ctx.command.kind, ctx.command.payload, part,
                             author=ctx.user.username, at=ctx.now)
    for photo in saved.photos:
        _link_photo(ctx, photo.sha256, part.id)
    body = _put(ctx, "inspection_part", saved, inspection.departments, old=target.body,
                department_code=part.department_code)
    parts = [_domain(s.body) for s in ctx.ledger.of_case(part.case_code, "inspection_part")
             if s.body.get("inspection_id") == inspection.id]
    done = di.all_parts_in(inspection, parts)
    if done != inspection:
        _put(ctx, "inspection", done, done.departments, old=stored.body)
    return "inspection_part", body


def _link_photo(ctx: Ctx, sha: str, part_id: str) -> None:
    """The photo must have been uploaded by the department; then every participant may read it."""
    fr = db.file_refs.c
    conn = ctx.ledger.conn
    ours = exists().where(and_(fr.sha256 == sha, fr.entity == "upload",
                               fr.id == ctx.user.department_code))
    linked = exists().where(and_(fr.sha256 == sha, fr.entity == "inspection_part",
                                 fr.id == part_id))
    stored = conn.execute(select(db.files.c.sha256).where(db.files.c.sha256 == sha)).first()
    if stored is None or not conn.execute(select(ours | linked)).scalar():
        raise ApiError(422, "inspection.photo_missing", sha256=sha)
    if not conn.execute(select(linked)).scalar():
        conn.execute(db.file_refs.insert().values(sha256=sha, entity="inspection_part",
                                                  id=part_id))


# --- a department leaves the case ---------------------------------------------------------


def hand_over(ctx: Ctx, case_code: str, leaving: str, receiving: str) -> None:
    """``leaving``'s review went to ``receiving``: so does its place in the open inspections.

    Called by ``task.transfer`` once ``leaving`` has no live task on the case
    (:func:`backoffice.domain.inspection_hand_over.hand_over` says what changes). The
    receiver gets a part of its own, with the departed department's
    checklist, and every record of the inspection. The applicant hears
    only of what changes for them: a time dropped, or one now confirmed —
    in time for the notice (8.4.3), as the last confirmation is held to it;
    one it would tell too late is dropped instead, never told.
    """
    team = _inspectors_of(ctx, leaving)
    parts = {s.id: s.body for s in ctx.ledger.of_case(case_code, "inspection_part")}
    notices = 0
    for stored in ctx.ledger.of_case(case_code, "inspection"):
        inspection: m.Inspection = _domain(stored.body)
        own = [_domain(b) for b in parts.values() if b.get("inspection_id") == inspection.id]
        held = _told(ctx, inspection)[0]
        handed = inspection_hand_over.hand_over(
            inspection, leaving, receiving, leaving_team=team, parts=own,
            in_time=partial(told_in_time, now=ctx.now, calendar=ctx.calendar, held=held))
        if handed == inspection:
            continue
        if handed.departments != inspection.departments:
            handed = replace(handed, originals=_originals(ctx, handed))  # the receiver's too
        _put(ctx, "inspection", handed, handed.departments, old=stored.body)
        mine = di.part_id(inspection.id, receiving)
        if mine not in parts:
            theirs = parts.get(di.part_id(inspection.id, leaving), {})
            lines = tuple(di.ChecklistLine(str(x["item"])) for x in theirs.get("lines", ()))
            _put(ctx, "inspection_part",
                 di.InspectionPart(mine, inspection.id, case_code, receiving, lines=lines),
                 handed.departments, department_code=receiving)
        _share_all(ctx, handed)
        if _tell_applicant(ctx, inspection, handed, _DEPARTMENTS_CHANGED, n=notices + 1):
            notices += 1


def _inspectors_of(ctx: Ctx, department: str) -> set[str]:
    u = db.users.c
    rows = ctx.ledger.conn.execute(select(u.username, u.roles).where(
        u.department_code == department))
    return {row.username for row in rows if "inspector" in str(row.roles).split()}


# --- the applicant's notice ---------------------------------------------------------------


def _names(ctx: Ctx, codes: tuple[str, ...]) -> dict[str, str]:
    """The departments' names as the ledger has them (a code it does not know, as it is)."""
    out = {}
    for code in codes:
        found = ctx.ledger.get("department", code)
        out[code] = str(found.body["name"]) if found is not None else code
    return out


# Why a time told is off, in the applicant's words: a department's own
# reason for declining is the departments' business.
_MOVED = "勘察时间调整"
_CANNOT_COME = "参加勘察的部门无法按原定时间到场"
_DEPARTMENTS_CHANGED = "参加勘察的部门有变"


def _told(ctx: Ctx, inspection: m.Inspection) -> tuple[Told | None, bool]:
    """The time the applicant holds for ``inspection``, and whether it is on record."""
    t = db.inspection_told.c
    row = ctx.ledger.conn.execute(select(t.starts_at, t.ends_at).where(
        t.inspection_id == inspection.id)).first()
    if row is not None:
        return (dt.datetime.fromisoformat(row.starts_at),
                dt.datetime.fromisoformat(row.ends_at)), True
    return held_slot(inspection), False


def _keep_told(ctx: Ctx, inspection_id: str, told: Told | None) -> None:
    t = db.inspection_told
    ctx.ledger.conn.execute(t.delete().where(t.c.inspection_id == inspection_id))
    if told is not None:
        ctx.ledger.conn.execute(t.insert().values(
            inspection_id=inspection_id, starts_at=told[0].isoformat(),
            ends_at=told[1].isoformat()))


def _tell_applicant(ctx: Ctx, before: m.Inspection, after: m.Inspection, why: str, *,
                    n: int = 0) -> bool:
    """Keep what the applicant was told true as ``before`` becomes ``after``; True if told.

    Newly confirmed: the appointment (8.4.3). The time told no longer held —
    moved, dropped or cancelled, whatever the status since: called off, once,
    with ``why``. The time told still held (proposed again at it): nothing yet.
    """
    told, on_record = _told(ctx, before)
    slot = (after.starts_at, after.ends_at)
    if (after.status == InspectionStatus.CONFIRMED
            and before.status != InspectionStatus.CONFIRMED):
        assert after.starts_at is not None and after.ends_at is not None
        text = di.appointment_text(after, _names(ctx, after.departments))
        _keep_told(ctx, after.id, (after.starts_at, after.ends_at))
        if slot == told and _last_appointment(ctx, after.case_code) == text:
            # Confirmed again as they hold it, word for word (a stand-in at the same
            # time): a second, identical message would only puzzle them.
            return False
    elif told is not None and (after.status == InspectionStatus.CANCELLED or slot != told):
        text = _dropped_text(after.case_code, told[0], why,
                             again=after.status != InspectionStatus.CANCELLED)
        _keep_told(ctx, after.id, None)
    else:
        if told is not None and not on_record:
            _keep_told(ctx, after.id, told)  # told before the platform kept count
        return False
    _notify(ctx, after, text, n=n)
    return True


def _last_appointment(ctx: Ctx, case_code: str) -> str | None:
    """The text of the latest inspection message the case's applicant was sent."""
    sent = [s.body for s in ctx.ledger.of_case(case_code, "notification")
            if s.body.get("kind") == "inspection_appointment"]
    return str(sent[-1]["text"]) if sent else None


def _dropped_text(case_code: str, starts_at: dt.datetime, reason: str, *, again: bool) -> str:
    text = f"办件 {case_code}：原定于{di.said_time(starts_at)}的现场勘察取消（{reason}）"
    return text + ("，新的时间确定后另行通知。" if again else "。")


def _notify(ctx: Ctx, inspection: m.Inspection, text: str, *, n: int = 0) -> None:
    """Sent by the organiser through the platform (SMS), on the case for every department.

    ``n`` tells apart the notices of one command (a transfer may hand over
    several inspections).
    """
    if len(text) > r.MAX_NOTIFICATION:
        text = text[: r.MAX_NOTIFICATION - 1] + "…"
    record = r.NotificationRecord(
        id=f"notification-{ctx.command.id}" + (f"-{n}" if n else ""),
        case_code=inspection.case_code,
        department_code=inspection.lead_department, channel="sms",
        kind="inspection_appointment", text=text, sent_at=ctx.now, author=ctx.user.username)
    ctx.put("notification", record.model_dump(mode="json"),
            department_code=inspection.lead_department)


KINDS: dict[str, Kind] = {
    # Adds a request beside the case: no base version, like a comment.
    "inspection.request": Kind("case", request, requester, checks_base=False),
    "inspection.propose": Kind("inspection", plan, organiser),
    "inspection.reschedule": Kind("inspection", plan, organiser),
    "inspection.cancel": Kind("inspection", cancel, organiser),
    "inspection.confirm": Kind("inspection", answer, participant, checks_base=False),
    "inspection.decline": Kind("inspection", answer, participant, checks_base=False),
    "inspection.record_part": Kind("inspection_part", record_part, own_part),
}
