"""Migrations at start-up, the ORM/DB comparison, refusal of foreign files."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy import text as sa_text
from store_factories import SHANGHAI, case_code, make_case, make_material, make_task
from support.store_tables import move_to_revision

from backoffice.domain.errors import StoreError
from backoffice.domain.model import (
    Check,
    CheckVerdict,
    Extension,
    SpecialProcedure,
    SpecialProcedureKind,
    Verdict,
)
from backoffice.store import Store, describe, migrate, resync
from backoffice.store.deadline_columns import STALE_KEY
from backoffice.store.engine import make_engine
from backoffice.store.mapping import spec_of
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
    move_to_revision(store_path, "base", down=True)
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


def test_describe_quotes_table_names_from_a_foreign_file(store: Store, store_path: Path) -> None:
    with sqlite3.connect(store_path) as conn:
        conn.execute('CREATE TABLE "odd"" name" (x)')
        conn.execute('INSERT INTO "odd"" name" VALUES (1), (2)')
    conn.close()
    info = describe(store_path)
    assert info["tables"]['odd" name'] == 2
    assert info["tables"]["cases"] == 0


# ---- 0001 → 0002: deadline columns on a store that already holds work -----------


def _store_at_0001_with_data(path: Path) -> list[Any]:
    """A store at revision 0001 holding cases, a procedure, an extension, tasks."""
    engine = make_engine(path, foreign_keys=False)
    a_case = make_case(1, platform_due_date=dt.date(2025, 3, 20))
    no_platform_date = make_case(
        2, accepted_at=dt.datetime(2025, 9, 30, 9, 30, tzinfo=SHANGHAI), promised_days=3
    )
    extended = make_case(3)
    records: list[Any] = [
        a_case,
        no_platform_date,
        extended,
        make_task(1, case=1, step_due_date=dt.date(2025, 3, 7)),
        make_task(2, case=2),
        make_task(3, case=3),
        SpecialProcedure(
            "P-1",
            a_case.case_code,
            SpecialProcedureKind.TESTING,
            dt.date(2025, 3, 4),
            dt.date(2025, 3, 5),
        ),
        Extension(
            10,
            "需专家评审",
            "张局长（虚构）",
            dt.date(2025, 3, 3),
            case_code=extended.case_code,
            id="X-1",
            version=1,
        ),
    ]
    try:
        with engine.connect() as conn, conn.begin():
            command.upgrade(migrate.alembic_config(connection=conn), "0001")
            for obj in records:
                spec = spec_of(obj)
                # Only the columns 0001 has: never the derived ones, nor fields
                # a later revision added (an extension's request, 0012).
                columns = {c[1] for c in conn.exec_driver_sql(
                    f'PRAGMA table_info("{spec.table.name}")')}
                row = {k: v for k, v in spec.to_row(obj).items() if k in columns}
                conn.execute(spec.table.insert(), [row | {"confirmed": None}])
            conn.execute(sa_text("INSERT INTO sync_state (key, value) VALUES ('cursor', 'c7')"))
    finally:
        engine.dispose()
    return records


def test_migration_0002_alone_keeps_the_data_and_marks_the_estimates_stale(
    store_path: Path,
) -> None:
    _store_at_0001_with_data(store_path)
    move_to_revision(store_path, "0002")
    with sqlite3.connect(store_path) as conn:
        cases = dict(conn.execute("SELECT case_code, due_date FROM cases"))
        tasks = dict(conn.execute("SELECT id, step_due FROM review_tasks"))
        marker = conn.execute(
            "SELECT value FROM sync_state WHERE key = 'store.deadlines_stale'"
        ).fetchone()
        flags = conn.execute(
            "SELECT DISTINCT clock_stopped, due_date_differs FROM cases"
        ).fetchall()
    conn.close()
    # What SQL alone can say: the platform's dates become the effective ones.
    assert cases == {case_code(1): "2025-03-20", case_code(2): None, case_code(3): None}
    assert tasks == {"T-000001": "2025-03-07", "T-000002": None, "T-000003": None}
    assert marker == ("0002",) and flags == [(0, 0)]


def test_opening_a_0001_store_with_data_computes_every_deadline(store_path: Path) -> None:
    records = _store_at_0001_with_data(store_path)
    with Store.open(store_path) as s:
        assert s.revision == migrate.head_revision()
        with s.read() as uow:
            for obj in records:  # nothing lost or changed on the way
                spec = spec_of(obj)
                assert uow.repository(spec.kind).get(spec.key_of(obj)) == obj
            assert uow.sync_state.get("cursor") == "c7"
            assert uow.sync_state.get(STALE_KEY) is None  # done, and not again
            rows = {
                r.case_code: r
                for r in uow.session.execute(
                    sa_text(
                        "SELECT case_code, estimated_due_date, due_date, due_date_differs "
                        "FROM cases"
                    )
                )
            }
            tasks = dict(
                uow.session.execute(sa_text("SELECT id, case_due_date FROM review_tasks")).all()
            )
    # Case 1: accepted Sat 2025-03-01, 10 days, Tue–Wed 03-04..05 suspended.
    assert rows[case_code(1)][1:] == ("2025-03-18", "2025-03-20", 1)
    # Case 2: accepted 2025-09-30, 3 days over National Day: Oct 9, 10, 11 (worked Sat).
    assert rows[case_code(2)][1:] == ("2025-10-11", "2025-10-11", 0)
    # Case 3: 10 days from Sat 03-01 = 03-14, extended by 10 = 03-28.
    assert rows[case_code(3)][1:] == ("2025-03-28", "2025-03-28", 0)
    assert tasks == {"T-000001": "2025-03-20", "T-000002": "2025-10-11", "T-000003": "2025-03-28"}


def test_head_and_known_revisions_read_without_alembic_agree_with_alembic() -> None:
    scripts = migrate.script_directory()
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {s.revision for s in scripts.walk_revisions()}


def test_opening_a_store_at_head_does_not_import_alembic(store_path: Path) -> None:
    # Alembic costs ~0.2 s of start-up; it is imported only when a migration runs.
    import subprocess
    import sys

    Store.open(store_path).close()
    probe = ("import sys; from backoffice.store import Store; "
             f"Store.open({str(store_path)!r}).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


def test_migration_0010_moves_the_checks_into_their_material_and_back(store_path: Path) -> None:
    failed = CheckVerdict(Check.LEGALITY, Verdict.FAIL, "印章不清晰")
    materials = [
        make_material(1, checks=(CheckVerdict(Check.CONFORMITY, Verdict.PASS), failed,
                                 CheckVerdict(Check.AUTHENTICITY))),
        make_material(2, checks=()),
        make_material(3),
    ]
    with Store.open(store_path) as s, s.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.materials.upsert_many(materials)
    move_to_revision(store_path, "0009", down=True)
    with sqlite3.connect(store_path) as conn:
        rows = conn.execute('SELECT material_id, position, "check", verdict, note'
                            " FROM material_checks ORDER BY material_id, position").fetchall()
        # Positions reversed against the rows' order (2 - p, in two steps for
        # the primary key): the checks must come back by position.
        for step in ("-1 - position", "3 + position"):
            conn.execute(f"UPDATE material_checks SET position = {step}"
                         " WHERE material_id = ?", (materials[0].id,))
    conn.close()
    assert rows[:3] == [(materials[0].id, 0, "conformity", "pass", ""),
                        (materials[0].id, 1, "legality", "fail", "印章不清晰"),
                        (materials[0].id, 2, "authenticity", "pending", "")]
    assert len(rows) == 3 + len(materials[2].checks)
    with Store.open(store_path) as s, s.read() as uow:
        assert uow.materials.get(materials[0].id) == dataclasses.replace(
            materials[0], checks=materials[0].checks[::-1])
        assert [uow.materials.get(m.id) for m in materials[1:]] == materials[1:]
        assert "material_checks" not in _tables(store_path)


def test_needs_upgrade_says_whether_opening_will_migrate(tmp_path: Path) -> None:
    """Read before opening, so the app can say why this start is slower."""
    path = tmp_path / "store.sqlite3"
    assert not migrate.needs_upgrade(path)  # a new file: made quickly
    Store.open(path).close()
    assert not migrate.needs_upgrade(path)  # at head
    move_to_revision(path, "-1", down=True)  # as the previous version left it
    before = path.read_bytes()
    assert migrate.needs_upgrade(path)
    assert path.read_bytes() == before  # asking changes nothing
    Store.open(path).close()
    assert not migrate.needs_upgrade(path)
    path.write_bytes(b"not a database, but opening says so" * 100)
    assert not migrate.needs_upgrade(path)


def _wanted_after_upgrade_from(path: Path, revision: str, *, cursor: bool) -> str | None:
    with Store.open(path) as s, s.write() as uow:
        if cursor:
            uow.sync_state.set("cursor", "c7")
    move_to_revision(path, revision, down=True)
    with Store.open(path) as s, s.read() as uow:
        return uow.sync_state.get(resync.WANTED_KEY)


def test_migration_0013_asks_a_store_synced_before_0012_for_one_resync(tmp_path: Path) -> None:
    # Before 0012 the sync dropped requested extensions (and before 0011 the
    # day a notice was answered): only pulling everything again brings them.
    assert _wanted_after_upgrade_from(tmp_path / "a.sqlite3", "0011", cursor=True) == "0013"
    assert _wanted_after_upgrade_from(tmp_path / "b.sqlite3", "0008", cursor=True) == "0013"
    # Nothing pulled yet, or pulled by a build that kept them: no re-sync.
    assert _wanted_after_upgrade_from(tmp_path / "c.sqlite3", "0011", cursor=False) is None
    assert _wanted_after_upgrade_from(tmp_path / "d.sqlite3", "0012", cursor=True) is None


def _free_pages(path: Path) -> tuple[int, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return (conn.execute("PRAGMA freelist_count").fetchone()[0],
                conn.execute("PRAGMA page_count").fetchone()[0])


def test_a_migration_that_frees_most_of_the_file_compacts_it(store_path: Path) -> None:
    # 0010 drops the material checks' table: three rows a material.
    with Store.open(store_path) as s, s.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.materials.upsert_many([make_material(n) for n in range(1, 3001)])
    move_to_revision(store_path, "0009", down=True)
    with contextlib.closing(sqlite3.connect(store_path)) as conn:
        conn.execute("VACUUM")  # the file as a 0009 build left it: no free pages of its own
        checks = conn.execute("SELECT count(*) FROM material_checks").fetchone()[0]
    assert checks == 3 * 3000
    migrate.upgrade(store_path)
    free, pages = _free_pages(store_path)
    assert free * 4 < pages and free < 64
    with Store.open(store_path) as s, s.read() as uow:
        assert uow.materials.get(make_material(3000).id) == make_material(3000)


def test_compacting_gives_way_to_another_process_writing_the_file(store_path: Path) -> None:
    Store.open(store_path).close()
    with contextlib.closing(sqlite3.connect(store_path)) as conn:
        # Pages to free: a scratch table, not the store's own rows.
        conn.execute("CREATE TABLE scratch (blob BLOB)")
        conn.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 4000,)] * 500)
        conn.commit()
        conn.execute("DROP TABLE scratch")
        conn.commit()
    free, pages = _free_pages(store_path)
    assert free * 4 >= pages and free >= 64
    with contextlib.closing(sqlite3.connect(store_path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another process writing meanwhile
        assert not migrate.compact_if_mostly_free(store_path)
        other.execute("ROLLBACK")
    assert _free_pages(store_path)[0] == free  # untouched
    assert migrate.compact_if_mostly_free(store_path)
    assert _free_pages(store_path)[0] == 0
