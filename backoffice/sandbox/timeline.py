"""``GET /api/v1/cases/{case_code}/timeline``: a case's history, from its records.

The sandbox keeps each record's current state, not a history, so the
timeline lists only what the records can tell:

- ``accepted`` at the case's ``accepted_at``; ``routed`` (no date) once the
  case has left ``accepted``;
- per review task, by its current state (no date: the platform keeps no
  time of task changes): ``task_claimed`` (a task that was claimed),
  ``opinion_given``, ``task_transferred``; the assignee is named only for
  the caller's own department's tasks (scope: other tasks are reduced);
- correction notices: ``correction_notice_issued`` on ``issued_on``,
  ``correction_notice_answered`` (no date) when answered;
- special procedures: ``suspended`` on ``started_on``, ``resumed`` on
  ``ended_on``; extensions: ``extension_requested`` / ``extension_approved``
  on their days;
- ``notification_sent`` at each notification's ``sent_at`` (its text as
  the summary); ``decision`` on a decision's ``decided_on``.

Order: dated events by time (a day-only event counts as the start of that
day, in Asia/Shanghai), then the undated ones in the order above.
Scoped like the feed: a department that may not see the case gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from backoffice.api import v1
from backoffice.domain.states import CaseStatus, TaskStatus
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


def timeline(conn: Connection, case_code: str, department: str) -> v1.Timeline:
    cd = db.case_departments.c
    seen = conn.execute(select(cd.department_code).where(
        cd.case_code == case_code, cd.department_code == department)).first()
    if seen is None:
        raise ApiError(404, "not_found", entity="case", id=case_code)
    r = db.records.c
    rows = [stored(row) for row in conn.execute(
        select(db.records).where((r.case_code == case_code) | (
            (r.entity == "case") & (r.id == case_code))).order_by(r.seq))]
    dated: list[v1.TimelineEvent] = []
    undated: list[v1.TimelineEvent] = []

    def add(kind: str, s: Stored, *, at: dt.datetime | None = None, day: dt.date | None = None,
            department_code: str | None = None, actor: str | None = None,
            summary: str = "") -> None:
        event = v1.TimelineEvent.model_validate({
            "kind": kind, "at": at, "day": day, "department_code": department_code,
            "actor": actor, "entity": s.entity, "id": s.id, "summary": summary})
        (dated if at is not None or day is not None else undated).append(event)

    for s in rows:
        b = s.body
        if s.entity == "case":
            add("accepted", s, at=dt.datetime.fromisoformat(str(b["accepted_at"])),
                department_code=str(b["lead_department"]))
            if b["status"] not in (CaseStatus.ACCEPTED.value,):
                add("routed", s, department_code=str(b["lead_department"]))
    for s in rows:
        b = s.body
        if s.entity == "review_task":
            own = s.department_code == department
            actor = b.get("assignee") if own else None
            if b["status"] in _CLAIMED:
                add("task_claimed", s, department_code=s.department_code, actor=actor)
            if b["status"] == TaskStatus.OPINION_GIVEN.value:
                add("opinion_given", s, department_code=s.department_code, actor=actor,
                    summary=str(b.get("opinion", "")))
            if b["status"] == TaskStatus.TRANSFERRED.value:
                add("task_transferred", s, department_code=s.department_code)
        elif s.entity == "correction_notice":
            issued = _day(b.get("issued_on"))
            if issued is not None:
                add("correction_notice_issued", s, day=issued)
            if b.get("status") == "answered":
                add("correction_notice_answered", s)
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

    def when(e: v1.TimelineEvent) -> dt.datetime:
        if e.at is not None:
            return e.at if e.at.tzinfo else e.at.replace(tzinfo=TZ)
        assert e.day is not None
        return dt.datetime.combine(e.day, dt.time(0), TZ)

    dated.sort(key=when)  # stable: same-time events keep the order above
    return v1.Timeline(case_code=case_code, events=dated + undated)
