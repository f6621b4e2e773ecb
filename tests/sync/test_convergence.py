"""Several clients, offline work, conflicts, scope and sign-in — against the real sandbox."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update
from support.sync_env import (
    NOW,
    Device,
    busiest_unclaimed_department,
    data,
    department_of,
    reviewers,
    shared_unclaimed_case,
)

from backoffice.domain.commands import Command
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Check, Material, ReviewTask, Verdict
from backoffice.domain.states import TaskStatus
from backoffice.remote.errors import RemoteError
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.store.pending import LEFT_SCOPE
from backoffice.sync.engine import SyncEngine
from backoffice.sync.push_answers import CONFLICT
from backoffice.sync.status import SyncState


def me(engine: SyncEngine) -> str:
    name = engine.client.username
    assert name is not None
    return name


def own_tasks(engine: SyncEngine, case_code: str | None = None) -> list[ReviewTask]:
    dept = department_of(me(engine))
    with engine.store.read() as uow:
        tasks = uow.tasks.all()
    return [t for t in tasks if t.department_code == dept
            and (case_code is None or t.case_code == case_code)]


def task_on(engine: SyncEngine, task_id: str) -> ReviewTask:
    with engine.store.read() as uow:
        found = uow.tasks.get(task_id)
    assert found is not None
    return found


def confirmed_version(engine: SyncEngine, entity: str, key: str) -> int:
    with engine.store.read() as uow:
        record = uow.repository(entity).confirmed(key)
    assert record is not None
    return int(record.version)


def act(engine: SyncEngine, kind: str, entity_id: str, payload: dict[str, object],
        entity: str = "review_task") -> Command:
    command = Command.new(kind, entity_id, confirmed_version(engine, entity, entity_id), payload,
                          author=me(engine), now=NOW)
    engine.store.record_command(command)
    return command


def comment(engine: SyncEngine, case_code: str, text: str) -> Command:
    return act(engine, "comment.add", case_code, {"text": text}, entity="case")


def server_comments(sandbox: Sandbox, case_code: str) -> list[str]:
    with sandbox.platform.engine.connect() as conn:
        bodies = conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "comment")).scalars().all()
    return sorted(json.loads(b)["text"] for b in bodies if json.loads(b)["case_code"] == case_code)


def assert_converged(sandbox: Sandbox, engine: SyncEngine, case_code: str) -> None:
    """The client's confirmed tasks of the case are the platform's, version for version."""
    assert engine.store.pending_commands() == []
    with engine.store.read() as uow:
        local = {t.id: (t.version, t.status.value) for t in uow.tasks.for_case(case_code)}
        local_comments = sorted(c.text for c in uow.comments.for_case(case_code))
    for task_id, (version, status) in local.items():
        stored = sandbox.platform.record("review_task", task_id)
        assert stored is not None
        assert (stored.version, stored.body["status"]) == (version, status), task_id
    assert local_comments == server_comments(sandbox, case_code)


def test_three_clients_offline_converge_to_the_platform(sandbox: Sandbox, device: Device) -> None:
    case_code, departments = shared_unclaimed_case()
    a1 = device(reviewers(departments[0])[0])
    a2 = device(reviewers(departments[0])[1])
    b = device(reviewers(departments[1])[0])
    for engine in (a1, a2, b):
        engine.sync_once()
    # Offline, each works: a1 claims, a2 and b comment, b claims its own task.
    (a_task,) = own_tasks(a1, case_code)
    (b_task,) = own_tasks(b, case_code)
    act(a1, "task.claim", a_task.id, {"assignee": me(a1)})
    comment(a2, case_code, "同部门：材料已初审")
    comment(b, case_code, "消防：需现场勘察")
    act(b, "task.claim", b_task.id, {"assignee": me(b)})
    # a pull that lands between an action and its push never hides the action
    a1.pull()
    assert task_on(a1, a_task.id).assignee == me(a1)
    assert [e.state for e in a1.store.pending_commands()] == [OutboxState.PENDING]
    for engine in (a1, a2, b, a1, a2, b):  # the second round brings the others' changes
        engine.sync_once()
    for engine in (a1, a2, b):
        assert_converged(sandbox, engine, case_code)
    assert task_on(a2, a_task.id).assignee == me(a1)  # the colleague sees the claim
    # The other department sees the task's status, never who holds it.
    assert task_on(b, a_task.id).status == TaskStatus.IN_REVIEW
    assert task_on(b, a_task.id).assignee is None
    assert server_comments(sandbox, case_code) == sorted(["同部门：材料已初审", "消防：需现场勘察"])


def _two_colleagues(device: Device) -> tuple[SyncEngine, SyncEngine, ReviewTask]:
    department = busiest_unclaimed_department()
    first, second = (device(u) for u in reviewers(department)[:2])
    first.sync_once()
    second.sync_once()
    task = next(t for t in own_tasks(first) if t.status == TaskStatus.UNCLAIMED)
    return first, second, task


def test_a_claim_race_is_a_conflict_and_discarding_keeps_the_winner(
    sandbox: Sandbox, device: Device
) -> None:
    winner, loser, task = _two_colleagues(device)
    act(winner, "task.claim", task.id, {"assignee": me(winner)})
    lost = act(loser, "task.claim", task.id, {"assignee": me(loser)})
    winner.sync_once()
    report = loser.sync_once()
    assert report.push.conflicts == [lost.id]
    (entry,) = loser.store.conflicts()
    assert entry.state == OutboxState.CONFLICT and entry.last_error == CONFLICT
    base, server = entry.base(), entry.server()
    assert isinstance(base, ReviewTask) and isinstance(server, ReviewTask)
    assert base.assignee is None and server.assignee == me(winner)  # both versions kept
    assert task_on(loser, task.id).assignee == me(winner)  # the platform's state is shown
    assert loser.status.current.conflicts == 1
    assert loser.store.discard_command(lost.id)
    loser.sync_once()
    assert loser.store.conflicts() == [] and loser.status.current.conflicts == 0
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["assignee"] == me(winner)


def _material(engine: SyncEngine) -> Material:
    dept = department_of(me(engine))
    live = {t.case_code for t in own_tasks(engine)
            if t.status in (TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW)}
    with engine.store.read() as uow:
        materials = uow.materials.all()
    return next(m for m in materials if m.department_code == dept and m.case_code in live)


def _claimed_material(engine: SyncEngine) -> tuple[ReviewTask, Material]:
    """A material of the person's department, its task claimed by the person and synced."""
    material = _material(engine)
    task = next(t for t in own_tasks(engine, material.case_code))
    if task.assignee != me(engine):
        act(engine, "task.claim", task.id, {"assignee": me(engine)})
        assert engine.sync_once().push.applied == 1
    return task_on(engine, task.id), material


