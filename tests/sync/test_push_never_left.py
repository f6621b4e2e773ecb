"""A push that could not even connect leaves its batch pending, never "sent".

In the app's long session the access token is in memory, so the push goes
straight to its request; with the platform down (or the network off) the
connection is refused. The batch used to be marked sent before connecting
and put back after: each retry of the scheduler flickered the inbox row and
the task detail from "Queued — sent at the next sync" to "Sent, awaiting
the platform" and back. It is now marked right before the request's first
byte goes onto a connection that is up — only when an attempt of the
request, urllib3's retries included, got that far; an answer lost after
the request went out keeps it sent (the platform may have it), also when a
retry then finds the platform gone. Each case ends with the platform back
and the comments counted on it: applied exactly once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.falling_proxy import FallingProxy, falling_proxy
from support.platform_env import PASSWORD, settings
from support.sandbox_env import demo_clock
from support.sync_env import (
    NOW,
    Device,
    busiest_unclaimed_department,
    department_of,
    reviewers,
    serve,
)
from test_sync_faults import comment, on_platform

from backoffice.domain.commands import Command
from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.errors import OFFLINE
from backoffice.sandbox.server import Sandbox, running_sandbox
from backoffice.store import OutboxState, Store, sent_marks
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncState


def _claim(engine: SyncEngine) -> Command:
    me = engine.client.username
    assert me is not None
    with engine.store.read() as uow:
        task = next(t for t in uow.tasks.all() if t.status == TaskStatus.UNCLAIMED
                    and t.department_code == department_of(me))
    command = Command.new("task.claim", task.id, task.version, {"assignee": me}, author=me,
                          now=NOW)
    engine.store.record_command(command)
    return command


def _queued(engine: SyncEngine) -> dict[str, tuple[OutboxState, int]]:
    return {e.command.id: (e.state, e.attempts) for e in engine.store.pending_commands()}


# A trigger on the real store file keeps every state an outbox row is given:
# what any reader (the inbox, the detail, `backoffice status`) could have
# seen during a push, not only its end.
_KEEP_STATES = """
CREATE TABLE IF NOT EXISTS outbox_states_seen (id TEXT, state TEXT, attempts INTEGER);
CREATE TRIGGER IF NOT EXISTS outbox_state_seen AFTER UPDATE ON outbox BEGIN
    INSERT INTO outbox_states_seen VALUES (NEW.id, NEW.state, NEW.attempts);
