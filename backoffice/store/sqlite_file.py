"""The store file as plain ``sqlite3`` sees it: no SQLAlchemy here.

Start-up reads a little of the store before SQLAlchemy (half a second of
imports) is loaded — the kept inbox page's generation (:mod:`.kept_page`),
the file's revision (:mod:`.migrate`) — through these.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
