"""Mark and sweep for a re-sync from scratch (see ``ResyncSeenRow``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.store import mapping
from backoffice.store.pending import remove_records
from backoffice.store.repositories import chunks
from backoffice.store.schema import ResyncSeenRow, table_of
from backoffice.store.uow import UnitOfWork

ACTIVE_KEY = "resync.active"  # sync_state: a re-sync is under way

_t = table_of(ResyncSeenRow)


def begin(uow: UnitOfWork) -> None:
    uow.session.execute(delete(_t))
    uow.sync_state.set(ACTIVE_KEY, "1")


def active(uow: UnitOfWork) -> bool:
    return uow.sync_state.get(ACTIVE_KEY) is not None


def mark(uow: UnitOfWork, keys: Iterable[tuple[str, str]]) -> None:
    rows = [{"entity": e, "entity_id": k} for e, k in dict.fromkeys(keys)]
    for part in chunks(rows):
        uow.session.execute(sqlite_insert(_t).values(list(part)).on_conflict_do_nothing())


def sweep(uow: UnitOfWork) -> tuple[int, tuple[str, ...]]:
    """Drop every record the snapshot did not bring; end the re-sync.

    Returns how many records went — all of them, those that go with their
    case included, so the round's report says what the person lost sight
    of — and the ids of the person's commands held back because their
    record went (they stay, refused, for the person to see).
    """
    gone: list[tuple[str, str]] = []
    for spec in sorted(mapping.SPECS, key=lambda s: s.rank):
        pk = spec.table.primary_key.columns.values()[0]
        seen = select(_t.c.entity_id).where(_t.c.entity == spec.kind)
        gone += [(spec.kind, k) for k in uow.session.scalars(select(pk).where(pk.not_in(seen)))]
    held = remove_records(uow, gone)
    uow.session.execute(delete(_t))
    uow.sync_state.delete(ACTIVE_KEY)
    return len(gone), held
