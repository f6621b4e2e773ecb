"""The SQLite engine and its transactions.

Two threads write to the store: the UI worker (the person's commands) and
the sync (pulled pages). In WAL mode a transaction that starts reading and
later writes fails with SQLITE_BUSY_SNAPSHOT when the other thread committed
in between, and ``busy_timeout`` does not retry that. So write transactions
take the write lock up front (``BEGIN IMMEDIATE``) and wait their turn for
up to ``busy_timeout``; read transactions use a plain deferred ``BEGIN``,
which in WAL never blocks and never blocks a writer.

pysqlite normally decides itself when to BEGIN (and never for a SELECT);
we switch that off (``isolation_level = None``) on every new connection
and emit BEGIN ourselves from SQLAlchemy's ``begin`` event, choosing the
mode from the engine's execution options.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from backoffice import system_reasons
from backoffice.domain.errors import StoreError
from backoffice.store.sqlite_file import BUSY_TIMEOUT_MS, GENERATION_KEY, disk_full, use_wal

_BEGIN_OPTION = "backoffice_begin"
_SYNCHRONOUS_OPTION = "backoffice_synchronous"
# WAL pages after which a commit checkpoints the log into the database file
# (SQLite's default: 1,000 pages, 4 MB). The pulled pages' writes let the log
# grow to 64 MB first: a first pull writes ~180 MB, and checkpointing every
# 4 MB copied the hot pages (indexes' inner pages) again each time and synced
# the files twice each time — measured, 15 s → 11–12 s for writing a 20,000-case
# first pull. The log is the log whatever its length: a crash or a power cut
# loses nothing more than with 1,000 (a committed transaction is in the log,
# and the next open recovers it).
CHECKPOINT_PAGES = 1000
BULK_CHECKPOINT_PAGES = 16_384
_NEW_GENERATION = text(
    "INSERT INTO sync_state (key, value) VALUES (:key, lower(hex(randomblob(16)))) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
).bindparams(key=GENERATION_KEY)


def refused(error: BaseException, path: Path) -> StoreError | None:
    """``store.read_only`` or ``store.cannot_open`` if ``error`` is SQLite (or the
    folder) refusing the store file; ``None`` for any other error.

    A store in WAL mode is not even readable from a folder that cannot be
    written: SQLite must create the ``-shm`` file beside it, and says only
    "unable to open database file" (SQLITE_CANTOPEN). So a refusal where the
    folder (or the file) may not be written is the folder's fault, and the
    person is told which folder. SQLITE_READONLY alone is not enough: a read
    unit of work that writes (``query_only``) fails with it too, a bug to
    stay loud.
    """
    if isinstance(error, OSError):
        # Creating the store's folder: any other file is not the store's business.
        where = Path(error.filename) if error.filename else None
        if where is None or (where != path and where not in path.parents):
            return None
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            # The folder that refused is the nearest one there, not the one asked for.
            refusing = next((f for f in (where, *where.parents) if f.is_dir()), where)
            return StoreError("store.read_only", folder=str(refusing), path=str(path))
        return StoreError("store.cannot_open", path=str(path), reason=system_reasons.reason(error))
    cause = getattr(error, "orig", None) or error
    name = str(getattr(cause, "sqlite_errorname", ""))
    refusal = name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
    if refusal and path.parent.is_dir() and not _writable(path):
        return StoreError("store.read_only", folder=str(path.parent), path=str(path))
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError("store.cannot_open", path=str(path), reason=system_reasons.reason(cause))
    return None


def _writable(path: Path) -> bool:
    # The file itself, and its folder for the -wal and -shm neighbours. On a
    # read-only mount access() says no even to root.
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK | os.X_OK)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def configure_connection(dbapi_connection: Any, *, foreign_keys: bool = True) -> None:
    """Per-connection settings: SQLite keeps none of these in the file but WAL."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Off by default in SQLite, and only settable outside a transaction.
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        use_wal(cursor)
        # synchronous is FULL (the default) for every write but the pulled
        # pages (Database.write): a committed command is the person's work;
        # NORMAL could lose the last ones on power loss.
    finally:
        cursor.close()


def json_text(value: Any) -> str:
    """A JSON column's text: compact, non-ASCII characters as they are.

    msgspec's, not ``json.dumps``: a first pull writes a JSON list per
    material, and the bulk path encodes it straight from the wire record's
    struct with msgspec (:mod:`.snapshot_rows`), which must store the same
    text as this. Half the bytes of ``json.dumps``'s ``\\uXXXX`` escapes too.
    """
    # Imported at the first JSON write, not with the store (~30 ms): a start
    # opens the store to paint the inbox and writes nothing before that.
    import msgspec

    return msgspec.json.encode(value).decode()


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose transactions begin as the execution options say."""
    engine = create_engine(sqlite_url(path), json_serializer=json_text)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        configure_connection(dbapi_connection, foreign_keys=foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        if mode == "DEFERRED":
            # A read: also refuse writes on this connection until the next
            # write transaction, so a read that writes fails loudly.
            conn.exec_driver_sql("PRAGMA query_only = ON")
            conn.exec_driver_sql("BEGIN DEFERRED")
        else:
            # Per transaction: the connection goes back to the pool after it.
            level = conn.get_execution_options().get(_SYNCHRONOUS_OPTION, "FULL")
            pages = BULK_CHECKPOINT_PAGES if level == "NORMAL" else CHECKPOINT_PAGES
            conn.exec_driver_sql(f"PRAGMA synchronous = {level}")
            conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {pages}")
            conn.exec_driver_sql("PRAGMA query_only = OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """Sessions over one SQLite file: ``read()`` and ``write()`` units of work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._read_engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        self._write_engine = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._replaceable_engine = self.engine.execution_options(
            **{_BEGIN_OPTION: "IMMEDIATE", _SYNCHRONOUS_OPTION: "NORMAL"}
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for several SELECTs; never writes."""
        with (
            self._translate_errors(),
            Session(self._read_engine, autoflush=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Session]:
        """One write transaction: everything in it commits together, or nothing.

        ``durable=False`` for what can be fetched again (a pulled page with
        its cursor): committed without waiting for the disk (WAL,
        ``synchronous=NORMAL``), the log checkpointed every 64 MB rather than
        every 4 MB (:data:`BULK_CHECKPOINT_PAGES`). A crash of the app loses nothing; a power
        cut may lose the last such transactions — whole, cursor included,
        so the next pull fetches them again — never one written before a
        durable commit, which syncs the log up to itself.
        """
        engine = self._write_engine if durable else self._replaceable_engine
        with (
            self._translate_errors(),
            Session(engine, autoflush=False, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            # Last, in the same transaction: readers outside SQLAlchemy (the
            # inbox page kept for start-up) tell from it whether anything changed.
            session.execute(_NEW_GENERATION)

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError as exc:
            raise StoreError("store.integrity", path=str(self.path), detail=str(exc.orig)) from exc
        except OperationalError as exc:
            text = str(exc.orig).lower()
            if "locked" in text or "busy" in text:
                raise StoreError("store.busy", path=str(self.path)) from exc
            if disk_full(exc, self.path):
                # A field laptop's disk fills up: the transaction is rolled
                # back whole, and the person is told what to do about it.
                raise StoreError("store.disk_full", path=str(self.path)) from exc
            refusal = refused(exc, self.path)
            if refusal is not None:
                raise refusal from exc
            raise

    def dispose(self) -> None:
        self.engine.dispose()
