"""The platform's signing service: a request to seal a decision → pending → signed.

``POST /api/v1/signing-requests`` takes a submitted decision of the caller's
(lead) department; only a ``signer`` may ask (403 ``role.missing``). The
request is answered ``pending``; like a real service it is worked off later:
the first status read at or after ``ready_at`` (``delay`` seconds of the
platform's clock after the request; tests set 0) seals — that read alone:
reads at the same moment answer ``pending`` meanwhile. Sealing: the
decision is checked again (a joint decision needs every opinion), the
department's certificate must not be revoked (else ``refused``,
``signing.certificate_revoked``), the document number (文号) is allocated,
the document rendered from the platform's records, sealed PAdES B-LTA
(signature timestamp by the platform's TSA, the CRL in the DSS, a document
timestamp), checked, stored as a file, and the decision sealed in the same
transaction (a ``decision`` change in the feed). Unexpected trouble:
``failed`` (the client may ask again with a new request).

Both endpoints are rate-limited per user: at most ``rate`` calls in
``window`` seconds, else ``429 signing.rate_limited`` with ``Retry-After``.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json
import logging
import math
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Column, Engine, Float, String, Table, Text, select, update

from backoffice.api import v1
from backoffice.domain import model as m
from backoffice.domain.calendar import WorkCalendar
from backoffice.domain.errors import BackofficeError
from backoffice.sandbox import db, errors
from backoffice.sandbox.auth import User
from backoffice.sandbox.decisions import allocate_number, apply_seal, department_name
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.pki import SandboxPki

_log = logging.getLogger("backoffice.sandbox.signing")
T = TypeVar("T")
CLAIM_LEASE = 300.0  # seconds a worker has a claimed request to itself

signing_requests = Table(
    "signing_requests", db.metadata,
    Column("id", String(36), primary_key=True),
    Column("decision_id", String(128), nullable=False),
    Column("department_code", String(64), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("requested_at", String(40), nullable=False),
    Column("ready_at", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("document_number", String(128), nullable=True),
    Column("document_sha256", String(64), nullable=True),
    Column("level", String(16), nullable=True),
    Column("error", Text, nullable=True),  # JSON of the error body
)


class RateLimiter:
    """At most ``rate`` calls per user in any ``window`` seconds of the platform's clock."""

    def __init__(self, rate: int, window: float, clock: Callable[[], float]) -> None:
        self.rate, self.window, self._clock = rate, window, clock
        self._calls: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, user: str) -> None:
        now = self._clock()
        with self._lock:
            calls = self._calls.setdefault(user, collections.deque())
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if len(calls) >= self.rate:
                wait = max(1, math.ceil(calls[0] + self.window - now))
                raise ApiError(429, "signing.rate_limited", headers={"Retry-After": str(wait)},
                               retry_after=wait)
            calls.append(now)


