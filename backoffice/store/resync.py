"""Mark and sweep for a re-sync from scratch (see ``ResyncSeenRow``), and when one is due.

A re-sync starts when the platform's cursor expired, and when the store
asks for one: a migration that keeps what older builds dropped leaves
:data:`WANTED_KEY`, and a store last pulled by another build (``BUILD_KEY``)
whose quarantine holds records of the feed re-reads them — the platform
sends a record again only when it changes, so without this a record an
older contract set aside would stay out of the store for good.
"""


from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backoffice.store import mapping
from backoffice.store.pending import DEFAULT_CURSOR_KEY, remove_records
from backoffice.store.repositories import chunks
from backoffice.store.schema import ResyncSeenRow, table_of
from backoffice.store.uow import UnitOfWork

# sync_state: a re-sync is under way; the value says why ("1", or what
# resync_start keeps: the reason it was wanted, so that a re-sync after an
# upgrade cut short is announced again at the next start).
ACTIVE_KEY = "resync.active"
# sync_state: the next pull starts a re-sync; the value says why (a
# migration writes its revision — the key is copied there, not imported).
WANTED_KEY = "resync.wanted"
BUILD_KEY = "sync.build"  # sync_state: the build (version, schema) that last pulled
FEED = "changes"  # the quarantine's source for records of the change feed
UPGRADED = "upgraded"  # the reason when another build set records aside
# The reason when the person asked for the records set aside to come again
# (the feed sends a record again only when it changes: a page garbled on its
# way, once set aside, would stay out for good).
ASKED = "asked"

_t = table_of(ResyncSeenRow)


def begin(uow: UnitOfWork) -> None:
    """Start from scratch: no cursor, no marks, and the feed's quarantine emptied.

    The snapshot brings every quarantined record again: what is still
    malformed lands there again (once, not beside its old copy), what this
    build can read is applied. Commands and the push's quarantine stay.
    """
    uow.session.execute(delete(_t))
    uow.sync_state.set(ACTIVE_KEY, "1")
    uow.sync_state.delete(DEFAULT_CURSOR_KEY)
    uow.sync_state.delete(WANTED_KEY)
    uow.quarantine.clear(source=FEED)


def ask(uow: UnitOfWork) -> None:
    """The person asks for every record again at the next pull (:data:`ASKED`)."""
    uow.sync_state.set(WANTED_KEY, ASKED)


def may_be_due(uow: UnitOfWork, build: str) -> bool:
    """Whether :func:`start_if_due` has anything to do (a read, for every pull)."""
    return (uow.sync_state.get(WANTED_KEY) is not None
            or uow.sync_state.get(BUILD_KEY) != build)


def start_if_due(uow: UnitOfWork, build: str) -> str | None:
    """Begin the re-sync the store wants, noting ``build`` as its puller; why, or None.

    A store without a cursor pulls everything anyway: it needs none.
    """
    reason = uow.sync_state.get(WANTED_KEY)
    if (reason is None and uow.sync_state.get(BUILD_KEY) != build
            and uow.quarantine.count(source=FEED)):
        reason = UPGRADED
    uow.sync_state.set(BUILD_KEY, build)
    if reason is None or uow.sync_state.get(DEFAULT_CURSOR_KEY) is None:
        uow.sync_state.delete(WANTED_KEY)
        return None
    begin(uow)
    return reason


def active(uow: UnitOfWork) -> bool:
    return uow.sync_state.get(ACTIVE_KEY) is not None


def unseen(uow: UnitOfWork, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of ``keys`` this re-sync has not brought yet (before :func:`mark` marks them)."""
    wanted = set(keys)
    if not wanted:
        return wanted
    # One statement, the keys as one JSON array (as the repositories read lists of keys).
    found = uow.session.connection().exec_driver_sql(
        f"SELECT entity, entity_id FROM {_t.name} WHERE (entity, entity_id) IN "
        "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
        "FROM json_each(?))", (json.dumps(sorted(wanted)),))
    return wanted - {(entity, key) for entity, key in found}


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
