"""An opinion queued offline waits for its department's verdicts (9.5.1), then reaches the platform.

Before the verdicts the store refuses the opinion: nothing is queued, and the
next push sends only what was. Once its queued verdicts cover every check (a
failure with its reason too) the store takes it; the push must send the
verdicts before it, or the platform finds a check still pending.
"""

from __future__ import annotations

import pytest
from support.sync_env import Device, data, reviewers
from support.sync_env import queue as _queue

from backoffice.domain.errors import DomainError
from backoffice.domain.model import Check, Material, ReviewTask, Verdict
from backoffice.sandbox.server import Sandbox
from backoffice.sync.engine import SyncEngine


def _claimed(device: Device, n: int) -> tuple[SyncEngine, ReviewTask, list[Material]]:
    """A reviewer of ``fresh_cases[n]``'s lead, its task claimed offline; its materials."""
    code = data().fresh_cases[n]
    lead = next(c.lead_department for c in data().cases if c.case_code == code)
    engine = device(reviewers(lead)[0])
    engine.sync_once()
    with engine.store.read() as uow:
        task = next(t for t in uow.tasks.for_case(code) if t.department_code == lead)
        materials = [m for m in uow.materials.for_case(code) if m.department_code == lead]
    assert len(materials) > 1
    _queue(engine, "task.claim", "review_task", task.id, {"assignee": engine.client.username})
    return engine, task, materials


def test_an_opinion_before_the_verdicts_is_refused_offline_and_never_sent(
        sandbox: Sandbox, device: Device) -> None:
    engine, task, materials = _claimed(device, 0)
    with pytest.raises(DomainError) as refused:
        _queue(engine, "task.give_opinion", "review_task", task.id, {"opinion": "同意。"})
    assert refused.value.code == "task.checks_pending"
    assert refused.value.params["materials"] == [m.name for m in materials]
    assert [e.command.kind for e in engine.store.pending_commands()] == ["task.claim"]
    report = engine.sync_once()
    assert (report.push.sent, report.push.applied) == (1, 1), report.push
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["status"] == "in_review"


def test_an_opinion_queued_after_its_verdicts_is_applied_in_the_same_push(
        sandbox: Sandbox, device: Device) -> None:
    engine, task, materials = _claimed(device, 1)
    for n, material in enumerate(materials):
        for check in Check:
            failed = (n, check) == (0, Check.LEGALITY)
            _queue(engine, "material.verdict", "material", material.id, {
                "check": check.value, "verdict": (Verdict.FAIL if failed else Verdict.PASS).value,
                "note": "印章不清晰" if failed else ""})
    _queue(engine, "task.give_opinion", "review_task", task.id, {"opinion": "印章不清晰，不同意。"})
    queued = len(engine.store.pending_commands())
    assert queued == 2 + 3 * len(materials)
    report = engine.sync_once()
    assert report.push.applied == queued, report.push
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["status"] == "opinion_given"
    assert stored.body["opinion"] == "印章不清晰，不同意。"
