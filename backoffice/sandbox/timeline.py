"""``GET /api/v1/cases/{case_code}/timeline``: a case's history, from its records.

The sandbox keeps each record's current state, not a history, so the
timeline lists what the records can tell, plus the times of the review
commands the platform applied:

- ``accepted`` at the case's ``accepted_at``; ``routed`` (no date) once the
  case has left ``accepted``;
- per review task, ``task_claimed``, ``opinion_given`` and ``task_transferred``
  at the platform's time of each applied ``task.claim``, ``task.give_opinion``
  and ``task.transfer`` (``command_results.applied_at``) — a task claimed,
  released and claimed again has two claims. A task whose state says more
  than its commands (seeded data, a database older than those times) gets
  the missing event undated. The assignee or author is named only for the
  caller's own department's tasks, and another department's opinion text
  only while it is published (the task is ``opinion_given``, latest opinion);
- correction notices: ``correction_notice_issued`` on ``issued_on``,
  ``correction_notice_answered`` on ``answered_on`` (no date for a notice
  answered before the platform kept that day);
- special procedures: ``suspended`` on ``started_on``, ``resumed`` on
  ``ended_on``; extensions: ``extension_requested`` / ``extension_approved``
  on their days;
- ``notification_sent`` at each notification's ``sent_at`` (its text as
  the summary); ``decision`` on a decision's ``decided_on``;
- joint site inspections, only for their participating departments (the
  scope of the inspection's records): ``inspection_requested`` at each
  request's ``requested_at`` (department, reason); ``inspection_proposed``,
  ``inspection_rescheduled`` (the reason), ``inspection_declined`` (the
  department's reason), ``inspection_confirmed`` (the last confirmation) and
  ``inspection_cancelled`` (the reason) at the platform's time of the
  applied command; ``inspection_recorded`` (the joint result) at the time of
  the last part's applied ``inspection.record_part``. Seeded inspections with
  no applied commands get what their state says, undated.

Order: dated events by time, then the undated ones in the order above. A
day-only event comes after its day's timed events (at the end of that day,
in Asia/Shanghai) unless the platform applied the command that made it that
day — a notice issued, a procedure begun or ended, an extension asked or
approved — then at that command's time (``backoffice.domain.timeline_order``,
the client's rule too). Events at the same time (a batch pushed at once)
come in the order of the platform's changes, a day-only change before the
notification its command sent. Scoped like the feed: a department
that may not see the case gets 404.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, select

from backoffice.api import v1
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.domain.timeline_order import sort_moment
from backoffice.sandbox import db
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.freebusy import TZ
from backoffice.sandbox.ledger import Stored, stored

_CLAIMED = {TaskStatus.IN_REVIEW.value, TaskStatus.AWAITING_APPLICANT.value,
            TaskStatus.SUSPENDED.value, TaskStatus.OPINION_GIVEN.value}


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


_EVENT_OF = {"task.claim": "task_claimed", "task.give_opinion": "opinion_given",
             "task.transfer": "task_transferred"}

# (event kind, platform time, actor, opinion text, change seq) of a task's applied commands.
Done = tuple[str, dt.datetime, str | None, str, int]


def _task_history(conn: Connection, task_ids: list[str]) -> dict[str, list[Done]]:
    cr = db.command_results.c
    found: dict[str, list[Done]] = {}
    for start in range(0, len(task_ids), 500):
        targets = [f"review_task:{i}" for i in task_ids[start:start + 500]]
        for row in conn.execute(select(cr.target, cr.kind, cr.author, cr.applied_at, cr.result,
                                       cr.seq)
                                .where(cr.status == "applied", cr.kind.in_(list(_EVENT_OF)),
                                       cr.applied_at.is_not(None), cr.target.in_(targets))
                                .order_by(cr.seq)):
            record = json.loads(row.result).get("record") or {}
            kind = _EVENT_OF[row.kind]
            actor = record.get("assignee") if kind == "task_claimed" else row.author
            text = str(record.get("opinion", "")) if kind == "opinion_given" else ""
            found.setdefault(row.target.split(":", 1)[1], []).append(
                (kind, dt.datetime.fromisoformat(row.applied_at), actor, text, row.seq or 0))
    return found


# The day-only events a command makes: its applied time is the event's real time.
_DAY_EVENT = {"correction_notice.issue": "correction_notice_issued", "case.suspend": "suspended",
              "special_procedure.end": "resumed", "extension.request": "extension_requested",
              "extension.approve": "extension_approved"}


Made = tuple[dt.datetime, int]  # a command's platform time and change seq


def _day_changes(conn: Connection, rows: list[Stored]) -> dict[tuple[str, str], Made]:
    """(event kind, record id) → when the platform applied the command that made it."""
    entities = ("case", "correction_notice", "special_procedure", "extension")
    targets = [f"{s.entity}:{s.id}" for s in rows if s.entity in entities]
    found: dict[tuple[str, str], Made] = {}
    for row in _applied(conn, targets, list(_DAY_EVENT)):
        record = json.loads(row.result).get("record") or {}
        found.setdefault((_DAY_EVENT[row.kind], str(record.get("id", ""))),
                         (dt.datetime.fromisoformat(row.applied_at), row.seq or 0))
    return found


_INSPECTION_EVENT = {"inspection.propose": "inspection_proposed",
                     "inspection.reschedule": "inspection_rescheduled",
                     "inspection.decline": "inspection_declined",
                     "inspection.confirm": "inspection_confirmed",
                     "inspection.cancel": "inspection_cancelled"}
_SEVERITY = ("fail", "pass_with_corrections", "pass")


def _slot_text(record: dict[str, Any]) -> str:
    try:
        start = dt.datetime.fromisoformat(str(record["starts_at"])).astimezone(TZ)
        end = dt.datetime.fromisoformat(str(record["ends_at"])).astimezone(TZ)
    except (KeyError, TypeError, ValueError):
        return ""
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _applied(conn: Connection, targets: list[str], kinds: list[str]) -> list[Any]:
    cr = db.command_results.c
    if not targets:
        return []
    return list(conn.execute(
        select(cr.target, cr.kind, cr.author, cr.applied_at, cr.result, cr.command_id, cr.seq)
        .where(cr.status == "applied", cr.kind.in_(kinds), cr.applied_at.is_not(None),
               cr.target.in_(targets)).order_by(cr.seq)))


def _inspection_events(conn: Connection, s: Stored, parts: list[Stored],
                       add: Any) -> None:
    """The joint inspection's history: the applied commands, else what its state says."""
    b = s.body
    seen: set[str] = set()
    for row in _applied(conn, [f"inspection:{s.id}"], list(_INSPECTION_EVENT)):
        record = json.loads(row.result).get("record") or {}
        kind = _INSPECTION_EVENT[row.kind]
        if kind == "inspection_confirmed" and record.get("status") != "confirmed":
            continue  # one department's confirmation; the inspection is confirmed by the last
        summary = {"inspection_proposed": _slot_text(record),
                   "inspection_rescheduled": " ".join(
                       t for t in (_slot_text(record), str(record.get("reason", ""))) if t),
                   "inspection_confirmed": _slot_text(record),
                   "inspection_cancelled": str(record.get("reason", ""))}.get(kind, "")
        department = s.department_code
        if kind == "inspection_declined":
            mine = next((a for a in record.get("answers", ()) if a.get("by") == row.author
                         and a.get("answer") == "declined"), None)
            department = mine.get("department_code") if mine else None
            summary = str(mine.get("reason", "")) if mine else ""
        seen.add(kind)
        add(kind, s, at=dt.datetime.fromisoformat(row.applied_at), department_code=department,
            actor=row.author, summary=summary, seq=row.seq)
    status = str(b.get("status", ""))
    planned = status in ("proposed", "confirmed", "recorded")
    if planned and not seen & {"inspection_proposed", "inspection_rescheduled"}:
        add("inspection_proposed", s, department_code=s.department_code, summary=_slot_text(b))
    if status in ("confirmed", "recorded") and "inspection_confirmed" not in seen:
        add("inspection_confirmed", s, department_code=s.department_code, summary=_slot_text(b))
    if status == "cancelled" and "inspection_cancelled" not in seen:
        add("inspection_cancelled", s, department_code=s.department_code,
            summary=str(b.get("reason", "")))
    if status == "recorded":
        results = [str(p.body.get("result") or "") for p in parts]
        joint = next((r for r in _SEVERITY if r in results), "")
        saved = _applied(conn, [f"inspection_part:{p.id}" for p in parts],
                         ["inspection.record_part"])
        last = max(saved, key=lambda r: r.seq or 0, default=None)
        add("inspection_recorded", s, department_code=s.department_code, summary=joint,
            at=dt.datetime.fromisoformat(last.applied_at) if last else None,
            seq=last.seq if last else None)


