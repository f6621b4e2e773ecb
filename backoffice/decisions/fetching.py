"""Sealed documents made elsewhere, brought into the file cache once the sync learns of them.

A decision sealed on another workstation (the same signer's laptop, a
colleague's desk) or by the platform's signing service arrives here as a
record only: its ``document_sha256`` names the document, and no seal job of
this workstation fetches it. Without it the desk can neither show, verify
nor issue the decision. After every sync round that reached the platform the
sealer (:meth:`.sealing.Sealer.follow_round`) calls :func:`fetch_sealed`:
each sealed (then issued) decision whose document is not in the cache is
downloaded like a material file (resumed, its SHA-256 checked, pinned), and
its seal verified as the desk does.

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

from sqlalchemy import select

from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import DecisionStatus
from backoffice.remote.errors import CANCELLED, RemoteError
from backoffice.store.schema import DecisionRow, table_of
from backoffice.store.store import Store
from backoffice.sync.files import STOPS
from backoffice.sync.files_download import FileTransport

if TYPE_CHECKING:
    from backoffice.decisions.sealing import Sealer

_log = logging.getLogger("backoffice.decisions")

FETCH_KEY = "decisions.fetch."  # + decision id: why its document is not here yet
NOT_VERIFIED = "decision.not_verified"
# Documents per round: the round holds the sync's lock, and a first sync of a
# department with many issued decisions must not keep a person's action waiting.
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


def missing(store: Store, sealer: Sealer) -> list[tuple[str, str, str]]:
    """(decision id, document SHA-256, department) of sealed and issued decisions whose
    document is not cached; the sealed ones first: they wait to be issued."""
    t = table_of(DecisionRow)
    with store.read() as uow:
        rows = uow.session.execute(
            select(t.c.id, t.c.document_sha256, t.c.department_code, t.c.status)
            .where(t.c.status.in_((DecisionStatus.SEALED.value, DecisionStatus.ISSUED.value)),
                   t.c.document_sha256.is_not(None))
            .order_by(t.c.status != DecisionStatus.SEALED.value, t.c.id)).all()
    return [(r.id, r.document_sha256, r.department_code) for r in rows
            if not sealer.cache.has(r.document_sha256)]


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
    """Bring up to ``limit`` missing sealed documents; never raises for one that fails."""
    from backoffice.decisions.sealing import PIN_DECISION, ROOT_KEY

    store, report = sealer.store, FetchReport()
    for decision, sha, department in missing(store, sealer)[:limit]:
        try:
            path = sealer.cache.fetch(client, sha, pin=PIN_DECISION)
            with store.read() as uow:
                trusted = uow.sync_state.get(ROOT_KEY) is not None
            if not trusted:  # the desk verifies it, offline too
                sealer.refresh_trust()
            result = sealer.verify(path.read_bytes(), signer=department_name(store, department))
        except BackofficeError as exc:
            if exc.code == CANCELLED:
                break  # the session is closing: not a try that failed
            _log.warning("sealed document of %s (%s) not fetched: %s", decision, sha, exc.code)
            report.failed[decision] = exc.code
            _told(store, decision, exc.code)
            if exc.code in STOPS or (isinstance(exc, RemoteError) and exc.transient):
                break  # nothing else gets through either
            continue
        if result.ok:
            report.fetched.append(decision)
            _told(store, decision, None)
        else:
            _log.warning("sealed document of %s (%s) does not verify: %s", decision, sha,
                         ", ".join(result.problems))
            report.failed[decision] = NOT_VERIFIED
            _told(store, decision, NOT_VERIFIED)
    if report.fetched or report.failed:
        _log.info("sealed documents: %d fetched, %d failed", len(report.fetched),
                  len(report.failed))
    return report


__all__ = ["FetchReport", "department_name", "fetch_error", "fetch_sealed", "missing"]