def test_a_stale_verdict_is_reapplied_on_the_new_version(sandbox: Sandbox, device: Device) -> None:
    # The holder on two devices: the laptop's verdict lands first, the desktop's
    # (on the version before it) is a conflict, re-applied on the new version.
    department = busiest_unclaimed_department()
    holder = reviewers(department)[0]
    laptop, desktop = device(holder, "laptop"), device(holder, "desktop")
    laptop.sync_once()
    _, material = _claimed_material(laptop)
    desktop.sync_once()
    act(laptop, "material.verdict", material.id,
        {"check": Check.AUTHENTICITY.value, "verdict": Verdict.PASS.value}, entity="material")
    stale = act(desktop, "material.verdict", material.id,
                {"check": Check.LEGALITY.value, "verdict": Verdict.FAIL.value,
                 "note": "营业执照经营范围不含餐饮"}, entity="material")
    laptop.sync_once()
    assert desktop.sync_once().push.conflicts == [stale.id]
    fresh = desktop.store.reapply_command(stale.id)
    assert fresh.id != stale.id and fresh.base_version > stale.base_version
    report = desktop.sync_once()
    assert report.push.applied == 1 and desktop.store.conflicts() == []
    stored = sandbox.platform.record("material", material.id)
    assert stored is not None
    verdicts = {c["check"]: c["verdict"] for c in stored.body["checks"]}
    # Both verdicts are on the platform: nothing was overwritten.
    assert verdicts[Check.AUTHENTICITY.value] == Verdict.PASS.value
    assert verdicts[Check.LEGALITY.value] == Verdict.FAIL.value


def test_a_verdict_re_applied_after_the_task_changed_hands_is_refused(
    sandbox: Sandbox, device: Device
) -> None:
    # The QA's flow3: the first reviewer's verdict waits offline; the task is
    # released (from the first's other device) and the colleague claims it and
    # records the same check. The first's verdict comes back a conflict, and
    # re-applied it would overwrite the holder's: refused, the holder named.
    department = busiest_unclaimed_department()
    first_name, second_name = reviewers(department)[:2]
    # The department named, as the app does: the sync keeps its staff list, names included.
    first = device(first_name, "laptop", department_code=department)
    other_device = device(first_name, "desktop")
    second = device(second_name)
    first.sync_once()
    task, material = _claimed_material(first)
    offline = act(first, "material.verdict", material.id,
                  {"check": Check.LEGALITY.value, "verdict": Verdict.PASS.value},
                  entity="material")
    other_device.sync_once()
    act(other_device, "task.release", task.id, {})
    assert other_device.sync_once().push.applied == 1
    second.sync_once()
    act(second, "task.claim", task.id, {"assignee": second_name})
    act(second, "material.verdict", material.id,
        {"check": Check.LEGALITY.value, "verdict": Verdict.FAIL.value,
         "note": "营业执照经营范围不含餐饮"}, entity="material")
    assert second.sync_once().push.applied == 2
    assert first.sync_once().push.conflicts == [offline.id]
    # Re-applied, the store refuses it as the platform would, naming the holder.
    with pytest.raises(DomainError) as caught:
        first.store.reapply_command(offline.id)
    assert caught.value.code == "material.not_task_holder"
    holder = next(u.display_name for u in data().users if u.username == second_name)
    assert caught.value.params["holder"] == holder
    assert [e.command.id for e in first.store.conflicts()] == [offline.id]  # kept to discard
    stored = sandbox.platform.record("material", material.id)
    assert stored is not None
    verdicts = {c["check"]: c["verdict"] for c in stored.body["checks"]}
    assert verdicts[Check.LEGALITY.value] == Verdict.FAIL.value  # the holder's stands


