"""The snapshot path of a first pull (``store/snapshot.py``) against the normal one.

Both must leave the same store: every table, row for row (the search
documents, the deadline columns, the child rows of a record re-sent in a
later page, a removal), the FTS indexes' answers (the gram index token by
token, as it cannot be read as rows), also when the snapshot is cut by a crash and
resumed, and when the person queues a command in the middle of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from support.store_tables import schema, tables
from test_store_search import assert_grams_match_documents, gram_postings

from backoffice.domain.commands import Command
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Case, Check, CheckVerdict, Material, ReviewTask, Verdict
from backoffice.sandbox.demo import generate
from backoffice.store import Store, deferred_indexes, migrate, pending, snapshot
from backoffice.store.mapping import Entity
from backoffice.store.uow import UnitOfWork

Page = tuple[list[Entity], list[tuple[str, str]]]  # records, removals


@functools.cache
def _records() -> tuple[Entity, ...]:
    data = generate(cases=40, seed=3, today=dt.date(2026, 11, 27))
    # Parents first, then the rest mixed, as a feed orders by change, not by kind.
    rest: list[Any] = [*data.tasks, *data.materials, *data.deferred, *data.correction_notices,
                       *data.special_procedures, *data.extensions, *data.decisions]
    rest.sort(key=lambda r: (r.case_code, type(r).__name__, r.id))
    return (*data.departments, *data.cases, *rest)


def _pages(size: int = 60) -> list[Page]:
    records = list(_records())
    pages: list[Page] = [(records[i:i + size], []) for i in range(0, len(records), size)]
    # Changed on the platform during the pull: sent again, newer, in a later page.
    material = next(r for r in records if isinstance(r, Material) and r.checks)
    again = dataclasses.replace(
        material, version=material.version + 1,
        checks=(CheckVerdict(Check.AUTHENTICITY, Verdict.FAIL, "印章模糊（虚构）"),))
    task = next(r for r in records if isinstance(r, ReviewTask))
    # A case sent again with a longer promise and the platform's own date:
    # its tasks' deadline columns, written pages before, must follow.
    with_tasks = {r.case_code for r in records if isinstance(r, ReviewTask)} - {task.case_code}
    case = next(r for r in records if isinstance(r, Case) and r.case_code in with_tasks)
    longer = dataclasses.replace(case, version=case.version + 1,
                                 promised_days=case.promised_days + 5,
                                 platform_due_date=dt.date(2027, 3, 1))
    pages.append(([again, longer, dataclasses.replace(task, opinion="同意（虚构）",
                                                      version=task.version + 1)], []))
    # A case that left our scope before the snapshot ended.
    gone = next(r for r in records if isinstance(r, ReviewTask) and r.case_code != task.case_code)
    pages.append(([], [("case", gone.case_code)]))
    return pages


def _apply_fast(uow: UnitOfWork, page: Page, at: int, last: int) -> None:
    snapshot.apply_page(uow, page[0], cursor=f"c{at}", removed=page[1], first=at == 0,
                        last=at == last)


def _apply_normal(uow: UnitOfWork, page: Page, at: int, last: int) -> None:
    pending.apply_confirmed(uow, page[0], cursor=f"c{at}", removed=page[1])


Apply = Callable[[UnitOfWork, Page, int, int], None]


def _pull(store: Store, pages: Sequence[Page], apply: Apply, *, start: int = 0,
          stop: int | None = None, between: Callable[[int], None] | None = None) -> None:
    last = len(pages) - 1
    for at in range(start, len(pages) if stop is None else stop):
        if between is not None:
            between(at)
        with store.write() as uow:
            apply(uow, pages[at], at, last)


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return tables(store, {("search_documents", "doc_id"), ("outbox", "sequence")})


def _indexes_complete(store: Store) -> bool:
    """Every index of the schema is in the file and none is owed."""
    with store.read() as uow:
        connection = uow.session.connection()
        names = {n for (n,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        owed = deferred_indexes.pending(connection)
    return not owed and {str(i.name) for i in deferred_indexes.deferrable()} <= names


def _searches(store: Store) -> dict[str, list[str]]:
    with store.read() as uow:
        return {q: sorted(c.case_code for c in uow.search(q, limit=1000))
                for q in ("长春", "营业执照", "2026", "申请书", "市", "申", "26")}


def _assert_same(fast: Store, normal: Store) -> None:
    a, b = _tables(fast), _tables(normal)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    assert schema(fast.path) == schema(normal.path)  # the deferred indexes built again
    assert _searches(fast) == _searches(normal)
    # The gram index (1- and 2-character terms) is filled on both paths, with
    # exactly the documents' characters and pairs.
    assert gram_postings(fast) == gram_postings(normal)
    assert_grams_match_documents(fast)


def test_a_snapshot_stores_what_the_normal_path_stores(tmp_path: Path) -> None:
    pages = _pages()
    with Store.open(tmp_path / "fast.sqlite3") as fast, \
            Store.open(tmp_path / "normal.sqlite3") as normal:
        seen: list[bool] = []
        _pull(fast, pages, _apply_fast,
              between=lambda at: seen.append(at > 0 and _active(fast)
                                             and not _indexes_complete(fast)))
        _pull(normal, pages, _apply_normal)
        # Under way, without the bulk tables' secondary indexes, until the last page.
        assert seen[1:] == [True] * (len(pages) - 1)
        assert _indexes_complete(fast)
        assert not _active(fast)
        with fast.read() as uow:
            assert uow.cases.count() == 39 and uow.quarantine.count() == 0
            assert uow.sync_state.get("cursor") == f"c{len(pages) - 1}"
            # Derived data is there: a search document per case, deadline columns.
            assert uow.session.connection().exec_driver_sql(
                "SELECT count(*) FROM search_documents").scalar() == 39
            assert uow.session.connection().exec_driver_sql(
                "SELECT count(*) FROM cases WHERE due_date IS NULL").scalar() == 0
        _assert_same(fast, normal)


def test_a_snapshot_cut_by_a_crash_resumes_and_still_builds_the_rest(tmp_path: Path) -> None:
    pages = _pages()
    path = tmp_path / "fast.sqlite3"
    with Store.open(path) as fast:
        _pull(fast, pages, _apply_fast, stop=3)
        assert not _indexes_complete(fast)
    assert migrate.read_state(path).deferred_indexes
    with Store.open(path) as fast, Store.open(tmp_path / "normal.sqlite3") as normal:
        # The open built the dropped indexes again; the pull drops them anew.
        assert _indexes_complete(fast)
        assert _active(fast) and fast.cursor() == "c2"
        _pull(fast, pages, _apply_fast, start=3)
        _pull(normal, pages, _apply_normal)
        assert not _active(fast)
        _assert_same(fast, normal)


def test_a_command_queued_during_the_snapshot_is_reapplied_on_top(tmp_path: Path) -> None:
    pages = _pages()
    records = _records()

    def queue(store: Store) -> Callable[[int], None]:
        def between(at: int) -> None:
            if at == 3:  # the page after the command went the normal way, with every index
                assert _indexes_complete(store)
            if at != 2:
                return
            for task in (r for r in records[:120] if isinstance(r, ReviewTask)):
                opinion = Command.new("task.give_opinion", task.id, task.version,
                                      {"opinion": "材料齐全（虚构）"}, author=task.assignee or "",
                                      now=dt.datetime(2026, 11, 27, tzinfo=dt.UTC))
                try:
                    store.record_command(dataclasses.replace(opinion, id="cmd-1"))
                except BackofficeError:
                    continue
                return
            raise AssertionError("no claimable task in the first pages")
        return between

    with Store.open(tmp_path / "fast.sqlite3") as fast, \
            Store.open(tmp_path / "normal.sqlite3") as normal:
        _pull(fast, pages, _apply_fast, between=queue(fast))
        _pull(normal, pages, _apply_normal, between=queue(normal))
        (entry,) = fast.pending_commands()
        with fast.read() as uow:
            task = uow.tasks.get(entry.command.entity_id)
            assert task is not None and task.opinion == "材料齐全（虚构）"
        _assert_same(fast, normal)


def test_a_store_with_records_pulls_the_normal_way(tmp_path: Path) -> None:
    pages = _pages()
    with Store.open(tmp_path / "s.sqlite3") as store:
        store.apply_confirmed(pages[0][0][:5])
        with store.write() as uow:
            _apply_fast(uow, pages[0], 0, len(pages) - 1)
            assert not snapshot.active(uow)


def test_pages_after_a_snapshot_go_the_normal_way(tmp_path: Path) -> None:
    pages = _pages()
    with Store.open(tmp_path / "s.sqlite3") as store:
        _pull(store, pages[:2], _apply_fast)
        assert not _active(store)
        with store.write() as uow:
            _apply_fast(uow, pages[2], 5, 5)  # an incremental page: no cursor-less start
            assert not snapshot.active(uow)


def _active(store: Store) -> bool:
    with store.read() as uow:
        return snapshot.active(uow)


@pytest.mark.parametrize("size", [1, 1000])
def test_page_size_does_not_matter(tmp_path: Path, size: int) -> None:
    pages = _pages(size)
    with Store.open(tmp_path / "fast.sqlite3") as fast, \
            Store.open(tmp_path / "normal.sqlite3") as normal:
        _pull(fast, pages, _apply_fast)
        _pull(normal, pages, _apply_normal)
        _assert_same(fast, normal)


def _automerge(store: Store) -> dict[str, str | None]:
    """Each search index's automerge setting as its file keeps it (None: FTS5's default)."""
    with store.read() as uow:
        connection = uow.session.connection()
        return {name: connection.exec_driver_sql(
            f"SELECT v FROM {name}_config WHERE k = 'automerge'").scalar()
            for name in ("search_fts", "search_fts_grams")}


def test_the_search_indexes_merge_again_after_the_snapshot(tmp_path: Path) -> None:
    """Merging is held while the pages add documents, in the file, until the end."""
    pages = _pages()
    path = tmp_path / "fast.sqlite3"
    with Store.open(path) as fast:
        _pull(fast, pages, _apply_fast, stop=3)
    with Store.open(path) as fast:  # a crash does not lose the setting
        assert set(_automerge(fast).values()) == {0}
        _pull(fast, pages, _apply_fast, start=3)
        assert set(_automerge(fast).values()) == {4}


def test_a_snapshot_an_earlier_version_began_gets_every_document(tmp_path: Path) -> None:
    """Its pages wrote no search documents (and no deadline columns): the end writes them."""
    pages = _pages()
    with Store.open(tmp_path / "fast.sqlite3") as fast, \
            Store.open(tmp_path / "normal.sqlite3") as normal:
        _pull(fast, pages, _apply_fast, stop=4)
        with fast.write() as uow:
            connection = uow.session.connection()
            assert connection.exec_driver_sql("SELECT count(*) FROM search_documents").scalar()
            connection.exec_driver_sql("DELETE FROM search_documents")
            uow.sync_state.set(snapshot.SNAPSHOT_KEY, "1")
        _pull(fast, pages, _apply_fast, start=4)
        _pull(normal, pages, _apply_normal)
        _assert_same(fast, normal)
