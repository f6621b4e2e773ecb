"""A command the platform fails on (server.error) is sent again, not refused.

The sandbox's ``break_commands`` fault makes a command fail inside the
platform after its handler ran: rolled back, answered ``refused`` with
``server.error`` and not remembered. The client keeps it queued and sends
it again next round, and gives up only after a few such answers in a row.
"""

from __future__ import annotations

import pytest
from support.sync_env import NOW, Device, busiest_unclaimed_department, reviewers
from test_sync_faults import on_platform

from backoffice.domain.commands import Command
from backoffice.remote.errors import RemoteError
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.store.outcomes import GAVE_UP, PLATFORM_FAILED, PLATFORM_FAILURES_TO_GIVE_UP
from backoffice.sync.case_view import conflict_reason
from backoffice.sync.engine import LAST_SUCCESS_KEY, PLATFORM_FAILED_ROUND, SyncEngine
from backoffice.sync.status import SyncState


@pytest.fixture
def engine(sandbox: Sandbox, device: Device) -> SyncEngine:
    synced = device(reviewers(busiest_unclaimed_department())[0])
    synced.sync_once()
    return synced


def comment(engine: SyncEngine, text: str) -> Command:
    with engine.store.read() as uow:
        case = uow.cases.all(limit=1)[0]
    me = engine.client.username
    assert me is not None
    command = Command.new("comment.add", case.case_code, case.version, {"text": text},
                          author=me, now=NOW)
    engine.store.record_command(command)
    return command


def state(engine: SyncEngine) -> SyncState:
    return engine.status.current.state


def test_a_command_the_platform_failed_on_is_applied_next_round_exactly_once(
        sandbox: Sandbox, engine: SyncEngine) -> None:
    broken = comment(engine, "平台出错的那条")
    fine = comment(engine, "同批次的另一条")
    sandbox.faults.break_commands(times=1)
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == PLATFORM_FAILED_ROUND and info.value.params == {"n": 1}
    assert state(engine) == SyncState.ERROR  # the scheduler backs off
    (entry,) = engine.store.pending_commands()
    assert entry.command.id == broken.id
    assert (entry.state, entry.last_error) == (OutboxState.PENDING, PLATFORM_FAILED)
    assert engine.store.conflicts() == []
    assert on_platform(sandbox, "平台出错的那条") == 0  # rolled back
    assert on_platform(sandbox, "同批次的另一条") == 1  # the batch went on
    assert fine.id not in {e.command.id for e in engine.store.pending_commands()}

    report = engine.sync_once()
    assert report.push.applied == 1 and report.push.refused == []
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "平台出错的那条") == 1
    assert state(engine) == SyncState.IDLE


def test_a_command_the_platform_always_fails_on_is_refused_after_a_few_rounds(
        sandbox: Sandbox, engine: SyncEngine) -> None:
    broken = comment(engine, "平台总是出错的那条")
    sandbox.faults.break_commands(kind="comment.add", times=100)
    for _ in range(PLATFORM_FAILURES_TO_GIVE_UP - 1):
        with pytest.raises(RemoteError):
            engine.sync_once()
        (entry,) = engine.store.pending_commands()
        assert entry.command.id == broken.id and entry.state == OutboxState.PENDING
    report = engine.sync_once()  # the last failure refuses it: the round is good
    assert report.push.refused == [broken.id]
    # Sent once a round (not again by the round's later pushes).
    assert len(sandbox.faults.injected) == PLATFORM_FAILURES_TO_GIVE_UP
    assert engine.store.pending_commands() == []
    (refused,) = engine.store.conflicts()
    assert (refused.state, refused.last_error) == (OutboxState.REFUSED, GAVE_UP)
    assert "several sync rounds in a row" in conflict_reason(refused, "en")
    assert engine.status.current.conflicts == 1
    assert on_platform(sandbox, "平台总是出错的那条") == 0
    sandbox.faults.clear()


def test_a_command_failed_on_one_round_short_of_giving_up_is_still_applied(
        sandbox: Sandbox, engine: SyncEngine) -> None:
    broken = comment(engine, "先出错后重新提交")
    sandbox.faults.break_commands(times=PLATFORM_FAILURES_TO_GIVE_UP - 1)
    for _ in range(PLATFORM_FAILURES_TO_GIVE_UP - 1):
        with pytest.raises(RemoteError):
            engine.sync_once()
    (entry,) = engine.store.pending_commands()
    assert entry.command.id == broken.id and entry.attempts == PLATFORM_FAILURES_TO_GIVE_UP - 1
    engine.sync_once()
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "先出错后重新提交") == 1


def test_a_round_the_platform_failed_in_still_records_its_pull(
        sandbox: Sandbox, engine: SyncEngine) -> None:
    # The pull of that round went through: "last sync" says the store is as
    # current as then, and the status still tells of the failure.
    before = engine.status.current.last_success
    assert before is not None
    comment(engine, "平台出错、但拉取成功的一轮")
    sandbox.faults.break_commands(times=1)
    with pytest.raises(RemoteError):
        engine.sync_once()
    status = engine.status.current
    assert (status.state, status.error) == (SyncState.ERROR, PLATFORM_FAILED_ROUND)
    assert status.last_success is not None and status.last_success > before
    with engine.store.read() as uow:
        assert uow.sync_state.get(LAST_SUCCESS_KEY) == status.last_success.isoformat()
