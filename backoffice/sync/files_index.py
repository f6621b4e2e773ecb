"""The file cache's index: what is cached, how big, how recently used, and why it is pinned.

A small SQLite file in the cache folder (plain :mod:`sqlite3`: two tables,
no migrations worth a framework). Every change is one transaction begun
with ``BEGIN IMMEDIATE``, so a killed process leaves the index as it was
before or after the change, and two processes sharing the folder take
turns. ``synchronous=FULL``: a pin on a photo that is not uploaded yet must
survive a power cut as well as the photo does.

Recency and the order of pins are counters, not a clock: they order events
exactly even when two happen within one tick of a coarse Windows clock, and
never go back when the clock is set back.

Pins live in their own table, one row per (file, reason), and only for a
file that has an entry: an entry and its pins are deleted together.

``uploads`` holds the platform's id of a resumable upload under way (one per
file): written as soon as the platform made it, deleted when the file is
stored, so an app killed mid-upload resumes it after a restart. Added with
``CREATE TABLE IF NOT EXISTS`` and no version bump: an older app ignores the
table (and would upload such a file whole, which is still correct).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from backoffice import system_reasons
from backoffice.domain.errors import BackofficeError
from backoffice.store.sqlite_file import disk_full, use_wal

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    used INTEGER NOT NULL,
    added_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_used ON entries (used);
CREATE TABLE IF NOT EXISTS pins (
    sha256 TEXT NOT NULL,
    reason TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (sha256, reason)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pins_reason ON pins (reason, seq);
CREATE TABLE IF NOT EXISTS uploads (
    sha256 TEXT PRIMARY KEY,
    upload_id TEXT NOT NULL,
    started_at REAL NOT NULL
) WITHOUT ROWID;
"""
_NEXT_USE = "(SELECT COALESCE(MAX(used), 0) + 1 FROM entries)"
_PIN = "INSERT OR IGNORE INTO pins VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pins))"


class FilesError(BackofficeError):
    """The file cache refused or could not do what was asked (re-exported by ``files``)."""

    code = "files.error"


@dataclass(frozen=True, slots=True)
class Totals:
    files: int
    bytes: int
    pinned_files: int
    pinned_bytes: int


def _why_unusable(exc: sqlite3.Error) -> str:
    """Why the index cannot be used, as a ``system.*`` code the sentence words.

    Not the class name ("DatabaseError") in a sentence for a person: it goes to the log.
    """
    name = str(getattr(exc, "sqlite_errorname", ""))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "system.index_in_use"
    found = system_reasons.reason(exc)
    return found if found.startswith("system.") and found != "system.failed" \
        else "system.index_damaged"


