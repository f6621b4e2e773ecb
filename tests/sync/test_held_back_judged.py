"""Commands held back by a conflict get reasons of their own once the person resolves it.

A claim made offline loses to a colleague's; the release queued after it
is held back ("resolve that one first"). Once the person discards or
re-applies the claim, that sentence points at nothing: the release is
judged on the task as it now stands and says why — it would fit now, or
the task's own reason it would not. Nothing is queued unasked. The real
sandbox on loopback, real store files.
"""

from __future__ import annotations

from support.sync_env import Device, busiest_unclaimed_department, reviewers
from test_convergence import act

from backoffice.domain.states import TaskStatus
from backoffice.sandbox.server import Sandbox
from backoffice.store.outbox import BLOCKED, OutboxState
from backoffice.store.outcomes import RELEASED
from backoffice.sync.engine import SyncEngine


def _claim_and_release_lost(device: Device) -> tuple[SyncEngine, str, str]:
    """Offline: claim and release a task; a colleague claims and releases it meanwhile.

    Returns our engine, our claim's id and our release's id, after the sync
    that found the claim in conflict (the task moved on) and the release
    held back behind it.
    """
    department = busiest_unclaimed_department()
    mine, theirs = reviewers(department)[:2]
    me, colleague = device(mine), device(theirs)
    me.sync_once()
    colleague.sync_once()
    with me.store.read() as uow:
        task = next(t for t in uow.tasks.all() if t.status is TaskStatus.UNCLAIMED)
    claim = act(me, "task.claim", task.id, {"assignee": mine})
    release = act(me, "task.release", task.id, {})
    act(colleague, "task.claim", task.id, {"assignee": theirs})
    act(colleague, "task.release", task.id, {})
    assert colleague.sync_once().push.applied == 2
    me.sync_once()
    states = {e.command.id: (e.state, e.last_error) for e in me.store.conflicts()}
    assert states[claim.id][0] is OutboxState.CONFLICT and states[claim.id][1] != BLOCKED
    assert states[release.id] == (OutboxState.CONFLICT, BLOCKED)
    return me, claim.id, release.id


def _reason(engine: SyncEngine, command_id: str) -> str | None:
    entry = next(e for e in engine.store.conflicts() if e.command.id == command_id)
    return entry.last_error


def test_a_claim_re_applied_lets_the_release_after_it_say_it_fits_now(
        sandbox: Sandbox, device: Device) -> None:
    me, claim, release = _claim_and_release_lost(device)
    me.store.reapply_command(claim)
    assert _reason(me, release) == RELEASED  # re-apply or discard: the person's choice
    assert [e.command.kind for e in me.store.pending_commands()] == ["task.claim"]


def test_a_claim_discarded_gives_the_release_after_it_the_tasks_own_reason(
        sandbox: Sandbox, device: Device) -> None:
    me, claim, release = _claim_and_release_lost(device)
    assert me.store.discard_command(claim)
    reason = _reason(me, release)
    assert reason not in (BLOCKED, RELEASED, None)  # the unclaimed task cannot be released
    assert me.store.pending_commands() == []
    assert me.sync_once().push.applied == 0  # nothing went out unasked
