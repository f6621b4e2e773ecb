"""A first pull killed while its indexes are dropped (``store/deferred_indexes.py``).

A real client in a subprocess (``deferred_indexes_child.py``) pulls into an
empty store in small pages and is SIGKILLed either between pages — the
bulk tables' secondary indexes dropped, the marker stored — or inside the
last page's transaction, while the end of the snapshot builds them again.
Reopening the store must give back every index before anything else reads
it (the schema equal to a normally synced store's), the file must pass
``integrity_check``, and the next sync must converge to the same rows.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support.platform_env import PASSWORD
from support.store_tables import schema, tables
from support.sync_env import Device, busiest_unclaimed_department, reviewers

from backoffice.sandbox.server import Sandbox
from backoffice.store import Store, deferred_indexes, migrate, snapshot
from backoffice.sync.engine import LAST_SUCCESS_KEY

CHILD = Path(__file__).with_name("deferred_indexes_child.py")
SUPPORT = Path(__file__).resolve().parents[1] / "support"
REPO = Path(__file__).resolve().parents[2]


def _kill_during_first_pull(sandbox: Sandbox, user: str, path: Path, where: str) -> None:
    ready = path.with_suffix(".ready")
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), sandbox.url, user, PASSWORD, where, str(ready)],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(SUPPORT),
                           PYTHON_KEYRING_BACKEND="file_keyring.FileKeyring",
                           BACKOFFICE_TEST_KEYRING=str(path.with_suffix(".keyring.json"))),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not ready.exists():
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
        if child.stderr:
            child.stderr.close()


def _rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return tables(store, skip_state={LAST_SUCCESS_KEY})


@pytest.mark.timeout(300)
@pytest.mark.parametrize("where", ["pages", "finish"])
def test_a_first_pull_killed_without_its_indexes_reopens_with_them(
    sandbox: Sandbox, device: Device, tmp_path: Path, where: str
) -> None:
    user = reviewers(busiest_unclaimed_department())[0]
    path = tmp_path / "killed.sqlite3"
    _kill_during_first_pull(sandbox, user, path, where)

    # Killed with the indexes dropped and owed.
    state = migrate.read_state(path)
    assert state.deferred_indexes
    dropped = {str(i.name) for i in deferred_indexes.deferrable()}
    assert not dropped & {name for (_type, name, _table, _sql) in schema(path)}

    normal = device(user, "normal", page_size=15)
    normal.sync_once()
    with Store.open(path) as reopened:
        # Before any query or migration could miss them: back, and no longer owed.
        assert schema(path) == schema(normal.store.path)
        assert not migrate.read_state(path).deferred_indexes
        with reopened.read() as uow:
            assert snapshot.active(uow)  # the first pull still owes its derived data
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()

    resumed = device(user, "killed", page_size=15)
    resumed.sync_once()
    with resumed.store.read() as uow:
        assert not snapshot.active(uow)
    assert schema(path) == schema(normal.store.path)
    assert _rows(resumed.store) == _rows(normal.store)
