"""A first pull into an empty store goes the snapshot way (``store/snapshot.py``).

Against the real sandbox, in pages: the store it leaves is the store the
normal path leaves, row for row — also with a malformed record in a
snapshot page, which is quarantined alone while the rest of its page lands.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.store_tables import schema, tables
from support.sync_env import Device, busiest_unclaimed_department, reviewers

from backoffice.sandbox.server import Sandbox
from backoffice.store import Store, deferred_indexes, snapshot
from backoffice.store.schema import QuarantineRow, table_of
from backoffice.sync.engine import LAST_SUCCESS_KEY

CHANGES = "/api/v1/changes"
_quarantine = table_of(QuarantineRow)


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return tables(store, {("search_documents", "doc_id"), ("quarantine", "id"),
                          ("quarantine", "received_at")}, skip_state={LAST_SUCCESS_KEY})


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
        # The pages went without the bulk tables' secondary indexes.
        dropped = deferred_indexes.pending(uow.session.connection())
        assert set(dropped) == {i.name for i in deferred_indexes.deferrable()}
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
    assert schema(fast.store.path) == schema(normal.store.path)  # every index built again
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
