"""Envelopes of ``/api/v1``: auth, the change feed, command batches, errors, catalog.

The record models live in :mod:`backoffice.api.records`; conversion to the
domain in :mod:`backoffice.api.convert`. Version of this contract: ``1``;
command payloads carry their own ``format_version`` (:data:`COMMAND_FORMAT`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backoffice.api.records import (
    DepartmentRecord,
    ServiceItemRecord,
    Strict,
    WireRecord,
    record_key,
)

API_PREFIX = "/api/v1"
COMMAND_FORMAT = 1  # the only command format_version this platform understands
MAX_COMMANDS = 500  # per batch; with the 1 MiB body limit
# Change-feed page size cap. A first pull's cost per page (a request, a query,
# a write transaction) made 1,000 a third slower than 5,000; the client asks
# for less on a slow link (backoffice/sync/page_size.py).
MAX_PAGE = 5000
DEFAULT_PAGE = 500

Username = Annotated[str, Field(min_length=1, max_length=64)]


# --- errors -----------------------------------------------------------------


class Message(Strict):
    zh: str
    en: str


class ErrorBody(Strict):
    code: str  # stable, dotted: "auth.token_expired", "cursor.expired", …
    message: Message
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorResponse(Strict):
    """The one error shape of every 4xx/5xx response."""

    error: ErrorBody


# --- auth -------------------------------------------------------------------


class LoginRequest(Strict):
    username: Username
    password: Annotated[str, Field(min_length=1, max_length=256)]


class RefreshRequest(Strict):
    refresh_token: Annotated[str, Field(min_length=1, max_length=64)]


class LogoutRequest(Strict):
    refresh_token: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class DepartmentUser(Strict):
    """A colleague in the caller's department: who a review task can be handed to."""

    username: Username
    display_name: str
    roles: list[str]


class DepartmentUsers(Strict):
    department_code: str
    users: list[DepartmentUser]


class TokenPair(Strict):
    token_type: Literal["Bearer"] = "Bearer"
    access_token: Annotated[str, Field(max_length=64)]
    expires_in: int  # seconds the access token lives
    refresh_token: Annotated[str, Field(max_length=64)]  # short: Windows Credential Manager
    refresh_expires_in: int


class Me(Strict):
    username: Username
    display_name: str
    department: DepartmentRecord
    roles: tuple[str, ...]


# --- change feed ----------------------------------------------------------------

ChangeKind = Literal["upsert", "deleted", "left_scope"]


class Change(Strict):
    """One entry of the feed: the record's *current* state, once per page.

    ``left_scope``: the caller may no longer see the record (task transferred
    away, case withdrawn); the client drops it. ``deleted``: gone for
    everyone. Both carry ``record=None``.
    """

    seq: int
    entity: str
    id: str
    version: int
    change: ChangeKind
    record: WireRecord | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Change:
        if (self.change == "upsert") != (self.record is not None):
            raise ValueError("an upsert carries its record, other changes none")
        if self.record is not None:
            if record_key(self.record) != (self.entity, self.id):
                raise ValueError("record does not match entity/id")
            if self.record.version != self.version:
                raise ValueError("record version differs from the change's")
        return self


class ChangesPage(Strict):
    changes: list[Change]
    next_cursor: str  # opaque; store it in the transaction that applies the page
    has_more: bool
    # The caller's own commands whose effect is in records of this page.
    applied_command_ids: list[str] = Field(default_factory=list)


# --- commands -----------------------------------------------------------------


class CommandIn(Strict):
    id: uuid.UUID  # client-generated idempotency key
    kind: Annotated[str, Field(min_length=1, max_length=64)]
    format_version: int
    author: Username
    entity: Annotated[str, Field(min_length=1, max_length=64)]
    entity_id: Annotated[str, Field(min_length=1, max_length=128)]
    base_version: Annotated[int, Field(ge=0)]
    payload: dict[str, Any] = Field(default_factory=dict)
    created_at: dt.datetime


class CommandBatch(Strict):
    commands: Annotated[list[CommandIn], Field(min_length=1, max_length=MAX_COMMANDS)]


CommandStatus = Literal["applied", "duplicate", "conflict", "refused"]


class CommandResult(Strict):
    """What became of one command.

    ``applied``: ``record`` is the target after it, ``related`` other records
    it changed (the case, the correction notice …). ``duplicate``: this id was
    seen before; the first result is repeated, with its status in
    ``first_status``, and nothing happened again. ``conflict``: the base
    version was stale; ``record`` is the current one, nothing happened.
    ``refused``: ``error`` says why (``forbidden``, ``not_found``, a domain
    code such as ``state.illegal_transition``), nothing happened.
    """

    command_id: str
    status: CommandStatus
    first_status: CommandStatus | None = None
    record: WireRecord | None = None
    related: list[WireRecord] = Field(default_factory=list)
    error: ErrorBody | None = None


class CommandResults(Strict):
    results: list[CommandResult]


# --- catalog and calendar -------------------------------------------------------


class StepSpecRecord(Strict):
    department_code: str
    step_days: int
    lead: bool = False
    needs_inspection: bool = False


class MaterialSpecRecord(Strict):
    name: str
    department_code: str
    required: bool = True
    original_required: bool = False
    deferrable: bool = False
    # An e-licence the platform looks up on the shared platform (clause 9.1.2):
    # the applicant is not asked for it again.
    from_shared_platform: bool = False