def test_a_withdrawn_case_wins_over_queued_work_and_leaves_the_others_scope(
    sandbox: Sandbox, device: Device
) -> None:
    case_code, departments = shared_unclaimed_case()
    with sandbox.platform.engine.connect() as conn:
        lead = json.loads(conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "case", db.records.c.id == case_code)).scalar_one())[
            "lead_department"]
    assert lead in departments  # the seeded case: the lead reviews too
    outsider_dept = next(d for d in departments if d != lead)
    outsider = device(reviewers(outsider_dept)[0])
    lead_client = device(reviewers(lead)[0])
    clients = [outsider, lead_client]
    for engine in clients:
        engine.sync_once()
    held = {}
    for engine in clients:
        (task,) = own_tasks(engine, case_code)
        held[id(engine)] = act(engine, "task.claim", task.id, {"assignee": me(engine)})
    sandbox.platform.withdraw_case(case_code)  # the applicant withdraws, at the window
    report = outsider.pull()  # the pull comes first here (the next push would be refused)
    # Out of scope: the case and everything under it leave this store; the
    # person's claim stays, refused, with the record it was made on.
    with outsider.store.read() as uow:
        assert uow.cases.get(case_code) is None
        assert uow.tasks.for_case(case_code) == []
    (entry,) = outsider.store.conflicts()
    assert entry.command.id == held[id(outsider)].id and entry.last_error == LEFT_SCOPE
    assert report.removed >= 1 and report.held == [entry.command.id]
    assert outsider.sync_once().push.sent == 0  # nothing of it goes to the platform
    # The lead keeps the case, withdrawn: the platform's state wins and the
    # queued claim becomes a conflict, not a claim on a dead task.
    lead_client.sync_once()
    (lead_task,) = own_tasks(lead_client, case_code)
    assert lead_task.status == TaskStatus.WITHDRAWN
    (entry,) = lead_client.store.conflicts()
    assert entry.command.id == held[id(lead_client)].id
    stored = sandbox.platform.record("review_task", own_tasks_id(sandbox, case_code,
                                                                 outsider_dept))
    assert stored is not None and stored.body["status"] == TaskStatus.WITHDRAWN.value


def own_tasks_id(sandbox: Sandbox, case_code: str, department: str) -> str:
    with sandbox.platform.engine.connect() as conn:
        bodies = conn.execute(select(db.records.c.body).where(
            db.records.c.entity == "review_task")).scalars().all()
    return next(b["id"] for b in map(json.loads, bodies)
                if b["case_code"] == case_code and b["department_code"] == department)


def test_commands_of_another_user_are_never_pushed(sandbox: Sandbox, device: Device) -> None:
    department = busiest_unclaimed_department()
    owner = device(reviewers(department)[0], name="shared")
    owner.sync_once()
    task = next(t for t in own_tasks(owner) if t.status == TaskStatus.UNCLAIMED)
    act(owner, "task.claim", task.id, {"assignee": me(owner)})
    # A colleague's client on the very same store file (what one store per
    # user prevents in the app) still does not send the owner's command.
    intruder = device(reviewers(department)[1], name="shared")
    report = intruder.push()
    assert report.sent == 0 and report.not_mine == 1
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None and stored.body["assignee"] is None


def test_an_expired_sign_in_keeps_the_queue_until_the_person_signs_in_again(
    sandbox: Sandbox, device: Device
) -> None:
    engine = device(reviewers(busiest_unclaimed_department())[0])
    engine.sync_once()
    case_code = own_tasks(engine)[0].case_code
    queued = comment(engine, case_code, "登录过期前写的备注")
    with sandbox.platform.engine.begin() as conn:  # the platform revokes every session
        conn.execute(update(db.sessions).values(revoked=True))
    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == "remote.signed_out"
    assert engine.status.current.state == SyncState.SIGNED_OUT
    assert [e.command.id for e in engine.store.pending_commands()] == [queued.id]
    from support.platform_env import PASSWORD

    engine.client.login(me(engine), PASSWORD)  # type: ignore[attr-defined]
    engine.sync_once()
    assert server_comments(sandbox, case_code).count("登录过期前写的备注") == 1
    assert engine.store.pending_commands() == []
