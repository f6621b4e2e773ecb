"""A platform restored from a backup: the re-sync takes its records, whatever their versions.

After a restore (or a training platform seeded afresh) the platform's
history is shorter than the store's: the client's cursor points past the
feed's head (``cursor.expired``) and the records it holds may carry
*higher* versions than the platform's. The re-sync's snapshot is the
platform's state, so each record it brings replaces the stored one —
versions only go up within one history, not across two. The real sandbox
on loopback (stopped, its database file restored, started again on the
same address), a real store file.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from support.platform_env import PASSWORD, settings
from support.sandbox_env import demo_clock, seed_file
from support.sync_env import busiest_unclaimed_department, data, queue, reviewers

from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient
from backoffice.sandbox.server import running_sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine


def _backup(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database in one file, as a backup tool makes one."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _restore(backup: Path, target: Path) -> None:
    for path in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        path.unlink(missing_ok=True)
    shutil.copyfile(backup, target)


def _engine(url: str, username: str, store: Store) -> SyncEngine:
    client = PlatformClient(url, settings=settings())
    client.login(username, PASSWORD)
    return SyncEngine(store, client)


def test_a_platform_restored_from_a_backup_replaces_newer_local_copies(tmp_path: Path) -> None:
    platform = seed_file(tmp_path / "platform.sqlite3", data())
    backup = tmp_path / "backup.sqlite3"
    _backup(platform, backup)
    me = reviewers(busiest_unclaimed_department())[0]
    clock = demo_clock()
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        with running_sandbox(str(platform), clock=clock) as sandbox:
            port = int(sandbox.url.rsplit(":", 1)[1])
            engine = _engine(sandbox.url, me, store)
            engine.sync_once()
            with store.read() as uow:
                task = next(t for t in uow.tasks.all() if t.status is TaskStatus.UNCLAIMED)
            queue(engine, "task.claim", "review_task", task.id, {"assignee": me})
            engine.sync_once()
            with store.read() as uow:
                claimed = uow.repository("review_task").confirmed(task.id)
            assert claimed is not None and claimed.status is TaskStatus.IN_REVIEW
            assert claimed.version > task.version

        _restore(backup, platform)  # the platform restored: the claim never happened there

        with running_sandbox(str(platform), clock=clock, port=port) as sandbox:
            report = _engine(sandbox.url, me, store).sync_once()
        assert report.pull.resynced
        with store.read() as uow:
            after = uow.repository("review_task").confirmed(task.id)
            shown = uow.tasks.get(task.id)
        assert after is not None and shown is not None
        assert (after.status, after.version) == (TaskStatus.UNCLAIMED, task.version)
        assert shown.status is TaskStatus.UNCLAIMED and shown.assignee is None
    finally:
        store.close()
