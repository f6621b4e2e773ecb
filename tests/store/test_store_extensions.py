"""Requested extensions are kept (migration 0012); only an approved one moves a deadline.

A signer approves a request from the case (Art. 42): the store keeps the
request with its version, the approval is an ordinary command on it, and
the deadline columns count it only once it is approved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from store_factories import SHANGHAI, case_code, make_case, make_task
from support.store_tables import move_to_revision

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.domain.model import Extension, ExtensionStatus
from backoffice.store import Store

CODE = case_code(1)
D = dt.date
# Accepted Mon 3 March 2025, ten working days: due Mon 17 March.
ACCEPTED = dt.datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI)
REQUESTED = Extension(10, "需专家论证", "", None, CODE, "extension-1", 1,
                      status=ExtensionStatus.REQUESTED, requested_by="lijun",
                      requested_on=D(2025, 3, 5))
APPROVED = dataclasses.replace(REQUESTED, status=ExtensionStatus.APPROVED,
                               approved_by="wangju", approved_on=D(2025, 3, 6), version=2)


def _seed(store: Store) -> None:
    store.apply_confirmed([make_case(1, accepted_at=ACCEPTED, promised_days=10)])
    store.apply_confirmed([make_task(1)])


def _due(store: Store) -> D:
    with store.read() as uow:
        value = uow.session.execute(text("SELECT due_date FROM cases WHERE case_code = :c"),
                                    {"c": CODE}).scalar_one()
    return D.fromisoformat(value)


def test_a_request_is_kept_whole_and_moves_no_deadline(store: Store) -> None:
    _seed(store)
    before = _due(store)
    store.apply_confirmed([REQUESTED])
    with store.read() as uow:
        assert uow.extensions.for_case(CODE) == [REQUESTED]
        assert uow.extensions.get("extension-1") == REQUESTED
    assert _due(store) == before == D(2025, 3, 17)
    store.apply_confirmed([APPROVED])  # the platform's answer to the approval
    with store.read() as uow:
        assert uow.extensions.for_case(CODE) == [APPROVED]
    assert _due(store) == D(2025, 3, 31)  # ten working days more


def test_the_approval_is_a_command_on_the_kept_request(store: Store,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Queued on the day it is made: within the period (Art. 42 allows no extension after).
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2025, 3, 6, 10, tzinfo=SHANGHAI))
    _seed(store)
    store.apply_confirmed([REQUESTED])
    approve = Command.new("extension.approve", "extension-1", REQUESTED.version,
                          author="wangju", now=dt.datetime(2025, 3, 6, 10, tzinfo=SHANGHAI))
    store.record_command(approve)
    (queued,) = store.pending_commands()
    assert queued.command == approve and approve.base_version == REQUESTED.version
    with store.read() as uow:
        local = uow.extensions.get("extension-1")
        assert uow.extensions.confirmed("extension-1") == REQUESTED
    # Approved here until the platform answers: by its author, on the day.
    assert local == dataclasses.replace(APPROVED, version=REQUESTED.version)


def test_migration_0012_keeps_approved_extensions_and_drops_requests_going_down(
        store_path: Path) -> None:
    with Store.open(store_path) as s:
        _seed(s)
        s.apply_confirmed([APPROVED, dataclasses.replace(REQUESTED, id="extension-2")])
    move_to_revision(store_path, "0011", down=True)
    with sqlite3.connect(store_path) as conn:  # as 0011's app left it
        rows = conn.execute("SELECT id, approved_on FROM extensions").fetchall()
        columns = {c[1] for c in conn.execute("PRAGMA table_info(extensions)")}
    conn.close()
    assert rows == [("extension-1", "2025-03-06")] and "status" not in columns
    with Store.open(store_path) as s:
        with s.read() as uow:
            # 0011's rows were all approved: they stay so, with no request fields.
            assert uow.extensions.for_case(CODE) == [dataclasses.replace(
                APPROVED, requested_by="", requested_on=None)]
        assert _due(s) == D(2025, 3, 31)
        s.apply_confirmed([dataclasses.replace(REQUESTED, id="extension-2")])  # kept now
        with s.read() as uow:
            assert len(uow.extensions.for_case(CODE)) == 2
        assert _due(s) == D(2025, 3, 31)
