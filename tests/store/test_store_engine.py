"""Connections and transactions on a real SQLite file: WAL, keys, locking."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from store_factories import make_case, make_material

from backoffice.domain.corrections import CorrectionItem, CorrectionNotice
from backoffice.domain.errors import StoreError
from backoffice.store import Store
from backoffice.store.sqlite_file import BUSY_TIMEOUT_MS, disk_full, use_wal


def _pragma(store: Store, name: str) -> object:
    with store.read() as uow:
        return uow.session.execute(text(f"PRAGMA {name}")).scalar()


def test_wal_foreign_keys_and_busy_timeout_on_every_connection(store: Store) -> None:
    assert _pragma(store, "journal_mode") == "wal"
    seen: list[tuple[object, object]] = []

    def in_thread() -> None:
        # Another thread gets another pooled connection: settings are per connection.
        with store.write() as uow:
            conn = uow.session.connection()
            seen.append(
                (
                    conn.exec_driver_sql("PRAGMA foreign_keys").scalar(),
                    conn.exec_driver_sql("PRAGMA busy_timeout").scalar(),
                )
            )

    threads = [threading.Thread(target=in_thread) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [(1, BUSY_TIMEOUT_MS)] * 3


def test_foreign_key_violation_is_rejected(store: Store) -> None:
    with pytest.raises(StoreError) as err, store.write() as uow:
        uow.materials.upsert(make_material(case=999))
    assert err.value.code == "store.integrity"
    with store.read() as uow:
        assert uow.materials.count() == 0


def test_deleting_a_case_cascades_to_its_children(store: Store) -> None:
    with store.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.materials.upsert(make_material(1, case=1))
        uow.correction_notices.upsert(CorrectionNotice("N-1", make_case(1).case_code, (
            CorrectionItem("营业执照", "MSA-220100", "复印件模糊"),)))
    with store.write() as uow:
        assert uow.cases.delete(make_case(1).case_code)
    with store.read() as uow:
        assert uow.materials.count() == 0
        assert uow.session.execute(text("SELECT count(*) FROM correction_items")).scalar() == 0
        assert uow.session.execute(text("SELECT count(*) FROM search_documents")).scalar() == 0


def test_a_read_unit_of_work_cannot_write(store: Store) -> None:
    with pytest.raises(OperationalError, match="readonly"), store.read() as uow:
        uow.sync_state.set("cursor", "x")
    # The same pooled connection writes again in a write unit of work.
    with store.write() as uow:
        uow.sync_state.set("cursor", "y")
    assert store.cursor() == "y"


def test_a_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as uow:
        uow.cases.upsert(make_case(1))
        uow.sync_state.set("cursor", "c1")
        raise RuntimeError("boom")
    with store.read() as uow:
        assert uow.cases.count() == 0
        assert uow.sync_state.get("cursor") is None


def _increment(store: Store, pause: float = 0.0) -> None:
    with store.write() as uow:
        value = int(uow.sync_state.get("counter") or "0")
        if pause:
            time.sleep(pause)
        uow.sync_state.set("counter", str(value + 1))


def test_two_threads_read_then_write_both_succeed(store: Store) -> None:
    """The read-then-write pattern that fails with SQLITE_BUSY_SNAPSHOT when deferred."""
    errors: list[BaseException] = []
    first_inside = threading.Event()

    def first() -> None:
        try:
            with store.write() as uow:
                value = int(uow.sync_state.get("counter") or "0")
                first_inside.set()
                time.sleep(0.2)  # the other thread tries to start meanwhile
                uow.sync_state.set("counter", str(value + 1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def second() -> None:
        first_inside.wait(5)
        try:
            _increment(store)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.cursor("counter") == "2"


def test_concurrent_writers_lose_no_update(store: Store) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(40):
                _increment(store, pause=0.001)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.cursor("counter") == "120"


def test_the_trap_is_real_with_deferred_transactions(store_path: Path) -> None:
    """Control: plain deferred BEGIN in WAL fails where BEGIN IMMEDIATE waits."""
    Store.open(store_path).close()
    a = sqlite3.connect(store_path, isolation_level=None, timeout=2)
    b = sqlite3.connect(store_path, isolation_level=None, timeout=2)
    try:
        a.execute("BEGIN")
        a.execute("SELECT count(*) FROM sync_state").fetchone()
        b.execute("BEGIN IMMEDIATE")
        b.execute("INSERT INTO sync_state VALUES ('k', 'v')")
        b.execute("COMMIT")
        with pytest.raises(sqlite3.OperationalError, match="locked|busy"):
            a.execute("INSERT INTO sync_state VALUES ('k2', 'v')")
        a.execute("ROLLBACK")
    finally:
        a.close()
        b.close()


def test_a_read_sees_one_snapshot_while_a_writer_commits(store: Store) -> None:
    with store.write() as uow:
        uow.cases.upsert(make_case(1))
    with store.read() as reader:
        assert reader.cases.count() == 1
        with store.write() as writer:
            writer.cases.upsert(make_case(2))
        # Still the snapshot the read started with (WAL: readers never block).
        assert reader.cases.count() == 1
    with store.read() as uow:
        assert uow.cases.count() == 2


def test_closed_store_says_so(store_path: Path) -> None:
    s = Store.open(store_path)
    s.close()
    with pytest.raises(StoreError) as err:
        s.cursor()
    assert err.value.code == "store.closed"


def test_only_writes_marked_replaceable_skip_waiting_for_the_disk(store: Store) -> None:
    """Pulled pages commit with synchronous=NORMAL; every other write stays FULL."""
    full, normal = 2, 1

    def level(durable: bool) -> object:
        with store.write(durable=durable) as uow:
            return uow.session.execute(text("PRAGMA synchronous")).scalar()

    assert level(True) == full
    assert level(False) == normal
    assert level(True) == full  # the pooled connection does not keep NORMAL
    with store.write() as uow:
        assert uow.session.execute(text("PRAGMA synchronous")).scalar() == full


def test_switching_a_new_file_to_wal_waits_out_another_connection(tmp_path: Path) -> None:
    """SQLite may answer a switch to WAL "database is locked" without waiting: use_wal waits."""
    path = tmp_path / "new.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN")
    holder.execute("SELECT * FROM t").fetchall()  # a read lock on a rollback-journal file
    impatient = sqlite3.connect(path, isolation_level=None, timeout=0)  # no waiting of its own
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        impatient.execute("PRAGMA journal_mode = WAL")
    released = threading.Event()

    def release() -> None:
        time.sleep(0.2)
        released.set()
        holder.execute("COMMIT")

    threading.Thread(target=release).start()
    use_wal(impatient)
    assert released.is_set()
    assert impatient.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    holder.close()
    impatient.close()


def test_a_lock_held_too_long_still_fails(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN")
    holder.execute("SELECT * FROM t").fetchall()
    impatient = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(impatient, patience_s=0.05)
    holder.close()
    impatient.close()


_CREATE = """
import sys, time
from pathlib import Path
from backoffice.store import Store
from backoffice.sync.files_index import Index
kind, path, start = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
while time.time() < start:
    pass
