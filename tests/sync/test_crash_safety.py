"""SIGKILL a syncing client at random points, 50 times; nothing lost or doubled.

The child (``crash_child.py``) records comments and a claim/release chain
and syncs in a loop against the real sandbox, with small pages and batches
so kills land inside pulls, pushes and their transactions. Afterwards:
``PRAGMA integrity_check`` is ok, the next sync converges, every comment
the child committed is on the platform exactly once, and no comment text
appears twice (a comment is not idempotent by nature: a second effect
would show).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from support.platform_env import PASSWORD, settings
from support.sync_env import busiest_unclaimed_department, reviewers

from backoffice.remote import PlatformClient
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine

KILLS = 50
CHILD = Path(__file__).with_name("crash_child.py")
SUPPORT = Path(__file__).resolve().parents[1] / "support"
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(600)
def test_random_kills_lose_nothing_and_apply_nothing_twice(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    department = busiest_unclaimed_department()
    user = reviewers(department)[0]
    store_path, log = tmp_path / "client.sqlite3", tmp_path / "recorded.log"
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="file_keyring.FileKeyring",
               BACKOFFICE_TEST_KEYRING=str(tmp_path / "keyring.json"),
               PYTHONPATH=str(SUPPORT), CRASH_DEPARTMENT=department)
    rng = random.Random(20261129)
    ready = Path(str(log) + ".ready")
    for kill in range(KILLS):
        ready.unlink(missing_ok=True)
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(store_path), sandbox.url, user, PASSWORD, str(log)],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Every fifth kill lands in start-up (opening and migrating the store,
        # signing in); the others up to a second and a half into the work,
        # timed from when the child is ready — however loaded the machine is.
        if kill % 5:
            until = time.monotonic() + 60
            while not ready.exists() and child.poll() is None and time.monotonic() < until:
                time.sleep(0.01)
            pause = rng.uniform(0.0, 1.5)
        else:
            pause = rng.uniform(0.05, 0.8)
        deadline = time.monotonic() + pause
        while time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        if child.stderr:
            child.stderr.close()

    conn = sqlite3.connect(store_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    recorded = set(log.read_text().split())
    assert len(recorded) >= 30, "the kills left the child no time to work"

    store = Store.open(store_path)
    try:
        client = PlatformClient(sandbox.url, settings=settings())
        client.login(user, PASSWORD)
        engine = SyncEngine(store, client)
        engine.sync_once()
        engine.sync_once()
        assert store.pending_commands() == []
        assert store.conflicts() == [], [(e.command.kind, e.last_error)
                                         for e in store.conflicts()]
    finally:
        store.close()
    with sandbox.platform.engine.connect() as c:
        bodies = [json.loads(b) for b in c.execute(select(db.records.c.body).where(
            db.records.c.entity == "comment")).scalars()]
    ours = [b for b in bodies if b["text"].startswith("crash-")]
    texts = [b["text"] for b in ours]
    assert len(texts) == len(set(texts)), "a comment was applied twice"
    assert recorded <= {b["id"] for b in ours}, "a committed comment never arrived"
