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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, select

from backoffice.api import convert
from backoffice.domain import clock as domain_clock
from backoffice.domain import model as m
from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import (
    db,
    decisions,
    inspections,
    recipes,
    review,
    signing_service,
    timing,
)
from backoffice.sandbox.auth import Auth
from backoffice.sandbox.commands import CommandService
from backoffice.sandbox.files import DEMO_MEDIA_TYPE, FileStore
from backoffice.sandbox.janitor import Janitor
from backoffice.sandbox.ledger import LIVE_TASK, Body, Ledger, Stored, live_departments, stored
from backoffice.sandbox.pki import SandboxPki

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
        self.janitor = Janitor(engine, self._timestamp, self.lock,
                               FileStore.for_engine(engine).blob_dir)
        self.janitor.sweep()  # start-up: what a killed server left behind
        self.auth = Auth(engine, self._timestamp, self.lock, self.janitor.maybe_sweep)
        kinds = {**review.KINDS, **inspections.KINDS}
        # The decision desk: the platform's PKI (made on first use), its files,
        # the decision commands and the signing service.
        self.files = signing_service.PlatformFiles(engine, self.now)
        self.pki = SandboxPki(signing_service.pki_folder(engine), self._departments)
        kinds.update(decisions.DecisionKinds(self.pki, self.files.read, self.files.store).kinds())
        self.signing = signing_service.SigningService(engine, self.lock, self.pki, self.now,
                                                      self.today, self.files.store,
                                                      calendar=self.calendar)
        self.commands = CommandService(engine, self.lock, kinds, self.today, self.calendar,
                                       self.now)

    def _departments(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(db.records.c.id, db.records.c.body).where(
                db.records.c.entity == "department")).all()
        return [(r.id, str(json.loads(r.body).get("name", r.id))) for r in rows]

    def _timestamp(self) -> float:
        return self.clock().timestamp()  # self.clock looked up each time: tests replace it

    def now(self) -> dt.datetime:
        return self.clock()

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

    def accept_case(self, case: m.Case, tasks: Sequence[m.ReviewTask],
                    materials: Sequence[m.Material],
                    deferred: Sequence[m.DeferredMaterial] = (),
                    files: Mapping[str, bytes] | None = None) -> None:
        """The one-window desk accepted ``case`` and routed it: every record a new change.

        Deadlines the case leaves empty are computed as at seeding; the case is
        seen by its lead department and every department with a live task.
        ``files``: the bytes behind the materials' ``file_sha256`` (stored and
        linked to the materials, so whoever sees a material can download it).
        """
        today = self.today()
        with self.lock, self.engine.begin() as conn:
            ledger = Ledger(conn)
            if ledger.get("case", case.case_code) is not None:
                raise ValueError(f"case {case.case_code} exists")
            body = convert.to_wire(case)
            due = timing.case_due(body, [], [], self.calendar, today)
            task_bodies = [convert.to_wire(t) for t in tasks]
            case_body = ledger.put("case", convert.to_wire(
                case, due_date=case.platform_due_date or due, clock_stopped=due.clock_stopped,
                departments=sorted({t["department_code"] for t in task_bodies
                                    if TaskStatus(t["status"]) in LIVE_TASK})))
            for task in tasks:
                step = task.step_due_date or timing.task_due(
                    case_body, convert.to_wire(task), case.platform_due_date or due, [],
                    self.calendar, today)
                ledger.put("review_task", convert.to_wire(task, step_due_date=step, view="full"),
                           department_code=task.department_code)
            for material in materials:
                ledger.put("material", convert.to_wire(material),
                           department_code=material.department_code)
            for item in deferred:
                ledger.put("deferred_material", convert.to_wire(item))
            ledger.set_case_departments(case.case_code,
                                        live_departments(case.lead_department, task_bodies))
            if files:
                self._store_files(conn, materials, files)

    def _store_files(self, conn: Any, materials: Sequence[m.Material],
                     files: Mapping[str, bytes]) -> None:
        store = FileStore.for_engine(self.engine)
        known = set(conn.execute(select(db.files.c.sha256)
                                 .where(db.files.c.sha256.in_(list(files)))).scalars())
        for sha, content in files.items():
            store.write(sha, content)
            if sha not in known:
                conn.execute(db.files.insert().values(
                    sha256=sha, size=len(content), media_type=DEMO_MEDIA_TYPE, content=None,
                    created_at=int(self.clock().timestamp())))
                known.add(sha)
        refs = [{"sha256": x.file_sha256, "entity": "material", "id": x.id}
                for x in materials if x.file_sha256 in files]
        if refs:
            conn.execute(db.file_refs.insert(), refs)

    def answer_correction(self, case_code: str) -> None:
        """The applicant supplied what the issued notice asked for.

        The notice is answered today; every task waiting for the applicant, and
        the case, go back to review through the state machines
        (``receive_correction``), and the deadlines move on by the applicant's
        time, which is not the department's (``timing.suspensions``).
        Each material the notice named comes in again: a new file (a page marked
        补正件 with today's date) and its checks back to pending, since nobody has
        looked at the new one yet. The old file stays readable to the department
        (a client may still be fetching it).
        """
        from backoffice.sandbox.demo.files import Recipe  # Pillow: only when it is needed

        today, store = self.today(), FileStore.for_engine(self.engine)
        with self.lock, self.engine.begin() as conn:
            ledger = Ledger(conn)
            case = _must(ledger.get("case", case_code))
            notices = [n for n in ledger.of_case(case_code, "correction_notice")
                       if n.body["status"] == m.CorrectionNoticeStatus.ISSUED.value]
            if not notices:
                raise KeyError("no issued correction notice")
            asked: set[tuple[str, str]] = set()
            for notice in notices:
                body = {**notice.body, "status": m.CorrectionNoticeStatus.ANSWERED.value,
                        "answered_on": today.isoformat()}
                _domain(body)  # still a valid notice
                ledger.put("correction_notice", body)
                asked |= {(str(i["material_name"]), str(i["department_code"]))
                          for i in notice.body.get("items", [])}
            for task in ledger.of_case(case_code, "review_task"):
                if task.body["status"] == TaskStatus.AWAITING_APPLICANT.value:
                    ledger.put("review_task", _acted(task.body, "receive_correction"),
                               department_code=task.department_code)
            if case.body["status"] == CaseStatus.AWAITING_APPLICANT.value:
                ledger.put("case", _acted(case.body, "receive_correction"))
            applicant = str(case.body["applicant"]["name"])
            for material in ledger.of_case(case_code, "material"):
                if (material.body["name"], material.department_code) not in asked:
                    continue
                sha = recipes.add_page(
                    conn, Recipe(str(material.body["name"]), case_code, applicant, today),
                    write=store.write, created_at=int(self.clock().timestamp()))
                _link(conn, sha, material.id)
                checks = [{"check": c["check"], "verdict": "pending", "note": ""}
                          for c in material.body.get("checks", [])]
                ledger.put("material", {**material.body, "file_sha256": sha, "checks": checks},
                           department_code=material.department_code)
            self._refresh_deadlines(ledger, case_code, today)

    def end_procedure(self, procedure_id: str) -> None:
        """A running special procedure ended today: the clock runs again, deadlines move."""
        today = self.today()
        with self.lock, self.engine.begin() as conn:
            ledger = Ledger(conn)
            proc = _must(ledger.get("special_procedure", procedure_id))
            if proc.body.get("ended_on"):
                raise ValueError(f"procedure {procedure_id} is not running")
            ledger.put("special_procedure", {**proc.body, "ended_on": today.isoformat()})
            code = str(proc.case_code)
            case = _must(ledger.get("case", code))
            if case.body["status"] == CaseStatus.SUSPENDED.value:
                case.body = ledger.put("case", _acted(case.body, "resume"))
            for task in ledger.of_case(code, "review_task"):
                if task.body["status"] == TaskStatus.SUSPENDED.value:
                    ledger.put("review_task", _acted(task.body, "resume"),
                               department_code=task.department_code)
            self._refresh_deadlines(ledger, code, today)

    def _refresh_deadlines(self, ledger: Ledger, case_code: str, today: dt.date) -> None:
        case = _must(ledger.get("case", case_code))
        procs = timing.stopping_records(ledger, case_code)
        exts = [s.body for s in ledger.of_case(case_code, "extension")]
        due = timing.case_due(case.body, procs, exts, self.calendar, today)
        if case.body.get("due_date") != due.isoformat() or \
                case.body.get("clock_stopped") != due.clock_stopped:
            case.body = ledger.put("case", {**case.body, "due_date": due.isoformat(),
                                            "clock_stopped": due.clock_stopped})
        for task in ledger.of_case(case_code, "review_task"):
            step = timing.task_due(case.body, task.body, due, procs, self.calendar, today)
            if task.body.get("step_due_date") != step.isoformat():
                ledger.put("review_task", {**task.body, "step_due_date": step.isoformat()},
                           department_code=task.department_code)

    # --- what the live desk looks at ---------------------------------------------

    def issued_notices(self) -> list[str]:
        """Codes of the cases with a correction notice out to the applicant, sorted."""
        return sorted({str(s.case_code) for s in self._records("correction_notice", "issued")
                       if s.body.get("status") == m.CorrectionNoticeStatus.ISSUED.value})

    def running_procedures(self) -> list[str]:
        """Ids of the special procedures that have not ended, sorted."""
        return sorted(s.id for s in self._records("special_procedure")
                      if not s.body.get("ended_on"))

    def last_serial(self, prefix: str) -> int:
        """The highest serial of the case codes ``<prefix>NNNNNN`` (0 when none)."""
        r = db.records.c
        with self.engine.connect() as conn:
            ids = conn.execute(select(r.id).where(
                r.entity == "case", r.id.like(f"{prefix}%"))).scalars().all()
        return max((int(i[len(prefix):]) for i in ids if i[len(prefix):].isdigit()), default=0)

    def _records(self, entity: str, hint: str | None = None) -> list[Stored]:
        r = db.records.c
        stmt = select(db.records).where(r.entity == entity)
        if hint is not None:
            stmt = stmt.where(r.body.like(f"%{hint}%"))
        with self.engine.connect() as conn:
            return [stored(row) for row in conn.execute(stmt.order_by(r.seq))]

    def record(self, entity: str, id: str) -> Stored | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(db.records).where(
                db.records.c.entity == entity, db.records.c.id == id)).first()
        return stored(row) if row is not None else None


def _domain(body: Body) -> Any:
    return convert.to_domain(convert.parse_record(body))


def _acted(body: Body, action: str) -> Body:
    """``body`` after the domain state machine's ``action``."""
    return {**body, **convert.to_wire(_domain(body).apply(action))}


def _link(conn: Any, sha: str, material_id: str) -> None:
    """Whoever sees the material may download the file."""
    ref = {"sha256": sha, "entity": "material", "id": material_id}
    if conn.execute(select(db.file_refs.c.sha256).where(
            *(db.file_refs.c[k] == v for k, v in ref.items()))).first() is None:
        conn.execute(db.file_refs.insert().values(**ref))


def _must(stored: Stored | None) -> Stored:
    if stored is None:
        raise KeyError("no such record")
    return stored
