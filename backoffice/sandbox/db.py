"""The sandbox platform's own schema (SQLAlchemy Core; SQLite or PostgreSQL).

Pragmatic on purpose: every record is one row of ``records`` with its wire
JSON in ``body``, plus the columns scope and the feed filter on.

Ordering. ``records.seq`` is the sequence number of the record's latest
change, so the change feed is "visible records with seq > cursor, by seq"
and returns each record once, in its current state (CouchDB's changes feed
does the same). Departments that lose sight of a record get a ``left_scope``
row in ``changes``. Sequence numbers come from one counter row in ``meta``,
incremented inside the writing transaction: writers serialize on that row,
so seqs become visible in commit order and a reader can never pass a seq
that commits later (which an autoincrement would allow on PostgreSQL).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    select,
    text,
    update,
)

metadata = MetaData()

records = Table(
    "records", metadata,
    Column("entity", String(32), primary_key=True),
    Column("id", String(128), primary_key=True),
    Column("case_code", String(64), nullable=True),  # None: global (department, service item)
    # Owning department (task, material, comment's writer); None for case-level records.
    Column("department_code", String(64), nullable=True),
    Column("version", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
)
Index("ix_records_seq", records.c.seq, unique=True)
Index("ix_records_case", records.c.case_code, records.c.entity)

# Which departments may see a case (live task or lead). Scope joins on it.
case_departments = Table(
    "case_departments", metadata,
    Column("case_code", String(64), primary_key=True),
    Column("department_code", String(64), primary_key=True),
)
Index("ix_case_departments_dept", case_departments.c.department_code, case_departments.c.case_code)

# Records only some departments of a case may see (a joint inspection and
# its requests and parts: its participants); the entities listed in
# ``ledger.AUDIENCE_ENTITIES`` are visible only through a row here.
record_audience = Table(
    "record_audience", metadata,
    Column("entity", String(32), primary_key=True),
    Column("id", String(128), primary_key=True),
    Column("department_code", String(64), primary_key=True),
)

# The time each inspection's applicant was told in the appointment notice
# (8.4.3) while it holds, so the platform calls it off when it no longer does
# — also once the inspection went back to proposed at that time (a
# department joined, or took a departed one's place) and is then moved,
# declined or cancelled. ISO 8601 times. A confirmed inspection without a row
# (a database older than this table, a seeded one) was told its own time.
inspection_told = Table(
    "inspection_told", metadata,
    Column("inspection_id", String(128), primary_key=True),
    Column("starts_at", String(40), nullable=False),
    Column("ends_at", String(40), nullable=False),
)

# Events that are not a record's current state: left_scope (for one department), deleted.
changes = Table(
    "changes", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("entity", String(32), nullable=False),
    Column("id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("department_code", String(64), nullable=True),  # who lost sight (left_scope)
)
Index("ix_changes_dept_seq", changes.c.department_code, changes.c.seq)

command_results = Table(
    "command_results", metadata,
    Column("command_id", String(36), primary_key=True),
    Column("author", String(64), nullable=False),
    Column("target", String(170), nullable=False),  # "entity:id"
    Column("status", String(16), nullable=False),
    Column("seq", BigInteger, nullable=True),  # the change it made, when applied
    Column("result", Text, nullable=False),
    Column("kind", String(64), nullable=True),  # task.claim …: the timeline's events
    # The platform's time when it applied the command (ISO 8601, Asia/Shanghai);
    # None for other results and for databases older than this column.
    Column("applied_at", String(40), nullable=True),
)
Index("ix_command_results_target", command_results.c.author, command_results.c.target)

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("department_code", String(64), nullable=False),
    Column("roles", String(200), nullable=False),  # space-separated
    Column("password_hash", String(200), nullable=False),
)

# A login session: refresh tokens rotate inside it; logout or reuse revokes it all.
sessions = Table(
    "sessions", metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

tokens = Table(
    "tokens", metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 hex: never the token
    Column("kind", String(8), nullable=False),  # "access" | "refresh"
    Column("session_id", String(32), nullable=False, index=True),
    Column("expires_at", BigInteger, nullable=False),
    Column("replaced_at", BigInteger, nullable=True),  # refresh: when it was rotated
)

catalog_entries = Table(
    "catalog_entries", metadata,
    Column("code", String(64), primary_key=True),
    Column("body", Text, nullable=False),
)

calendar_years = Table(
    "calendar_years", metadata,
    Column("year", Integer, primary_key=True),
    Column("body", Text, nullable=False),
)

files = Table(
    "files", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("content", Text, nullable=True),  # base64; small demo files only
    Column("created_at", BigInteger, nullable=True),  # unix time; None for seeded demo files
)

# Who may download a file (backoffice.sandbox.files): ("material", id) — the
# departments that see that material; ("upload", department) — the uploader's.
file_refs = Table(
    "file_refs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("entity", String(32), primary_key=True),
    Column("id", String(128), primary_key=True),
)

# How to draw again a page the platform made that its material's record cannot
# tell (a corrected page and its day: backoffice.sandbox.recipes); seeded pages
# need no row, they are drawn from their material and case.
file_recipes = Table(
    "file_recipes", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("material_name", Text, nullable=False),
    Column("case_code", String(64), nullable=False),
    Column("applicant", Text, nullable=False),
    Column("corrected_on", String(10), nullable=True),  # ISO date of a corrected page
)

meta = Table(
    "meta", metadata,
    Column("key", String(32), primary_key=True),
    Column("value", String(200), nullable=False),
)

SEQ_KEY = "seq"
EPOCH_KEY = "epoch"


def url_of(db: str | Path) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as is, a path as a SQLite file."""
    text = str(db)
    if "://" in text:
        return text
    path = Path(text).expanduser().absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(db: str | Path) -> Engine:
    url = url_of(db)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def create_schema(engine: Engine) -> None:
    """Create missing tables and the meta rows (a fresh epoch for a fresh database)."""
    metadata.create_all(engine)
    _add_missing_columns(engine)
    with engine.begin() as conn:
        have = {k for (k,) in conn.execute(select(meta.c.key))}
        if EPOCH_KEY not in have:
            conn.execute(meta.insert(), [{"key": EPOCH_KEY, "value": secrets.token_hex(8)}])
        if SEQ_KEY not in have:
            conn.execute(meta.insert(), [{"key": SEQ_KEY, "value": "0"}])


def _add_missing_columns(engine: Engine) -> None:
    """Add nullable columns that came after a database was made, so a sandbox
    database of an earlier version serves on without a re-seed (``create_all``
    only creates missing tables)."""
    inspector = inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}"))


def reset(engine: Engine) -> None:
    """Drop everything (seeding replaces the data set; old cursors become invalid)."""
    metadata.drop_all(engine)
    create_schema(engine)


def read_meta(conn: Connection, key: str) -> str:
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one()
    return str(value)


def allocate_seqs(conn: Connection, n: int) -> int:
    """Reserve ``n`` sequence numbers; returns the first. Locks the counter row."""
    current = int(conn.execute(
        select(meta.c.value).where(meta.c.key == SEQ_KEY).with_for_update()
    ).scalar_one())
    conn.execute(update(meta).where(meta.c.key == SEQ_KEY).values(value=str(current + n)))
    return current + 1


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as conn:
        yield conn
