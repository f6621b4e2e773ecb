"""Seeded data walked on for practice: a decision submitted for its department's seal.

The demo data (:mod:`backoffice.sandbox.demo`) is a snapshot of cases at
every stage, drawn at random: whether one department of a small data set has
a decision waiting for its signer is chance, and a trainee signer with an
empty desk has nothing to practise. Training mode (``ui/training.py``)
therefore walks one case of the trainee's department on after seeding, as
its people would and through the platform's own commands (so every rule the
back offices meet holds for it too): each department's reviewer claims its
task, records a verdict on each check of its materials that has none (the
opinion waits for them, 9.5.1) and gives its opinion, then a reviewer of the
lead drafts the grant and submits it for sealing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Engine, select

from backoffice.api.v1 import COMMAND_FORMAT, CommandIn
from backoffice.domain.clock import shanghai_tz
from backoffice.domain.model import CorrectionNoticeStatus, InspectionStatus, Verdict
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db
from backoffice.sandbox.auth import User
from backoffice.sandbox.demo.texts import GRANT_OPINIONS, GRANT_REASONS
from backoffice.sandbox.ledger import Ledger, Stored
from backoffice.sandbox.platform import Clock, Platform

_log = logging.getLogger("backoffice.sandbox.practice")

# Cases already deciding need only the decision; the others are walked there first.
_ORDER = (CaseStatus.DECIDING, CaseStatus.IN_REVIEW, CaseStatus.ROUTED)
# A task in one of these states cannot give its opinion now: the case is left alone.
_WAITING = frozenset({TaskStatus.AWAITING_APPLICANT, TaskStatus.SUSPENDED})
_OPEN_NOTICE = frozenset({CorrectionNoticeStatus.DRAFT.value, CorrectionNoticeStatus.ISSUED.value})
_INSPECTED = frozenset({InspectionStatus.RECORDED.value, InspectionStatus.CANCELLED.value})


class _Refused(Exception):
    pass


def submit_for_sealing(engine: Engine, department: str, legal_bases: Mapping[str, str], *,
                       avoid: Collection[str] = (), author_not: str = "",
                       untouched: bool = True, clock: Clock | None = None) -> str | None:
    """Walk a case led by ``department`` until its decision is submitted for sealing.

    ``legal_bases``: service item code → its legal basis (the decision quotes
    it). ``avoid``: case codes left as they are (the trainee's own review to
    practise). ``author_not``: a reviewer who does not draft it when a
    colleague can (the trainee finds it submitted by someone else).
    ``untouched``: whether a case nobody has acted on yet (``routed``) may be
    walked — not when the trainee's own one is not known. Returns
    the case's code, or None if one waits already or no case of the
    department could get there. ``clock``: the platform's (default the system's).
    """
    platform = Platform(engine, clock=clock)
    if _waiting(engine, department):
        return None
    users = _users(engine)
    today = platform.today()
    statuses = _ORDER if untouched else _ORDER[:-1]
    for case in _candidates(engine, department, avoid, today, statuses):
        try:
            _walk(platform, users, case, department, legal_bases, author_not)
        except _Refused as exc:
            _log.info("case %s not walked to a submitted decision: %s", case.id, exc)
            continue
        return case.id
    _log.warning("no case of %s could be walked to a submitted decision", department)
    return None


def _waiting(engine: Engine, department: str) -> bool:
    """Whether a decision of ``department`` waits for its seal already."""
    with engine.connect() as conn:
        bodies = conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "decision",
            db.records.c.department_code == department)).scalars().all()
    return any(json.loads(b).get("status") == "submitted" for b in bodies)


def _users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(select(db.users.c.username, db.users.c.display_name,
                                   db.users.c.department_code, db.users.c.roles)
                            .order_by(db.users.c.username)).all()
    return [User(r.username, r.display_name, r.department_code, tuple(r.roles.split()))
            for r in rows]


def _candidates(engine: Engine, department: str, avoid: Collection[str], today: dt.date,
                statuses: tuple[CaseStatus, ...]) -> list[Stored]:
    """The department's cases that may get there, the ones nearest to it first.

    Not one that has a decision past a draft already, nor an overdue one (its
    decision would need a reason for the delay, which is not the practice here).
    """
    with engine.connect() as conn:
        ledger = Ledger(conn)
        rows = conn.execute(select(db.records.c.id).where(
            db.records.c.entity == "case").order_by(db.records.c.id)).scalars().all()
        found = []
        for code in rows:
            case = ledger.get("case", code)
            if case is None or code in avoid or case.body["lead_department"] != department:
                continue
            status = CaseStatus(case.body["status"])
            due = case.body.get("due_date")
            decided = any(d.body["status"] != "draft" for d in ledger.of_case(code, "decision"))
            if status in statuses and not decided and (due is None or
                                                      dt.date.fromisoformat(due) >= today):
                found.append(case)
    return sorted(found, key=lambda c: _ORDER.index(CaseStatus(c.body["status"])))


def _walk(platform: Platform, users: list[User], case: Stored, department: str,
          legal_bases: Mapping[str, str], author_not: str) -> None:
    code = case.id
    tasks = _records(platform, code, "review_task")
    if any(TaskStatus(t.body["status"]) in _WAITING for t in tasks):
        raise _Refused("a department waits for the applicant or a special procedure")
    if author_not and any(t.body.get("assignee") == author_not for t in tasks):
        raise _Refused("the trainee holds a task of it: theirs to finish")
    # What would stop the decision is found before anyone acts, so that a case
    # not walked is left as it was (decision.open_corrections, inspection_unfinished).
    if any(n.body["status"] in _OPEN_NOTICE for n in _records(platform, code, "correction_notice")):
        raise _Refused("a correction notice is open")
    if any(i.body["status"] not in _INSPECTED for i in _records(platform, code, "inspection")):
        raise _Refused("a site inspection is not finished")
    for n, task in enumerate(tasks):
        status = TaskStatus(task.body["status"])
        if status == TaskStatus.UNCLAIMED:
            reviewer = _reviewer(users, str(task.department_code), author_not)
            _run(platform, reviewer, "task.claim", "review_task", task.id, {})
            status = TaskStatus.IN_REVIEW
        else:
            reviewer = next((u for u in users if u.username == task.body.get("assignee")),
                            _reviewer(users, str(task.department_code), author_not))
        if status == TaskStatus.IN_REVIEW:
            _pass_checks(platform, reviewer, code, str(task.department_code))
            _run(platform, reviewer, "task.give_opinion", "review_task", task.id,
                 {"opinion": GRANT_OPINIONS[n % len(GRANT_OPINIONS)]})
    drafter = _reviewer(users, department, author_not)
    draft = next((d for d in _records(platform, code, "decision")
                  if d.body["department_code"] == department), None)
    if draft is not None:
        _run(platform, drafter, "decision.submit", "decision", draft.id, {})
        return
    departments = {t.department_code for t in tasks
                   if TaskStatus(t.body["status"]) != TaskStatus.TRANSFERRED}
    _run(platform, drafter, "decision.draft", "case", code, {
        "kind": "grant", "reasons": GRANT_REASONS[0],
        "legal_basis": legal_bases.get(str(case.body["service_item_code"]), ""),
        "joint": len(departments) > 1, "submit": True})


def _pass_checks(platform: Platform, reviewer: User, case_code: str, department: str) -> None:
    """The department's checks without a verdict passed: the walk ends in a grant.

    A verdict given already stays, a failed one too (its opinion may rest on it).
    """
    for material in _records(platform, case_code, "material"):
        if material.department_code != department:
            continue
        for check in material.body.get("checks", ()):
            if check["verdict"] == Verdict.PENDING.value:
                _run(platform, reviewer, "material.verdict", "material", material.id,
                     {"check": check["check"], "verdict": Verdict.PASS.value})


def _reviewer(users: list[User], department: str, not_this: str) -> User:
    reviewers = [u for u in users if u.department_code == department and "reviewer" in u.roles]
    if not reviewers:
        raise _Refused(f"{department} has no reviewer")
    return next((u for u in reviewers if u.username != not_this), reviewers[0])


def _records(platform: Platform, case_code: str, entity: str) -> list[Stored]:
    with platform.engine.connect() as conn:
        return sorted(Ledger(conn).of_case(case_code, entity), key=lambda s: s.id)


def _run(platform: Platform, user: User, kind: str, entity: str, entity_id: str,
         payload: dict[str, Any]) -> None:
    with platform.engine.connect() as conn:
        current = Ledger(conn).get(entity, entity_id)
    command = CommandIn(
        id=uuid.uuid4(), kind=kind, format_version=COMMAND_FORMAT, author=user.username,
        entity=entity, entity_id=entity_id, base_version=current.version if current else 0,
        payload=payload, created_at=platform.now().astimezone(shanghai_tz()))
    result = platform.commands.run(user, command)
    if result["status"] != "applied":
        raise _Refused(f"{kind} on {entity_id}: {result.get('error') or result['status']}")
