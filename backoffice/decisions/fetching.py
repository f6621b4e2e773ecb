"""Sealed documents made elsewhere, brought into the file cache once the sync learns of them.

A decision sealed on another workstation (the same signer's laptop, a
colleague's desk) or by the platform's signing service arrives here as a
record only: its ``document_sha256`` names the document, and no seal job of
this workstation fetches it. Without it the desk can neither show, verify
nor issue the decision. After every sync round that reached the platform the
sealer (:meth:`.sealing.Sealer.follow_round`) calls :func:`fetch_sealed`:
each sealed decision whose document is not in the cache is downloaded like
a material file (resumed, its SHA-256 checked, pinned until issued), and its
seal verified as the desk does.

An issued decision's document is the platform's record and is needed only
to be looked at: fetched every round and pinned for ever, a department's
years of decisions grew the cache without bound. It is fetched when the desk
opens it (:func:`fetch_opened`; offline, the next round brings it) and left
unpinned, evicted under the cache's limit like a material file; the pin of a
document fetched while its decision waited to be issued is let go once the
platform has it issued (:func:`release_issued`).

What went wrong is kept per decision in the store (``decisions.fetch.<id>``)
for the desk to say, and the next round tries again: bytes that are not the
document (``files.hash_mismatch``) are discarded and nothing else changes;
offline, the desk says the document comes with the next sync. A document
that is the platform's but whose seal does not verify stays in the cache as
the platform's record, and is refused for issuing (``decision.not_verified``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select

from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import DecisionStatus
from backoffice.remote.errors import CANCELLED, RemoteError
from backoffice.store.schema import DecisionRow, table_of
from backoffice.store.store import Store
from backoffice.sync.files import STOPS, FileCache
from backoffice.sync.files_download import FileTransport

if TYPE_CHECKING:
    from backoffice.decisions.sealing import Sealer

_log = logging.getLogger("backoffice.decisions")

FETCH_KEY = "decisions.fetch."  # + decision id: why its document is not here yet
# + decision id: an issued decision's document the desk opened and did not have.
WANTED_KEY = "decisions.wanted."
NOT_VERIFIED = "decision.not_verified"
# Documents per round: the round holds the sync's lock, and a first sync of a
# department with many decisions waiting to be issued must not keep a person's
# action waiting.
PER_ROUND = 20


@dataclass(slots=True)
class FetchReport:
    fetched: list[str] = field(default_factory=list)  # decision ids, document verified
    failed: dict[str, str] = field(default_factory=dict)  # decision id → error code


def department_name(store: Store, code: str) -> str:
    """The name a department's seal certificate bears (its code if it is not pulled yet:
    then no certificate matches, which refuses rather than trusts)."""
    with store.read() as uow:
        found = uow.departments.get_many((code,)).get(code)
    return found.name if found is not None else code


def missing(store: Store, sealer: Sealer) -> list[tuple[str, str, str, bool]]:
    """(decision id, document SHA-256, department, pinned) of the documents to bring that
    are not cached: the sealed decisions' first (pinned: they wait to be issued), then
    the issued ones the desk opened (:data:`WANTED_KEY`; not pinned)."""
    t = table_of(DecisionRow)
    sealed, issued = DecisionStatus.SEALED.value, DecisionStatus.ISSUED.value
    with store.read() as uow:
        wanted = [k[len(WANTED_KEY):] for k in uow.sync_state.items()
                  if k.startswith(WANTED_KEY)]
        rows = uow.session.execute(
            select(t.c.id, t.c.document_sha256, t.c.department_code, t.c.status)
            .where(or_(t.c.status == sealed, and_(t.c.status == issued, t.c.id.in_(wanted))),
                   t.c.document_sha256.is_not(None))
            .order_by(t.c.status != sealed, t.c.id)).all()
    return [(r.id, r.document_sha256, r.department_code, r.status == sealed) for r in rows
            if not sealer.cache.has(r.document_sha256)]


def release_issued(store: Store, cache: FileCache) -> list[str]:
    """Unpin the documents of the decisions the platform has issued (their decision
    record confirmed so, nothing of ours on top); those unpinned. Also forgets the asks
    for documents now here."""
    from backoffice.decisions.sealing import PIN_DECISION

    t = table_of(DecisionRow)
    with store.read() as uow:
        issued = uow.session.execute(
            select(t.c.id, t.c.document_sha256)
            .where(t.c.status == DecisionStatus.ISSUED.value, t.c.confirmed.is_(None),
                   t.c.document_sha256.is_not(None))).all()
        wanted = {k for k in uow.sync_state.items() if k.startswith(WANTED_KEY)}
    released = [r.document_sha256 for r in issued
                if cache.unpin(r.document_sha256, PIN_DECISION)]
    done = [k for k in wanted if _here(store, cache, k[len(WANTED_KEY):])]
    if done:
        with store.write() as uow:
            for key in done:
                uow.sync_state.delete(key)
    return released


def _here(store: Store, cache: FileCache, decision: str) -> bool:
    with store.read() as uow:
        found = uow.decisions.get(decision)
    sha = found.document_sha256 if found is not None else None
    return found is None or (sha is not None and cache.has(sha))


def fetch_error(store: Store, decision: str) -> str | None:
    """Why the last try did not bring the decision's document (None: none failed)."""
    with store.read() as uow:
        return uow.sync_state.get(FETCH_KEY + decision)


