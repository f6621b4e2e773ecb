"""Schema migrations at start-up, and refusal of what we cannot read.

The Alembic configuration is built in code with ``script_location`` = the
``migrations`` package directory next to this file, so neither an
``alembic.ini`` nor a working directory is needed — the same code runs from
a source tree and from a PyInstaller bundle (which must ship
``migrations/*.py`` and ``migrations/versions/*.py`` as data).

Before anything opens the file for writing, :func:`inspect_file` looks at it
through a **read-only** connection (``file:…?mode=ro``): a file that is not a
SQLite database, a database that is not ours, or one whose
``alembic_version`` names a revision this build does not know (written by a
newer version of the app) is refused with a :class:`StoreError`, and its
bytes are left exactly as they were.

Migrations run with foreign keys **off**: Alembic's batch mode changes a
SQLite table by creating a new one, copying the rows and dropping the old
one, and with foreign keys on, dropping a parent table cascades — it would
delete every material of every case. ``PRAGMA foreign_keys`` cannot change
inside a transaction, so the migration engine's connections start with it
off; before committing we run ``PRAGMA foreign_key_check`` and roll back
if the migration left a dangling reference. The whole upgrade is one
``BEGIN IMMEDIATE`` transaction (SQLite's DDL is transactional): a failed
migration leaves the previous schema.

To write a new migration (developers)::

    from alembic import command
    from backoffice.store.migrate import alembic_config
    command.revision(alembic_config(store_path=Path("dev.sqlite")),
                     message="…", autogenerate=True)

against a database upgraded to head, then review the generated file.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backoffice.domain.errors import StoreError
from backoffice.store.engine import make_engine
from backoffice.store.sqlite_file import connect_read_only, disk_full

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection

_log = logging.getLogger("backoffice.store.migrate")

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
VERSION_TABLE = "alembic_version"
SYNC_STATE_TABLE = "sync_state"
# store/deferred_indexes.DEFERRED_KEY, named here so that reading the file's
# state does not import the schema.
DEFERRED_KEY = "store.deferred_indexes"
# Alembic config attribute: the file's revision before this upgrade (None: new).
FROM_REVISION = "store.from_revision"
# ``revision: str = "0003"`` / ``down_revision: str | None = "0002"`` (or None),
# as every script in versions/ declares them.
_DECLARATION = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:[\"']([^\"']+)[\"']|None)\s*$",
    re.MULTILINE,
)


def alembic_config(
    *, connection: Connection | None = None, store_path: Path | None = None
) -> Config:
    from alembic.config import Config

    cfg = Config()
    # ConfigParser interpolation: a "%" in the path must be doubled.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if store_path is not None:
        cfg.set_main_option("store_path", str(store_path).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def _shipped() -> dict[str, str | None]:
    """Each shipped script's revision → its down revision, read as text.

    Importing Alembic and loading every script costs ~0.2 s of start-up, and
    nearly every start finds the file at head already: comparing the stored
    revision with these declarations answers that without Alembic, which is
    imported only when a migration has to run. A script whose declarations
    this cannot read makes it give up and ask Alembic (``None`` head).
    """
    found: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        declared = {
            m.group(1): m.group(2) for m in _DECLARATION.finditer(script.read_text("utf-8"))
        }
        if "revision" not in declared or declared["revision"] is None:
            return {}
        found[declared["revision"]] = declared.get("down_revision")
    return found


def head_revision() -> str:
    shipped = _shipped()
    heads = set(shipped) - {down for down in shipped.values() if down is not None}
    if len(heads) == 1:
        return heads.pop()
    head = script_directory().get_current_head()  # Alembic says why, or which
    assert head is not None, "no migrations shipped"
    return head


def known_revisions() -> frozenset[str]:
    shipped = _shipped()
    if shipped:
        return frozenset(shipped)
    return frozenset(s.revision for s in script_directory().walk_revisions())


@dataclass(frozen=True, slots=True)
class FileState:
    exists: bool
    revision: str | None  # None: no schema yet (a new or empty database)
    tables: tuple[str, ...]
    # A first pull dropped indexes it still owes (store/deferred_indexes.py).
    deferred_indexes: bool = False


def read_state(path: Path) -> FileState:
    """What is in the file, read without writing; StoreError if not a database."""
    if not path.exists():
        return FileState(False, None, ())
    if not path.is_file():
        raise StoreError("store.not_a_database", path=str(path))
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise StoreError("store.cannot_open", path=str(path), reason=str(exc)) from exc
    try:
        tables = tuple(
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not name.startswith("sqlite_")
        )
        revisions: list[str] = []
        if VERSION_TABLE in tables:
            revisions = [r for (r,) in conn.execute(f"SELECT version_num FROM {VERSION_TABLE}")]
        deferred = SYNC_STATE_TABLE in tables and conn.execute(
            f"SELECT 1 FROM {SYNC_STATE_TABLE} WHERE key = ?", (DEFERRED_KEY,)
        ).fetchone() is not None
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text or "encrypted" in text:
            raise StoreError("store.not_a_database", path=str(path)) from exc
        if "locked" in text or "busy" in text:
            raise StoreError("store.busy", path=str(path)) from exc
        if disk_full(exc, path):
            raise StoreError("store.disk_full", path=str(path)) from exc
        raise StoreError("store.cannot_open", path=str(path), reason=str(exc)) from exc
    finally:
        conn.close()
    if len(revisions) > 1:
        # We never branch; several heads mean someone else's migrations.
        raise StoreError("store.unknown_schema", path=str(path))
    return FileState(True, revisions[0] if revisions else None, tables, deferred)


def inspect_file(path: Path) -> str | None:
    """The file's schema revision if we can open it; raises (untouched) if not."""
    return _checked_state(path).revision