class Index:
    """The index file; one connection, shared by the threads of one :class:`FileCache`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(path, timeout=30.0, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            raise FilesError("files.index_unusable", path=str(path),
                             reason=_why_unusable(exc)) from exc
        try:
            use_wal(self._conn)
            self._conn.execute("PRAGMA synchronous=FULL")
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise FilesError("files.index_unusable", path=str(path),
                                 reason="system.index_newer")
            with self.write() as conn:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            if disk_full(exc, path):
                raise FilesError("files.disk_full", path=str(path.parent)) from exc
            # A damaged index is not rebuilt silently: it holds the pins of
            # photos not yet uploaded, and guessing them wrong loses work.
            raise FilesError("files.index_unusable", path=str(path),
                             reason=_why_unusable(exc)) from exc
        except FilesError:
            self._conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction; ``durable=False`` for a mere use, which a power cut
        may lose (never half of it): recency is not worth a disk flush per file opened."""
        with self._lock:
            if not durable:
                self._conn.execute("PRAGMA synchronous=NORMAL")
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    # SQLite may have rolled back already (SQLITE_FULL does):
                    # a second ROLLBACK would raise and hide the first error.
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if disk_full(exc, self.path):
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise FilesError("files.disk_full", path=str(self.path.parent)) from exc
                raise
            finally:
                if not durable:
                    self._conn.execute("PRAGMA synchronous=FULL")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    # --- entries ------------------------------------------------------------------------

    def size(self, sha256: str) -> int | None:
        with self.read() as conn:
            row = conn.execute("SELECT size FROM entries WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row[0])

    def touch(self, sha256: str, pin: str | None) -> int | None:
        """Mark a use (and add ``pin``); the size, or None if there is no entry."""
        with self.write(durable=pin is not None) as conn:
            row = conn.execute("SELECT size FROM entries WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                return None
            conn.execute(f"UPDATE entries SET used = {_NEXT_USE} WHERE sha256 = ?", (sha256,))
            if pin is not None:
                conn.execute(_PIN, (sha256, pin))
        return int(row[0])

    def add(self, sha256: str, size: int, pin: str | None, *, used: bool = True) -> None:
        """Record a file now in place; ``used=False`` files it as least recently used."""
        with self.write() as conn:
            use = _NEXT_USE if used else "(SELECT COALESCE(MIN(used), 1) - 1 FROM entries)"
            conn.execute(f"INSERT INTO entries VALUES (?, ?, {use}, ?) ON CONFLICT (sha256) "
                         f"DO UPDATE SET size = excluded.size, used = excluded.used",
                         (sha256, size, time.time()))
            if pin is not None:
                conn.execute(_PIN, (sha256, pin))

    def entries(self) -> dict[str, int]:
        with self.read() as conn:
            return {sha: int(size) for sha, size in conn.execute("SELECT sha256, size FROM entries")}

    def drop_where(self, gone: Callable[[str, int], bool]) -> list[tuple[str, frozenset[str]]]:
        """Delete the entries (and pins) for which ``gone(sha256, size)``; what was dropped."""
        dropped: list[tuple[str, frozenset[str]]] = []
        with self.write() as conn:
            for sha, size in conn.execute("SELECT sha256, size FROM entries").fetchall():
                if gone(sha, int(size)):
                    reasons = frozenset(r for (r,) in conn.execute(
                        "SELECT reason FROM pins WHERE sha256 = ?", (sha,)))
                    conn.execute("DELETE FROM pins WHERE sha256 = ?", (sha,))
                    conn.execute("DELETE FROM entries WHERE sha256 = ?", (sha,))
                    dropped.append((sha, reasons))
        return dropped

    def lru_unpinned(self) -> list[tuple[str, int]]:
        with self.read() as conn:
            return [(sha, int(size)) for sha, size in conn.execute(
                "SELECT sha256, size FROM entries e WHERE NOT EXISTS "
                "(SELECT 1 FROM pins p WHERE p.sha256 = e.sha256) ORDER BY used, sha256")]

    def remove_unpinned(self, sha256: str, remove_file: Callable[[], None]) -> bool:
        """Delete the entry if it is still there and unpinned, ``remove_file`` inside.

        The file goes inside the transaction: a pin or a use arriving from
        another thread or process waits for it, and if the file cannot be
        deleted (open in a viewer on Windows) the entry stays.
        """
        with self.write() as conn:
            found = conn.execute(
                "SELECT 1 FROM entries e WHERE sha256 = ? AND NOT EXISTS "
                "(SELECT 1 FROM pins p WHERE p.sha256 = e.sha256)", (sha256,)).fetchone()
            if found is None:
                return False
            remove_file()
            conn.execute("DELETE FROM entries WHERE sha256 = ?", (sha256,))
        return True

    def totals(self) -> Totals:
        with self.read() as conn:
            files, total = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries").fetchone()
            pinned, pinned_bytes = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries e WHERE EXISTS "
                "(SELECT 1 FROM pins p WHERE p.sha256 = e.sha256)").fetchone()
        return Totals(int(files), int(total), int(pinned), int(pinned_bytes))

    # --- pins ---------------------------------------------------------------------------

    def pin(self, sha256: str, reason: str) -> bool:
        """Pin an entry; False if there is no entry."""
        with self.write() as conn:
            if conn.execute("SELECT 1 FROM entries WHERE sha256 = ?", (sha256,)).fetchone() is None:
                return False
            conn.execute(_PIN, (sha256, reason))
        return True

    def unpin(self, sha256: str, reason: str) -> bool:
        with self.write() as conn:
            cursor = conn.execute("DELETE FROM pins WHERE sha256 = ? AND reason = ?",
                                  (sha256, reason))
        return cursor.rowcount > 0

    def pins(self, sha256: str) -> frozenset[str]:
        with self.read() as conn:
            return frozenset(r for (r,) in conn.execute(
                "SELECT reason FROM pins WHERE sha256 = ?", (sha256,)))

    def pinned(self, reason: str) -> list[str]:
        """Files pinned for ``reason``, oldest pin first."""
        with self.read() as conn:
            return [sha for (sha,) in conn.execute(
                "SELECT sha256 FROM pins WHERE reason = ? ORDER BY seq", (reason,))]

    def pin_marks(self, reason: str) -> dict[str, tuple[int, int]]:
        """Files pinned for ``reason``, each with (its use, its pin's order): counters
        that move whenever the file is added, used or pinned afresh."""
        with self.read() as conn:
            return {sha: (int(used), int(seq)) for sha, used, seq in conn.execute(
                "SELECT p.sha256, e.used, p.seq FROM pins p JOIN entries e "
                "ON e.sha256 = p.sha256 WHERE p.reason = ?", (reason,))}

    def unpin_unchanged(self, sha256: str, reason: str, mark: tuple[int, int]) -> bool:
        """Unpin only if the file's mark is still ``mark``, checked in the same transaction."""
        with self.write() as conn:
            cursor = conn.execute(
                "DELETE FROM pins WHERE sha256 = ? AND reason = ? AND seq = ? "
                "AND (SELECT used FROM entries WHERE sha256 = ?) = ?",
                (sha256, reason, mark[1], sha256, mark[0]))
        return cursor.rowcount > 0

    # --- resumable uploads under way ------------------------------------------------------

    def upload_id(self, sha256: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT upload_id FROM uploads WHERE sha256 = ?",
                               (sha256,)).fetchone()
        return None if row is None else str(row[0])

    def set_upload_id(self, sha256: str, upload_id: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT INTO uploads VALUES (?, ?, ?) ON CONFLICT (sha256) DO UPDATE "
                         "SET upload_id = excluded.upload_id, started_at = excluded.started_at",
                         (sha256, upload_id, time.time()))

    def clear_upload_id(self, sha256: str) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM uploads WHERE sha256 = ?", (sha256,))
