"""Alembic environment of the local store.

At start-up :func:`backoffice.store.migrate.upgrade` passes its own
connection (foreign keys off, one ``BEGIN IMMEDIATE`` transaction; see that
module for why). Developers may instead set ``store_path`` to run against a
file, or use offline mode to print SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from backoffice.store.engine import make_engine, sqlite_url
from backoffice.store.schema import Base, include_object

config = context.config


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=Base.metadata,
        # The FTS5 table and its shadow tables are not in the metadata.
        include_object=include_object,
        # SQLite can barely ALTER: batch mode recreates tables instead.
        render_as_batch=True,
        # SQLite's DDL is transactional; Alembic assumes it is not.
        transactional_ddl=True,
        compare_type=True,
        **kwargs,
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    store_path = config.get_main_option("store_path")
    if not store_path:
        raise RuntimeError("set the 'store_path' option or pass a connection")
    engine = make_engine(Path(store_path), foreign_keys=False)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


def run_offline() -> None:
    store_path = config.get_main_option("store_path") or "store.sqlite"
    _configure(url=sqlite_url(Path(store_path)), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
