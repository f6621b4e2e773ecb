"""The inbox's first page, kept beside the store for the next start.

What a reviewer sees first after starting the app is the first page of the
default list (the department's tasks by step deadline). Reading it takes a
few milliseconds; opening the store to read it — SQLAlchemy, the ORM schema,
the store's modules — about 0.6 s of imports. So when the app lets go of
the store (quitting, signing out) it writes that page, its count and the
store's generation (a token every write transaction replaces,
:data:`~.sqlite_file.GENERATION_KEY`) to a file beside the store; the next
start reads the file and the store's token with the plain ``sqlite3``
module and, if nothing was written since and the schema and this format
are the same, paints those rows before SQLAlchemy is even imported. The
list then reads the same page from the opened store and updates it in
place, so what stays on screen is always the store's.

A file that is missing, unreadable, of another format, for another
department, or older than the store's last write is simply not used: the
start takes the ordinary path.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backoffice.domain.calendar import WorkCalendar, kept_calendar
from backoffice.store.inbox_query import PAGE_SIZE, QuickContext, TaskListRow, TaskQuery
from backoffice.store.sqlite_file import (
    GENERATION_KEY,
    PUBLISHED_CALENDAR_KEY,
    connect_read_only,
)

if TYPE_CHECKING:
    from backoffice.store import Store

_log = logging.getLogger("backoffice.store")

# Raise when what a row means changes without its fields changing (a field
# that changes fails the typed decoding anyway).
FORMAT = 1
SUFFIX = ".inbox-page.json"


@dataclass(frozen=True, slots=True)
class KeptPage:
    format: int
    revision: str  # the store's schema revision when written
    generation: str  # the store's generation token when read
    department_code: str
    count: int
    exact: bool
    rows: tuple[TaskListRow, ...]

    @property
    def query(self) -> TaskQuery:
        return TaskQuery(self.department_code)


def path_of(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SUFFIX)


def keep(store: Store, department_code: str, limit: int = PAGE_SIZE) -> KeptPage:
    """Write the default list's first ``limit`` rows beside ``store``.

    ~30–40 ms at 200,000 tasks. Called when the store is let go of: the app
    quitting, a ``backoffice sync`` from the command line ending.
    """
    import msgspec

    from backoffice.store import inbox_views

    query = TaskQuery(department_code)
    today = dt.date.today()  # the default list has no quick filter: unused
    with store.read() as uow:
        generation = uow.sync_state.get(GENERATION_KEY) or ""
        total, exact, ids = inbox_views.first_page(
            uow.session, query, (), QuickContext("", today, today), limit=limit)
        rows = inbox_views.page_rows(uow.session, ids, department_code)
    page = KeptPage(FORMAT, store.revision, generation, department_code, total, exact,
                    tuple(rows))
    target = path_of(store.path)
    # Per process: the app quitting while a scheduled sync ends must not
    # write into one another's file before it is moved into place.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(msgspec.json.encode(page))
        os.replace(partial, target)  # a reader sees the old file or the new, never half
    finally:
        partial.unlink(missing_ok=True)
    return page


def read(store_path: Path, department_code: str) -> tuple[KeptPage, WorkCalendar] | None:
    """The kept page if it shows exactly what ``store_path`` holds now, else None.

    With it the calendar the store estimates with (its badges count working
    days), as :meth:`Store.open <backoffice.store.Store.open>` would choose it.
    """
    try:
        data = path_of(store_path).read_bytes()
    except OSError:
        return None  # none kept (or unreadable): the ordinary start
    import msgspec  # ~25 ms: only when there is a page to decode

    try:
        page = msgspec.json.decode(data, type=KeptPage)
    except msgspec.DecodeError as exc:
        _log.info("kept inbox page not used: %s", exc)
        return None
    if page.format != FORMAT or page.department_code != department_code or \
            not page.generation or not store_path.is_file():
        return None
    try:
        conn = connect_read_only(store_path)
        try:
            # One read transaction: the token and the revision of one state.
            conn.execute("BEGIN")
            generation = conn.execute(
                "SELECT value FROM sync_state WHERE key = ?", (GENERATION_KEY,)).fetchone()
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            calendar = conn.execute(
                "SELECT value FROM sync_state WHERE key = ?", (PUBLISHED_CALENDAR_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        _log.info("kept inbox page not used: %s", exc)
        return None
    if generation != (page.generation,) or revision != (page.revision,):
        return None
    return page, kept_calendar(calendar[0] if calendar else None)


def keep_if_possible(store: Store, department_code: str) -> None:
    """:func:`keep`, but a failure is only logged: what is lost is a faster next start."""
    try:
        keep(store, department_code)
    except Exception:  # noqa: BLE001 - quitting or a finished sync must never fail for it
        _log.warning("could not keep the inbox's first page", exc_info=True)
