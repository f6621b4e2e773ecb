"""The sandbox platform's state and what happens on it outside the API.

One :class:`Platform` per served database: the engine, the write lock, the
clock, the work calendar, sign-in and command services. Events that come
from the applicant or the one-window desk rather than from a back office
(withdrawal, a supplied correction) are methods here, called by tests and
by ``--live``.

Writes are serialized by one process-wide lock: SQLite allows one writer
anyway, and taking the lock before the transaction avoids SQLite's
``SQLITE_BUSY_SNAPSHOT`` for deferred transactions that start writing late.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable

from sqlalchemy import Engine, select

from backoffice.domain import clock as domain_clock
from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db, review
from backoffice.sandbox.auth import Auth
from backoffice.sandbox.commands import CommandService
from backoffice.sandbox.ledger import Ledger, Stored, stored

Clock = Callable[[], dt.datetime]


def _system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Platform:
    def __init__(self, engine: Engine, *, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or _system_clock
        self.lock = threading.Lock()
        db.create_schema(engine)
        self.calendar = WorkCalendar.standard(self._published_calendar())
        self.auth = Auth(engine, lambda: self.clock().timestamp(), self.lock)
        self.commands = CommandService(engine, self.lock, review.KINDS, self.today,
                                       self.calendar)

    def today(self) -> dt.date:
        return domain_clock.today(self.clock())

    def _published_calendar(self) -> PublishedCalendar:
        with self.engine.connect() as conn:
            bodies = conn.execute(select(db.calendar_years.c.body)).scalars().all()
        return PublishedCalendar.from_data(json.loads(b) for b in bodies)

    # --- events from outside the back office ------------------------------------

    def withdraw_case(self, case_code: str) -> None:
        """The applicant withdrew: tasks withdrawn; only the lead department keeps the case."""
        with self.lock, self.engine.begin() as conn:
            ledger = Ledger(conn)
            case = _must(ledger.get("case", case_code))
            for task in ledger.of_case(case_code, "review_task"):
                if TaskStatus(task.body["status"]) not in (TaskStatus.TRANSFERRED,
                                                           TaskStatus.WITHDRAWN):
                    ledger.put("review_task", {**task.body, "status": TaskStatus.WITHDRAWN.value},
                               department_code=task.department_code)
            lead = str(case.body["lead_department"])
            ledger.put("case", {**case.body, "status": CaseStatus.WITHDRAWN.value,
                                "departments": []})
            ledger.set_case_departments(case_code, {lead})

    def record(self, entity: str, id: str) -> Stored | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(db.records).where(
                db.records.c.entity == entity, db.records.c.id == id)).first()
        return stored(row) if row is not None else None


def _must(stored: Stored | None) -> Stored:
    if stored is None:
        raise KeyError("no such record")
    return stored
