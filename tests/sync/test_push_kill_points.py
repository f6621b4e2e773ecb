"""SIGKILL at the two points of a push where crash safety is decided.

The batch is marked sent right before the request's first byte goes onto a
connection that is up (not before connecting: a platform down never makes
it "sent"). Killed right after that mark, nothing of the request left: the
store says sent, the platform has nothing, and the next sync sends it under
the same id — applied once. Killed after the request left and before its
answer came back, the store says sent too (the mark was committed before
the first byte), the platform has applied it, and the resend is answered as
a duplicate — applied once. A child process (``push_kill_child.py``) is
killed in each; test_crash_safety.py does the same at random points.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.faultproxy import FaultProxy, fault_proxy
from support.platform_env import PASSWORD
from support.sync_env import Device, busiest_unclaimed_department, reviewers
from test_sync_faults import comment, on_platform

from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.sync.engine import SyncEngine

CHILD = Path(__file__).with_name("push_kill_child.py")
SUPPORT = Path(__file__).resolve().parents[1] / "support"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url) as running:
        yield running


def _child(engine: SyncEngine, url: str, where: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    me = engine.client.username
    assert me is not None
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="file_keyring.FileKeyring",
               BACKOFFICE_TEST_KEYRING=str(tmp_path / "keyring.json"),
               PYTHONPATH=str(SUPPORT))
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(engine.store.path), url, me, PASSWORD, where],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _killed(child: subprocess.Popen[bytes]) -> None:
    child.wait(60)
    errors = child.stderr.read().decode() if child.stderr else ""
    assert child.returncode == -signal.SIGKILL, errors


def _wait_for(condition: Callable[[], bool], child: subprocess.Popen[bytes]) -> None:
    # Waits for the child to get there; nothing is asserted on how long it takes.
    until = time.monotonic() + 60
    while not condition() and child.poll() is None:
        assert time.monotonic() < until, "the child never got there"
        time.sleep(0.01)


def _engine(device: Device) -> SyncEngine:
    engine = device(reviewers(busiest_unclaimed_department())[0])
    engine.sync_once()
    return engine


def test_killed_once_marked_nothing_left_and_the_next_sync_sends_it_once(
        sandbox: Sandbox, device: Device, tmp_path: Path) -> None:
    engine = _engine(device)
    queued = comment(engine, "标记后被终止")
    child = _child(engine, sandbox.url, "marked", tmp_path)
    _killed(child)

    (entry,) = engine.store.pending_commands()
    assert (entry.command.id, entry.state, entry.attempts) == (queued.id, OutboxState.SENT, 1)
    assert on_platform(sandbox, "标记后被终止") == 0  # killed before its first byte

    assert engine.sync_once().push.applied == 1
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "标记后被终止") == 1


def test_killed_awaiting_the_answer_stays_sent_and_is_applied_once(
        sandbox: Sandbox, device: Device, proxy: FaultProxy, tmp_path: Path) -> None:
    engine = _engine(device)
    queued = comment(engine, "等待答复时被终止")
    child = _child(engine, proxy.url, "answer", tmp_path)
    ready = Path(str(engine.store.path) + ".ready")
    _wait_for(ready.exists, child)
    proxy.stall(seconds=120)  # the push's answer: held until the child is gone
    Path(str(engine.store.path) + ".go").touch()
    _wait_for(lambda: on_platform(sandbox, "等待答复时被终止") == 1, child)
    child.send_signal(signal.SIGKILL)
    _killed(child)

    (entry,) = engine.store.pending_commands()
    assert (entry.command.id, entry.state, entry.attempts) == (queued.id, OutboxState.SENT, 1)

    engine.sync_once()  # resent under its id: the platform answers with its first result
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "等待答复时被终止") == 1