class CatalogEntryRecord(Strict):
    item: ServiceItemRecord
    departments: list[StepSpecRecord]
    legal_basis: str = ""
    checklist: list[str] = Field(default_factory=list)
    materials: list[MaterialSpecRecord] = Field(default_factory=list)
    bundle: str | None = None


class Catalog(Strict):
    departments: list[DepartmentRecord]
    entries: list[CatalogEntryRecord]


class CalendarYear(BaseModel):
    """``PublishedCalendar.from_data`` format: ISO dates."""

    model_config = ConfigDict(extra="forbid")
    year: int
    holidays: list[dt.date] = Field(default_factory=list)
    working_days: list[dt.date] = Field(default_factory=list)


# --- files ------------------------------------------------------------------

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
MAX_FILE = 20 * 1024 * 1024  # default upload limit (bytes); the sandbox's is configurable


class FileInfo(Strict):
    """A stored file's metadata (``PUT /api/v1/files/{sha256}`` answers with it)."""

    sha256: Sha256
    size: int = Field(ge=0)
    content_type: str


# --- inspectors' free/busy ------------------------------------------------------

MAX_FREE_BUSY_DAYS = 62  # days in one free/busy request, both ends included
TIMEZONE = "Asia/Shanghai"

BusyReason = Literal["leave", "inspection", "meeting", "other"]


class WorkingHours(Strict):
    """One working period of a working day, local time (``HH:MM``, :data:`TIMEZONE`)."""

    start: Annotated[str, Field(pattern=r"^\d\d:\d\d$")]
    end: Annotated[str, Field(pattern=r"^\d\d:\d\d$")]


class BusyInterval(Strict):
    """A time the inspector is not available; the reason is coarse on purpose."""

    start: dt.datetime  # with offset (+08:00)
    end: dt.datetime
    reason: BusyReason


class InspectorFreeBusy(Strict):
    username: Username
    display_name: str
    department_code: str
    working_hours: list[WorkingHours]  # on every day of ``FreeBusy.working_days``
    busy: list[BusyInterval]  # in time order


class FreeBusy(Strict):
    """``GET /api/v1/free-busy``: inspectors' availability over ``from_date``–``to_date``."""

    from_date: dt.date
    to_date: dt.date
    timezone: str = TIMEZONE
    working_days: list[dt.date]  # of the range, by the platform's work calendar
    inspectors: list[InspectorFreeBusy]


# --- case timeline --------------------------------------------------------------

TimelineKind = Literal[
    "accepted", "routed", "task_claimed", "opinion_given", "task_transferred",
    "correction_notice_issued", "correction_notice_answered", "suspended", "resumed",
    "extension_requested", "extension_approved", "notification_sent", "decision",
    "inspection_requested", "inspection_proposed", "inspection_declined", "inspection_confirmed",
    "inspection_rescheduled", "inspection_cancelled", "inspection_recorded",
]


class TimelineEvent(Strict):
    """One event of a case's history.

    ``at`` is the exact time when the platform knows it, else ``day``; both
    ``None`` for events the platform knows happened but not when (task claims
    and opinions): those come last, in a fixed order.
    """

    kind: TimelineKind
    at: dt.datetime | None = None
    day: dt.date | None = None
    department_code: str | None = None
    actor: str | None = None
    entity: str  # the record the event comes from
    id: str
    summary: str = ""  # e.g. a notification's text, a procedure's kind, a decision's kind


class Timeline(Strict):
    case_code: str
    events: list[TimelineEvent]


# --- the signing service (issue #10) -------------------------------------------------

SigningStatus = Literal["pending", "signed", "refused", "failed"]


class SigningRequestIn(Strict):
    """``POST /api/v1/signing-requests``: seal a submitted decision's document.

    ``id`` is the client's (a UUID, the idempotency key: the same id again
    answers the request as it stands). The platform renders the decision
    document from its records, allocates the document number (文号), seals it
    with the department's certificate, timestamps it and embeds the
    revocation information (PAdES B-LTA).
    """

    id: uuid.UUID
    decision_id: Annotated[str, Field(min_length=1, max_length=128)]


class SigningRequest(Strict):
    id: str
    decision_id: str
    status: SigningStatus
    requested_by: str
    requested_at: dt.datetime
    document_number: str | None = None
    document_sha256: str | None = None  # the signed PDF: ``GET /files/{sha256}``
    level: str | None = None  # e.g. "B-LTA"
    error: ErrorBody | None = None  # why refused or failed


# The kind of a reserved document number (``?kind=``): an escalation's
# (上报告知书) says 报, any other decision's 许. Without ``kind``: ``decision``,
# as every number was before numbers had kinds.
NumberKind = Literal["decision", "escalate"]


class DocumentNumbers(Strict):
    """``POST /api/v1/document-numbers?count=n&kind=k``: numbers reserved for a
    department's local seals, all of the kind asked for."""

    numbers: list[str]


# --- resumable uploads (tus 1.0) --------------------------------------------------
# ``POST /uploads``, ``HEAD|PATCH|DELETE /uploads/{id}``: docs/platform-api.md,
# "Resumable uploads". Headers, not JSON: the models are these constants.

TUS_VERSION = "1.0.0"  # the tus protocol version, in ``Tus-Resumable``
TUS_EXTENSIONS = ("creation", "termination", "checksum", "expiration")
UPLOAD_MEDIA = "application/offset+octet-stream"  # of a PATCH body (a chunk)
UPLOAD_CHECKSUM = "sha256"  # the one ``Upload-Checksum`` algorithm
UPLOAD_ID_PATTERN = r"^[A-Za-z0-9_-]{8,128}$"  # what a client accepts in a ``Location``
