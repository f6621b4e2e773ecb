"""Tables of the local store (SQLAlchemy 2 declarative, typed).

**Confirmed vs pending (SYNC.md, principle 1).** Every synced entity table
holds the *effective* state — what the person sees — in ordinary columns,
because that is what the inbox sorts and filters on in SQL (200,000 tasks).
Next to it, ``confirmed_version`` is the version the platform last
confirmed (the base of every new command) and ``confirmed`` keeps the
platform's record as JSON (via :mod:`backoffice.store.codec`) — but only
while the effective state differs from it, i.e. while the person's
commands are applied on top. ``confirmed IS NULL`` means "the effective
columns *are* the confirmed state", which is true of almost every row.

We chose one JSON column over a parallel set of columns because the
confirmed state is only ever read whole, by primary key — to recompute the
effective state after a pull and to show a conflict — never sorted or
filtered; a parallel set would double every table and every future
migration for no query. Keeping it sparse halves the file: a copy per row
would duplicate 200,000 task records that nobody is editing. The queue of
the person's own unconfirmed commands is the ``outbox`` table; the
effective columns are always the confirmed state with the active outbox
commands of that record applied in ``sequence`` order (see :mod:`.pending`).

Foreign keys tie children to their case (and child rows to their parent)
with ``ON DELETE CASCADE``. Reference data — departments, service items —
is deliberately *not* a foreign-key target: the platform scopes what we
receive by department, so a case may name a department or catalog entry we
never get, and a pull page must not fail for that.

Parents are written with ``INSERT … ON CONFLICT DO UPDATE``, never
``INSERT OR REPLACE``: with foreign keys on, REPLACE deletes the old row
first, and the cascade would silently take the case's materials with it.

**Derived deadline columns** (``CASE_DEADLINE_COLUMNS``,
``TASK_DEADLINE_COLUMNS``) are not fields of the domain objects: the store
computes them from the effective rows, in the transaction that writes a
case, a task, a special procedure or an extension
(:mod:`backoffice.store.deadline_columns`), so the inbox can sort and
filter by deadline in SQL without joining cases or calling the engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from backoffice.store.status_order import status_rank_sql

# Named constraints: Alembic's batch mode on SQLite can only drop or alter a
# constraint it can name, and SQLite itself does not keep generated names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Full-text objects made by raw DDL in the migrations (FTS5 virtual table and
# its shadow tables). They are not in the metadata; autogenerate must not
# propose dropping them.
FTS_TABLE = "search_fts"

# The tasks' index in the status order (an expression: named by hand).
STATUS_RANK_INDEX = "ix_review_tasks_department_code_status_rank_id"


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: leave the FTS5 table and its shadow tables alone."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


# Python None as SQL NULL, not as the JSON text 'null': "IS NULL" must mean
# "no copy kept", and NULL costs no bytes.
NULLABLE_JSON = JSON(none_as_null=True)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes stored as naive UTC text, so SQL order is time order.

    SQLite has no time zone type; mixing offsets in text would sort wrong.
    Values come back aware, in UTC (equal to the original instant).
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class (typed: ``__table__`` is a FromClause)."""
    return cast(Table, model.__table__)


def _case_fk() -> Mapped[str]:
    return mapped_column(
        String(64), ForeignKey("cases.case_code", ondelete="CASCADE"), nullable=False, index=True
    )


class Synced:
    """The server-confirmed state kept beside the effective columns."""

    confirmed_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # None: the effective columns are the confirmed state (nothing pending).
    confirmed: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON, nullable=True)


class DepartmentRow(Synced, Base):
    __tablename__ = "departments"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    division_code: Mapped[str] = mapped_column(String(12))


class ServiceItemRow(Synced, Base):
    __tablename__ = "service_items"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    department_code: Mapped[str] = mapped_column(String(64), index=True)
    promised_days: Mapped[int] = mapped_column(Integer)
    statutory_days: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    material_names: Mapped[list[str]] = mapped_column(JSON)
    needs_inspection: Mapped[bool] = mapped_column(Boolean)