class SigningService:
    def __init__(self, engine: Engine, lock: threading.Lock, pki: SandboxPki,
                 clock: Callable[[], dt.datetime], today: Callable[[], dt.date],
                 store_file: Callable[..., None], calendar: WorkCalendar | None = None) -> None:
        self._engine, self._lock, self.pki = engine, lock, pki
        # The platform's own calendar, as its commands use: an overdue seal and
        # its reason are counted in the same working days.
        self._calendar = calendar
        self._clock, self._today, self._store = clock, today, store_file
        self.delay = 1.0  # seconds from request to seal (tests: 0)
        self.limiter = RateLimiter(30, 60.0, lambda: self._clock().timestamp())

    def create(self, user: User, body: v1.SigningRequestIn) -> tuple[v1.SigningRequest, bool]:
        """The request (and whether it is new); the same id again answers it as it stands."""
        self.limiter.take(user.username)
        if "signer" not in user.roles:
            raise ApiError(403, "role.missing", role="signer")
        rid = str(body.id)
        existing = self._row(rid)
        if existing is not None:
            if existing.requested_by != user.username:
                raise ApiError(409, "command.id_reused")
            return self._model(existing), False
        with self._engine.connect() as conn:
            ledger = Ledger(conn)
            decision = ledger.get("decision", body.decision_id)
            case = ledger.get("case", str(decision.case_code)) if decision else None
            if decision is None or case is None or \
                    user.department_code not in ledger.case_departments(case.id):
                raise ApiError(404, "not_found", entity="decision", id=body.decision_id)
            if case.body["lead_department"] != user.department_code:
                raise ApiError(403, "forbidden", entity="decision", id=body.decision_id)
        now = self._clock()
        with self._lock, self._engine.begin() as conn:
            conn.execute(signing_requests.insert().values(
                id=rid, decision_id=body.decision_id, department_code=user.department_code,
                requested_by=user.username, requested_at=now.isoformat(),
                ready_at=now.timestamp() + self.delay, status="pending"))
        row = self._row(rid)
        assert row is not None
        return self._model(row), True

    def status(self, user: User, rid: str) -> v1.SigningRequest:
        self.limiter.take(user.username)
        row = self._row(rid)
        if row is None or row.department_code != user.department_code:
            raise ApiError(404, "not_found", entity="signing_request", id=rid[:64])
        if row.status == "pending" and self._claim(rid):
            self._work(row)
            row = self._row(rid)
            assert row is not None
        return self._model(row)

    def _claim(self, rid: str) -> bool:
        """Whether this caller is the one to work the request now it is due.

        Two status reads at once both find it pending: only the one whose
        update moves ``ready_at`` on works it, the other answers pending. The
        lease lets a later read work a request whose worker died mid-seal.
        """
        now = self._clock().timestamp()
        with self._engine.begin() as conn:
            claimed = conn.execute(
                update(signing_requests)
                .where(signing_requests.c.id == rid, signing_requests.c.status == "pending",
                       signing_requests.c.ready_at <= now)
                .values(ready_at=now + CLAIM_LEASE))
        return claimed.rowcount == 1

    def _row(self, rid: str) -> Any:
        with self._engine.connect() as conn:
            return conn.execute(select(signing_requests).where(
                signing_requests.c.id == rid)).first()

    @staticmethod
    def _model(row: Any) -> v1.SigningRequest:
        return v1.SigningRequest(
            id=row.id, decision_id=row.decision_id, status=row.status,
            requested_by=row.requested_by,
            requested_at=dt.datetime.fromisoformat(row.requested_at),
            document_number=row.document_number, document_sha256=row.document_sha256,
            level=row.level,
            error=v1.ErrorBody.model_validate(json.loads(row.error)) if row.error else None)

    def _finish(self, rid: str, status: str, **values: Any) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(signing_requests).where(signing_requests.c.id == rid)
                         .values(status=status, **values))

    def _work(self, row: Any) -> None:
        try:
            self._seal(row)
        except ApiError as exc:
            self._finish(row.id, "refused",
                         error=json.dumps(errors.body(exc.code, exc.details), ensure_ascii=False))
        except BackofficeError as exc:
            self._finish(row.id, "refused",
                         error=json.dumps(errors.body(exc.code, exc.params), ensure_ascii=False))
        except Exception as exc:  # noqa: BLE001 - a service fails a request, not itself
            _log.error("signing request %s failed", row.id, exc_info=exc)
            self._finish(row.id, "failed",
                         error=json.dumps(errors.body("server.error"), ensure_ascii=False))

    def _seal(self, row: Any) -> None:
        from backoffice.decisions.document import render
        from backoffice.signing.seal import seal_pdf
        from backoffice.signing.verify import VerifyPolicy, verify_pdf

        issued = self.pki.seal_of(row.department_code)
        if issued is None or self.pki.is_revoked(issued):
            # Said to the signer: the department by its name, its code beside it.
            with self._engine.connect() as conn:
                name = department_name(Ledger(conn), row.department_code)
            if issued is None:
                raise ApiError(422, "signing.no_certificate", provider=name)
            raise ApiError(422, "signing.certificate_revoked", department=name,
                           department_code=row.department_code)
        provider = self.pki.provider(row.department_code)
        assert provider is not None
        today = self._today()
        with self._lock, self._engine.begin() as conn:
            ledger = Ledger(conn)
            target = ledger.get("decision", row.decision_id)
            if target is None:
                raise ApiError(404, "not_found", entity="decision", id=row.decision_id)
            decision = _as(m.Decision, target.body)
            if decision.status != m.DecisionStatus.SUBMITTED:
                raise ApiError(409, "state.illegal_transition", entity="decision",
                               action="seal", current=decision.status.value, target="sealed")
            case_stored = ledger.get("case", decision.case_code)
            dept = ledger.get("department", row.department_code)
            assert case_stored is not None
            case = _as(m.Case, case_stored.body)
            department = (_as(m.Department, dept.body) if dept else
                          m.Department(row.department_code, row.department_code, "-"))
            names = {s.id: str(s.body.get("name", s.id)) for s in
                     (ledger.get("department", c) for c in ledger.case_departments(case.case_code))
                     if s is not None}
            number = allocate_number(conn, row.department_code, today.year,
                                     escalate=decision.kind == m.DecisionKind.ESCALATE)
            pdf = render(decision, case, department, issued_on=today, number=number,
                         department_names=names,
                         case_departments=ledger.case_departments(case.case_code))
            sealed = seal_pdf(pdf, provider, timestamper=self.pki.timestamper(),
                              validation_context=self.pki.validation_context())
            result = verify_pdf(sealed.pdf, VerifyPolicy(
                trust_roots=(self.pki.pki.root.asn1_cert(),), require_timestamp=True))
            if not result.ok:
                raise ApiError(422, "decision.seal_invalid",
                               reason=result.problems[0] if result.problems else "")
            sha = hashlib.sha256(sealed.pdf).hexdigest()
            self._store(conn, sha, sealed.pdf, "application/pdf")
            apply_seal(ledger, target, author=row.requested_by, sha256=sha, number=number,
                       today=today, calendar=self._calendar)
            conn.execute(update(signing_requests).where(signing_requests.c.id == row.id).values(
                status="signed", document_number=number, document_sha256=sha,
                level=sealed.level))


def _as(cls: type[T], body: dict[str, Any]) -> T:
    from backoffice.api import convert

    value = convert.to_domain(convert.parse_record(body))
    assert isinstance(value, cls)
    return value


class PlatformFiles:
    """Bytes of the platform's files for the decision desk (documents, archives)."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime]) -> None:
        from backoffice.sandbox.files import FileStore

        self._files = FileStore.for_engine(engine)
        self._clock = clock

    def read(self, conn: Any, sha: str, department: str | None) -> bytes | None:
        """``department``: only a file it may download (e.g. its upload); None: any."""
        if department is not None and not self._files.readable(sha, department):
            return None
        path = self._files.materialise(sha)
        return path.read_bytes() if path is not None else None

    def store(self, conn: Any, sha: str, content: bytes, media_type: str) -> None:
        self._files.write(sha, content)
        if conn.execute(select(db.files.c.sha256).where(db.files.c.sha256 == sha)).first() \
                is None:
            conn.execute(db.files.insert().values(
                sha256=sha, size=len(content), media_type=media_type, content=None,
                created_at=int(self._clock().timestamp())))


def pki_folder(engine: Engine) -> Any:
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database and database != ":memory:":
        from pathlib import Path

        return Path(database).absolute().parent / "pki"
    return None
