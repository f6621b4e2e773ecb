"""Secondary indexes of the bulk tables, dropped during a first pull and built once after it.

A first pull (:mod:`.snapshot`) inserts ~230,000 rows into three tables
that carry a dozen secondary indexes between them; moving an entry in
each of them for every row cost more than writing the rows, and building
an index from a full table is one sort. So the first bulk page drops them
and the end of the snapshot creates them again.

Which indexes: every non-unique index the schema (the SQLAlchemy metadata)
declares on :data:`BULK_TABLES`, but the ones the pages themselves read by
(a case's tasks, for their deadline columns; a case's materials, for its
search document). Unique indexes and primary
keys stay: the writes rely on them (upserts), and a duplicate must fail
the page it is in, not the rebuild. With foreign keys on, a material's or
a task's insert still looks its case up by its primary key.

**Crash safety.** The drop runs in a pulled page's transaction together
with a marker in ``sync_state`` (:data:`DEFERRED_KEY`) holding each dropped
index's ``CREATE INDEX`` statement as ``sqlite_master`` had it; SQLite's DDL
is transactional, so the file has either the indexes or the marker with
their definitions, never neither. :func:`restore` runs those statements
and deletes the marker in one transaction: at the end of the snapshot, when
a page must go the normal way (a command was queued), and at every store
open *before* migrations run (:func:`backoffice.store.migrate.upgrade`), so
neither a migration nor a query ever sees the schema without them. The
statements are the file's own, not today's metadata, because the file may
be at an older revision than this build until it is migrated.

A pull that goes on after such a restore drops them again at its next bulk
page (so does one whose indexes another process restored meanwhile).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Final

from sqlalchemy import Index, Table
from sqlalchemy.engine import Connection

from backoffice.store import migrate
from backoffice.store.schema import (
    CASE_DEADLINE_COLUMNS,
    TASK_DEADLINE_COLUMNS,
    CaseRow,
    MaterialRow,
    ReviewTaskRow,
    table_of,
)

# sync_state: JSON {index name: its CREATE INDEX statement} of the indexes dropped.
# (Defined in migrate, which reads it at every open without importing the schema.)
DEFERRED_KEY: Final = migrate.DEFERRED_KEY

BULK_TABLES: Final = tuple(table_of(t) for t in (CaseRow, MaterialRow, ReviewTaskRow))
_READ_BY_CASE: Final = (table_of(ReviewTaskRow), table_of(MaterialRow))
_DERIVED = frozenset(CASE_DEADLINE_COLUMNS) | frozenset(TASK_DEADLINE_COLUMNS)


def deferrable(tables: tuple[Table, ...] = BULK_TABLES) -> list[Index]:
    """The schema's non-unique indexes of ``tables`` the pages' own writes do not read by."""
    return sorted((i for t in tables for i in t.indexes if not i.unique and not _read(i)),
                  key=lambda i: str(i.name))


def _read(index: Index) -> bool:
    # A case's tasks: a bulk page looks them up to keep their deadline
    # columns in step with a case sent again or its special procedures; a
    # case's materials: a bulk page writes their case's search document.
    return index.table in _READ_BY_CASE and [c.name for c in index.columns] == ["case_code"]


def on_derived_columns(index: Index) -> bool:
    """Whether ``index`` covers a deadline column (computed at the snapshot's end)."""
    return any(c.name in _DERIVED for c in index.columns)


def pending(connection: Connection) -> dict[str, str]:
    """The dropped indexes' statements by name; empty when none are dropped."""
    raw = connection.exec_driver_sql(
        "SELECT value FROM sync_state WHERE key = ?", (DEFERRED_KEY,)).scalar()
    if raw is None:
        return {}
    statements: dict[str, str] = json.loads(raw)
    return statements


def drop(connection: Connection) -> None:
    """Drop the deferrable indexes, in the caller's (page's) transaction; idempotent."""
    wanted = [str(i.name) for i in deferrable()]
    marks = ", ".join("?" * len(wanted))
    found: dict[str, str] = dict(connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
        tuple(wanted)).all())
    if not found:
        return
    statements = {**pending(connection), **found}
    connection.exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (DEFERRED_KEY, json.dumps(statements)))
    for name in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')


def restore(connection: Connection, only: Callable[[str], bool] | None = None) -> None:
    """Create the dropped indexes again, in the caller's transaction.

    ``only``: just those whose name it accepts (the marker keeps the rest);
    the snapshot builds the ones its end-of-pull updates would move after
    those updates.
    """
    statements = pending(connection)
    if not statements:
        return
    existing = {n for (n,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    left: dict[str, str] = {}
    for name, sql in statements.items():
        if only is not None and not only(name):
            left[name] = sql
        elif name not in existing:
            connection.exec_driver_sql(sql)
    if left:
        connection.exec_driver_sql("UPDATE sync_state SET value = ? WHERE key = ?",
                                   (json.dumps(left), DEFERRED_KEY))
    else:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (DEFERRED_KEY,))


def not_on_derived_columns() -> Callable[[str], bool]:
    """A filter for :func:`restore`: the indexes that no deadline column is part of."""
    derived = {str(i.name) for i in deferrable() if on_derived_columns(i)}
    return lambda name: name not in derived
