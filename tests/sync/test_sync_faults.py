"""Faults between client and platform: the right error, safe retries, nothing lost.

Two kinds: the sandbox's own fault mode (5xx before the handler, garbled
answers after it — a lost response) and a TCP proxy that resets,
truncates and trickles bytes. Every test ends by syncing cleanly and
counting on the platform: each action exactly once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from support.faultproxy import FaultProxy, fault_proxy
from support.sync_env import NOW, Device, busiest_unclaimed_department, reviewers

from backoffice.domain.commands import Command
from backoffice.remote.errors import RemoteError
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.scheduler import SyncScheduler
from backoffice.sync.status import SyncState, SyncStatus

CHANGES, COMMANDS = "/api/v1/changes", "/api/v1/commands"


@pytest.fixture
def engine(sandbox: Sandbox, device: Device) -> SyncEngine:
    synced = device(reviewers(busiest_unclaimed_department())[0])
    synced.sync_once()
    return synced


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.url) as running:
        yield running


def case_code(engine: SyncEngine) -> str:
    with engine.store.read() as uow:
        return uow.cases.all(limit=1)[0].case_code


def comment(engine: SyncEngine, text: str) -> Command:
    code = case_code(engine)
    with engine.store.read() as uow:
        case = uow.cases.get(code)
    assert case is not None
    me = engine.client.username
    assert me is not None
    command = Command.new("comment.add", code, case.version, {"text": text}, author=me, now=NOW)
    engine.store.record_command(command)
    return command


def on_platform(sandbox: Sandbox, text: str) -> int:
    with sandbox.platform.engine.connect() as conn:
        bodies = conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "comment")).scalars().all()
    return sum(json.loads(b)["text"] == text for b in bodies)


def counts(engine: SyncEngine) -> tuple[int, int, str | None]:
    with engine.store.read() as uow:
        return uow.cases.count(), uow.tasks.count(), uow.sync_state.get("cursor")


@pytest.mark.parametrize("how", ["not_json", "truncated", "wrong_shape"])
def test_a_lost_push_answer_is_resent_without_a_second_effect(
    sandbox: Sandbox, engine: SyncEngine, how: str
) -> None:
    sent = comment(engine, f"答复丢失（{how}）")
    sandbox.faults.malform(COMMANDS, how=how, method="POST")
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == "remote.bad_payload"
    (entry,) = engine.store.pending_commands()
    assert entry.command.id == sent.id and entry.state == OutboxState.SENT
    assert on_platform(sandbox, f"答复丢失（{how}）") == 1  # it did arrive
    engine.sync_once()
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, f"答复丢失（{how}）") == 1


def test_a_bad_record_in_a_first_pull_is_quarantined(sandbox: Sandbox, device: Device) -> None:
    colleague = device(reviewers(busiest_unclaimed_department())[1])
    sandbox.faults.malform(CHANGES, how="bad_record")
    report = colleague.sync_once()
    assert report.pull.quarantined == 1 and report.pull.records > 0
    assert colleague.status.current.quarantined == 1
    with colleague.store.read() as uow:
        (kept,) = uow.quarantine.entries()
    assert kept.source == "changes" and kept.entity and kept.reason
    assert "bogus" in kept.raw or "-1" in kept.raw


def test_server_errors_beyond_the_retries_leave_the_store_as_it_was(
    sandbox: Sandbox, engine: SyncEngine
) -> None:
    before = counts(engine)
    sent = comment(engine, "服务器出错时写的")
    sandbox.faults.fail(CHANGES, times=20, status=503)
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == "remote.server_error"
    assert engine.status.current.state == SyncState.OFFLINE  # transient: retried later
    assert counts(engine) == before
    sandbox.faults.clear()
    engine.sync_once()
    assert on_platform(sandbox, "服务器出错时写的") == 1
    assert sent.id not in {e.command.id for e in engine.store.pending_commands()}


def test_a_truncated_page_applies_nothing(sandbox: Sandbox, device: Device) -> None:
    fresh = device(reviewers(busiest_unclaimed_department())[1])
    sandbox.faults.malform(CHANGES, how="truncated")
    with pytest.raises(RemoteError) as info:
        fresh.sync_once()
    assert info.value.code == "remote.bad_payload"
    assert counts(fresh) == (0, 0, None)
    fresh.sync_once()
    assert counts(fresh)[0] > 0


def test_resets_and_truncation_on_the_wire_lose_nothing(
    sandbox: Sandbox, device: Device, proxy: FaultProxy
) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0], url=proxy.url)
    engine.sync_once()
    comment(engine, "连接被重置")
    proxy.reset(after=10)  # the next answer dies after 10 bytes
    proxy.truncate(after=200)  # and the one after that mid-body
    for _ in range(4):
        try:
            engine.sync_once()
            break
        except RemoteError as exc:
            assert exc.code in ("remote.offline", "remote.bad_payload", "remote.timeout")
    assert engine.store.pending_commands() == []
    assert on_platform(sandbox, "连接被重置") == 1
    assert len(proxy.applied) >= 1


def test_a_trickle_of_bytes_hits_the_deadline_instead_of_hanging(
    sandbox: Sandbox, device: Device, proxy: FaultProxy
) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0], url=proxy.url,
                    http={"total_timeout": 2.0, "read_timeout": 1.5, "retries": 0})
    proxy.slow(rate=50, times=5)  # 50 bytes/s: a first page would take minutes
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == "remote.timeout"
    assert counts(engine) == (0, 0, None)


def test_the_scheduler_recovers_by_itself_when_the_platform_returns(
    sandbox: Sandbox, engine: SyncEngine
) -> None:
    seen: list[SyncStatus] = []
    recovered = threading.Event()

    def watch(status: SyncStatus) -> None:
        seen.append(status)
        if status.state == SyncState.IDLE and any(s.state == SyncState.OFFLINE for s in seen):
            recovered.set()

    engine.status.subscribe(watch)
    sent = comment(engine, "网络恢复后自动发送")
    sandbox.faults.fail(COMMANDS, times=7, status=503)  # > retries: a few failed syncs
    scheduler = SyncScheduler(engine, interval=3600, backoff_initial=0.05, backoff_max=0.2)
    scheduler.start()
    try:
        assert recovered.wait(30), [s.state for s in seen]
    finally:
        scheduler.stop()
    assert scheduler.runs >= 2
    assert any(s.next_attempt is not None for s in seen if s.state == SyncState.OFFLINE)
    assert on_platform(sandbox, "网络恢复后自动发送") == 1
    assert sent.id not in {e.command.id for e in engine.store.pending_commands()}
