"""Records the platform sent that we could not accept, kept with the reason.

A record that breaks the contract or a domain rule is never half-applied
and never silently dropped: it lands here, in the transaction of its page,
and the sync goes on (SYNC.md; issue "REST client and sync engine").
Support reads them with ``backoffice status`` / diagnostics; the raw text is
capped so a hostile or broken platform cannot fill the disk through us.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backoffice.store.schema import QuarantineRow, table_of

MAX_RAW = 16_384  # characters of the raw record kept
MAX_REASON = 2_000

_t = table_of(QuarantineRow)


@dataclass(frozen=True, slots=True)
class Quarantined:
    id: int
    source: str
    entity: str | None
    entity_id: str | None
    reason: str
    raw: str
    received_at: dt.datetime


def raw_text(raw: Any) -> str:
    """``raw`` as JSON text (or its repr when it is not JSON-able), capped."""
    try:
        text = json.dumps(raw, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(raw)
    return text[:MAX_RAW]


class QuarantineRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        source: str,
        reason: str,
        raw: Any,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.session.execute(
            _t.insert().values(
                source=source,
                entity=None if entity is None else str(entity)[:32],
                entity_id=None if entity_id is None else str(entity_id)[:128],
                reason=reason[:MAX_REASON],
                raw=raw_text(raw),
                received_at=now or dt.datetime.now(dt.UTC),
            )
        )

    def count(self, *, source: str | None = None) -> int:
        query = select(func.count()).select_from(_t)
        if source is not None:
            query = query.where(_t.c.source == source)
        return int(self.session.scalar(query) or 0)

    def entries(self, *, limit: int = 100) -> list[Quarantined]:
        rows = self.session.execute(select(_t).order_by(_t.c.id.desc()).limit(limit)).mappings()
        return [Quarantined(**dict(r)) for r in rows]

    def clear(self, *, source: str | None = None) -> int:
        """Forget the kept records (of ``source`` only, when given); how many went."""
        stmt = delete(_t) if source is None else delete(_t).where(_t.c.source == source)
        result = self.session.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)
