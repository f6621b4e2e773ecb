"""Deadline columns: the engine's estimate next to the platform's date, in SQL.

The platform's deadline is authoritative when it sent one; the engine's is
the offline estimate, and a difference must be visible (issue 2,
``deadlines.reconcile``). The inbox sorts and filters 200,000 tasks by
deadline in SQL, so the results live in columns (``schema.CASE_DEADLINE_COLUMNS``,
``schema.TASK_DEADLINE_COLUMNS``), computed from the *effective* rows (the
values in :mod:`.deadline_values`, the reading and writing here):

* a case's ``estimated_due_date`` is ``due_date(accepted date in Shanghai,
  promised_days, suspensions=the special procedures that have ended and the
  answered correction notices' days with the applicant)``, then
  ``extended`` by the approved extensions (only the first counts); ``due_date`` is the platform's date
  when present, else the estimate; ``due_date_differs`` when both exist and
  disagree (while a stop runs: when the platform's is the earlier,
  ``deadline_values.disputed``); ``due_date_provisional`` when the effective
  date, the estimate or the platform's, counted a year only the fallback
  calendar covers;
* a task's ``estimated_step_due_date`` is ``step_due_date`` from the same
  acceptance day and suspensions, capped by the case's effective date;
  ``step_due`` is the platform's ``step_due_date`` else the estimate; and
  ``case_due_date`` copies the case's ``due_date``, so sorting the inbox by
  case deadline needs no join.

**A running suspension is not stored as a date.** Projected through a
running special procedure, or a correction notice the applicant still has,
the deadline moves on every working day the stop lasts, so a stored
projection would be wrong tomorrow. The stored estimate ignores the running
stop and ``clock_stopped`` says one is running (and began on or before the
deadline, as ``deadline_status`` decides); :meth:`backoffice.store.cases.CaseRepository.deadline` computes
the exact answer for one case on a given day.

**When.** :class:`DeadlineKeeper` runs inside the writing transaction: a
case or task row gets its columns before it is written (``derive``); after
a case, special procedure or extension is written or deleted, the case and
its tasks are recomputed (``changed``); a correction notice's write too,
since its days with the applicant stop the clock
(``domain.corrections.correction_suspension``). ``refresh_all`` recomputes every row:
after migration 0002 (which leaves the ``STALE_KEY`` marker) and when the
calendar changes (a calendar published by the platform, a newer
``chinesecalendar``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import String, bindparam, func, select, update
from sqlalchemy.orm import Session

from backoffice.domain import clock
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.commands import REVIEW_TASK
from backoffice.domain.corrections import correction_suspension
from backoffice.domain.model import CorrectionNoticeStatus, ExtensionStatus, Suspension
from backoffice.store.deadline_values import (
    CaseBase,
    CaseClock,
    case_values,
    suspension_or_none,
    task_values,
)
from backoffice.store.repositories import chunks
from backoffice.store.schema import (
    CASE_DEADLINE_COLUMNS,
    TASK_DEADLINE_COLUMNS,
    CaseRow,
    CorrectionNoticeRow,
    ExtensionRow,
    ReviewTaskRow,
    SpecialProcedureRow,
    table_of,
)

# sync_state key: every deadline column must be recomputed (set by migration 0002).
STALE_KEY: Final = "store.deadlines_stale"
# The fingerprint of the work calendar every stored estimate was computed with
# (``Store.set_calendar`` skips the recompute when it has not changed).
CALENDAR_KEY: Final = "store.deadlines_calendar"

CASE: Final = "case"
CORRECTION_NOTICE: Final = "correction_notice"
SPECIAL_PROCEDURE: Final = "special_procedure"
EXTENSION: Final = "extension"

# What :meth:`DeadlineKeeper.derive` reads of a row of each kind (the rest of
# a row it leaves alone): a snapshot's bulk write hands it just these.
DERIVE_INPUTS: Final[dict[str, tuple[str, ...]]] = {
    CASE: ("case_code", "accepted_at", "promised_days", "platform_due_date"),
    REVIEW_TASK: ("case_code", "step_days", "step_due_date"),
}
# The columns it fills.
DERIVED_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    CASE: CASE_DEADLINE_COLUMNS,
    REVIEW_TASK: TASK_DEADLINE_COLUMNS,
}

_cases = table_of(CaseRow)
_tasks = table_of(ReviewTaskRow)
_procedures = table_of(SpecialProcedureRow)
_notices = table_of(CorrectionNoticeRow)
# Only these notices stop a clock (a draft was not sent to the applicant).
_TOLD = (CorrectionNoticeStatus.ISSUED.value, CorrectionNoticeStatus.ANSWERED.value)
_extensions = table_of(ExtensionRow)


class DeadlineKeeper:
    """Keeps the deadline columns of one unit of work's writes up to date."""

    def __init__(self, session: Session, calendar: WorkCalendar) -> None:
        self.session = session
        self.calendar = calendar

    # ---- hooks called by the repositories ---------------------------------------

    def derive(self, kind: str, rows: list[dict[str, Any]]) -> None:
        """Fill the derived columns of rows about to be written (reads :data:`DERIVE_INPUTS`)."""
        if kind == CASE:
            clocks = self.clocks_of_rows(rows)
            for row in rows:
                row.update(case_values(clocks[row["case_code"]], self.calendar))
        elif kind == REVIEW_TASK:
            bases = self._bases({r["case_code"] for r in rows})
            for row in rows:
                base = bases.get(row["case_code"])
                row.update(task_values(base, row["step_days"], row["step_due_date"], self.calendar))

    def changed(self, kind: str, case_codes: Iterable[str]) -> None:
        """After a write or delete: recompute what depends on these cases."""
        if kind == CASE:
            self.refresh_tasks(case_codes)
        elif kind in (SPECIAL_PROCEDURE, CORRECTION_NOTICE, EXTENSION):
            self.refresh_cases(case_codes)

    # ---- recomputing stored rows ------------------------------------------------

    def refresh_all(self) -> None:
        """Every case's and task's columns (a new calendar; the end of a first pull).

        What :meth:`refresh_cases` does, with the inputs read once rather than
        per chunk of cases: all special procedures and extensions in one query
        each, and each task's case from the values just computed.
        """
        suspensions = self._suspensions(None)
        extensions = self._extensions(None)
        codes = list(self.session.scalars(select(_cases.c.case_code).order_by(_cases.c.case_code)))
        bases: dict[str, CaseBase] = {}
        for part in chunks(codes):
            updates = []
            for row in self.session.execute(
                select(
                    _cases.c.case_code,
                    _cases.c.accepted_at,
                    _cases.c.promised_days,
                    _cases.c.platform_due_date,
                    *(_cases.c[c] for c in CASE_DEADLINE_COLUMNS),
                ).where(_one_of(_cases.c.case_code, part))
            ).mappings():
                code = row["case_code"]
                case = CaseClock(
                    accepted=clock.to_shanghai_date(row["accepted_at"]),
                    promised_days=row["promised_days"],
                    platform_due=row["platform_due_date"],
                    suspensions=suspensions.get(code, ()),
                    extensions=extensions.get(code, ()),
                )
                values = case_values(case, self.calendar)
                if _differs(row, values):
                    updates.append((code, values))
                bases[code] = CaseBase(case.accepted, values["due_date"], case.ended)
            _update(self.session, _cases, _cases.c.case_code, CASE_DEADLINE_COLUMNS, updates)
        for part in chunks(codes):
            self._refresh_task_rows(part, bases)

    def refresh_cases(self, case_codes: Iterable[str]) -> None:
        """Recompute the cases' columns (then their tasks'), writing only changes."""
        codes = sorted(set(case_codes))
        for part in chunks(codes):
            rows = [
                dict(r)
                for r in self.session.execute(
                    select(
                        _cases.c.case_code,
                        _cases.c.accepted_at,
                        _cases.c.promised_days,
                        _cases.c.platform_due_date,
                        *(_cases.c[c] for c in CASE_DEADLINE_COLUMNS),
                    ).where(_one_of(_cases.c.case_code, part))
                ).mappings()
            ]
            clocks = self.clocks_of_rows(rows)
            updates = [
                (row["case_code"], values)
                for row in rows
                if _differs(row, values := case_values(clocks[row["case_code"]], self.calendar))
            ]
            _update(self.session, _cases, _cases.c.case_code, CASE_DEADLINE_COLUMNS, updates)
        self.refresh_tasks(codes)

    def refresh_tasks(self, case_codes: Iterable[str]) -> None:
        """Recompute the columns of these cases' tasks, writing only changes."""
        codes = sorted(set(case_codes))
        for part in chunks(codes):
            self._refresh_task_rows(part, self._bases(part))

    def _refresh_task_rows(self, part: Sequence[str], bases: Mapping[str, CaseBase]) -> None:
        """The columns of the tasks of cases ``part``, from their cases' ``bases``."""
        updates = [
            (row["id"], values)
            for row in self.session.execute(
                select(
                    _tasks.c.id,
                    _tasks.c.case_code,
                    _tasks.c.step_days,
                    _tasks.c.step_due_date,
                    *(_tasks.c[c] for c in TASK_DEADLINE_COLUMNS),
                ).where(_one_of(_tasks.c.case_code, part))
            ).mappings()
            if _differs(
                row,
                values := task_values(
                    bases.get(row["case_code"]),
                    row["step_days"],
                    row["step_due_date"],
                    self.calendar,
                ),
            )
        ]
        _update(self.session, _tasks, _tasks.c.id, TASK_DEADLINE_COLUMNS, updates)

    # ---- reading what deadlines depend on ---------------------------------------

    def case_clock(self, case_code: str) -> CaseClock | None:
        return self.case_clocks([case_code]).get(case_code)

    def case_clocks(self, case_codes: Iterable[str]) -> dict[str, CaseClock]:
        """The clocks of the cases the store holds among ``case_codes``.

        A few statements per 500 cases, not four per case: a list of a
        thousand cases asked one by one took a minute (the efficiency figures).
        """
        found: dict[str, CaseClock] = {}
        for part in chunks(sorted(set(case_codes))):
            rows = (
                self.session.execute(
                    select(
                        _cases.c.case_code,
                        _cases.c.accepted_at,
                        _cases.c.promised_days,
                        _cases.c.platform_due_date,
                    ).where(_one_of(_cases.c.case_code, part))
                )
                .mappings()
                .all()
            )
            found.update(self.clocks_of_rows(rows))
        return found

    def clocks_of_rows(self, rows: Sequence[Mapping[Any, Any]]) -> dict[str, CaseClock]:
        """Case rows (with accepted_at, promised_days, platform_due_date) → clocks."""
        codes = [r["case_code"] for r in rows]
        suspensions = self._suspensions(codes)
        extensions = self._extensions(codes)
        return {
            r["case_code"]: CaseClock(
                accepted=clock.to_shanghai_date(r["accepted_at"]),
                promised_days=r["promised_days"],
                platform_due=r["platform_due_date"],
                suspensions=suspensions.get(r["case_code"], ()),
                extensions=extensions.get(r["case_code"], ()),
            )
            for r in rows
        }

    def _bases(self, case_codes: Iterable[str]) -> dict[str, CaseBase]:
        codes = sorted(set(case_codes))
        suspensions = self._suspensions(codes)
        out: dict[str, CaseBase] = {}
        for part in chunks(codes):
            for code, accepted_at, due in self.session.execute(
                select(_cases.c.case_code, _cases.c.accepted_at, _cases.c.due_date).where(
                    _one_of(_cases.c.case_code, part)
                )
            ):
                ended = tuple(s for s in suspensions.get(code, ()) if not s.running)
                out[code] = CaseBase(clock.to_shanghai_date(accepted_at), due, ended)
        return out

    def _suspensions(self, codes: Sequence[str] | None) -> dict[str, tuple[Suspension, ...]]:
        """Per case (``None``: every case), in order: special procedures, then notices.

        The order only has to be the same for the same stops (the estimates'
        cache is keyed by them); the engine merges and sorts them itself.
        """
        found: dict[str, list[Suspension]] = defaultdict(list)
        for part in _parts(codes):
            stmt = (
                select(_procedures.c.case_code, _procedures.c.started_on, _procedures.c.ended_on)
                .where(*_within(_procedures.c.case_code, part))
                .order_by(_procedures.c.case_code, _procedures.c.started_on, _procedures.c.id)
            )
            for code, started, ended in self.session.execute(stmt):
                suspension = suspension_or_none(started, ended)
                if suspension is not None:
                    found[code].append(suspension)
            notices = (
                select(_notices.c.case_code, _notices.c.status, _notices.c.issued_on,
                       _notices.c.answered_on)
                .where(_notices.c.status.in_(_TOLD), *_within(_notices.c.case_code, part))
                .order_by(_notices.c.case_code, _notices.c.issued_on, _notices.c.id)
            )
            for code, status, issued, answered in self.session.execute(notices):
                suspension = correction_suspension(status, issued, answered)
                if suspension is not None:
                    found[code].append(suspension)
        return {code: tuple(items) for code, items in found.items()}

    def _extensions(self, codes: Sequence[str] | None) -> dict[str, tuple[int, ...]]:
        """Per case (``None``: every case), in approval order; approved ones only."""
        found: dict[str, list[int]] = defaultdict(list)
        for part in _parts(codes):
            stmt = (
                select(_extensions.c.case_code, _extensions.c.working_days)
                .where(*_within(_extensions.c.case_code, part),
                       _extensions.c.status == ExtensionStatus.APPROVED.value)
                .order_by(_extensions.c.case_code, _extensions.c.approved_on, _extensions.c.id)
            )
            for code, days in self.session.execute(stmt):
                found[code].append(days)
        return {code: tuple(items) for code, items in found.items()}