def _flag() -> Mapped[bool]:
    # NOT NULL with a default in the file, so migration 0002 could add it to
    # tables that already had rows.
    return mapped_column(Boolean, nullable=False, server_default=text("0"))


# Derived from a case, its special procedures, correction notices and
# extensions (see the module docstring). The estimate ignores a running
# suspension: the projection through it changes every day, so only the read
# side computes it.
CASE_DEADLINE_COLUMNS = (
    "estimated_due_date",  # the engine's estimate of the promised deadline
    "due_date",  # effective: the platform's when it sent one, else the estimate
    "due_date_differs",  # both present and different
    "due_date_provisional",  # the effective date is an estimate on a provisional calendar
    "clock_stopped",  # a special procedure or notice is running (began by due_date)
)
# Derived from a task and its case: copies so the inbox needs no join.
TASK_DEADLINE_COLUMNS = (
    "estimated_step_due_date",  # the engine's step deadline, never after the case's
    "step_due",  # effective: the platform's step_due_date, else the estimate
    "case_due_date",  # the case's effective due_date
)


class CaseRow(Synced, Base):
    __tablename__ = "cases"
    case_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_item_code: Mapped[str] = mapped_column(String(64), index=True)
    service_item_name: Mapped[str] = mapped_column(Text)
    applicant_name: Mapped[str] = mapped_column(Text)
    applicant_id_number: Mapped[str] = mapped_column(String(64))
    applicant_kind: Mapped[str] = mapped_column(String(32))
    applicant_phone: Mapped[str] = mapped_column(String(64))
    lead_department: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    accepted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    promised_days: Mapped[int] = mapped_column(Integer)
    statutory_days: Mapped[int] = mapped_column(Integer)
    division_code: Mapped[str] = mapped_column(String(12))
    site_address: Mapped[str] = mapped_column(Text)
    platform_due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    estimated_due_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    due_date_differs: Mapped[bool] = _flag()
    due_date_provisional: Mapped[bool] = _flag()
    clock_stopped: Mapped[bool] = _flag()

    __table_args__ = (Index(None, "lead_department", "status"),)


class MaterialRow(Synced, Base):
    __tablename__ = "materials"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    name: Mapped[str] = mapped_column(Text)
    department_code: Mapped[str] = mapped_column(String(64))
    required: Mapped[bool] = mapped_column(Boolean)
    original_required: Mapped[bool] = mapped_column(Boolean)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    from_shared_platform: Mapped[bool] = mapped_column(Boolean)
    # The verdict of each check, in order, as JSON: read and written only
    # with the material, never queried on their own; as rows of a table of
    # their own they were two thirds of a first pull's rows (migration 0010).
    checks: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, nullable=False, server_default=text("'[]'")
    )


class DeferredMaterialRow(Synced, Base):
    __tablename__ = "deferred_materials"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    material_name: Mapped[str] = mapped_column(Text)
    commitment: Mapped[str] = mapped_column(Text)
    committed_on: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    fulfilled_on: Mapped[dt.date | None] = mapped_column(Date)
    department_code: Mapped[str] = mapped_column(
        String(64), nullable=False, server_default=text("''")
    )


class ReviewTaskRow(Synced, Base):
    __tablename__ = "review_tasks"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    department_code: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    step_days: Mapped[int] = mapped_column(Integer)
    assignee: Mapped[str | None] = mapped_column(String(64))
    opinion: Mapped[str] = mapped_column(Text)
    step_due_date: Mapped[dt.date | None] = mapped_column(Date)  # the platform's
    estimated_step_due_date: Mapped[dt.date | None] = mapped_column(Date)
    step_due: Mapped[dt.date | None] = mapped_column(Date)
    case_due_date: Mapped[dt.date | None] = mapped_column(Date)

    # The inbox: one department's tasks — all, one status, or one person's —
    # in step-due or case-due order straight from the index, so the first
    # page of 50,000 tasks needs no sort (see inbox.py). One person's tasks
    # are few enough to sort by case due without an index of their own.
    # Ordered by status, a common search walks the workflow's order status by
    # status in id order (the rank's expression index, migration 0015; 0009's
    # index on the status codes served the codes' alphabet).
    __table_args__ = (
        Index(None, "department_code", "step_due"),
        Index(None, "department_code", "status", "step_due"),
        Index(None, "department_code", "assignee", "step_due"),
        Index(None, "department_code", "case_due_date"),
        Index(None, "department_code", "status", "case_due_date"),
        Index(None, "department_code", "status", "id"),
        Index(STATUS_RANK_INDEX, "department_code", text(status_rank_sql("status")), "id"),
    )


