"""The sandbox's schema: a database made by an earlier version keeps serving."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from backoffice.sandbox import db


def test_an_older_database_gains_the_columns_added_since(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "old.sqlite3")
    with engine.begin() as conn:  # command_results as it was before kind and applied_at
        conn.execute(text("CREATE TABLE command_results (command_id VARCHAR(36) PRIMARY KEY, "
                          "author VARCHAR(64) NOT NULL, target VARCHAR(170) NOT NULL, "
                          "status VARCHAR(16) NOT NULL, seq BIGINT, result TEXT NOT NULL)"))
        conn.execute(text("INSERT INTO command_results VALUES ('c1', 'u', 'case:X', "
                          "'applied', 7, '{}')"))
    db.create_schema(engine)
    db.create_schema(engine)  # and again: nothing left to add
    columns = {c["name"] for c in inspect(engine).get_columns("command_results")}
    assert {"kind", "applied_at"} <= columns
    assert set(inspect(engine).get_table_names()) >= {t.name for t in db.metadata.sorted_tables}
    with engine.connect() as conn:
        row = conn.execute(db.command_results.select()).one()
    assert (row.command_id, row.seq, row.kind, row.applied_at) == ("c1", 7, None, None)
    engine.dispose()
