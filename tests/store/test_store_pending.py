"""Confirmed state + pending commands: record, pull, conflict, crash safety."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from store_factories import make_case, make_material, make_task
from support.verdicts import passed

from backoffice.domain.commands import Command
from backoffice.domain.errors import IllegalTransition, StoreError
from backoffice.domain.model import Check, Material, ReviewTask, Verdict
from backoffice.domain.states import TaskStatus
from backoffice.store import OutboxState, Store, codec
from backoffice.store import pending as ops
from backoffice.store.outbox import BLOCKED
from backoffice.store.repositories import Repository

NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)


def _claim(task: ReviewTask, who: str = "wangfang") -> Command:
    return Command.new("task.claim", task.id, task.version, {"assignee": who}, now=NOW)


def _opinion(task: ReviewTask, text: str = "同意") -> Command:
    return Command.new("task.give_opinion", task.id, task.version, {"opinion": text}, now=NOW)


@pytest.fixture
def task(store: Store) -> ReviewTask:
    t = make_task(1, version=1)
    # Its checks have their verdicts: the opinions given here are not held (9.5.1).
    store.apply_confirmed([make_case(1), t, passed(make_material(1))], cursor="c1")
    return t


def _effective(store: Store, task_id: str = "T-000001") -> ReviewTask:
    with store.read() as uow:
        found = uow.tasks.get(task_id)
    assert found is not None
    return found


def _confirmed(store: Store, task_id: str = "T-000001") -> ReviewTask | None:
    with store.read() as uow:
        return uow.tasks.confirmed(task_id)


def test_record_command_changes_the_view_and_queues_the_command(
    store: Store, task: ReviewTask
) -> None:
    command = _claim(task)
    updated = store.record_command(command)
    assert isinstance(updated, ReviewTask)
    assert updated.status == TaskStatus.IN_REVIEW and updated.assignee == "wangfang"
    assert _effective(store) == updated
    assert _confirmed(store) == task  # the server's state is kept apart
    (entry,) = store.pending_commands()
    assert entry.command == command and entry.command.payload == {"assignee": "wangfang"}
    assert entry.state == OutboxState.PENDING
    assert entry.base() == task


def test_an_illegal_command_writes_nothing(store: Store, task: ReviewTask) -> None:
    with pytest.raises(IllegalTransition) as err:
        store.record_command(_opinion(task))
    assert err.value.params["current"] == "unclaimed"
    assert store.pending_commands() == []
    assert _effective(store) == task


def test_record_command_is_atomic(
    store: Store, task: ReviewTask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Repository[ReviewTask], obj: ReviewTask) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Repository, "write_effective", broken)
    with pytest.raises(RuntimeError):
        store.record_command(_claim(task))
    monkeypatch.undo()
    assert store.pending_commands() == []
    assert _effective(store) == task


def test_stale_unknown_and_duplicate_commands_are_refused(store: Store, task: ReviewTask) -> None:
    stale = Command.new("task.claim", task.id, 0, {"assignee": "x"}, now=NOW)
    with pytest.raises(StoreError) as err:
        store.record_command(stale)
    assert err.value.code == "store.stale_command"
    assert err.value.params["confirmed_version"] == 1
    with pytest.raises(StoreError) as err:
        store.record_command(Command.new("task.claim", "T-nope", 1, {"assignee": "x"}))
    assert err.value.code == "store.not_found"
    command = _claim(task)
    store.record_command(command)
    with pytest.raises(StoreError) as err:
        store.record_command(dataclasses.replace(command, kind="task.release"))
    assert err.value.code in {"store.duplicate_command"}
    assert len(store.pending_commands()) == 1


def test_pending_claim_survives_a_pull_of_a_newer_version(store: Store, task: ReviewTask) -> None:
    store.record_command(_claim(task))
    newer = dataclasses.replace(task, version=2, step_due_date=dt.date(2025, 3, 12))
    report = store.apply_confirmed([newer], cursor="c2")
    assert report.reapplied == 1 and report.conflicts == ()
    effective = _effective(store)
    assert effective.status == TaskStatus.IN_REVIEW and effective.assignee == "wangfang"
    assert effective.step_due_date == dt.date(2025, 3, 12)  # the server's change shows
    assert effective.version == 2
    assert _confirmed(store) == newer
    assert [e.state for e in store.pending_commands()] == [OutboxState.PENDING]
    assert store.cursor() == "c2"


def test_a_pull_that_makes_the_command_inapplicable_yields_a_conflict(
    store: Store, task: ReviewTask
) -> None:
    command = _claim(task)
    store.record_command(command)
    transferred = dataclasses.replace(task, status=TaskStatus.TRANSFERRED, version=2)
    report = store.apply_confirmed([transferred], cursor="c2")
    assert report.conflicts == (command.id,)
    assert _effective(store) == transferred  # the server's state wins
    assert store.pending_commands() == []
    (entry,) = store.conflicts()  # kept, never lost
    assert entry.command == command
    assert entry.state == OutboxState.CONFLICT
    assert entry.last_error == "state.illegal_transition"
    assert entry.base() == task  # what the person acted on
    assert entry.server() == transferred  # what the server has now
    assert entry.server_version == 2
    # A later pull does not revive or drop it.
    store.apply_confirmed([dataclasses.replace(transferred, version=3)])
    assert [e.command.id for e in store.conflicts()] == [command.id]


def test_commands_after_a_conflict_are_held_back(store: Store, task: ReviewTask) -> None:
    claim = _claim(task)
    store.record_command(claim)
    opinion = _opinion(task)
    store.record_command(opinion)
    assert _effective(store).status == TaskStatus.OPINION_GIVEN
    # A colleague claimed it first: our claim no longer fits, and our opinion
    # (made on our claim) must not be pushed onto their task.
    theirs = dataclasses.replace(task, status=TaskStatus.IN_REVIEW, assignee="lisi", version=2)
    report = store.apply_confirmed([theirs])
    assert report.conflicts == (claim.id, opinion.id)
    assert _effective(store) == theirs
    errors = {e.command.id: e.last_error for e in store.conflicts()}
    # Said as what it is: claimed by the colleague (task.already_claimed), not a rule of order.
    assert errors == {claim.id: "task.already_claimed", opinion.id: BLOCKED}


def test_an_exception_mid_page_leaves_nothing(store: Store, task: ReviewTask) -> None:
    store.record_command(_claim(task))
    transferred = dataclasses.replace(task, status=TaskStatus.TRANSFERRED, version=2)
    with pytest.raises(RuntimeError), store.write() as uow:
        report = ops.apply_confirmed(uow, [make_case(2), transferred], cursor="c2")
        assert report.conflicts  # the conflict was marked inside the transaction …
        raise RuntimeError("connection lost while writing the page")
    # … and rolled back with the records and the cursor.
    assert store.cursor() == "c1"
    assert _confirmed(store) == task
    assert _effective(store).status == TaskStatus.IN_REVIEW
    assert [e.state for e in store.pending_commands()] == [OutboxState.PENDING]
    with store.read() as uow:
        assert uow.cases.get(make_case(2).case_code) is None


def test_a_page_with_a_bad_record_is_not_applied_at_all(store: Store, task: ReviewTask) -> None:
    orphan = make_task(9, case=99)  # its case is not in the store
    with pytest.raises(StoreError) as err:
        store.apply_confirmed(
            [make_case(2), dataclasses.replace(task, version=2), orphan], cursor="c2"
        )
    assert err.value.code == "store.integrity"
    assert store.cursor() == "c1"
    assert _confirmed(store) == task
    with store.read() as uow:
        assert uow.cases.count() == 1


def test_a_killed_process_leaves_neither_page_nor_cursor(
    store_path: Path, task: ReviewTask
) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from store_factories import make_case
        from backoffice.store import Store
        from backoffice.store import pending
        store = Store.open({str(store_path)!r})
        with store.write() as uow:
            pending.apply_confirmed(uow, [make_case(n) for n in range(2, 200)], cursor="c2")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], check=False, capture_output=True, timeout=60
    )
    assert result.returncode == -9, result.stderr.decode()
    with Store.open(store_path) as s, s.read() as uow:
        assert uow.cases.count() == 1
        assert uow.sync_state.get("cursor") == "c1"


def test_parents_are_written_before_children_whatever_the_page_order(store: Store) -> None:
    store.apply_confirmed([make_task(5, case=5), make_material(5, case=5), make_case(5)])
    with store.read() as uow:
        assert uow.tasks.get("T-000005") is not None


def test_an_older_record_does_not_overwrite_a_newer_one(store: Store, task: ReviewTask) -> None:
    newer = dataclasses.replace(task, version=3, opinion="")
    store.apply_confirmed([newer])
    report = store.apply_confirmed([dataclasses.replace(task, version=2, assignee="old")])
    assert report.stale == 1 and report.written == 0
    assert _effective(store) == newer


def test_confirm_command(store: Store, task: ReviewTask) -> None:
    command = _claim(task)
    claimed = store.record_command(command)
    assert store.confirm_command(command.id) is True
    assert store.pending_commands() == []
    assert _effective(store) == claimed  # no flicker back to "unclaimed"
    assert store.confirm_command(command.id) is False  # a repeated answer is harmless
    opinion = _opinion(task)
    # Base version of the next command is still the confirmed one (1).
    store.record_command(opinion)
    server = dataclasses.replace(
        claimed, status=TaskStatus.OPINION_GIVEN, opinion="同意", version=3
    )
    store.confirm_command(opinion.id, record=server)
    assert _confirmed(store) == server and _effective(store) == server


def test_sent_commands_stay_active(store: Store, task: ReviewTask) -> None:
    command = _claim(task)
    store.record_command(command)
    store.mark_sent([command.id])
    store.mark_sent([command.id])
    (entry,) = store.pending_commands()
    assert entry.state == OutboxState.SENT and entry.attempts == 2
    store.apply_confirmed([dataclasses.replace(task, version=2)])
    assert _effective(store).assignee == "wangfang"


def test_refused_and_conflicting_answers_from_the_platform(store: Store, task: ReviewTask) -> None:
    claim = _claim(task)
    store.record_command(claim)
    opinion = _opinion(task)
    store.record_command(opinion)
    held = store.mark_refused(claim.id, "remote.forbidden")
    assert held == (opinion.id,)
    assert _effective(store) == task
    states = {e.command.id: (e.state, e.last_error) for e in store.conflicts()}
    assert states == {
        claim.id: (OutboxState.REFUSED, "remote.forbidden"),
        opinion.id: (OutboxState.CONFLICT, BLOCKED),
    }
    # Discarding both leaves a clean outbox; the view stays the server's.
    assert store.discard_command(claim.id) and store.discard_command(opinion.id)
    assert store.conflicts() == [] and _effective(store) == task


def test_a_conflict_reported_by_the_platform_stores_its_record(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)
    theirs = dataclasses.replace(task, status=TaskStatus.IN_REVIEW, assignee="lisi", version=2)
    store.mark_conflict(claim.id, "remote.stale_version", server_record=theirs)
    (entry,) = store.conflicts()
    assert entry.server() == theirs and entry.last_error == "remote.stale_version"
    assert _effective(store) == theirs == _confirmed(store)
    with pytest.raises(StoreError) as err:
        store.mark_conflict("unknown", "x")
    assert err.value.code == "store.unknown_command"


def test_discarding_a_pending_command_restores_the_server_state(
    store: Store, task: ReviewTask
) -> None:
    command = _claim(task)
    store.record_command(command)
    assert store.discard_command(command.id) is True
    assert _effective(store) == task
    assert store.discard_command(command.id) is False


def test_material_verdict_is_reapplied_after_a_pull(store: Store, task: ReviewTask) -> None:
    store.apply_confirmed([_claimed_by_us_on_the_platform(task)])  # the holder's verdicts
    material = make_material(1)
    command = Command.new(
        "material.verdict",
        material.id,
        material.version,
        {"check": "conformity", "verdict": "fail", "note": "未盖章"},
        author="wangfang",
        now=NOW,
    )
    updated = store.record_command(command)
    assert isinstance(updated, Material)
    assert updated.verdict(Check.CONFORMITY).verdict == Verdict.FAIL
    renamed = dataclasses.replace(material, name="营业执照（副本）", version=2)
    store.apply_confirmed([renamed])
    with store.read() as uow:
        effective = uow.materials.get(material.id)
    assert effective is not None
    assert effective.name == "营业执照（副本）"
    assert effective.verdict(Check.CONFORMITY).note == "未盖章"


def test_pending_commands_keep_their_order(store: Store, task: ReviewTask) -> None:
    material = make_material(1)
    commands = [
        _claim(task),
        Command.new("material.verdict", material.id, 1, {"check": "legality", "verdict": "pass"},
                    author="wangfang"),
        _opinion(task),
    ]
    for c in commands:
        store.record_command(c)  # the claim first: the verdict is then its holder's
    entries = store.pending_commands()
    assert [e.command.id for e in entries] == [c.id for c in commands]
    assert [e.sequence for e in entries] == sorted(e.sequence for e in entries)
    # Confirming the newest does not let a sequence number be reused.
    store.confirm_command(commands[-1].id)
    store.record_command(Command.new("task.reopen", task.id, task.version, now=NOW))
    assert store.pending_commands()[-1].sequence > entries[-1].sequence
    assert store.describe()["outbox_pending"] == 3


def test_cursor_keys_are_separate(store: Store) -> None:
    store.apply_confirmed([], cursor="tasks-9", cursor_key="cursor:tasks")
    assert store.cursor("cursor:tasks") == "tasks-9"
    assert store.cursor() is None


def test_confirmed_json_is_the_server_record(store: Store, task: ReviewTask) -> None:
    with store.read() as uow:
        assert uow.tasks.confirmed_json(task.id) == codec.dump(task)


def _stored_confirmed(store: Store, task_id: str = "T-000001") -> object:
    with store.read() as uow:
        return uow.session.execute(
            text("SELECT confirmed FROM review_tasks WHERE id = :id"), {"id": task_id}
        ).scalar()


def test_the_confirmed_copy_exists_only_while_commands_are_applied(
    store: Store, task: ReviewTask
) -> None:
    assert _stored_confirmed(store) is None  # effective columns = confirmed state
    command = _claim(task)
    store.record_command(command)
    assert _stored_confirmed(store) is not None
    assert _confirmed(store) == task
    store.apply_confirmed([dataclasses.replace(task, version=2)])
    assert _stored_confirmed(store) is not None  # still pending on top of v2
    store.discard_command(command.id)
    assert _stored_confirmed(store) is None
    assert _effective(store) == _confirmed(store) == dataclasses.replace(task, version=2)


def test_a_confirmed_command_stays_visible_until_the_next_pull(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    claimed = store.record_command(claim)
    store.confirm_command(claim.id)  # the answer came, the new record not yet
    opinion = _opinion(task)
    store.record_command(opinion)
    store.discard_command(opinion.id)  # recomputes the effective state
    assert _effective(store) == claimed
    assert _confirmed(store) == claimed
    assert _stored_confirmed(store) is None


# ---- a lost response: the platform applied a sent command, we never heard -------


def _claimed_by_us_on_the_platform(task: ReviewTask, version: int = 2) -> ReviewTask:
    return dataclasses.replace(
        task, status=TaskStatus.IN_REVIEW, assignee="wangfang", version=version
    )


def test_a_sent_command_already_in_the_pulled_record_is_not_a_conflict(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)
    store.mark_sent([claim.id])
    # The platform applied our claim, its response was lost; the pull brings v2.
    server = _claimed_by_us_on_the_platform(task)
    report = store.apply_confirmed([server], cursor="c2")
    assert report.conflicts == () and store.conflicts() == []
    assert report.awaiting_answer == (claim.id,)
    assert _effective(store) == server == _confirmed(store)
    # Kept and still sent: the push's retry gets the platform's remembered answer.
    (entry,) = store.pending_commands()
    assert entry.command == claim and entry.state == OutboxState.SENT
    assert store.confirm_command(claim.id) is True
    assert store.pending_commands() == [] and store.conflicts() == []
    assert _effective(store) == server == _confirmed(store)
    assert _stored_confirmed(store) is None


def test_a_sent_command_left_out_can_still_be_refused_by_the_answer(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)
    store.mark_sent([claim.id])
    theirs = dataclasses.replace(task, status=TaskStatus.IN_REVIEW, assignee="lisi", version=2)
    report = store.apply_confirmed([theirs])
    # Not ours to judge from the record alone: the answer decides …
    assert report.conflicts == () and report.awaiting_answer == (claim.id,)
    assert _effective(store) == theirs
    # … and here it says the claim lost the race.
    store.mark_conflict(claim.id, "remote.stale_version", server_record=theirs)
    (entry,) = store.conflicts()
    assert entry.command == claim and entry.last_error == "remote.stale_version"
    assert _effective(store) == theirs


def test_commands_after_a_left_out_sent_command_are_reapplied(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)
    store.mark_sent([claim.id])
    opinion = _opinion(task)
    store.record_command(opinion)  # made offline, on top of the claim
    report = store.apply_confirmed([_claimed_by_us_on_the_platform(task)])
    assert report.conflicts == () and report.reapplied == 1
    effective = _effective(store)
    assert effective.status == TaskStatus.OPINION_GIVEN and effective.opinion == "同意"
    states = {e.command.id: e.state for e in store.pending_commands()}
    assert states == {claim.id: OutboxState.SENT, opinion.id: OutboxState.PENDING}


def test_a_pending_command_that_no_longer_applies_is_still_a_conflict(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)  # never sent: the platform cannot have applied it
    report = store.apply_confirmed([_claimed_by_us_on_the_platform(task)])
    assert report.conflicts == (claim.id,) and report.awaiting_answer == ()
    (entry,) = store.conflicts()
    assert entry.last_error == "task.already_yours"


def test_a_sent_command_on_a_record_that_did_not_move_is_a_conflict(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)
    store.mark_sent([claim.id])
    # Same version as the command's base: the platform did not apply it.
    same_version = dataclasses.replace(task, status=TaskStatus.TRANSFERRED)
    report = store.apply_confirmed([same_version])
    assert report.conflicts == (claim.id,)


def test_applied_command_ids_confirm_commands_with_their_page(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    store.record_command(claim)
    store.mark_sent([claim.id])
    opinion = _opinion(task)
    store.record_command(opinion)
    server = _claimed_by_us_on_the_platform(task)
    report = store.apply_confirmed([server], cursor="c2", applied_command_ids=[claim.id])
    assert report.confirmed == 1 and report.conflicts == () and report.awaiting_answer == ()
    assert report.reapplied == 1
    assert [e.command.id for e in store.pending_commands()] == [opinion.id]
    assert _confirmed(store) == server
    assert _effective(store).status == TaskStatus.OPINION_GIVEN
    # A repeated id (the feed re-sent after a retry) is harmless.
    again = store.apply_confirmed([server], applied_command_ids=[claim.id, "never-seen"])
    assert again.confirmed == 0


def test_applied_command_ids_roll_back_with_the_page(store: Store, task: ReviewTask) -> None:
    claim = _claim(task)
    store.record_command(claim)
    store.mark_sent([claim.id])
    with pytest.raises(RuntimeError), store.write() as uow:
        ops.apply_confirmed(
            uow,
            [_claimed_by_us_on_the_platform(task)],
            cursor="c2",
            applied_command_ids=[claim.id],
        )
        raise RuntimeError("crash before commit")
    assert [e.command.id for e in store.pending_commands()] == [claim.id]
    assert store.cursor() == "c1"


def test_an_applied_command_whose_record_is_not_in_the_page_is_folded_in(
    store: Store, task: ReviewTask
) -> None:
    claim = _claim(task)
    claimed = store.record_command(claim)
    store.mark_sent([claim.id])
    report = store.apply_confirmed([make_case(2)], applied_command_ids=[claim.id])
    assert report.confirmed == 1
    assert store.pending_commands() == []
    assert _effective(store) == claimed == _confirmed(store)


# ---- a person's action while a sync writes ------------------------------------------


def test_an_action_queued_while_a_sync_confirms_an_earlier_one_is_based_on_the_new_version(
    store: Store, task: ReviewTask
) -> None:
    # Read before the write, the confirmed version could move in between (the
    # sync confirming the claim) and the action was refused as stale; read in
    # the write transaction, it waits for the sync's write and sees its result.
    store.queue("task.claim", task.id, {"assignee": "wangfang"}, author="wangfang")
    (claim,) = store.pending_commands()
    queued: list[object] = []

    def act() -> None:  # the person's action, on the detail pane's worker
        try:
            queued.append(store.queue("task.give_opinion", task.id, {"opinion": "同意"},
                                      author="wangfang"))
        except StoreError as exc:  # stale: the assertion below names it
            queued.append(exc)

    with store.write() as uow:  # the sync's transaction: the platform's answer to the claim
        assert uow.tasks.confirmed(task.id) is not None  # begun: it holds the write lock
        worker = threading.Thread(target=act)
        worker.start()
        worker.join(timeout=0.3)
        assert worker.is_alive(), queued  # waiting for the write lock, nothing queued yet
        ops.confirm_command(uow, claim.command.id, record=_claimed_by_us_on_the_platform(task))
    worker.join(timeout=30)
    assert len(queued) == 1 and not isinstance(queued[0], Exception), queued
    (entry,) = store.pending_commands()
    assert entry.command.kind == "task.give_opinion" and entry.command.base_version == 2