class CorrectionNoticeRow(Synced, Base):
    __tablename__ = "correction_notices"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    status: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)  # migration 0011


class CorrectionItemRow(Base):
    __tablename__ = "correction_items"
    notice_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("correction_notices.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    material_name: Mapped[str] = mapped_column(Text)
    department_code: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)


class CorrectionRemovedItemRow(Base):
    """Items the lead department dropped or reworded before issuing (migration 0005)."""

    __tablename__ = "correction_removed_items"
    notice_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("correction_notices.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    material_name: Mapped[str] = mapped_column(Text)
    department_code: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    dropped_reason: Mapped[str] = mapped_column(Text)


class SpecialProcedureRow(Synced, Base):
    __tablename__ = "special_procedures"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    kind: Mapped[str] = mapped_column(String(32))
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    applicant_notified_on: Mapped[dt.date | None] = mapped_column(Date)


class ExtensionRow(Synced, Base):
    __tablename__ = "extensions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    working_days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(Text)
    # Migration 0012: a requested extension is kept (a signer approves it from
    # the case); it has no approval day yet and moves no deadline.
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, server_default=text("'approved'")
    )
    requested_by: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))
    requested_on: Mapped[dt.date | None] = mapped_column(Date)


class InspectionRow(Synced, Base):
    __tablename__ = "inspections"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    lead_department: Mapped[str] = mapped_column(String(64))
    site_address: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    inspectors: Mapped[list[str]] = mapped_column(JSON)
    # Migration 0006: the plan's answers and what the applicant brings.
    proposal: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    answers: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, nullable=False, server_default=text("'[]'")
    )
    originals: Mapped[list[str]] = mapped_column(
        JSON, nullable=False, server_default=text("'[]'")
    )
    reason: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))
    after_deadline_reason: Mapped[str] = mapped_column(
        Text, nullable=False, server_default=text("''")
    )


class InspectionRequestRow(Synced, Base):
    """A department's request for a site inspection (migration 0006)."""

    __tablename__ = "inspection_requests"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    department_code: Mapped[str] = mapped_column(String(64), index=True)
    site_address: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    checklist: Mapped[list[str]] = mapped_column(JSON)
    requested_by: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    inspection_id: Mapped[str] = mapped_column(String(128), index=True)
    task_id: Mapped[str] = mapped_column(String(128))


class InspectionPartRow(Synced, Base):
    """A department's part of a joint inspection record (migration 0006).

    Checklist lines, photos and on-site corrections are JSON: a part is read
    and written whole, by the field checklist, never queried line by line.
    """

    __tablename__ = "inspection_parts"
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(String(128), index=True)
    case_code: Mapped[str] = _case_fk()
    department_code: Mapped[str] = mapped_column(String(64))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    findings: Mapped[str] = mapped_column(Text)
    photos: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    corrections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    result: Mapped[str | None] = mapped_column(String(32))
    recorded_by: Mapped[str] = mapped_column(Text)
    confirmed_by: Mapped[str] = mapped_column(Text)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class InspectionDepartmentRow(Base):
    """A child table, not JSON: the planner asks "inspections of my department"."""

    __tablename__ = "inspection_departments"
    inspection_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_code: Mapped[str] = mapped_column(String(64), index=True)