def timeline(conn: Connection, case_code: str, department: str) -> v1.Timeline:
    cd = db.case_departments.c
    seen = conn.execute(select(cd.department_code).where(
        cd.case_code == case_code, cd.department_code == department)).first()
    if seen is None:
        raise ApiError(404, "not_found", entity="case", id=case_code)
    r = db.records.c
    found = list(conn.execute(
        select(db.records).where((r.case_code == case_code) | (
            (r.entity == "case") & (r.id == case_code))).order_by(r.seq)))
    rows = [stored(row) for row in found]
    seqs = {(row.entity, row.id): int(row.seq) for row in found}
    dated: list[tuple[tuple[dt.datetime, int, bool], v1.TimelineEvent]] = []
    undated: list[v1.TimelineEvent] = []
    changed = _day_changes(conn, rows)

    def add(kind: str, s: Stored, *, at: dt.datetime | None = None, day: dt.date | None = None,
            department_code: str | None = None, actor: str | None = None,
            summary: str = "", seq: int | None = None) -> None:
        """``seq``: the change of the command that made the event, else its record's."""
        event = v1.TimelineEvent.model_validate({
            "kind": kind, "at": at, "day": day, "department_code": department_code,
            "actor": actor, "entity": s.entity, "id": s.id, "summary": summary})
        if at is None and day is None:
            undated.append(event)
            return
        known, seq = changed.get((kind, s.id), (None, seq))
        order = seq if seq is not None else seqs[(s.entity, s.id)]
        # At one moment and change, the day-only change before the notification it sent.
        dated.append(((sort_moment(at, day, known), order, at is not None), event))

    for s in rows:
        b = s.body
        if s.entity == "case":
            add("accepted", s, at=dt.datetime.fromisoformat(str(b["accepted_at"])),
                department_code=str(b["lead_department"]), seq=0)
            if b["status"] not in (CaseStatus.ACCEPTED.value,):
                add("routed", s, department_code=str(b["lead_department"]))
    history = _task_history(conn, [s.id for s in rows if s.entity == "review_task"])
    # A joint inspection's events go to its participants only, like its records.
    inspecting = {s.id: tuple(s.body.get("departments", ())) for s in rows
                  if s.entity == "inspection"}
    for s in rows:
        b = s.body
        if s.entity == "review_task":
            own = s.department_code == department
            done = history.get(s.id, [])
            # Another department reads an opinion only while it is the published one.
            shown = max((i for i, (kind, *_) in enumerate(done) if kind == "opinion_given"),
                        default=-1) if b["status"] == TaskStatus.OPINION_GIVEN.value else -1
            for i, (kind, at, actor, text, seq) in enumerate(done):
                add(kind, s, at=at, department_code=s.department_code,
                    actor=actor if own else None, summary=text if own or i == shown else "",
                    seq=seq)
            kinds = {kind for kind, *_ in done}
            actor = b.get("assignee") if own else None
            if b["status"] in _CLAIMED and "task_claimed" not in kinds:
                add("task_claimed", s, department_code=s.department_code, actor=actor)
            if b["status"] == TaskStatus.OPINION_GIVEN.value and "opinion_given" not in kinds:
                add("opinion_given", s, department_code=s.department_code, actor=actor,
                    summary=str(b.get("opinion", "")))
            if b["status"] == TaskStatus.TRANSFERRED.value and "task_transferred" not in kinds:
                add("task_transferred", s, department_code=s.department_code)
        elif s.entity == "correction_notice":
            issued = _day(b.get("issued_on"))
            if issued is not None:
                add("correction_notice_issued", s, day=issued)
            if b.get("status") == "answered":
                # Undated only for a notice answered before the day was kept.
                add("correction_notice_answered", s, day=_day(b.get("answered_on")))
        elif s.entity == "special_procedure":
            add("suspended", s, day=_day(b["started_on"]), summary=str(b["kind"]))
            if b.get("ended_on"):
                add("resumed", s, day=_day(b["ended_on"]), summary=str(b["kind"]))
        elif s.entity == "extension":
            requested = _day(b.get("requested_on"))
            if requested is not None or b.get("status") == "requested":
                add("extension_requested", s, day=requested, actor=b.get("requested_by") or None,
                    summary=str(b.get("reason", "")))
            if b.get("status") == "approved":
                add("extension_approved", s, day=_day(b.get("approved_on")),
                    actor=b.get("approved_by") or None, summary=str(b.get("reason", "")))
        elif s.entity == "notification":
            add("notification_sent", s, at=dt.datetime.fromisoformat(str(b["sent_at"])),
                department_code=s.department_code, actor=str(b["author"]),
                summary=str(b["text"]))
        elif s.entity == "decision" and _day(b.get("decided_on")) is not None:
            add("decision", s, day=_day(b.get("decided_on")),
                department_code=s.department_code, summary=str(b["kind"]))
        elif s.entity == "inspection_request" and department in inspecting.get(
                str(b.get("inspection_id", "")), ()):
            asked = b.get("requested_at")
            add("inspection_requested", s,
                at=dt.datetime.fromisoformat(str(asked)) if asked else None,
                department_code=str(b.get("department_code", "")) or None,
                actor=str(b.get("requested_by", "")) or None, summary=str(b.get("reason", "")))
        elif s.entity == "inspection" and department in inspecting.get(s.id, ()):
            _inspection_events(conn, s, [p for p in rows if p.entity == "inspection_part"
                                         and p.body.get("inspection_id") == s.id], add)

    dated.sort(key=lambda pair: pair[0])  # stable: same-time events keep the order above
    return v1.Timeline(case_code=case_code, events=[e for _, e in dated] + undated)
