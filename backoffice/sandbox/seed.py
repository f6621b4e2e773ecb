"""Persist a generated demo data set (``backoffice sandbox seed``).

Takes the generator's output (:mod:`backoffice.sandbox.demo`, described by
the :class:`DemoDataLike` protocol so this module does not depend on how it
is built) and writes it in bulk: one executemany per table and chunk, seqs
assigned in memory, the counter set once. Seeding replaces the database
(new epoch: every client's cursor becomes ``cursor.expired``).

Deadlines the generator left empty are computed here, as the platform
would: the case's with its special procedures and approved extensions, each
task's step deadline clamped to it.

The materials' files are registered too (:func:`~.recipes.register_demo_files`:
sizes and who may read them, drawn on request), so every file the feed lists
is served: a database seeded without them answered 404 for each.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import Engine, update

from backoffice.api import convert
from backoffice.api.v1 import CatalogEntryRecord, MaterialSpecRecord, StepSpecRecord
from backoffice.domain import model as m
from backoffice.domain.calendar import PublishedCalendar, WorkCalendar
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.sandbox import db, security, timing
from backoffice.sandbox.ledger import LIVE_TASK, live_departments
from backoffice.sandbox.recipes import register_demo_files

_CHUNK = 5000


class DemoUserLike(Protocol):
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def department_code(self) -> str: ...
    @property
    def roles(self) -> tuple[str, ...]: ...


class DemoDataLike(Protocol):
    @property
    def departments(self) -> Sequence[m.Department]: ...
    @property
    def users(self) -> Sequence[DemoUserLike]: ...
    @property
    def catalog(self) -> Sequence[Any]: ...
    @property
    def cases(self) -> Sequence[m.Case]: ...
    @property
    def tasks(self) -> Sequence[m.ReviewTask]: ...
    @property
    def materials(self) -> Sequence[m.Material]: ...
    @property
    def deferred(self) -> Sequence[m.DeferredMaterial]: ...
    @property
    def correction_notices(self) -> Sequence[m.CorrectionNotice]: ...
    @property
    def special_procedures(self) -> Sequence[m.SpecialProcedure]: ...
    @property
    def extensions(self) -> Sequence[m.Extension]: ...
    @property
    def decisions(self) -> Sequence[m.Decision]: ...
    @property
    def calendar_years(self) -> Sequence[Mapping[str, Any]]: ...
    @property
    def inspections(self) -> Any: ...  # DemoInspections: inspections, requests, parts
    @property
    def files(self) -> Mapping[str, bytes]: ...  # the materials' files by SHA-256


def _entry_body(entry: Any) -> dict[str, Any]:
    """A catalog entry (``CatalogEntry``) as its wire JSON, validated.

    Only the contract's fields are taken: the generator's own (an entry's
    ``applicants``, ``industry``, ``refusal``, its kinds of special procedure)
    drive the demo cases and are not part of the catalog the platform serves.
    """
    def plain(obj: Any, model: type[BaseModel]) -> dict[str, Any]:
        return {k: getattr(obj, k) for k in model.model_fields if hasattr(obj, k)}
    bundle = entry.bundle
    record = CatalogEntryRecord.model_validate({
        "item": convert.to_wire(entry.item),
        "departments": [plain(d, StepSpecRecord) for d in entry.departments],
        "legal_basis": entry.legal_basis, "checklist": list(entry.checklist),
        "materials": [plain(x, MaterialSpecRecord) for x in entry.materials],
        "bundle": None if bundle is None else str(getattr(bundle, "name", bundle))})
    return record.model_dump(mode="json")


class _Rows:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def add(self, obj: Any, *, department: str | None = None, **extra: Any) -> None:
        body = convert.to_wire(obj, **extra)
        body["version"] = max(1, int(body.get("version", 0)))  # stored records start at 1
        entity = body["entity"]
        global_ = entity in ("department", "service_item")
        key = body["code"] if global_ else body["case_code"] if entity == "case" else body["id"]
        seq = len(self.records) + 1
        self.records.append({
            "entity": entity, "id": key, "case_code": None if global_ else body["case_code"],
            "department_code": department, "version": body["version"], "seq": seq,
            "body": json.dumps(body, ensure_ascii=False)})


def _by_case(items: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        out[item.case_code].append(item)
    return out


def seed(engine: Engine, data: DemoDataLike, *, password: str | None = None,
         today: dt.date | None = None) -> dict[str, str]:
    """Replace the database's content with ``data``; returns ``{user: password}``."""
    db.reset(engine)
    today = today or dt.date.today()
    calendar = WorkCalendar.standard(PublishedCalendar.from_data(data.calendar_years))
    rows = _Rows()
    for dept in data.departments:
        rows.add(dept)
    for entry in data.catalog:
        rows.add(entry.item)
    tasks, procs, exts = _by_case(data.tasks), _by_case(data.special_procedures), \
        _by_case(data.extensions)
    notices = _by_case(data.correction_notices)
    scope: list[dict[str, str]] = []
    for case in data.cases:
        # What stops the clock, as the platform reads it later (timing.stopping_records):
        # special procedures, and notices while the applicant has them.
        p_bodies = [convert.to_wire(p) for p in (*procs.get(case.case_code, []),
                                                 *notices.get(case.case_code, []))]
        e_bodies = [convert.to_wire(e) for e in exts.get(case.case_code, [])]
        body = convert.to_wire(case)
        due = timing.case_due(body, p_bodies, e_bodies, calendar, today)
        case_tasks = tasks.get(case.case_code, [])
        task_bodies = [convert.to_wire(t) for t in case_tasks]
        withdrawn = case.status == CaseStatus.WITHDRAWN
        depts = {case.lead_department} if withdrawn else live_departments(
            case.lead_department, task_bodies)
        rows.add(case, due_date=case.platform_due_date or due, clock_stopped=due.clock_stopped,
                 departments=[] if withdrawn else sorted(
                     {t["department_code"] for t in task_bodies
                      if TaskStatus(t["status"]) in LIVE_TASK}))
        scope += [{"case_code": case.case_code, "department_code": d} for d in sorted(depts)]
        for task in case_tasks:
            step = task.step_due_date or timing.task_due(
                body, convert.to_wire(task), case.platform_due_date or due, p_bodies, calendar,
                today)
            rows.add(task, department=task.department_code, step_due_date=step, view="full")
    for material in data.materials:
        rows.add(material, department=material.department_code)
    for deferred in data.deferred:
        rows.add(deferred)
    for notice in data.correction_notices:
        rows.add(notice, second_notice_reason="")
    for proc in data.special_procedures:
        rows.add(proc)
    for ext in data.extensions:
        rows.add(ext, status="approved", requested_by=ext.approved_by,
                 requested_on=ext.approved_on)
    for decision in data.decisions:
        rows.add(decision, department=decision.department_code)
    audience: list[dict[str, str]] = []
    joint = data.inspections
    for inspection in joint.inspections:
        rows.add(inspection)
        audience += [{"entity": "inspection", "id": inspection.id, "department_code": d}
                     for d in inspection.departments]
        ours = [(e, x) for e, group in (("inspection_request", joint.requests),
                                        ("inspection_part", joint.parts))
                for x in group if x.inspection_id == inspection.id]
        for entity, item in ours:
            rows.add(item, department=item.department_code)
            audience += [{"entity": entity, "id": item.id, "department_code": d}
                         for d in inspection.departments]
    passwords = {u.username: password or secrets.token_urlsafe(9) for u in data.users}
    if password:
        # One shared demo password: one salted hash for every account (the
        # accounts share the secret anyway), not hundreds of 50 ms scrypt runs.
        hashes = [security.hash_password(password)] * len(data.users)
    else:
        with ThreadPoolExecutor(max_workers=4) as pool:  # scrypt releases the GIL
            hashes = list(pool.map(security.hash_password, passwords.values()))
    with engine.begin() as conn:
        for table, values in (
            (db.records, rows.records), (db.case_departments, scope),
            (db.record_audience, audience),
            (db.users, [{"username": u.username, "display_name": u.display_name,
                         "department_code": u.department_code, "roles": " ".join(u.roles),
                         "password_hash": h} for u, h in zip(data.users, hashes, strict=True)]),
            (db.catalog_entries, [{"code": e.item.code, "body": json.dumps(
                _entry_body(e), ensure_ascii=False)} for e in data.catalog]),
            (db.calendar_years, [{"year": int(y["year"]), "body": json.dumps(
                {"year": y["year"], "holidays": [str(d) for d in y.get("holidays", ())],
                 "working_days": [str(d) for d in y.get("working_days", ())]})}
                for y in data.calendar_years]),
        ):
            for start in range(0, len(values), _CHUNK):
                conn.execute(table.insert(), values[start:start + _CHUNK])
        conn.execute(update(db.meta).where(db.meta.c.key == db.SEQ_KEY)
                     .values(value=str(len(rows.records))))
    # The materials name their files: a platform that lists them answers for them too.
    register_demo_files(engine, data)
    return passwords
