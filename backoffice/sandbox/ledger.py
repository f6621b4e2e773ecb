"""Reading and writing records inside one write transaction, keeping scope.

Scope (who sees what) is data: ``case_departments`` lists the departments
that may see a case — the lead department and every department with a live
review task on it. A department sees a case's records, *its own* materials,
and the other departments' tasks in reduced form (:func:`view`). Global
records (departments, service items) are seen by everyone.

Every write goes through :meth:`Ledger.put`, which bumps the record's
version and gives it a new seq, so the change feed sees it. When the set of
departments of a case changes (:meth:`Ledger.set_case_departments`), the
departments that left get ``left_scope`` events for everything they could
see, and the case's records get new seqs so a department that joined
receives them on its next pull (they were older than its cursor).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from backoffice.domain.states import TaskStatus
from backoffice.sandbox import db

Body = dict[str, Any]

LIVE_TASK = frozenset(
    {TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT,
     TaskStatus.SUSPENDED, TaskStatus.OPINION_GIVEN}
)


@dataclass(slots=True)
class Stored:
    entity: str
    id: str
    case_code: str | None
    department_code: str | None
    version: int
    body: Body


# Seen by the departments of their audience only (``db.record_audience``):
# a joint inspection's records go to its participants, not to every
# department of the case.
AUDIENCE_ENTITIES = ("inspection", "inspection_request", "inspection_part")


def visible(department: str) -> ColumnElement[bool]:
    """SQL condition: ``records`` rows the department may see."""
    r, cd, ra = db.records.c, db.case_departments.c, db.record_audience.c
    in_case = exists().where(and_(cd.case_code == r.case_code, cd.department_code == department))
    audience = exists().where(and_(ra.entity == r.entity, ra.id == r.id,
                                   ra.department_code == department))
    return or_(
        r.case_code.is_(None),
        and_(in_case, or_(r.entity != "material", r.department_code == department),
             or_(r.entity.notin_(AUDIENCE_ENTITIES), audience)),
    )


def view(entity: str, body: Body, department: str) -> Body:
    """The record as ``department`` sees it: other departments' tasks reduced."""
    if entity != "review_task" or body.get("department_code") == department:
        return body
    published = body.get("status") == TaskStatus.OPINION_GIVEN.value
    return {**body, "assignee": None, "opinion": body.get("opinion", "") if published else "",
            "view": "reduced"}


def can_see(stored: Stored, department: str, case_departments: Iterable[str],
            audience: Iterable[str] | None = None) -> bool:
    """``audience``: who the record's audience rows name (for :data:`AUDIENCE_ENTITIES`)."""
    if stored.case_code is None:
        return True
    if department not in set(case_departments):
        return False
    if stored.entity in AUDIENCE_ENTITIES and department not in set(audience or ()):
        return False
    return stored.entity != "material" or stored.department_code == department


def key_of(entity: str, body: Body) -> str:
    if entity in ("department", "service_item"):
        return str(body["code"])
    if entity == "case":
        return str(body["case_code"])
    return str(body["id"])


def stored(row: Any) -> Stored:
    m = row._mapping
    return Stored(m["entity"], m["id"], m["case_code"], m["department_code"], m["version"],
                  json.loads(m["body"]))


