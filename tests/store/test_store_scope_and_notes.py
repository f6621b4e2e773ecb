"""What the sync adds to the store: records leaving scope, comments, quarantine."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import text
from store_factories import make_case, make_material, make_task

from backoffice.domain.commands import Command
from backoffice.domain.errors import DomainError
from backoffice.domain.model import ReviewTask
from backoffice.domain.notes import Comment
from backoffice.store import OutboxState, Store
from backoffice.store.pending import LEFT_SCOPE
from backoffice.store.quarantine import MAX_RAW

NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def task(store: Store) -> ReviewTask:
    t = make_task(1, version=1)
    store.apply_confirmed([make_case(1), t, make_material(1), make_case(2), make_task(2)])
    return t


def _claim(task: ReviewTask) -> Command:
    return Command.new("task.claim", task.id, task.version, {"assignee": "wangfang"},
                       author="wangfang", now=NOW)


def test_a_task_that_left_scope_is_dropped_and_its_commands_are_refused(
    store: Store, task: ReviewTask
) -> None:
    command = _claim(task)
    store.record_command(command)
    report = store.apply_confirmed([], removed=[("review_task", task.id)], cursor="c2")
    assert report.left_scope == (command.id,)
    with store.read() as uow:
        assert uow.tasks.get(task.id) is None
        assert uow.cases.get(task.case_code) is not None  # only the task went
        assert uow.sync_state.get("cursor") == "c2"
    (entry,) = store.conflicts()
    assert entry.state == OutboxState.REFUSED and entry.last_error == LEFT_SCOPE
    assert entry.base() == task  # the person can still see what they acted on
    assert store.pending_commands() == []


def test_a_withdrawn_case_goes_with_everything_under_it(store: Store, task: ReviewTask) -> None:
    claim = _claim(task)
    store.record_command(claim)
    comment = Command.new("comment.add", task.case_code, 0, {"text": "请补充平面图"},
                          author="wangfang", now=NOW)
    store.record_command(comment)
    store.apply_confirmed([], removed=[("case", task.case_code)])
    with store.read() as uow:
        assert uow.cases.get(task.case_code) is None
        assert uow.tasks.get(task.id) is None
        assert uow.materials.for_case(task.case_code) == []
        assert uow.cases.get(make_case(2).case_code) is not None
    assert {e.command.id for e in store.conflicts()} == {claim.id, comment.id}
    assert all(e.last_error == LEFT_SCOPE for e in store.conflicts())


def test_removing_an_unknown_record_or_kind_is_harmless(store: Store, task: ReviewTask) -> None:
    report = store.apply_confirmed(
        [], removed=[("review_task", "nope"), ("comment_kind_from_the_future", "x")]
    )
    assert report.left_scope == ()
    with store.read() as uow:
        assert uow.tasks.get(task.id) == task


def test_a_comment_is_queued_without_touching_its_case(store: Store, task: ReviewTask) -> None:
    command = Command.new("comment.add", task.case_code, 0, {"text": "现场需消防一同勘察"},
                          author="wangfang", now=NOW)
    store.record_command(command)
    with store.read() as uow:
        assert uow.cases.get(task.case_code) == make_case(1)
        held = uow.session.execute(text("SELECT confirmed FROM cases")).scalars().all()
        assert held == [None, None]  # nothing applied on top of any case
    (entry,) = store.pending_commands()
    assert entry.command.author == "wangfang" and entry.command.format_version == 1
    # A pull of a newer case never conflicts with a comment.
    newer = make_case(1, version=5)
    report = store.apply_confirmed([newer])
    assert report.conflicts == ()
    assert [e.command.id for e in store.pending_commands()] == [command.id]
    # The platform's answer brings the comment; the queue empties.
    confirmed = Comment(command.id, task.case_code, "MSA-220100", "wangfang",
                        "现场需消防一同勘察", NOW, version=1)
    assert store.confirm_command(command.id, record=confirmed)
    with store.read() as uow:
        assert uow.comments.for_case(task.case_code) == [confirmed]
    assert store.pending_commands() == []


@pytest.mark.parametrize("text", ["  ", "长" * 4001])
def test_a_blank_or_overlong_comment_is_refused_before_it_is_queued(
        store: Store, task: ReviewTask, text: str) -> None:
    command = Command.new("comment.add", task.case_code, 0, {"text": text}, author="w", now=NOW)
    with pytest.raises(DomainError) as info:
        store.record_command(command)
    assert (info.value.code, info.value.params) == ("comment.bad_text", {"limit": 4000})
    assert store.pending_commands() == []


def test_a_comment_without_text_is_a_bad_payload(store: Store, task: ReviewTask) -> None:
    command = Command.new("comment.add", task.case_code, 0, {"text": 7}, author="w", now=NOW)
    with pytest.raises(DomainError) as info:
        store.record_command(command)
    assert (info.value.code, info.value.params["field"]) == ("command.bad_payload", "text")


def test_quarantine_keeps_the_raw_record_capped(store: Store) -> None:
    with store.write() as uow:
        uow.quarantine.add("changes", "status: bogus", {"entity": "case", "x": "长" * 50_000},
                           entity="case", entity_id="220100-2025-000009")
        uow.quarantine.add("changes", "not JSON-able", object())
    with store.read() as uow:
        assert uow.quarantine.count() == 2
        newest, oldest = uow.quarantine.entries()
    assert oldest.entity == "case" and oldest.reason == "status: bogus"
    assert len(oldest.raw) == MAX_RAW and oldest.raw.startswith('{"entity": "case"')
    assert newest.entity is None and "<object" in newest.raw


def test_a_pulled_page_rebuilds_each_search_document_once_and_finds_the_new_names(
    store: Store, task: ReviewTask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backoffice.store import search

    rebuilt: list[list[str]] = []
    real = search.refresh
    monkeypatch.setattr(search, "refresh",
                        lambda session, codes: rebuilt.append(sorted(set(codes))) or real(
                            session, codes))
    renamed = dataclasses.replace(make_material(1), name="消防设计审查意见书", version=5)
    store.apply_confirmed([make_case(1, version=5), renamed])
    assert rebuilt == [[task.case_code]]  # the case and its material: one rebuild
    assert [c.case_code for c in store.search("设计审查")] == [task.case_code]
