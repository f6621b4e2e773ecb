"""Indexes a first pull dropped come back at the next open, before migrations (``store/deferred_indexes.py``).

Real files: one at an older revision (0003) with indexes dropped and the
marker stored, as an interrupted first pull of that version would leave
it, is given back its own indexes and then migrated to head — the schema
equals a new store's. A file this version must refuse is left untouched,
marker and all.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from support.store_tables import move_to_revision, schema

from backoffice.domain.errors import StoreError
from backoffice.store import Store, deferred_indexes, migrate
from backoffice.store.engine import make_engine


def _drop(path: Path) -> dict[str, str]:
    """Drop the deferrable indexes as a first pull's page does; their statements."""
    engine = make_engine(path)
    try:
        with engine.connect() as conn, conn.begin():
            deferred_indexes.drop(conn)
            return deferred_indexes.pending(conn)
    finally:
        engine.dispose()


def test_an_interrupted_first_pull_of_an_older_version_is_repaired_then_migrated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    move_to_revision(path, "0003")
    at_0003 = schema(path)
    dropped = _drop(path)
    assert dropped and migrate.read_state(path).deferred_indexes
    # The file's own definitions are kept, the revision it is at.
    assert dropped == {name: sql for (kind, name, _tbl, sql) in at_0003
                       if kind == "index" and name in dropped}
    assert not dropped.keys() & {name for (_t, name, _tbl, _sql) in schema(path)}

    with Store.open(path) as store:
        assert store.revision == migrate.head_revision()
    with Store.open(tmp_path / "new.sqlite3"):
        pass
    assert schema(path) == schema(tmp_path / "new.sqlite3")
    assert not migrate.read_state(path).deferred_indexes


def test_a_newer_file_with_the_marker_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Store.open(path).close()
    _drop(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert err.value.code == "store.newer_schema"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_indexes_owed_by_an_interrupted_first_pull_count_as_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    _drop(path)
    assert migrate.needs_upgrade(path)  # opening rebuilds them: seconds on a full store
    Store.open(path).close()
    assert not migrate.needs_upgrade(path)