def _told(store: Store, decision: str, code: str | None) -> None:
    with store.write() as uow:
        if code is None:
            uow.sync_state.delete(FETCH_KEY + decision)
        else:
            uow.sync_state.set(FETCH_KEY + decision, code[:128])


def fetch_sealed(sealer: Sealer, client: FileTransport, *,
                 limit: int = PER_ROUND) -> FetchReport:
    """Bring up to ``limit`` missing documents (:func:`missing`); never raises for one
    that fails. The issued decisions' pins are let go first (:func:`release_issued`)."""
    store, report = sealer.store, FetchReport()
    release_issued(store, sealer.cache)
    for decision, sha, department, pinned in missing(store, sealer)[:limit]:
        code, stop = _bring(sealer, client, decision, sha, department, pinned=pinned)
        if code == CANCELLED:
            break  # the session is closing: not a try that failed
        if code is None:
            report.fetched.append(decision)
        else:
            report.failed[decision] = code
        if stop:
            break  # nothing else gets through either
    if report.fetched or report.failed:
        _log.info("sealed documents: %d fetched, %d failed", len(report.fetched),
                  len(report.failed))
    return report


def fetch_opened(sealer: Sealer, decision: str, sha: str, department: str) -> None:
    """The desk opened issued ``decision`` and its document is not here: brought now,
    unpinned. It is asked for first, so that when it cannot be brought now (offline,
    no client) the next round does (:func:`fetch_error` says why meanwhile)."""
    with sealer.store.write() as uow:
        uow.sync_state.set(WANTED_KEY + decision, sha)
    if sealer.client is not None:
        _bring(sealer, sealer.client, decision, sha, department, pinned=False)


def _bring(sealer: Sealer, client: FileTransport, decision: str, sha: str, department: str,
           *, pinned: bool) -> tuple[str | None, bool]:
    """Fetch and verify one decision's document: (None when it verifies, else the code
    kept for the desk; whether the other documents would fail the same way)."""
    from backoffice.decisions.sealing import BAD_ROOT, PIN_DECISION

    store = sealer.store
    try:
        path = sealer.cache.fetch(client, sha, pin=PIN_DECISION if pinned else None)
        # The desk verifies it, offline too; a root kept damaged is replaced if the
        # platform now serves a good one (else BAD_ROOT: said, the document kept).
        if not sealer.root_usable():
            sealer.refresh_trust()
        result = sealer.verify(path.read_bytes(), signer=department_name(store, department))
    except BackofficeError as exc:
        if exc.code == CANCELLED:
            return CANCELLED, True
        _log.warning("sealed document of %s (%s) not fetched: %s", decision, sha, exc.code)
        _told(store, decision, exc.code)
        return exc.code, exc.code in STOPS or (isinstance(exc, RemoteError) and exc.transient)
    if result.ok:
        _told(store, decision, None)
        return None, False
    _log.warning("sealed document of %s (%s) does not verify: %s", decision, sha,
                 ", ".join(result.problems))
    # Not the document's fault: the desk says what is wrong with the trust instead.
    code = BAD_ROOT if BAD_ROOT in result.problems else NOT_VERIFIED
    _told(store, decision, code)
    return code, code == BAD_ROOT


__all__ = ["FetchReport", "department_name", "fetch_error", "fetch_opened", "fetch_sealed",
           "missing", "release_issued"]
