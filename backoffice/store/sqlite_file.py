"""The store file as plain ``sqlite3`` sees it: no SQLAlchemy here.

Start-up reads a little of the store before SQLAlchemy (half a second of
imports) is loaded — the kept inbox page's generation (:mod:`.kept_page`),
the file's revision (:mod:`.migrate`) — through these.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from typing import Protocol

BUSY_TIMEOUT_MS = 10_000
# sync_state key: a random token every write transaction replaces
# (``engine.Database.write``). Equal tokens: nothing was written in between.
# A token, not a counter: nothing can bring an old value back.
GENERATION_KEY = "store.generation"
# sync_state key: the platform's work calendar as the last sync kept it (JSON,
# written by the sync engine): the calendar the store estimates with.
PUBLISHED_CALENDAR_KEY = "sync.calendar"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (nor create it, nor its neighbours).

    Even ``mode=ro`` creates the ``-wal`` and ``-shm`` files of a WAL-mode
    database and cannot remove them afterwards. Without a ``-wal`` file no
    process has the database open, so it can be read as ``immutable``, which
    creates nothing; with one, the neighbours exist already.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


class _Executes(Protocol):
    def execute(self, sql: str, /) -> sqlite3.Cursor: ...


def use_wal(connection: _Executes, *, patience_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Put the file in WAL mode (the file keeps it), waiting out another process doing the same.

    SQLite does not wait on a busy lock while it switches a new file to WAL:
    two processes creating the same file at once — the open app and a
    scheduled ``backoffice sync --once`` just after a sign-in — had the
    second fail at once with "database is locked". So it is tried again,
    for up to ``patience_s``; on a file in WAL mode already it takes no lock.
    """
    deadline = time.monotonic() + patience_s
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED")
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def disk_full(error: BaseException, path: Path | None = None) -> bool:
    """Whether ``error`` (sqlite3's, or SQLAlchemy's around it) comes of a full disk.

    SQLITE_FULL says so. Opening a WAL file on a disk with no byte left
    fails earlier, creating its shared-memory file, as a mere "disk I/O
    error": for that, the disk holding ``path`` is looked at.
    """
    cause = getattr(error, "orig", None) or error
    name = getattr(cause, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return True
    if not name.startswith("SQLITE_IOERR") or path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_NOTHING
    except OSError:
        return False


_NEARLY_NOTHING = 256 * 1024  # bytes free: less than SQLite needs to open a WAL file and write
