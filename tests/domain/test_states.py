"""Case and review-task state machines: every allowed edge, a sample of forbidden ones."""

from __future__ import annotations

from typing import Any

import pytest

from backoffice.domain.errors import IllegalTransition
from backoffice.domain.states import (
    CASE_MACHINE,
    CASE_TERMINAL,
    TASK_MACHINE,
    TASK_TERMINAL,
    CaseStatus,
    StateMachine,
    TaskStatus,
    Transition,
)


def _id(t: Transition[CaseStatus] | Transition[TaskStatus]) -> str:
    return f"{t.source.value}-{t.action}-{t.target.value}"


@pytest.mark.parametrize("transition", CASE_MACHINE.transitions, ids=_id)
def test_every_allowed_case_transition(transition: Transition[CaseStatus]) -> None:
    assert CASE_MACHINE.can(transition.source, transition.action)
    assert CASE_MACHINE.apply(transition.source, transition.action) == transition.target
    CASE_MACHINE.check(transition.source, transition.target)
    assert transition.action in CASE_MACHINE.allowed_actions(transition.source)


@pytest.mark.parametrize("transition", TASK_MACHINE.transitions, ids=_id)
def test_every_allowed_task_transition(transition: Transition[TaskStatus]) -> None:
    assert TASK_MACHINE.can(transition.source, transition.action)
    assert TASK_MACHINE.apply(transition.source, transition.action) == transition.target
    TASK_MACHINE.check(transition.source, transition.target)
    assert transition.action in TASK_MACHINE.allowed_actions(transition.source)


def _raises(
    machine: StateMachine[CaseStatus] | StateMachine[TaskStatus],
    current: CaseStatus | TaskStatus,
    action: str,
) -> IllegalTransition:
    with pytest.raises(IllegalTransition) as err:
        machine.apply(current, action)  # type: ignore[arg-type]
    assert not machine.can(current, action)  # type: ignore[arg-type]
    return err.value


@pytest.mark.parametrize(
    ("current", "action", "target"),
    [
        (CaseStatus.ACCEPTED, "decide", "decided"),  # 逆程序: decision before review
        (CaseStatus.ACCEPTED, "issue", "issued"),
        (CaseStatus.ROUTED, "all_opinions_in", "deciding"),
        (CaseStatus.IN_REVIEW, "decide", "decided"),
        (CaseStatus.SUSPENDED, "decide", "decided"),
        (CaseStatus.AWAITING_APPLICANT, "all_opinions_in", "deciding"),
        (CaseStatus.DECIDED, "archive", "archived"),  # issue first
        (CaseStatus.DECIDED, "withdraw", "withdrawn"),
        (CaseStatus.ISSUED, "reopen_review", "in_review"),
        (CaseStatus.ESCALATED, "issue", "issued"),
    ],
)
def test_disallowed_case_transitions_name_both_states(
    current: CaseStatus, action: str, target: str
) -> None:
    error = _raises(CASE_MACHINE, current, action)
    assert error.code == "state.illegal_transition"
    assert error.params == {
        "entity": "case",
        "action": action,
        "current": current.value,
        "target": target,
    }


@pytest.mark.parametrize(
    ("current", "action"),
    [
        (TaskStatus.OPINION_GIVEN, "claim"),
        (TaskStatus.UNCLAIMED, "give_opinion"),  # opinion without review
        (TaskStatus.UNCLAIMED, "request_correction"),
        (TaskStatus.AWAITING_APPLICANT, "give_opinion"),
        (TaskStatus.SUSPENDED, "give_opinion"),
        (TaskStatus.IN_REVIEW, "claim"),  # already claimed
        (TaskStatus.OPINION_GIVEN, "transfer"),
        (TaskStatus.UNCLAIMED, "release"),
    ],
)
def test_disallowed_task_transitions_name_both_states(current: TaskStatus, action: str) -> None:
    error = _raises(TASK_MACHINE, current, action)
    assert error.params["entity"] == "review_task"
    assert error.params["current"] == current.value
    expected = {t.target.value for t in TASK_MACHINE.transitions if t.action == action}
    assert error.params["target"] == "/".join(sorted(expected))


