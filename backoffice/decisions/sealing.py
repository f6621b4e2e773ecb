"""Sealing a decision: through the platform's signing service, or with a local certificate.

**Platform.** :meth:`Sealer.seal_with_platform` only writes a job with a fresh
request id (works offline: "awaiting seal"). :meth:`Sealer.follow` — called
after every sync round (:meth:`Sealer.follow_round`, a follower of the sync
engine, so it goes on while the person works elsewhere and after a restart)
and by the desk's timer while the desk is shown — makes the request once the
decision is on the platform (its draft and submit pushed), then asks for its
status with exponential back-off (a ``429`` waits for ``Retry-After``), and
when it is signed fetches the PDF into the file cache. The request id is
the idempotency key and is in the store before it is first sent, so a
restart while pending resumes the same request.

**Local.** :meth:`Sealer.seal_locally` renders the document with a number the
platform reserved for this department (``reserve_numbers``, kept in the
store for offline use; an escalation takes one of the 报 numbers reserved
for escalations, any other decision a 许 one), seals it with the person's certificate — B-LTA when
the platform's TSA is reachable, else B-B "awaiting timestamp" — and keeps
it in the file cache. :meth:`Sealer.follow` later timestamps it (the platform's
TSA and CRL), uploads it and queues ``decision.seal``. Online, the
certificate is first checked against the platform's fresh CRL: a revoked one
does not seal (``signing.own_certificate_revoked``); nor does an expired or
not yet valid one, or one of another CA (``signing.own_certificate_expired``
…: it could never be timestamped); online or offline, a
certificate that names another organisation than the deciding department
does not seal either (``signing.wrong_department``). Offline it seals B-B,
and the check comes with the timestamp: the job fails, and verification
refuses the document for issuing.

**Failures** of a step are the job's: recorded on it (``error``) with its
back-off, shown by the desk, never raised into the sync. A local seal whose
certificate turns out revoked, expired or untrusted at its timestamp can
never get one: its job fails (:data:`FINAL_ERRORS`), and the signer seals
again.

**Verification.** Every sealed document is checked against the platform's
root (fetched once, kept in the store) and the PEM files of the data
directory's ``trust/``, and its seal against the deciding department's name;
a tampered, untrusted or other department's one is refused for issuing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from backoffice.decisions import fetching, jobs
from backoffice.decisions.jobs import SealingJob
from backoffice.domain.commands import Command
from backoffice.domain.decisions import NumberKind, decision_id
from backoffice.domain.errors import BackofficeError, DomainError
from backoffice.domain.model import Decision, DecisionStatus
from backoffice.remote.errors import CANCELLED, OFFLINE, PROXY_UNREACHABLE, TIMEOUT, RemoteError
from backoffice.signing.errors import SigningError
from backoffice.store.store import Store
from backoffice.sync.files import FileCache

if TYPE_CHECKING:  # pyHanko costs ~0.6 s to import: not before a seal or a verification needs it
    from backoffice.remote.uploads import UploadMemo
    from backoffice.signing.providers import SigningProvider
    from backoffice.signing.verify import VerificationResult, VerifyPolicy

_log = logging.getLogger("backoffice.decisions")

ROOT_KEY, CRL_KEY = "decisions.trust_root", "decisions.crl"
# The platform's root that is no certificate (an error page, a damaged store):
# said as such, never as every sealed document found untrusted.
BAD_ROOT = "verify.bad_trust_root"
# The reserved numbers of each kind, a JSON list each. The 许 numbers keep the
# key they had when every reserved number was 许: a store's numbers reserved
# before still seal grants and refusals.
NUMBERS_KEYS: dict[NumberKind, str] = {"decision": "decisions.numbers",
                                       "escalate": "decisions.numbers.escalate"}
# How many to keep of each: escalations are rare, and a reserved number never
# used is a gap in the department's numbering.
KEEP: dict[NumberKind, int] = {"decision": 3, "escalate": 1}
_NONE_RESERVED: dict[NumberKind, str] = {"decision": "decision.no_reserved_number",
                                         "escalate": "decision.no_reserved_escalation_number"}
BACKOFF_BASE, BACKOFF_MAX = 2.0, 300.0
PIN_DECISION = "decision"
# Held back only by a lost connection: due at once when a sync got through.
RECONNECT_ERRORS = frozenset({OFFLINE, PROXY_UNREACHABLE, TIMEOUT})
REVOKED = "signing.own_certificate_revoked"
# A seal with such a certificate can never be timestamped: no retry helps, the
# job fails and the signer seals again (with a certificate that works).
FINAL_ERRORS = frozenset({REVOKED, "signing.own_certificate_expired",
                          "signing.own_certificate_not_yet_valid",
                          "signing.own_certificate_untrusted"})
# The platform (or the local store) says the decision is past its seal: a
# retry would be refused the same way for ever.
OUT_OF_STEP = "state.illegal_transition"
# What a job closed that way says: the decision was sealed by another seal, or
# is otherwise no longer awaiting one.
SUPERSEDED, NOT_TAKEN = "decision.seal_superseded", "decision.seal_not_taken"
_SEALED = (DecisionStatus.SEALED, DecisionStatus.ISSUED)


class SigningClient(Protocol):
    """What sealing needs of :class:`backoffice.remote.client.PlatformClient`."""

    def create_signing_request(self, request_id: str, decision_id: str) -> Any: ...
    def signing_request(self, request_id: str) -> Any: ...
    def reserve_numbers(self, count: int = 5, *, kind: NumberKind = "decision") -> list[str]: ...
    def pki_file(self, name: str) -> bytes: ...
    def download(self, sha256: str, out: Any, *, offset: int = 0) -> None: ...
    def upload(self, sha256: str, path: Path, *, resume: UploadMemo | None = None) -> object: ...
    @property
    def tsa_url(self) -> str: ...


def parse_root(data: bytes) -> Any:
    """The certificate a PEM root file holds, read through (asn1crypto parses lazily:
    any DER would load and fail only deep inside a validation).

    :raises SigningError: :data:`BAD_ROOT`, ``data`` is no PEM certificate.
    """
    from asn1crypto import pem as asn1_pem  # type: ignore[import-untyped]
    from asn1crypto import x509 as asn1_x509

    try:
        if not asn1_pem.detect(data):
            raise ValueError("not PEM")
        kind, _, der = asn1_pem.unarmor(data)
        if kind != "CERTIFICATE":
            raise ValueError(f"PEM {kind}, not a certificate")
        cert = asn1_x509.Certificate.load(der, strict=True)
        _ = cert.native
    except (ValueError, TypeError, KeyError) as exc:  # asn1crypto's ways of saying "not this"
        raise SigningError(BAD_ROOT) from exc
    return cert


def backoff(attempts: int) -> float:
    return float(min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, attempts)))


class Sealer:
    def __init__(self, store: Store, client: SigningClient | None, cache: FileCache, *,
                 username: str, trust_dir: Path | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store, self.client, self.cache = store, client, cache
        self.username, self.trust_dir, self.clock = username, trust_dir, clock

    # --- trust -------------------------------------------------------------------------

    def _state(self, key: str) -> str | None:
        with self.store.read() as uow:
            return uow.sync_state.get(key)

    def _set_state(self, key: str, value: str) -> None:
        with self.store.write() as uow:
            uow.sync_state.set(key, value)

    def refresh_trust(self) -> None:
        """The platform's root and CRL, kept for offline verification (needs the network).

        A root or CRL that cannot be read is not kept (:data:`BAD_ROOT`,
        ``verify.bad_crl``): the one kept before stays, and no document is ever
        judged against a broken one. Each is checked on its own: a bad root does
        not hold back a good CRL.
        """
        if self.client is None:
            return
        from backoffice.signing.verify import parse_crls

        raw = self.client.pki_file("root.pem")
        try:
            parse_root(raw)
        except SigningError:
            _log.warning("the platform's root certificate is not one (%d bytes, starts %r): "
                         "the one kept before stays", len(raw), raw[:32])
            bad_root = True
        else:
            self._set_state(ROOT_KEY, raw.decode("ascii"))
            bad_root = False
        crl = self.client.pki_file("crl")
        parse_crls((crl,))
        self._set_state(CRL_KEY, crl.hex())
        if bad_root:
            raise SigningError(BAD_ROOT)

    def policy(self, *, require_timestamp: bool = False, signer: str = "") -> VerifyPolicy:
        from backoffice.signing.verify import VerifyPolicy, load_certificates

        files: list[Path] = sorted(self.trust_dir.glob("*.pem")) if self.trust_dir and \
            self.trust_dir.is_dir() else []
        roots = list(load_certificates(files)) if files else []
        pem = self._state(ROOT_KEY)
        if pem:
            roots.append(parse_root(pem.encode("utf-8", "replace")))
        crl = self._state(CRL_KEY)
        # An unreadable root or CRL raises BAD_ROOT or verify.bad_crl here: said as
        # such, never as every sealed document found tampered with.
        return VerifyPolicy(trust_roots=tuple(roots), crls=(bytes.fromhex(crl),) if crl else (),
                            require_timestamp=require_timestamp, signer=signer)

    def verify(self, pdf: bytes, *, signer: str = "") -> VerificationResult:
        """``signer``: the issuing department's name, which every seal must bear. A root
        kept damaged is the verdict's one finding (:data:`BAD_ROOT`): no seal is checked."""
        from backoffice.signing.verify import Verdict, VerificationResult, verify_pdf

        try:
            policy = self.policy(signer=signer)
        except SigningError as exc:
            if exc.code != BAD_ROOT:
                raise
            return VerificationResult(Verdict.REJECTED, [BAD_ROOT], [], [])
        return verify_pdf(pdf, policy)

    def root_usable(self) -> bool:
        """A root of the platform is kept, and it is a certificate."""
        pem = self._state(ROOT_KEY)
        if not pem:
            return False
        try:
            parse_root(pem.encode("utf-8", "replace"))
        except SigningError:
            return False
        return True

    # --- numbers for local seals -----------------------------------------------------

    def numbers(self, kind: NumberKind = "decision") -> list[str]:
        raw = self._state(NUMBERS_KEYS[kind])
        return list(json.loads(raw)) if raw else []

    def _keep_numbers(self, kind: NumberKind, numbers: list[str]) -> None:
        self._set_state(NUMBERS_KEYS[kind], json.dumps(numbers, ensure_ascii=False))

    def reserve_numbers(self, keep: Mapping[NumberKind, int] = KEEP) -> None:
        """Top the reserved numbers of each kind up to ``keep`` (online, signers only)."""
        for kind, wanted in keep.items():
            have = self.numbers(kind)
            if self.client is not None and len(have) < wanted:
                self._keep_numbers(kind, have + self.client.reserve_numbers(
                    wanted - len(have), kind=kind))

    def _take_number(self, kind: NumberKind) -> str:
        have = self.numbers(kind)
        if not have:
            raise DomainError(_NONE_RESERVED[kind])
        self._keep_numbers(kind, have[1:])
        return have[0]

    # --- sealing ----------------------------------------------------------------------

    def seal_with_platform(self, decision: str) -> SealingJob:
        existing = jobs.get(self.store, decision)
        if existing is not None and existing.open:
            return existing
        job = SealingJob(decision, jobs.PLATFORM, jobs.AWAITING_SEAL, self.username,
                         request_id=str(uuid.uuid4()))
        return jobs.save(self.store, job)

    def seal_locally(self, decision: str, render: Callable[[str], bytes],
                     provider: SigningProvider, *, department: str,
                     kind: NumberKind = "decision") -> SealingJob:
        """``render(number)``: the decision document with its number, one reserved of
        ``kind``; ``department``: the name the certificate must bear (another
        department's seal is refused)."""
        from backoffice.signing.seal import seal_pdf

        # A double click, or the CLI beside the desk: a second seal would spend a
        # second number, and its job would take the place of the first one's.
        existing = jobs.get(self.store, decision)
        if existing is not None and not existing.replaceable:
            raise DomainError("decision.seal_under_way")
        with self.store.read() as uow:
            record = uow.decisions.get(decision)
        if record is not None and record.status in _SEALED:
            raise DomainError("decision.already_sealed")
        stamper, context = self._long_term()
        # Online: the platform's CRL was just fetched; a revoked certificate is
        # refused before a number is spent on it. Offline the trust kept in the
        # store still tells a certificate of another CA.
        crls = self.policy().crls if stamper is not None else ()
        if context is None:
            context = self._offline_context()
        number = self._take_number(kind)
        try:
            pdf = render(number)
            sealed = seal_pdf(pdf, provider, timestamper=stamper, validation_context=context,
                              crls=crls, department=department)
        except BaseException:
            self._give_back(number, kind)
            raise
        sha = self.cache.add_local(sealed.pdf, pin=PIN_DECISION)
        state = jobs.AWAITING_TIMESTAMP if sealed.awaiting_timestamp else jobs.READY
        return jobs.save(self.store, SealingJob(decision, jobs.LOCAL, state, self.username,
                                                document_number=number, document_sha256=sha))

    def _give_back(self, number: str, kind: NumberKind) -> None:
        """An unused reserved number goes back first in line (nothing was sealed with it)."""
        have = self.numbers(kind)
        if number not in have:
            self._keep_numbers(kind, [number, *have])

    def _offline_context(self) -> Any:
        """A validation context of the trust kept here (None when none is known yet)."""
        policy = self.policy()
        if not policy.trust_roots:
            return None
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(trust_roots=list(policy.trust_roots), allow_fetching=False)

    def _long_term(self) -> tuple[Any, Any]:
        """The platform's TSA and a validation context of its root and CRL (None offline)."""
        if self.client is None:
            return None, None
        try:
            self.refresh_trust()
        except (RemoteError, OSError):
            return None, None
        from pyhanko.sign.timestamps import HTTPTimeStamper
        from pyhanko_certvalidator import ValidationContext

        policy = self.policy()
        return HTTPTimeStamper(self.client.tsa_url), ValidationContext(
            trust_roots=list(policy.trust_roots), crls=list(policy.parsed_crls),
            allow_fetching=False)

    # --- following ----------------------------------------------------------------------

    def follow(self, pending_commands: Sequence[Command] = (), *,
               online: bool = False) -> list[SealingJob]:
        """One step of every open job that is due; the jobs as they are afterwards.

        ``pending_commands``: the outbox's active commands; a decision whose
        draft or submit is among them is not on the platform yet. ``online``:
        the platform just answered a sync, so a job that waits only because
        the connection was lost is due now (a ``Retry-After`` still holds).
        """
        waiting = {decision_id(c.id) for c in pending_commands if c.kind == "decision.draft"}
        waiting |= {c.entity_id for c in pending_commands if c.entity == "decision"}
        out = []
        for job in jobs.all_jobs(self.store):
            due = job.next_at <= self.clock() or (online and job.error in RECONNECT_ERRORS)
            if job.open and due and job.decision_id not in waiting:
                job = self._step(job)
            out.append(job)
        return out

    def follow_round(self, pending: Sequence[Command], *, online: bool) -> bool:
        """The sync engine's follower: True when a seal was queued or finished (push, pull).

        ``online`` (a round reached the platform): the sealed documents made
        elsewhere are fetched too (:mod:`.fetching`); they change nothing to send.
        """
        before = {j.decision_id: j.state for j in jobs.all_jobs(self.store)}
        after = self.follow(pending, online=online)
        if online and self.client is not None:
            # After the jobs: a seal of this workstation outrun by another one
            # has just learnt whose document the decision keeps.
            fetching.fetch_sealed(self, self.client)
        return any(j.state in (jobs.SENT, jobs.SIGNED) and before.get(j.decision_id) != j.state
                   for j in after)

    def _step(self, job: SealingJob) -> SealingJob:
        if self.client is None:
            return job
        try:
            if job.method == jobs.PLATFORM:
                return self._platform_step(job)
            return self._local_step(job)
        except RemoteError as exc:
            if exc.code == CANCELLED:
                # The session is closing: not a try that failed. The job stays
                # as it was, due at the next start's first round.
                _log.info("sealing %s: stopped, the session is closing", job.decision_id)
                return job
            if exc.code == OUT_OF_STEP:
                return self._out_of_step(job)
            wait = exc.params.get("retry_after")
            delay = float(wait) if isinstance(wait, int) else backoff(job.attempts)
            _log.info("sealing %s: %s, next try in %.0f s", job.decision_id, exc.code, delay)
            return jobs.save(self.store, job.moved(attempts=job.attempts + 1,
                                                   next_at=self.clock() + delay,
                                                   error=exc.code[:128]))
        except (BackofficeError, OSError) as exc:
            code = exc.code if isinstance(exc, BackofficeError) else "signing.error"
            if code == OUT_OF_STEP:
                return self._out_of_step(job)
            if code in FINAL_ERRORS:  # no retry can help: a new certificate and a new seal
                _log.warning("sealing %s: the certificate cannot seal (%s)", job.decision_id,
                             code)
                return jobs.save(self.store, job.moved(state=jobs.FAILED, error=code))
            _log.warning("sealing %s failed: %s", job.decision_id, code, exc_info=exc)
            return jobs.save(self.store, job.moved(attempts=job.attempts + 1,
                                                   next_at=self.clock() + backoff(job.attempts),
                                                   error=code[:128]))

    def _out_of_step(self, job: SealingJob) -> SealingJob:
        """A job the decision's state refuses is over, never retried."""
        with self.store.read() as uow:
            decision = uow.decisions.get(job.decision_id)
        if decision is not None and decision.status in _SEALED:
            return self._closed(job, decision)
        _log.warning("sealing %s: the decision no longer awaits a seal", job.decision_id)
        return jobs.save(self.store, job.moved(state=jobs.FAILED, error=NOT_TAKEN))

    def _closed(self, job: SealingJob, decision: Decision) -> SealingJob:
        """The decision is sealed already: by this job (done), or by another one,
        whose document it keeps; this job's document stays in the file cache."""
        if job.document_number is not None and job.document_number == decision.document_number:
            done = jobs.SENT if job.method == jobs.LOCAL else jobs.SIGNED
            return jobs.save(self.store, job.moved(state=done, error=None))
        _log.warning("sealing %s: sealed by another seal (%s); %s not used", job.decision_id,
                     decision.document_number, job.document_number)
        return jobs.save(self.store, job.moved(state=jobs.FAILED, error=SUPERSEDED))

    def _platform_step(self, job: SealingJob) -> SealingJob:
        assert self.client is not None
        rid = job.request_id or str(uuid.uuid4())
        if job.state == jobs.AWAITING_SEAL:
            answer = self.client.create_signing_request(rid, job.decision_id)
            job = jobs.save(self.store, job.moved(state=jobs.PENDING, attempts=0,
                                                  next_at=self.clock(), error=None))
        else:
            answer = self.client.signing_request(rid)
        if answer.status == "pending":
            return jobs.save(self.store, job.moved(
                attempts=job.attempts + 1, next_at=self.clock() + backoff(job.attempts),
                error=None))
        if answer.status == "signed":
            self.cache.fetch(self.client, answer.document_sha256, pin=PIN_DECISION)
            if self._state(ROOT_KEY) is None:  # the desk verifies it, offline too
                self.refresh_trust()
            return jobs.save(self.store, job.moved(
                state=jobs.SIGNED, document_sha256=answer.document_sha256,
                document_number=answer.document_number, error=None))
        code = answer.error.code if answer.error is not None else answer.status
        return jobs.save(self.store, job.moved(state=str(answer.status), error=code[:128]))

    def _local_step(self, job: SealingJob) -> SealingJob:
        from backoffice.signing.seal import add_timestamp

        assert self.client is not None and job.document_sha256 is not None
        if job.state == jobs.AWAITING_TIMESTAMP:
            stamper, context = self._long_term()
            if stamper is None:
                raise RemoteError("remote.offline", host="")
            path = self.cache.path(job.document_sha256)
            if path is None:
                raise DomainError("decision.document_missing", sha256=job.document_sha256)
            stamped = add_timestamp(path.read_bytes(), stamper, context,
                                    crls=self.policy().crls)
            sha = self.cache.add_local(stamped, pin=PIN_DECISION)
            job = jobs.save(self.store, job.moved(state=jobs.READY, document_sha256=sha))
        assert job.document_sha256 is not None
        with self.store.read() as uow:
            decision = uow.decisions.get(job.decision_id)
        if decision is None:  # not pulled yet: the draft is on the platform, the record not here
            raise RemoteError("remote.not_found", host="")
        if decision.status in _SEALED:
            return self._closed(job, decision)
        # Resumable, and the upload's id kept in the cache's index: a field
        # laptop's broken link or a restart does not start the PDF over.
        self.cache.upload(self.client, job.document_sha256)
        self.store.record_command(Command.new(
            "decision.seal", job.decision_id, decision.version,
            {"document_sha256": job.document_sha256, "document_number": job.document_number},
            author=self.username, now=dt.datetime.now(dt.UTC)))
        return jobs.save(self.store, job.moved(state=jobs.SENT, error=None))


__all__ = ["BAD_ROOT", "Sealer", "SigningClient", "backoff", "parse_root"]
