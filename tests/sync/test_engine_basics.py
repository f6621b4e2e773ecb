"""A first sync fills the store; actions go up once; the feed comes back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from support.platform_env import PASSWORD
from support.sync_env import NOW, Device, busiest_unclaimed_department, department_of, reviewers
from support.verdicts import queue_passes

from backoffice.domain.calendar import CalendarSource
from backoffice.domain.commands import Command
from backoffice.domain.errors import StoreError
from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient, RemoteError
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync import engine as engine_module
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache, inbox_prefetch_order
from backoffice.sync.page_size import PageSize
from backoffice.sync.status import SyncState, SyncStatus


def user() -> str:
    return reviewers(busiest_unclaimed_department())[0]


def _unclaimed(engine: SyncEngine) -> ReviewTask:
    me = engine.client.username
    assert me is not None
    with engine.store.read() as uow:
        tasks = uow.tasks.all()
    dept = department_of(me)
    return next(t for t in tasks if t.status == TaskStatus.UNCLAIMED and t.department_code == dept)


def test_first_sync_fills_the_store_with_what_the_platform_shows(
    sandbox: Sandbox, device: Device
) -> None:
    engine = device(user())
    report = engine.sync_once()
    assert report.pull.pages >= 1 and report.pull.records > 0
    assert report.pull.quarantined == 0
    with engine.store.read() as uow:
        cases = uow.cases.count()
        tasks = uow.tasks.count()
    assert cases > 0 and tasks > 0
    assert engine.status.current.last_success is not None
    # A second sync is incremental: nothing new.
    again = engine.sync_once()
    assert again.pull.records == 0


def test_a_claim_goes_up_once_and_comes_back_confirmed(sandbox: Sandbox, device: Device) -> None:
    engine = device(user())
    engine.sync_once()
    task = _unclaimed(engine)
    me = engine.client.username
    assert me is not None
    claim = Command.new("task.claim", task.id, task.version, {"assignee": me}, author=me, now=NOW)
    engine.store.record_command(claim)
    report = engine.sync_once()
    assert report.push.applied == 1 and report.push.conflicts == []
    assert engine.store.pending_commands() == []
    with engine.store.read() as uow:
        confirmed = uow.tasks.confirmed(task.id)
    assert confirmed is not None and confirmed.assignee == me
    assert confirmed.version > task.version
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["assignee"] == me


def test_a_chain_of_commands_on_one_task_is_sent_in_turn(sandbox: Sandbox, device: Device) -> None:
    engine = device(user())
    engine.sync_once()
    task = _unclaimed(engine)
    me = engine.client.username
    assert me is not None
    first = engine.store.record_command(
        Command.new("task.claim", task.id, task.version, {"assignee": me}, author=me, now=NOW))
    # The verdicts are the holder's: after the claim, before the opinion.
    verdicts = queue_passes(engine.store, me, task.id)
    engine.store.record_command(Command.new(
        "task.give_opinion", task.id, task.version, {"opinion": "同意，材料齐全"}, author=me,
        now=NOW))
    assert isinstance(first, ReviewTask)
    report = engine.sync_once()
    assert report.push.applied == 2 + verdicts, report.push
    assert report.push.conflicts == []
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["opinion"] == "同意，材料齐全"


def test_a_sync_keeps_unsaved_photos_here_and_prefetches_the_inbox_within_budget(
    sandbox: Sandbox, device: Device, tmp_path: Path
) -> None:
    me = user()
    with FileCache(tmp_path / "files", limit_bytes=64 * 1024 * 1024) as cache:
        engine = device(me, files=cache, department_code=department_of(me),
                        prefetch_bytes=8 * 1024 * 1024)
        # Attached to a form never saved: no command names it, so it does not go up
        # (a saved one does: test_unsaved_photo_stays_local.py).
        photo = cache.add_local("现场照片（虚构）".encode() * 100)
        report = engine.sync_once()
        assert report.uploaded == 0 and cache.pending_uploads() == [photo]
        assert report.prefetched > 0
        order = inbox_prefetch_order(engine.store, department_of(me))
        assert cache.has(order[0])  # nearest deadline first
        assert cache.status().total_bytes <= 8 * 1024 * 1024 + len("现场照片（虚构）".encode()) * 100
    fresh = PlatformClient(sandbox.url)
    fresh.login(me, PASSWORD)
    with pytest.raises(RemoteError) as missing:
        fresh.download(photo, io.BytesIO())
    assert missing.value.code == "remote.not_found"


def test_the_status_counts_the_files_a_round_prefetches(
    sandbox: Sandbox, device: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prefetch after a first pull takes seconds: it is observable, chunk by chunk."""
    monkeypatch.setattr(engine_module, "PREFETCH_CHUNK", 4)  # the demo inbox has a dozen files
    me = user()
    with FileCache(tmp_path / "files", limit_bytes=64 * 1024 * 1024) as cache:
        engine = device(me, files=cache, department_code=department_of(me),
                        prefetch_bytes=8 * 1024 * 1024)
        heard: list[tuple[int, int]] = []

        def listen(status: SyncStatus) -> None:
            if status.state is SyncState.SYNCING and status.files_fetched:
                order = inbox_prefetch_order(engine.store, department_of(me))
                # What is counted is in the cache when it is told.
                heard.append((status.files_fetched, sum(map(cache.has, order))))

        engine.status.subscribe(listen)
        report = engine.sync_once()
        assert report.prefetched > 4  # more than one chunk: more than one count
        counts = [n for n, _ in heard]
        assert len(counts) > 1 and counts == sorted(set(counts))
        assert counts[-1] == report.prefetched
        assert all(cached >= n for n, cached in heard)
        assert engine.status.current.state is SyncState.IDLE
        heard.clear()
        engine.sync_once()  # everything is cached: nothing to count, from 0 again
        assert heard == [] and engine.status.current.files_fetched == 0