(Store.open(path) if kind == "store" else Index(path)).close()
"""


@pytest.mark.parametrize("kind", ["store", "files index"])
def test_two_processes_creating_the_same_file_at_once_both_open_it(
        tmp_path: Path, kind: str) -> None:
    """The app and a scheduled ``backoffice sync --once`` started together after a sign-in."""
    for attempt in range(4):
        path = tmp_path / f"{attempt}.sqlite3"
        start = time.time() + 1.5  # both past their imports, then off together
        children = [subprocess.Popen([sys.executable, "-c", _CREATE, kind.split()[0], str(path),
                                      str(start)], stderr=subprocess.PIPE, text=True)
                    for _ in range(2)]
        for child in children:
            _, err = child.communicate(timeout=60)
            assert child.returncode == 0, err


def _error(name: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(name)
    error.sqlite_errorname = name  # as SQLite sets it
    return error


def test_a_full_disk_is_told_apart_from_other_io_errors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLITE_FULL says so; opening a WAL file on a disk with no byte left is a bare I/O error."""
    path = tmp_path / "store.sqlite3"
    assert disk_full(_error("SQLITE_FULL"))
    assert not disk_full(_error("SQLITE_IOERR_SHMSIZE"), path)  # this disk has room
    assert not disk_full(_error("SQLITE_CORRUPT"), path)
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=4096))
    assert disk_full(_error("SQLITE_IOERR_SHMSIZE"), path)
    assert not disk_full(_error("SQLITE_IOERR_SHMSIZE"))  # no path: no disk to look at
    assert not disk_full(_error("SQLITE_CORRUPT"), path)