class Ledger:
    """Record access for one write transaction (the caller holds the write lock)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.touched: list[Stored] = []  # written in this transaction, in order
        self.last_seq = 0

    def get(self, entity: str, id: str) -> Stored | None:
        row = self.conn.execute(select(db.records).where(
            db.records.c.entity == entity, db.records.c.id == id)).first()
        return stored(row) if row is not None else None

    def of_case(self, case_code: str, entity: str | None = None) -> list[Stored]:
        stmt = select(db.records).where(db.records.c.case_code == case_code)
        if entity is not None:
            stmt = stmt.where(db.records.c.entity == entity)
        return [stored(row) for row in self.conn.execute(stmt.order_by(db.records.c.seq))]

    def case_departments(self, case_code: str) -> set[str]:
        cd = db.case_departments.c
        return set(self.conn.execute(
            select(cd.department_code).where(cd.case_code == case_code)).scalars())

    def audience(self, entity: str, id: str) -> set[str]:
        ra = db.record_audience.c
        return set(self.conn.execute(select(ra.department_code).where(
            ra.entity == entity, ra.id == id)).scalars())

    def share(self, entity: str, id: str, departments: Iterable[str]) -> None:
        """Let ``departments`` see a record of :data:`AUDIENCE_ENTITIES` too.

        A department that joins gets the record on its next pull: it takes a
        new seq (same version), as when a department joins a case.
        """
        joined = set(departments) - self.audience(entity, id)
        if not joined:
            return
        self.conn.execute(db.record_audience.insert(), [
            {"entity": entity, "id": id, "department_code": d} for d in sorted(joined)])
        seq = db.allocate_seqs(self.conn, 1)
        self.conn.execute(update(db.records).where(
            db.records.c.entity == entity, db.records.c.id == id).values(seq=seq))
        self.last_seq = seq

    def put(self, entity: str, body: Body, *, department_code: str | None = None) -> Body:
        """Create or update a record: version + 1, a new seq. Returns the stored body."""
        id = key_of(entity, body)
        case_code = None if entity in ("department", "service_item") else (
            str(body["case_code"]))
        current = self.get(entity, id)
        version = (current.version if current is not None else 0) + 1
        body = {**body, "version": version}
        seq = db.allocate_seqs(self.conn, 1)
        values = {"case_code": case_code, "department_code": department_code,
                  "version": version, "seq": seq, "body": json.dumps(body, ensure_ascii=False)}
        if current is None:
            self.conn.execute(db.records.insert().values(entity=entity, id=id, **values))
        else:
            self.conn.execute(update(db.records).where(
                db.records.c.entity == entity, db.records.c.id == id).values(**values))
            moved_from = current.department_code
            if entity == "material" and moved_from and moved_from != department_code:
                self._left(moved_from, [current])
        stored = Stored(entity, id, case_code, department_code, version, body)
        self.touched.append(stored)
        self.last_seq = seq
        return body

    def _left(self, department: str, gone: list[Stored]) -> None:
        if not gone:
            return
        first = db.allocate_seqs(self.conn, len(gone))
        self.conn.execute(db.changes.insert(), [
            {"seq": first + i, "entity": s.entity, "id": s.id, "version": s.version,
             "kind": "left_scope", "department_code": department}
            for i, s in enumerate(gone)
        ])

    def set_case_departments(self, case_code: str, departments: set[str]) -> None:
        """Change who sees the case; emit left_scope and re-send as needed."""
        before = self.case_departments(case_code)
        left, joined = before - departments, departments - before
        if not left and not joined:
            return
        everything = self.of_case(case_code)
        cd = db.case_departments.c
        ra = db.record_audience.c
        audiences: dict[tuple[str, str], set[str]] = {}
        for entity, id, dept in self.conn.execute(
                select(ra.entity, ra.id, ra.department_code).where(
                    ra.entity.in_(AUDIENCE_ENTITIES),
                    ra.id.in_([s.id for s in everything if s.entity in AUDIENCE_ENTITIES]))):
            audiences.setdefault((entity, id), set()).add(dept)
        for dept in sorted(left):
            self._left(dept, [s for s in everything
                              if can_see(s, dept, before, audiences.get((s.entity, s.id)))])
            self.conn.execute(delete(db.case_departments).where(
                cd.case_code == case_code, cd.department_code == dept))
        if joined:
            self.conn.execute(db.case_departments.insert(), [
                {"case_code": case_code, "department_code": d} for d in sorted(joined)])
            # New seqs (same versions): the joining department's cursor is past them.
            first = db.allocate_seqs(self.conn, len(everything))
            for i, s in enumerate(everything):
                self.conn.execute(update(db.records).where(
                    db.records.c.entity == s.entity, db.records.c.id == s.id
                ).values(seq=first + i))


def live_departments(lead: str, tasks: Iterable[Body]) -> set[str]:
    """Who sees a case: the lead and every department with a live task."""
    return {lead} | {str(t["department_code"]) for t in tasks
                     if TaskStatus(t["status"]) in LIVE_TASK}