def _parts(codes: Sequence[str] | None) -> Iterable[Sequence[str] | None]:
    return [None] if codes is None else chunks(codes)


def _within(column: Any, part: Sequence[str] | None) -> list[Any]:
    return [] if part is None else [_one_of(column, part)]


def _one_of(column: Any, part: Sequence[str]) -> Any:
    """``column IN part``, the values bound as one JSON array.

    ``column.in_(part)`` builds a bound parameter per value and expands them
    into the SQL again at every execution: for the chunks of 500 codes a
    first pull asks about some 400 times, that cost more than the queries.
    One parameter keeps the statement SQLAlchemy's cache already holds.
    """
    values = func.json_each(bindparam(None, json.dumps(list(part)), type_=String))
    return column.in_(select(values.table_valued("value").c.value))


def _differs(row: Mapping[Any, Any], values: Mapping[str, Any]) -> bool:
    return any(row[name] != value for name, value in values.items())


def _update(
    session: Session,
    table: Any,
    key: Any,
    columns: Sequence[str],
    changes: list[tuple[str, dict[str, Any]]],
) -> None:
    """One executemany UPDATE by primary key of only the changed rows."""
    if not changes:
        return
    sql, order, processors = _update_plan(session, table, key, tuple(columns))
    rows = []
    for k, v in changes:
        values = {"k": k} | {"v_" + c: v[c] for c in columns}
        rows.append(tuple(
            process(values[name]) if (process := processors[at]) else values[name]
            for at, name in enumerate(order)
        ))
    # Through the DB-API with the statement compiled once: refreshing every
    # column of a first pull updates every case and task, and SQLAlchemy's
    # per-row parameter handling cost more than the UPDATEs.
    session.connection().exec_driver_sql(sql, rows)


_UPDATE_PLANS: dict[tuple[Any, ...], tuple[str, tuple[str, ...], tuple[Any, ...]]] = {}


def _update_plan(
    session: Session, table: Any, key: Any, columns: tuple[str, ...]
) -> tuple[str, tuple[str, ...], tuple[Any, ...]]:
    """The UPDATE's SQL, its parameters in order and their bind processors (None: as is)."""
    dialect = session.get_bind().dialect
    cache_key = (table.name, columns, dialect.name, dialect.paramstyle)
    found = _UPDATE_PLANS.get(cache_key)
    if found is None:
        # Prefixed: SQLAlchemy reserves the column names for its own SET parameters.
        stmt = (
            update(table)
            .where(key == bindparam("k", type_=key.type))
            .values({c: bindparam("v_" + c, type_=table.c[c].type) for c in columns})
        )
        compiled = stmt.compile(dialect=dialect)
        order = tuple(compiled.positiontup or ())
        types = {"k": key.type} | {"v_" + c: table.c[c].type for c in columns}
        processors = tuple(
            types[name].dialect_impl(dialect).bind_processor(dialect) for name in order
        )
        found = _UPDATE_PLANS[cache_key] = (compiled.string, order, processors)
    return found