@pytest.mark.parametrize("terminal", sorted(CASE_TERMINAL))
@pytest.mark.parametrize("action", sorted(CASE_MACHINE.actions))
def test_nothing_leaves_a_terminal_case_state(terminal: CaseStatus, action: str) -> None:
    error = _raises(CASE_MACHINE, terminal, action)
    assert error.params["current"] == terminal.value


@pytest.mark.parametrize("terminal", sorted(TASK_TERMINAL))
@pytest.mark.parametrize("action", sorted(TASK_MACHINE.actions))
def test_nothing_leaves_a_terminal_task_state(terminal: TaskStatus, action: str) -> None:
    error = _raises(TASK_MACHINE, terminal, action)
    assert error.params["current"] == terminal.value


def test_terminal_states_have_no_actions() -> None:
    for case_state in CASE_TERMINAL:
        assert CASE_MACHINE.allowed_actions(case_state) == ()
    for task_state in TASK_TERMINAL:
        assert TASK_MACHINE.allowed_actions(task_state) == ()


def test_an_unknown_action_says_so() -> None:
    error = _raises(TASK_MACHINE, TaskStatus.UNCLAIMED, "approve")
    assert error.params["target"] == "?"


@pytest.mark.parametrize(
    ("machine", "states", "start", "terminal"),
    [
        (CASE_MACHINE, CaseStatus, CaseStatus.ACCEPTED, CASE_TERMINAL),
        (TASK_MACHINE, TaskStatus, TaskStatus.UNCLAIMED, TASK_TERMINAL),
    ],
    ids=["case", "task"],
)
def test_every_state_is_reachable_and_only_terminal_states_are_dead_ends(
    machine: Any, states: Any, start: Any, terminal: frozenset[Any]
) -> None:
    seen = {start}
    frontier = [start]
    while frontier:
        current = frontier.pop()
        for t in machine.transitions:
            if t.source == current and t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    assert seen == set(states)
    assert {s for s in states if not machine.allowed_actions(s)} == set(terminal)


# --- check(): a state the platform reports ------------------------------------


@pytest.mark.parametrize(
    ("current", "reported"),
    [
        (CaseStatus.IN_REVIEW, CaseStatus.IN_REVIEW),  # unchanged is fine
        (CaseStatus.IN_REVIEW, CaseStatus.SUSPENDED),
        (CaseStatus.DECIDING, CaseStatus.ESCALATED),
        (CaseStatus.ROUTED, CaseStatus.WITHDRAWN),
    ],
)
def test_check_accepts_reported_states_along_an_edge(
    current: CaseStatus, reported: CaseStatus
) -> None:
    CASE_MACHINE.check(current, reported)


@pytest.mark.parametrize(
    ("current", "reported"),
    [
        (CaseStatus.ACCEPTED, CaseStatus.DECIDED),
        (CaseStatus.ARCHIVED, CaseStatus.IN_REVIEW),
        (CaseStatus.WITHDRAWN, CaseStatus.IN_REVIEW),
    ],
)
def test_check_refuses_a_jump_naming_both_states(current: CaseStatus, reported: CaseStatus) -> None:
    with pytest.raises(IllegalTransition) as err:
        CASE_MACHINE.check(current, reported)
    assert err.value.params == {
        "entity": "case",
        "action": "",
        "current": current.value,
        "target": reported.value,
    }


def test_check_for_tasks() -> None:
    TASK_MACHINE.check(TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW)
    with pytest.raises(IllegalTransition) as err:
        TASK_MACHINE.check(TaskStatus.UNCLAIMED, TaskStatus.OPINION_GIVEN)
    assert (err.value.params["current"], err.value.params["target"]) == (
        "unclaimed",
        "opinion_given",
    )


def test_a_machine_refuses_two_edges_for_one_action() -> None:
    with pytest.raises(ValueError, match="two transitions"):
        StateMachine(
            "x",
            [
                Transition("go", TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW),
                Transition("go", TaskStatus.UNCLAIMED, TaskStatus.SUSPENDED),
            ],
        )
