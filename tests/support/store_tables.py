"""A store's rows and schema, to compare two stores (the snapshot path's with the normal one's)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from pathlib import Path
from typing import Any

from backoffice.store import Store
from backoffice.store.sqlite_file import GENERATION_KEY


def tables(
    store: Store,
    volatile: Collection[tuple[str, str]] = (("search_documents", "doc_id"),),
    skip_state: Collection[str] = (),
) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in a stable order (FTS internals aside).

    ``volatile``: (table, column) left out, what differs by clock or by
    insert order; ``skip_state``: ``sync_state`` keys left out (the
    generation token always: it is random by design).
    """
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.read() as uow:
        conn = uow.session.connection()
        names = [n for (n,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_fts%' AND name != 'alembic_version'")]
        for name in names:
            columns = [c[1] for c in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')
                       if (name, c[1]) not in volatile]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = [tuple(r) for r in conn.exec_driver_sql(f'SELECT {quoted} FROM "{name}"')]
            if name == "sync_state":
                rows = [r for r in rows if r[0] not in skip_state and r[0] != GENERATION_KEY]
            out[name] = sorted(rows, key=repr)
    return out


def schema(path: Path) -> list[tuple[str, str, str, str | None]]:
    """``sqlite_master`` of the file (type, name, table, SQL), sorted."""
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


def move_to_revision(path: Path, revision: str, *, down: bool = False) -> None:
    """Migrate the store file at ``path`` up (or ``down``) to ``revision`` with Alembic alone.

    A test's starting point: a file as an older version of the app left it.
    """
    from alembic import command

    from backoffice.store import migrate
    from backoffice.store.engine import make_engine

    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            step = command.downgrade if down else command.upgrade
            step(migrate.alembic_config(connection=conn), revision)
    finally:
        engine.dispose()
