"""Seals under way, kept in the store (``sealing_jobs``) so they outlive a restart.

States, by method:

- platform: ``awaiting_seal`` (the request not yet made: offline, or the
  decision not yet on the platform) → ``pending`` (the request id is the
  platform's too; followed with back-off) → ``signed`` | ``refused`` |
  ``failed``.
- local: ``awaiting_timestamp`` (sealed offline, PAdES B-B) → ``ready``
  (timestamped, revocation info embedded) → ``sent`` (uploaded, the
  ``decision.seal`` command queued).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.store.schema import SealingJobRow, table_of
from backoffice.store.store import Store

PLATFORM, LOCAL = "platform", "local"
AWAITING_SEAL, PENDING, SIGNED, REFUSED, FAILED = (
    "awaiting_seal", "pending", "signed", "refused", "failed")
AWAITING_TIMESTAMP, READY, SENT = "awaiting_timestamp", "ready", "sent"
OPEN = frozenset({AWAITING_SEAL, PENDING, AWAITING_TIMESTAMP, READY})
_TABLE = table_of(SealingJobRow)


@dataclass(frozen=True, slots=True)
class SealingJob:
    decision_id: str
    method: str
    state: str
    author: str
    request_id: str | None = None
    document_number: str | None = None
    document_sha256: str | None = None
    attempts: int = 0
    next_at: float = 0.0
    error: str | None = None

    @property
    def open(self) -> bool:
        return self.state in OPEN

    @property
    def replaceable(self) -> bool:
        """A new seal may take its place: it is over, or it is a local seal whose
        timestamp failed on the document itself (not on the network), which a
        retry may never mend."""
        return not self.open or (self.method == LOCAL and self.state == AWAITING_TIMESTAMP
                                 and (self.error or "").startswith("signing."))

    def moved(self, **changes: Any) -> SealingJob:
        return replace(self, **changes)


def save(store: Store, job: SealingJob) -> SealingJob:
    values = asdict(job)
    with store.write() as uow:
        stmt = sqlite_insert(_TABLE).values(**values)
        uow.session.execute(stmt.on_conflict_do_update(
            index_elements=["decision_id"],
            set_={k: v for k, v in values.items() if k != "decision_id"}))
    return job


def get(store: Store, decision_id: str) -> SealingJob | None:
    with store.read() as uow:
        row = uow.session.execute(select(_TABLE).where(
            _TABLE.c.decision_id == decision_id)).mappings().first()
    return SealingJob(**dict(row)) if row is not None else None


def all_jobs(store: Store) -> list[SealingJob]:
    with store.read() as uow:
        rows = uow.session.execute(select(_TABLE).order_by(_TABLE.c.decision_id)).mappings()
        return [SealingJob(**dict(r)) for r in rows]


def remove(store: Store, decision_id: str) -> None:
    with store.write() as uow:
        uow.session.execute(delete(_TABLE).where(_TABLE.c.decision_id == decision_id))
