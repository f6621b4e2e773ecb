"""The store facade: open (and migrate) a file, units of work, sync operations.

Typical use, on a worker thread (never the GUI thread)::

    store = Store.open(paths.store_path())
    with store.read() as uow:
        page = uow.tasks.inbox(TaskQuery("MSA-220100"), limit=100)
    store.record_command(Command.new("task.claim", task.id, task.version,
                                     {"assignee": "wangfang"}))
    store.close()

Every method that writes runs one ``BEGIN IMMEDIATE`` transaction; to put
several steps into one transaction use ``with store.write() as uow:`` and
the functions of :mod:`backoffice.store.pending` and :mod:`.outcomes` directly.

Deadlines are estimated with the store's work calendar: ``default_calendar()``
unless ``Store.open(path, calendar=...)`` or :meth:`Store.set_calendar` gives
another (the sync will hand over the calendar the platform publishes).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy.exc import OperationalError

from backoffice.domain.calendar import WorkCalendar, default_calendar, kept_calendar
from backoffice.domain.commands import Command, Payload
from backoffice.domain.errors import StoreError
from backoffice.domain.model import Case
from backoffice.store import migrate, outcomes, pending, sent_marks
from backoffice.store.deadline_columns import CALENDAR_KEY, STALE_KEY
from backoffice.store.engine import Database, refused
from backoffice.store.mapping import Entity
from backoffice.store.outbox import OutboxEntry, OutboxState
from backoffice.store.pending import DEFAULT_CURSOR_KEY, ApplyReport
from backoffice.store.schema import FTS_TABLE
from backoffice.store.sqlite_file import PUBLISHED_CALENDAR_KEY, connect_read_only, disk_full
from backoffice.store.uow import UnitOfWork


class Store:
    def __init__(
        self,
        path: Path,
        database: Database,
        revision: str,
        *,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self.path = path
        self.revision = revision
        self._db: Database | None = database
        self.calendar = calendar or default_calendar()

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, calendar: WorkCalendar | None = None) -> Store:
        """Open ``path``, creating it or upgrading its schema to ours.

        Without ``calendar`` the store estimates with the platform calendar
        its last sync kept (:data:`PUBLISHED_CALENDAR_KEY`), else with
        ``default_calendar()``. Deadline columns computed with another
        calendar are recomputed here, once (see :meth:`set_calendar`).

        Raises ``store.newer_schema``, ``store.not_a_database`` or
        ``store.unknown_schema`` (the file left untouched) when it is not a
        store this version can use; ``store.read_only`` naming the folder
        when it (or the file) cannot be written — SQLite then cannot even
        read a WAL store — and ``store.cannot_open`` when SQLite cannot open
        the file for another reason.
        """
        p = Path(path)
        try:
            # Repairing a first pull cut short or upgrading the schema writes
            # indexes: on a full disk that is the first thing to fail.
            revision = migrate.upgrade(p)
        except (sqlite3.OperationalError, OperationalError, OSError) as exc:
            if disk_full(exc, p):
                raise StoreError("store.disk_full", path=str(p)) from exc
            refusal = refused(exc, p)
            if refusal is not None:
                raise refusal from exc
            raise
        store = cls(p, Database(p), revision, calendar=calendar)
        try:
            if calendar is None:
                store.calendar = store._kept_calendar()
            store._reconcile_deadlines()
        except BaseException:
            store.close()
            raise
        return store

    def _kept_calendar(self) -> WorkCalendar:
        with self.read() as uow:
            return kept_calendar(uow.sync_state.get(PUBLISHED_CALENDAR_KEY))

    def _reconcile_deadlines(self) -> None:
        # Recompute when the columns were computed with another calendar, or
        # when a migration left the marker: a migration that adds or redefines
        # deadline columns does not compute them itself (it must not depend on
        # code written for a later schema, and only the store knows its
        # calendar). Marker and digest change in the transaction that does the
        # work, so a crash halfway just means doing it again at the next start.
        digest = self.calendar.fingerprint()
        with self.read() as uow:
            stale = uow.sync_state.get(STALE_KEY) is not None
            if not stale and uow.sync_state.get(CALENDAR_KEY) == digest:
                return
        with self.write() as uow:
            self._recompute_deadlines(uow)
            uow.sync_state.delete(STALE_KEY)

    def set_calendar(self, calendar: WorkCalendar) -> None:
        """Estimate with ``calendar`` from now on; every stored estimate follows.

        Free when the stored estimates were computed with this very calendar
        (same :meth:`~WorkCalendar.fingerprint`): every start gives the store
        the calendar its last sync kept, and recomputing 200,000 tasks' columns
        for nothing took 7–8 s before the inbox could show a row.
        """
        previous, self.calendar = self.calendar, calendar
        try:
            with self.read() as uow:
                if uow.sync_state.get(CALENDAR_KEY) == calendar.fingerprint():
                    return
            self.refresh_deadlines()
        except BaseException:
            self.calendar = previous  # the stored estimates are still the old calendar's
            raise

    def refresh_deadlines(self) -> None:
        """Recompute every deadline column (one transaction; seconds at 50,000 cases)."""
        with self.write() as uow:
            self._recompute_deadlines(uow)

    def _recompute_deadlines(self, uow: UnitOfWork) -> None:
        uow.deadlines.refresh_all()
        # In the same transaction: the digest never names columns not written.
        uow.sync_state.set(CALENDAR_KEY, self.calendar.fingerprint())

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def database(self) -> Database:
        if self._db is None:
            raise StoreError("store.closed", path=str(self.path))
        return self._db

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A read-only unit of work over one consistent snapshot."""
        with self.database.read() as session:
            yield UnitOfWork(session, calendar=self.calendar)

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[UnitOfWork]:
        """A write unit of work: commits on success, rolls back on any exception.

        ``durable=False``: only for data the platform can send again (see
        :meth:`Database.write`).
        """
        with self.database.write(durable=durable) as session:
            yield UnitOfWork(session, calendar=self.calendar)

    # ---- the person's commands -----------------------------------------------

    def record_command(self, command: Command) -> Entity:
        with self.write() as uow:
            return pending.record_command(uow, command)

    def queue_without_target(self, command: Command) -> None:
        """Queue ``extension.approve`` of a request not kept here (on version 0).

        The platform answers it with a conflict carrying the request; the
        person re-applies it on that version (``UNKEPT_TARGET_KINDS``).
        """
        with self.write() as uow:
            pending.queue_without_target(uow, command)

    def queue(self, kind: str, entity_id: str, payload: Payload, *, author: str) -> Entity:
        """Queue a person's action on the record's confirmed version (one transaction)."""
        with self.write() as uow:
            return pending.queue_on_confirmed(uow, kind, entity_id, payload, author)

    def pending_commands(self) -> list[OutboxEntry]:
        with self.read() as uow:
            return pending.pending_commands(uow)

    def conflicts(self) -> list[OutboxEntry]:
        with self.read() as uow:
            return uow.outbox.entries([OutboxState.CONFLICT, OutboxState.REFUSED])

    def discard_command(self, command_id: str) -> bool:
        with self.write() as uow:
            return outcomes.discard_command(uow, command_id)

    def reapply_command(self, command_id: str) -> Command:
        """Queue a conflicted command again on the current version (a new command)."""
        with self.write() as uow:
            return outcomes.reapply_command(uow, command_id)

    # ---- what the sync calls ------------------------------------------------------

    def apply_confirmed(
        self,
        records: Iterable[Entity],
        *,
        cursor: str | None = None,
        cursor_key: str = DEFAULT_CURSOR_KEY,
        applied_command_ids: Iterable[str] = (),
        removed: Iterable[tuple[str, str]] = (),
    ) -> ApplyReport:
        with self.write() as uow:
            return pending.apply_confirmed(
                uow,
                records,
                cursor=cursor,
                cursor_key=cursor_key,
                applied_command_ids=applied_command_ids,
                removed=removed,
            )

    def cursor(self, key: str = DEFAULT_CURSOR_KEY) -> str | None:
        with self.read() as uow:
            return uow.sync_state.get(key)

    def confirm_command(self, command_id: str, *, record: Entity | None = None) -> bool:
        with self.write() as uow:
            return pending.confirm_command(uow, command_id, record=record)

    def mark_sent(self, command_ids: Iterable[str]) -> None:
        with self.write() as uow:
            sent_marks.mark_sent(uow, command_ids)

    def mark_refused(self, command_id: str, code: str,
                     details: Mapping[str, Any] | None = None) -> tuple[str, ...]:
        with self.write() as uow:
            return outcomes.mark_refused(uow, command_id, code, details)

    def mark_conflict(
        self, command_id: str, code: str, *, server_record: Entity | None = None
    ) -> tuple[str, ...]:
        with self.write() as uow:
            return outcomes.mark_conflict(uow, command_id, code, server_record=server_record)

    # ---- search and information ---------------------------------------------------

    def search(self, text: str, *, limit: int = 100, offset: int = 0) -> list[Case]:
        with self.read() as uow:
            return uow.search(text, limit=limit, offset=offset)

    def describe(self) -> dict[str, Any]:
        return describe(self.path)


