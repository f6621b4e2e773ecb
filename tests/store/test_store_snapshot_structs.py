"""A snapshot page's wire structs stored as they are, against the normal path.

On a first pull the cases, materials and review tasks of a page go from
their decoded structs (``api/fast.py``) straight to rows (``store/snapshot.py``
with ``bulk``), without domain objects. The store must be the one the normal
path leaves with the domain objects of the same records: every table row
for row, search documents, deadline columns, gram index — with a record
re-sent newer in a later page (a failed check with its note), a removal, a
crash halfway, and a command queued halfway (that page goes the normal way,
the structs through ``to_domain``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from test_store_snapshot import _active, _assert_same, _pages, _pull, _records

from backoffice.api import convert, fast
from backoffice.domain.commands import Command
from backoffice.domain.model import ReviewTask
from backoffice.remote import validate
from backoffice.store import Store, pending, snapshot
from backoffice.store.mapping import Entity
from backoffice.store.uow import UnitOfWork
from backoffice.sync.wire import PageOps, page_ops, to_entity


def _wire(records: Sequence[Entity], removed: Sequence[tuple[str, str]], at: int) -> PageOps:
    """The page as the client gets it: JSON, decoded fast, then page_ops."""
    changes: list[dict[str, Any]] = []
    for seq, record in enumerate(records, start=1):
        wire = convert.to_wire(record)
        key = {"department": "code", "service_item": "code", "case": "case_code"}.get(
            wire["entity"], "id")
        changes.append({"seq": seq, "entity": wire["entity"], "id": wire[key],
                        "version": wire.get("version", 0), "change": "upsert", "record": wire})
    for entity, key in removed:
        changes.append({"seq": len(changes) + 1, "entity": entity, "id": key, "version": 0,
                        "change": "left_scope", "record": None})
    body = json.dumps({"changes": changes, "next_cursor": f"c{at}", "has_more": True,
                       "applied_command_ids": []}, ensure_ascii=False).encode()
    page = validate.parse_page(body, host="h")
    assert all(isinstance(c, fast.FastChange) for c in page.changes)  # the fast path
    return page_ops(page.changes, page.rejected)


def _apply_structs(uow: UnitOfWork, page: Any, at: int, last: int) -> None:
    ops = _wire(page[0], page[1], at)
    snapshot.apply_page(uow, ops.records, cursor=f"c{at}", removed=ops.removed,
                        first=at == 0, last=at == last, bulk=ops.bulk, to_domain=to_entity)


def _apply_normal(uow: UnitOfWork, page: Any, at: int, last: int) -> None:
    pending.apply_confirmed(uow, page[0], cursor=f"c{at}", removed=page[1])


def test_the_pages_carry_bulk_structs() -> None:
    ops = _wire(list(_records()), [], 0)
    kinds = {r.entity for r in ops.bulk}
    assert kinds == {"case", "material", "review_task"}
    assert not ops.quarantined
    assert all(not isinstance(r, fast.FastRecord) for r in ops.records)


def test_structs_store_what_domain_objects_store(tmp_path: Path) -> None:
    pages = _pages()
    with Store.open(tmp_path / "structs.sqlite3") as structs, \
            Store.open(tmp_path / "normal.sqlite3") as normal:
        _pull(structs, pages, _apply_structs)
        _pull(normal, pages, _apply_normal)
        assert not _active(structs)
        _assert_same(structs, normal)


def test_cut_by_a_crash_and_resumed(tmp_path: Path) -> None:
    pages = _pages()
    path = tmp_path / "structs.sqlite3"
    with Store.open(path) as structs:
        _pull(structs, pages, _apply_structs, stop=4)
    with Store.open(path) as structs, Store.open(tmp_path / "normal.sqlite3") as normal:
        assert _active(structs)
        _pull(structs, pages, _apply_structs, start=4)
        _pull(normal, pages, _apply_normal)
        _assert_same(structs, normal)


def test_a_page_with_a_command_queued_takes_the_structs_through_the_domain(
        tmp_path: Path) -> None:
    pages = _pages()
    task = next(r for r in pages[1][0] if isinstance(r, ReviewTask))
    comment = Command.new("comment.add", task.case_code, 0, {"text": "备注（虚构）"},
                          author="someone")

    def queue(store: Store) -> Any:
        def between(at: int) -> None:
            if at == 2:
                store.record_command(comment)
        return between

    with Store.open(tmp_path / "structs.sqlite3") as structs, \
            Store.open(tmp_path / "normal.sqlite3") as normal:
        _pull(structs, pages, _apply_structs, between=queue(structs))
        _pull(normal, pages, _apply_normal, between=queue(normal))
        _assert_same(structs, normal)