END;
"""


def _keep_states(engine: SyncEngine) -> None:
    with sqlite3.connect(engine.store.path) as conn:
        conn.executescript(_KEEP_STATES)


def _states_seen(engine: SyncEngine, command_id: str) -> list[tuple[str, int]]:
    with sqlite3.connect(engine.store.path) as conn:
        return [(row[0], row[1]) for row in conn.execute(
            "SELECT state, attempts FROM outbox_states_seen WHERE id = ? ORDER BY rowid",
            (command_id,))]


def test_a_push_to_a_stopped_platform_stays_pending(tmp_path: Path) -> None:
    path, clock = tmp_path / "platform.sqlite3", demo_clock()
    running = serve(path, clock)  # closing the generator stops the platform
    try:
        first = next(running)
        port = int(first.url.rsplit(":", 1)[1])
        with Store.open(tmp_path / "client.sqlite3") as store:
            client = PlatformClient(first.url, settings=settings(retries=2))
            client.login(reviewers(busiest_unclaimed_department())[0], PASSWORD)
            engine = SyncEngine(store, client)
            engine.sync_once()  # a long session: signed in, its token in memory
            queued = [comment(engine, "平台停机时写的"), _claim(engine)]

            running.close()
            with pytest.raises(RemoteError) as info:
                engine.sync_once()
            assert info.value.code == OFFLINE
            assert _queued(engine) == {c.id: (OutboxState.PENDING, 0) for c in queued}
            assert engine.status.current.state == SyncState.OFFLINE
            assert engine.status.current.error == OFFLINE
            assert engine.status.current.pending == 2

            with running_sandbox(str(path), port=port, clock=clock) as second:
                report = engine.sync_once()
                assert report.push.applied == 2 and report.push.conflicts == []
                assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
                assert on_platform(second, "平台停机时写的") == 1
    finally:
        running.close()


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FallingProxy]:
    with falling_proxy(sandbox.url) as running:
        yield running


@pytest.fixture
def engine(device: Device, proxy: FallingProxy) -> SyncEngine:
    synced = device(reviewers(busiest_unclaimed_department())[0], url=proxy.url,
                    http={"retries": 2})
    synced.sync_once()
    return synced


def test_a_closed_port_leaves_the_batch_pending_and_the_next_sync_sends_it_once(
        sandbox: Sandbox, engine: SyncEngine, proxy: FallingProxy) -> None:
    sent = comment(engine, "端口关闭时写的")
    proxy.fall()
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == OFFLINE
    assert _queued(engine) == {sent.id: (OutboxState.PENDING, 0)}
    assert on_platform(sandbox, "端口关闭时写的") == 0

    proxy.come_back()
    assert engine.sync_once().push.applied == 1
    assert engine.store.pending_commands() == []
    assert on_platform(sandbox, "端口关闭时写的") == 1


def test_retries_against_a_platform_down_never_show_the_batch_sent(
        sandbox: Sandbox, engine: SyncEngine, proxy: FallingProxy) -> None:
    queued = comment(engine, "停机期间排队")
    _keep_states(engine)
    proxy.fall()
    for _ in range(3):  # the scheduler's retries while the platform stays down
        with pytest.raises(RemoteError) as info:
            engine.sync_once()
        assert info.value.code == OFFLINE
    assert _states_seen(engine, queued.id) == []  # not even for a moment
    assert _queued(engine) == {queued.id: (OutboxState.PENDING, 0)}

    proxy.come_back()
    assert engine.sync_once().push.applied == 1
    # Marked once, as its request left, then confirmed (the row goes).
    assert _states_seen(engine, queued.id) == [(OutboxState.SENT, 1)]
    assert on_platform(sandbox, "停机期间排队") == 1


def test_an_answer_reset_after_the_request_left_keeps_the_batch_sent(
        sandbox: Sandbox, engine: SyncEngine, proxy: FallingProxy) -> None:
    sent = comment(engine, "答复被重置")
    proxy.reset(after=0, times=3)  # the first attempt and both retries
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == OFFLINE
    assert proxy.applied == ["reset"] * 3
    assert _queued(engine) == {sent.id: (OutboxState.SENT, 1)}
    assert on_platform(sandbox, "答复被重置") == 1  # it did arrive

    proxy.clear()
    engine.sync_once()
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "答复被重置") == 1


def test_a_retry_that_cannot_connect_after_a_lost_answer_keeps_the_batch_sent(
        sandbox: Sandbox, engine: SyncEngine, proxy: FallingProxy) -> None:
    # The first attempt reaches the platform, its answer is reset and the
    # platform is gone before urllib3 retries: the final error is a refused
    # connection, yet the batch may well have been applied.
    sent = comment(engine, "重试时已停机")
    proxy.fall_with_fault = True
    proxy.reset(after=0)
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == OFFLINE and info.value.params.get("kind") != "reset"
    assert _queued(engine) == {sent.id: (OutboxState.SENT, 1)}
    assert on_platform(sandbox, "重试时已停机") == 1

    proxy.come_back()
    engine.sync_once()
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "重试时已停机") == 1


def test_a_resend_that_cannot_connect_stays_sent_and_counts_no_attempt(
        sandbox: Sandbox, engine: SyncEngine, proxy: FallingProxy) -> None:
    # Sent before (its answer lost): a later resend that never left cannot
    # make it any less uncertain, nor count as another try.
    sent = comment(engine, "先前已发出")
    proxy.reset(after=0, times=3)
    with pytest.raises(RemoteError):
        engine.sync_once()
    assert _queued(engine) == {sent.id: (OutboxState.SENT, 1)}

    proxy.clear()
    proxy.fall()
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == OFFLINE
    assert _queued(engine) == {sent.id: (OutboxState.SENT, 1)}

    proxy.come_back()
    engine.sync_once()
    assert engine.store.pending_commands() == []
    assert on_platform(sandbox, "先前已发出") == 1


def test_a_command_another_sync_sent_meanwhile_is_not_put_back(engine: SyncEngine) -> None:
    # `backoffice sync` beside the app on the same store: its request left
    # while the app's could not connect; the app must not undo that mark.
    queued = comment(engine, "两个同步")
    with engine.store.write() as uow:
        marks = sent_marks.mark_sent(uow, [queued.id])
    with engine.store.write() as uow:
        sent_marks.mark_sent(uow, [queued.id])
    with engine.store.write() as uow:
        sent_marks.unmark_sent(uow, marks)
    assert _queued(engine) == {queued.id: (OutboxState.SENT, 2)}