def _checked_state(path: Path) -> FileState:
    state = read_state(path)
    if state.revision is None:
        if any(t != VERSION_TABLE for t in state.tables):
            raise StoreError("store.unknown_schema", path=str(path))
        return state
    if state.revision not in known_revisions():
        raise StoreError(
            "store.newer_schema",
            found=state.revision,
            supported=head_revision(),
            path=str(path),
        )
    return state


def needs_upgrade(path: Path) -> bool:
    """Whether opening the file will migrate it (or restore a first pull's indexes).

    Read only, without Alembic: the app tells the person why this start is
    slower before it opens the store. False for a new file (creating one is
    quick) and for one it cannot open (opening says why).
    """
    try:
        state = read_state(path)
    except StoreError:
        return False
    if not state.exists:
        return False
    behind = state.revision is not None and state.revision != head_revision()
    return behind or state.deferred_indexes


def upgrade(path: Path) -> str:
    """Bring the file to our head revision (creating it if needed); returns head."""
    head = head_revision()
    state = _checked_state(path)
    if state.deferred_indexes:
        restore_deferred_indexes(path)
    if state.revision == head:
        return head
    from alembic import command
    from alembic.util.exc import CommandError

    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            try:
                cfg = alembic_config(connection=conn)
                # A migration may depend on where the file started: 0013 asks
                # a store that was synced below 0012 for a re-sync.
                cfg.attributes[FROM_REVISION] = state.revision
                command.upgrade(cfg, "head")
            except CommandError as exc:
                # E.g. a newer version upgraded the file since we looked.
                raise StoreError("store.migration_failed", path=str(path), reason=str(exc)) from exc
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreError(
                    "store.migration_failed", path=str(path), reason="foreign_key_check"
                )
    finally:
        engine.dispose()
    if state.revision is not None:
        compact_if_mostly_free(path)
    return head


# Compact when at least this share of the file is free pages, and at least
# this many of them: below that SQLite's reuse of free pages is enough.
_FREE_SHARE = 4  # a quarter
_FREE_PAGES = 64


def compact_if_mostly_free(path: Path) -> bool:
    """VACUUM the file when a migration left most of it free; whether it did.

    A migration that drops or rebuilds a table (0010 dropped the material
    checks' table, a third of a first pull's rows) frees its pages but keeps
    them in the file, which SQLite reuses only as the store grows again.
    VACUUM is atomic (a kill leaves the file as it was) but needs the file
    to itself: another process holding it open makes this a logged no-op.
    """
    try:
        with contextlib.closing(connect_read_only(path)) as ro:
            pages = ro.execute("PRAGMA page_count").fetchone()[0]
            free = ro.execute("PRAGMA freelist_count").fetchone()[0]
    except sqlite3.Error:
        return False
    if free < _FREE_PAGES or free * _FREE_SHARE < pages:
        return False
    db = sqlite3.connect(path, isolation_level=None, timeout=1)
    try:
        db.execute("VACUUM")
    except sqlite3.Error as exc:
        if disk_full(exc):
            _log.warning("the store was not compacted: the disk is full")
        else:
            _log.warning("the store was not compacted (%s): it stays as it is", exc)
        return False
    finally:
        db.close()
    _log.info("compacted the store after its migration: %d of %d pages were free", free, pages)
    return True


def restore_deferred_indexes(path: Path) -> None:
    """Create the indexes an interrupted first pull dropped, before anything else reads the file.

    In the file's own definitions and at its own revision (before any
    migration): see :mod:`backoffice.store.deferred_indexes`. One
    transaction; a crash in it leaves the marker for the next open.
    """
    from backoffice.store import deferred_indexes

    engine = make_engine(path)
    try:
        with engine.connect() as conn, conn.begin():
            deferred_indexes.restore(conn)
    finally:
        engine.dispose()
