"""Migrations at start-up, the ORM/DB comparison, refusal of foreign files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from backoffice.domain.errors import StoreError
from backoffice.store import Store, describe, migrate
from backoffice.store.engine import make_engine
from backoffice.store.schema import Base, include_object


def _fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    # The directory listing too: not even -wal/-shm files may appear.
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {n for (n,) in rows if not n.startswith("sqlite_")}


def test_migrates_an_empty_file_to_head(store_path: Path) -> None:
    store_path.write_bytes(b"")  # an empty file is an empty SQLite database
    with Store.open(store_path) as s:
        assert s.revision == migrate.head_revision()
    tables = _tables(store_path)
    assert {"cases", "review_tasks", "outbox", "sync_state", "search_documents"} <= tables
    assert "search_fts" in tables  # the FTS5 table made by raw DDL


def test_creates_missing_directories(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.sqlite"
    Store.open(path).close()
    assert path.exists()


def test_opening_again_is_a_no_op(store_path: Path) -> None:
    Store.open(store_path).close()
    before = _fingerprint(store_path)
    Store.open(store_path).close()
    assert _fingerprint(store_path)[0] == before[0]


def test_orm_metadata_matches_the_migrated_database(store_path: Path) -> None:
    """What ``alembic check`` does: no difference, FTS tables ignored."""
    Store.open(store_path).close()
    engine = create_engine(f"sqlite:///{store_path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": include_object,
                    "compare_type": True,
                    "render_as_batch": True,
                },
            )
            assert compare_metadata(context, Base.metadata) == []
            # Without the filter the FTS5 shadow tables would be proposed for dropping.
            unfiltered = MigrationContext.configure(conn, opts={"compare_type": True})
            dropped = {d[1].name for d in compare_metadata(unfiltered, Base.metadata)}
            assert {"search_fts", "search_fts_data", "search_fts_idx"} <= dropped
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(store_path: Path) -> None:
    Store.open(store_path).close()
    engine = make_engine(store_path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            command.downgrade(migrate.alembic_config(connection=conn), "base")
    finally:
        engine.dispose()
    assert _tables(store_path) <= {"alembic_version"}
    with Store.open(store_path) as s:
        assert s.revision == migrate.head_revision()


def _write_newer(path: Path) -> None:
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()


def test_a_newer_schema_is_refused_and_left_untouched(store_path: Path) -> None:
    _write_newer(store_path)
    # Make the mtime distinguishable from anything a write now would set.
    os.utime(store_path, ns=(1_000_000_000, 1_000_000_000))
    before = _fingerprint(store_path)
    with pytest.raises(StoreError) as err:
        Store.open(store_path)
    assert err.value.code == "store.newer_schema"
    assert err.value.params == {
        "found": "9999_from_the_future",
        "supported": migrate.head_revision(),
        "path": str(store_path),
    }
    assert _fingerprint(store_path) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(store_path: Path) -> None:
    store_path.write_bytes("办件清单，不是数据库\n".encode() * 300)
    before = _fingerprint(store_path)
    with pytest.raises(StoreError) as err:
        Store.open(store_path)
    assert err.value.code == "store.not_a_database"
    assert err.value.params == {"path": str(store_path)}
    assert _fingerprint(store_path) == before


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        Store.open(tmp_path)
    assert err.value.code == "store.not_a_database"


def test_someone_elses_database_is_refused_untouched(store_path: Path) -> None:
    with sqlite3.connect(store_path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    before = _fingerprint(store_path)
    with pytest.raises(StoreError) as err:
        Store.open(store_path)
    assert err.value.code == "store.unknown_schema"
    assert _fingerprint(store_path) == before


def test_works_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    Store.open(tmp_path / "x.sqlite").close()
    assert not (elsewhere / "alembic.ini").exists()


def test_describe(store: Store, store_path: Path) -> None:
    info = describe(store_path)
    assert info["revision"] == migrate.head_revision()
    assert info["up_to_date"] is True
    assert info["wal"] is True
    assert info["tables"]["cases"] == 0
    assert "search_fts_data" not in info["tables"]
    assert info["outbox_pending"] == 0


def test_describe_a_missing_file_and_a_newer_one(tmp_path: Path) -> None:
    missing = describe(tmp_path / "nothing.sqlite")
    assert missing["exists"] is False
    assert not (tmp_path / "nothing.sqlite").exists()
    newer = tmp_path / "newer.sqlite"
    _write_newer(newer)
    before = _fingerprint(newer)
    info = describe(newer)
    assert info["newer"] is True and info["up_to_date"] is False
    assert _fingerprint(newer) == before
