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
from backoffice.domain.opinion_readiness import unverdicted
from backoffice.domain.states import TaskStatus
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.reasons import stopped_reason


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


def _corrected_on_the_platform(sandbox: Sandbox, material: Material) -> None:
    """The applicant's corrected file replaces ``material``: its checks pending again.

    As ``Platform.answer_correction`` stores it, without the notice round
    before it (the lead's notice, the other departments' opinions), which
    this test is not about.
    """
    with sandbox.platform.lock, sandbox.platform.engine.begin() as conn:
        ledger = Ledger(conn)
        stored = ledger.get("material", material.id)
        assert stored is not None
        checks = [{**c, "verdict": Verdict.PENDING.value, "note": ""}
                  for c in stored.body["checks"]]
        ledger.put("material", {**stored.body, "checks": checks},
                   department_code=stored.department_code)


def _verdicts(engine: SyncEngine, material: Material) -> None:
    for check in Check:
        _queue(engine, "material.verdict", "material", material.id,
               {"check": check.value, "verdict": Verdict.PASS.value, "note": ""})


def test_an_opinion_queued_before_a_material_came_back_unchecked_is_refused_and_kept(
        sandbox: Sandbox, device: Device) -> None:
    # The opinion is queued on verdicts the platform has; the applicant's
    # corrected file then puts a check back to pending before it is sent.
    # The platform refuses it (9.5.1): it must stay, with its text and the
    # material named, for the person to check the new file and send it again.
    engine, task, materials = _claimed(device, 1)
    for material in materials:
        _verdicts(engine, material)
    engine.sync_once()
    assert engine.store.pending_commands() == []
    opinion = _queue(engine, "task.give_opinion", "review_task", task.id,
                     {"opinion": "材料齐全，同意。"})
    corrected = materials[0]
    _corrected_on_the_platform(sandbox, corrected)

    report = engine.sync_once()
    assert report.push.refused == [opinion.id], report.push
    (kept,) = engine.store.conflicts()
    assert kept.command == opinion and kept.state == OutboxState.REFUSED
    assert kept.last_error == "task.checks_pending"
    assert kept.error_details is not None and kept.error_details["materials"] == (corrected.name,)
    said = stopped_reason(kept.last_error, refused=True, lang="en", details=kept.error_details)
    assert corrected.name in said and "before giving the opinion" in said, said
    with engine.store.read() as uow:
        shown = uow.tasks.get(task.id)
        pending_again = uow.materials.get(corrected.id)
    assert shown is not None and shown.status == TaskStatus.IN_REVIEW
    assert pending_again is not None and unverdicted([pending_again]) == [pending_again]

    with pytest.raises(DomainError) as refused:  # not before the new file is checked
        engine.store.reapply_command(opinion.id)
    assert refused.value.code == "task.checks_pending"
    assert [e.command.id for e in engine.store.conflicts()] == [opinion.id]

    _verdicts(engine, corrected)
    again = engine.store.reapply_command(opinion.id)
    assert again.payload == opinion.payload
    report = engine.sync_once()
    assert report.push.refused == [] and report.push.conflicts == [], report.push
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["status"] == "opinion_given"
    assert stored.body["opinion"] == "材料齐全，同意。"
