"""A first pull into an empty store goes the snapshot way (``store/snapshot.py``).

Against the real sandbox, in pages: the store it leaves is the store the
normal path leaves, row for row — also with a malformed record in a
snapshot page, which is quarantined alone while the rest of its page lands.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.sync_env import Device, busiest_unclaimed_department, reviewers

from backoffice.sandbox.server import Sandbox
from backoffice.store import Store, snapshot
from backoffice.store.schema import QuarantineRow, table_of
from backoffice.sync.engine import LAST_SUCCESS_KEY

CHANGES = "/api/v1/changes"
_quarantine = table_of(QuarantineRow)


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in a stable order; what differs by clock or by insert order aside."""
    volatile = {("search_documents", "doc_id"), ("quarantine", "id"),
                ("quarantine", "received_at")}
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.read() as uow:
        conn = uow.session.connection()
        names = [n for (n,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_fts%' AND name != 'alembic_version'")]
        for name in names:
            columns = [c[1] for c in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')
                       if (name, c[1]) not in volatile]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = [tuple(r) for r in conn.exec_driver_sql(f'SELECT {quoted} FROM "{name}"')]
            if name == "sync_state":
                rows = [r for r in rows if r[0] != LAST_SUCCESS_KEY]
            out[name] = sorted(rows, key=repr)
    return out


@pytest.mark.parametrize("malformed", [False, True], ids=["clean", "bad_record"])
def test_a_first_pull_stores_what_the_normal_path_stores(
    sandbox: Sandbox, device: Device, monkeypatch: pytest.MonkeyPatch, malformed: bool
) -> None:
    user = reviewers(busiest_unclaimed_department())[0]
    if malformed:
        sandbox.faults.malform(CHANGES, how="bad_record")
    fast = device(user, "fast", page_size=40)
    began: list[bool] = []
    real_finish = snapshot.finish

    def finish(uow: Any) -> None:
        began.append(True)
        real_finish(uow)

    monkeypatch.setattr(snapshot, "finish", finish)
    first = fast.sync_once()
    assert began == [True] and first.pull.pages > 3
    assert first.pull.quarantined == int(malformed)

    # The same pull the normal way: a store that never counts as empty.
    monkeypatch.setattr(snapshot, "empty", lambda uow: False)
    if malformed:
        sandbox.faults.malform(CHANGES, how="bad_record")
    normal = device(user, "normal", page_size=40)
    second = normal.sync_once()
    assert began == [True]  # no snapshot this time
    assert second.pull.records == first.pull.records
    assert second.pull.quarantined == first.pull.quarantined

    fast_tables, normal_tables = _tables(fast.store), _tables(normal.store)
    assert fast_tables.keys() == normal_tables.keys()
    for name in fast_tables:
        assert fast_tables[name] == normal_tables[name], name
    with fast.store.read() as uow:
        assert not snapshot.active(uow)
        kept = uow.quarantine.entries()
        assert len(kept) == int(malformed)
        for entry in kept:  # quarantined alone: nothing of it stored, the rest of its page is
            assert entry.entity and entry.entity_id
            assert uow.get(entry.entity, entry.entity_id) is None

    # The next sync of the fast store is an ordinary incremental one.
    again = fast.sync_once()
    assert again.pull.records == 0 and began == [True]