def test_only_progress_is_progress() -> None:
    """What the app relays apart (ui.session): a status changed in the round's counts alone."""
    syncing = SyncStatus(state=SyncState.SYNCING)
    assert SyncStatus(state=SyncState.SYNCING, received=5).progressed_from(syncing)
    assert SyncStatus(state=SyncState.SYNCING, files_fetched=16).progressed_from(syncing)
    assert not syncing.progressed_from(None)
    assert not syncing.progressed_from(SyncStatus(state=SyncState.SYNCING))  # no change
    assert not SyncStatus(state=SyncState.IDLE, received=5).progressed_from(syncing)
    assert not SyncStatus(state=SyncState.SYNCING, received=5, pending=1).progressed_from(syncing)


def test_the_platforms_calendar_heads_the_chain_and_survives_a_restart(
    sandbox: Sandbox, device: Device, tmp_path: Path
) -> None:
    engine = device(user())
    day = dt.date(2025, 10, 1)  # National Day: a holiday the platform publishes
    assert engine.store.calendar.source_for(day) != CalendarSource.PLATFORM
    report = engine.sync_once()
    assert report.calendar_changed
    assert engine.store.calendar.source_for(day) == CalendarSource.PLATFORM
    assert not engine.store.calendar.is_working_day(day)
    assert not engine.sync_once().calendar_changed  # unchanged: nothing recomputed
    # A restart of the app: the kept calendar is back before any sync.
    path = engine.store.path
    engine.store.close()
    reopened = Store.open(path)
    try:
        assert reopened.calendar.source_for(day) == CalendarSource.PLATFORM
    finally:
        reopened.close()


def test_the_status_counts_each_stored_page_of_a_pull(sandbox: Sandbox, device: Device) -> None:
    """A long first pull is observable page by page, and what is counted is readable."""
    engine = device(user(), pages=PageSize(40, smallest=40, fast_s=0.0))
    seen: list[tuple[SyncState, int, str | None]] = []

    def listen(status: SyncStatus) -> None:
        # The page and its cursor are committed before it is told.
        stored = engine.store.cursor() if status.received else None
        seen.append((status.state, status.received, stored))

    engine.status.subscribe(listen)
    report = engine.sync_once()
    during = [(received, stored) for state, received, stored in seen
              if state is SyncState.SYNCING]
    assert during[0] == (0, None)  # a round starts from nothing received
    counts = [received for received, _ in during]
    assert counts == sorted(counts)
    assert len(set(counts)) - 1 == report.pull.pages > 3  # each page, once it is stored
    assert counts[-1] == report.pull.records + report.pull.removed
    cursors = [stored for received, stored in during if received]
    assert None not in cursors and len(set(cursors)) == len(cursors)
    # The next round counts from nothing again.
    seen.clear()
    engine.sync_once()
    assert [r for s, r, _ in seen if s is SyncState.SYNCING] == [0]


def _disk_of(store: Store, pages: int | None) -> None:
    """Make every new connection of ``store`` see a disk with room for ``pages`` pages in all.

    SQLite's ``max_page_count`` answers SQLITE_FULL past it, as a full disk
    does; None lifts it.
    """
    engine = store.database.engine
    limit = 2_147_483_646 if pages is None else pages
    for fn in list(getattr(engine, "_disk_limits", [])):
        event.remove(engine, "connect", fn)

    def limited(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(engine, "connect", limited)
    engine._disk_limits = [limited]  # type: ignore[attr-defined]
    engine.dispose()  # the pooled connections go: the next ones get the limit


def test_a_full_disk_stops_the_pull_with_its_own_error_and_the_next_sync_goes_on(
    sandbox: Sandbox, device: Device
) -> None:
    engine = device(user(), page_size=40)
    engine.pull_calendar()
    with engine.store.read() as uow:
        used = uow.session.execute(text("PRAGMA page_count")).scalar()
    _disk_of(engine.store, int(used) + 3)  # room for a page or two of the feed, not all
    with pytest.raises(StoreError) as caught:
        engine.sync_once()
    assert caught.value.code == "store.disk_full"
    assert engine.status.current.state == SyncState.ERROR
    assert engine.status.current.error == "store.disk_full"
    stopped_at = engine.store.cursor()
    assert stopped_at is not None  # the pages that fitted are kept, with their cursor
    with engine.store.read() as uow:
        assert uow.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    _disk_of(engine.store, None)  # space freed
    report = engine.sync_once()
    assert report.pull.records > 0 and engine.store.cursor() != stopped_at
    fresh = device(user(), "fresh")
    fresh.sync_once()
    assert _rows(engine.store) == _rows(fresh.store)


def _rows(store: Store) -> tuple[list[str], list[str], int]:
    with store.read() as uow:
        return ([c.case_code for c in uow.cases.all()], sorted(t.id for t in uow.tasks.all()),
                uow.session.execute(text("SELECT count(*) FROM search_documents")).scalar() or 0)