class DecisionRow(Synced, Base):
    __tablename__ = "decisions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    department_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(128))
    report_by: Mapped[dt.date | None] = mapped_column(Date)
    joint: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    public_notice: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    notice_days: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    overdue_reason: Mapped[str] = mapped_column(Text, server_default=text("''"))
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    archive_sha256: Mapped[str | None] = mapped_column(String(64))
    drafted_by: Mapped[str] = mapped_column(String(64), server_default=text("''"))
    sealed_by: Mapped[str] = mapped_column(String(64), server_default=text("''"))
    delivery: Mapped[str] = mapped_column(String(16), server_default=text("''"))
    delivery_address: Mapped[str] = mapped_column(Text, server_default=text("''"))


class SealingJobRow(Base):
    """A seal the desk still has to finish (backoffice/decisions/sealing.py).

    Not synced: the platform's signing request is followed from here, so the
    request id must outlive a restart; a local seal waits here for its
    timestamp. One row per decision.
    """

    __tablename__ = "sealing_jobs"
    decision_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    method: Mapped[str] = mapped_column(String(16))  # platform | local
    state: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[str | None] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(64))
    document_number: Mapped[str | None] = mapped_column(String(128))
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[float] = mapped_column(Float, default=0.0)  # epoch seconds
    error: Mapped[str | None] = mapped_column(String(128))


class CommentRow(Synced, Base):
    __tablename__ = "comments"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    department_code: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class NotificationRow(Synced, Base):
    __tablename__ = "notifications"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_code: Mapped[str] = _case_fk()
    department_code: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(Text)


class QuarantineRow(Base):
    """Records from the platform that broke the contract or a domain rule.

    Kept, not applied (SYNC.md: never half-applied, never lost): the raw
    record and the reason, so support can see what the platform sent and a
    later version of the app can try them again.
    """

    __tablename__ = "quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32), nullable=False)  # "changes", "push", …
    entity: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    raw: Mapped[str] = mapped_column(Text, nullable=False)  # JSON text, size-capped
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index(None, "entity", "entity_id"),)


class ResyncSeenRow(Base):
    """Records seen during a re-sync from scratch (after an expired cursor).

    When the snapshot's last page is applied, every local record *not* seen
    is one the platform no longer gives us, and goes (mark and sweep): the
    feed cannot tell us what left our scope while our cursor was dead.
    """

    __tablename__ = "resync_seen"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(128), primary_key=True)


class SearchDocumentRow(Base):
    """The text a case is found by; the content table of the FTS5 index.

    An explicit INTEGER PRIMARY KEY: the FTS index refers to rows by rowid,
    and VACUUM may renumber the implicit rowid of a table without one.
    """

    __tablename__ = "search_documents"
    doc_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_code: Mapped[str] = mapped_column(
        String(64),
        ForeignKey("cases.case_code", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    )
    body: Mapped[str] = mapped_column(Text, nullable=False)


class OutboxRow(Base):
    """The person's commands the platform has not confirmed yet, in order."""

    __tablename__ = "outbox"
    # AUTOINCREMENT: sequence numbers are never reused after a delete, so the
    # order of commands survives confirming the newest one.
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    entity: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(64), nullable=False)
    base_version: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(128))
    # What the sentence of ``last_error`` needs (which department, which
    # date), as the platform sent it, checked (``reason_details.plain_details``).
    error_details: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    # Both sides of a conflict, so a person can decide (SYNC.md, principle 4):
    # the confirmed record the command was made against, and the server's.
    base_record: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    server_version: Mapped[int | None] = mapped_column(Integer)
    server_record: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    author: Mapped[str] = mapped_column(String(64), nullable=False, server_default=text("''"))
    format_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))

    __table_args__ = (
        Index(None, "entity", "entity_id", "state"),
        Index(None, "state", "sequence"),
        {"sqlite_autoincrement": True},
    )


class SyncStateRow(Base):
    """Key/value state of the sync (cursor …), written with the page it belongs to."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
