"""Stopping a sync in the middle: the session closes now, and nothing is lost or doubled.

Quitting, signing out or switching user stops the scheduler. A first pull
over a slow link may have minutes to go; the round must end at once, not
after the pull (the app used to wait up to 30 s, and then closed the store
under a sync still running). The requests in flight are cancelled; what was
committed stays, and the next sync goes on from there. A stall on the link
(120 s, with the client's deadlines at 300 s) holds each request far longer
than these tests may take, so a test that passes shows the stop ended it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text
from support.faultproxy import FaultProxy, fault_proxy
from support.sync_env import Device, busiest_unclaimed_department, reviewers
from test_sync_faults import comment, counts, on_platform

from backoffice.remote.errors import CANCELLED, OFFLINE, RemoteError
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.scheduler import SyncScheduler
from backoffice.sync.status import SyncState

SLOW = {"read_timeout": 300.0, "total_timeout": 300.0}


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url) as running:
        yield running


def _until(condition: Callable[[], bool], what: str) -> None:
    for _ in range(2000):
        if condition():
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"never happened: {what}")


def _asked(proxy: FaultProxy, path: bytes) -> int:
    return sum(path in r for r in proxy.requests_seen)


def _integrity(engine: SyncEngine) -> str:
    with engine.store.read() as uow:
        return str(uow.session.execute(text("PRAGMA integrity_check")).scalar())


@pytest.mark.timeout(60)
def test_a_pull_stalled_on_the_link_stops_at_once_and_goes_on_next_time(
    sandbox: Sandbox, device: Device, proxy: FaultProxy
) -> None:
    user = reviewers(busiest_unclaimed_department())[0]
    engine = device(user, "stopped", url=proxy.url, http=SLOW, page_size=40)
    proxy.stall(seconds=120, times=50, skip=3)  # the calendar and two pages get through
    scheduler = SyncScheduler(engine, interval=3600).start()
    _until(lambda: "stall" in proxy.applied, "a stalled answer")
    _until(lambda: engine.status.current.received > 0, "a page applied")
    assert scheduler.stop(timeout=20)  # before the change: 30 s, then the store closed under it
    assert engine.stopped
    status = engine.status.current
    # Neither "offline" (we stopped) nor "online" (no round answered): as before the round.
    assert status.state == SyncState.CONNECTING and status.error is None
    assert _integrity(engine) == "ok"
    cursor = engine.store.cursor()
    assert cursor is not None  # the pages applied before the stop are kept, with their cursor

    engine.store.close()
    proxy.clear()
    seen = len(proxy.requests_seen)
    again = device(user, "stopped", url=proxy.url)  # the same store
    assert again.sync_once().pull.records > 0
    first = next(r for r in proxy.requests_seen[seen:] if b"/api/v1/changes" in r)
    assert f"since={cursor}".encode() in first  # it went on from there
    reference = device(user, "reference")
    reference.sync_once()
    assert counts(again)[:2] == counts(reference)[:2]


@pytest.mark.timeout(60)
def test_a_push_whose_answer_is_stalled_stops_and_is_sent_once_in_all(
    sandbox: Sandbox, device: Device, proxy: FaultProxy
) -> None:
    """The platform applied it; the answer never came. Resent next time: one comment."""
    user = reviewers(busiest_unclaimed_department())[0]
    engine = device(user, "stopped", url=proxy.url, http=SLOW)
    engine.sync_once()
    sent = comment(engine, "关闭会话时已发送")
    proxy.stall(seconds=120, times=50)
    pushes = _asked(proxy, b"POST /api/v1/commands")
    scheduler = SyncScheduler(engine, interval=3600).start()
    _until(lambda: _asked(proxy, b"POST /api/v1/commands") > pushes, "the push")
    _until(lambda: "stall" in proxy.applied, "the stalled answer")
    assert scheduler.stop(timeout=20)
    [entry] = engine.store.pending_commands()
    assert entry.command.id == sent.id and entry.state == OutboxState.SENT

    engine.store.close()
    proxy.clear()
    again = device(user, "stopped")
    assert again.sync_once().push.applied == 1  # answered "duplicate": no second effect
    assert again.store.pending_commands() == []
    assert on_platform(sandbox, "关闭会话时已发送") == 1


def test_a_stopped_engine_sends_nothing(sandbox: Sandbox, device: Device,
                                        proxy: FaultProxy) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0], url=proxy.url)
    engine.stop()
    seen = len(proxy.requests_seen)
    with pytest.raises(RemoteError) as caught:
        engine.sync_once()
    assert caught.value.code == CANCELLED
    assert proxy.requests_seen[seen:] == []
    assert engine.store.cursor() is None


def test_a_scheduler_stopped_while_idle_never_syncs_again(sandbox: Sandbox,
                                                          device: Device) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0])
    scheduler = SyncScheduler(engine, interval=3600).start()
    _until(lambda: engine.status.current.last_success is not None, "the start-up sync")
    assert scheduler.stop(timeout=20)
    runs = scheduler.runs
    scheduler.sync_now()
    threading.Event().wait(0.2)
    assert scheduler.runs == runs


# A round stopped at quit or sign-out says nothing new of the platform: the bar
# words IDLE as "Online", which must mean a sync answered.


def _stopped_round(engine: SyncEngine, proxy: FaultProxy) -> RemoteError:
    """Run a round stalled on the link, stop the engine; the round's error."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            engine.sync_once()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            failed.append(exc)

    stalls = proxy.applied.count("stall")
    proxy.stall(seconds=120, times=50)
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    _until(lambda: proxy.applied.count("stall") > stalls, "a stalled answer")
    assert engine.status.current.state == SyncState.SYNCING
    engine.stop()
    worker.join(20)
    assert not worker.is_alive()
    (error,) = failed
    assert isinstance(error, RemoteError)
    return error


@pytest.mark.timeout(60)
def test_a_first_round_stopped_is_not_online(sandbox: Sandbox, device: Device,
                                             proxy: FaultProxy) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0], url=proxy.url, http=SLOW)
    assert engine.status.current.state == SyncState.CONNECTING
    assert _stopped_round(engine, proxy).code == CANCELLED
    status = engine.status.current
    assert status.state == SyncState.CONNECTING  # not IDLE, which the bar calls "Online"
    assert status.last_success is None and status.error is None


@pytest.mark.timeout(60)
def test_a_round_stopped_while_offline_stays_offline(sandbox: Sandbox, device: Device,
                                                     proxy: FaultProxy) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0], url=proxy.url, http=SLOW)
    proxy.reset(times=1000)  # every connection dropped: the platform cannot be reached
    with pytest.raises(RemoteError) as lost:
        engine.sync_once()
    assert lost.value.code == OFFLINE
    assert engine.status.current.state == SyncState.OFFLINE
    proxy.clear()
    assert _stopped_round(engine, proxy).code == CANCELLED
    status = engine.status.current
    assert status.state == SyncState.OFFLINE and status.error == OFFLINE