def describe(path: str | os.PathLike[str]) -> dict[str, Any]:
    """What ``backoffice store info`` shows; reads the file without changing it."""
    p = Path(path)
    head = migrate.head_revision()
    info: dict[str, Any] = {"path": str(p), "exists": p.exists(), "supported": head}
    state = migrate.read_state(p)
    if not state.exists:
        return info | {"revision": None, "up_to_date": False, "tables": {}}
    info |= {
        "size_bytes": p.stat().st_size,
        "revision": state.revision,
        "up_to_date": state.revision == head,
        "newer": state.revision is not None and state.revision not in migrate.known_revisions(),
    }
    conn = connect_read_only(p)
    try:
        tables = {
            t: conn.execute(f"SELECT count(*) FROM {quote_identifier(t)}").fetchone()[0]
            for t in state.tables
            if not t.startswith(FTS_TABLE) and t != migrate.VERSION_TABLE
        }
        outbox = dict.fromkeys((s.value for s in OutboxState), 0)
        if "outbox" in tables:
            outbox |= dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
    finally:
        conn.close()
    return info | {
        "wal": _wal_in_header(p),
        "tables": tables,
        "outbox": outbox,
        "outbox_pending": outbox["pending"] + outbox["sent"],
    }


def quote_identifier(name: str) -> str:
    """An SQL identifier for any name: in double quotes, inner quotes doubled.

    Names read from a file we did not write (``store info`` on anything) may
    hold any character; SQLite cannot bind identifiers as parameters.
    """
    return '"' + name.replace('"', '""') + '"'


def _wal_in_header(path: Path) -> bool:
    # Bytes 18 and 19 of the header (file format write/read version) are 2 in
    # WAL mode. Read from the file: an immutable read-only connection reports
    # the journal mode as it opened the file, not as it is.
    with path.open("rb") as f:
        header = f.read(20)
    return len(header) == 20 and header[18] == 2 and header[19] == 2
