"""Case and review-task state machines: every allowed edge, a sample of forbidden ones.

The expected edges are written out here, not read from the machines, so a
wrong table fails these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from backoffice.domain.errors import IllegalTransition
from backoffice.domain.states import (
    CASE_MACHINE,
    TASK_MACHINE,
    CaseStatus,
    StateMachine,
    TaskStatus,
    Transition,
)

C = CaseStatus
T = TaskStatus

# (action, source, target): the procedure as the standard describes it.
CASE_EDGES: list[tuple[str, CaseStatus, CaseStatus]] = [
    ("route", C.ACCEPTED, C.ROUTED),  # 按责转办 (9.4)
    ("start_review", C.ROUTED, C.IN_REVIEW),
    ("request_correction", C.IN_REVIEW, C.AWAITING_APPLICANT),  # 一次性告知 (9.3.3)
    ("receive_correction", C.AWAITING_APPLICANT, C.IN_REVIEW),
    ("suspend", C.IN_REVIEW, C.SUSPENDED),  # special procedure (9.5.3)
    ("resume", C.SUSPENDED, C.IN_REVIEW),
    ("all_opinions_in", C.IN_REVIEW, C.DECIDING),
    ("reopen_review", C.DECIDING, C.IN_REVIEW),
    ("decide", C.DECIDING, C.DECIDED),
    ("escalate", C.DECIDING, C.REPORTED),  # above the department's authority (9.5.4)
    ("issue", C.DECIDED, C.ISSUED),
    ("archive", C.ISSUED, C.ARCHIVED),
    ("archive", C.REPORTED, C.ARCHIVED),
    # 不予受理 (9.3.3): a sealed refusal of acceptance ends the case before a decision.
    ("refuse_acceptance", C.ACCEPTED, C.NOT_ACCEPTED),
    ("refuse_acceptance", C.ROUTED, C.NOT_ACCEPTED),
    ("refuse_acceptance", C.IN_REVIEW, C.NOT_ACCEPTED),
    ("refuse_acceptance", C.AWAITING_APPLICANT, C.NOT_ACCEPTED),
    ("refuse_acceptance", C.DECIDING, C.NOT_ACCEPTED),
    ("archive", C.NOT_ACCEPTED, C.ARCHIVED),  # registered and filed (6.7, 9.8)
    ("withdraw", C.ACCEPTED, C.WITHDRAWN),
    ("withdraw", C.ROUTED, C.WITHDRAWN),
    ("withdraw", C.IN_REVIEW, C.WITHDRAWN),
    ("withdraw", C.AWAITING_APPLICANT, C.WITHDRAWN),
    ("withdraw", C.SUSPENDED, C.WITHDRAWN),
    ("withdraw", C.DECIDING, C.WITHDRAWN),
]

TASK_EDGES: list[tuple[str, TaskStatus, TaskStatus]] = [
    ("claim", T.UNCLAIMED, T.IN_REVIEW),
    ("release", T.IN_REVIEW, T.UNCLAIMED),
    # Items into the draft: the department reviews on until the notice is issued.
    ("request_correction", T.IN_REVIEW, T.IN_REVIEW),
    ("notice_issued", T.IN_REVIEW, T.AWAITING_APPLICANT),
    ("receive_correction", T.AWAITING_APPLICANT, T.IN_REVIEW),
    ("suspend", T.IN_REVIEW, T.SUSPENDED),
    ("resume", T.SUSPENDED, T.IN_REVIEW),
    ("give_opinion", T.IN_REVIEW, T.OPINION_GIVEN),
    ("reopen", T.OPINION_GIVEN, T.IN_REVIEW),
    ("transfer", T.UNCLAIMED, T.TRANSFERRED),  # not this department's responsibility
    ("transfer", T.IN_REVIEW, T.TRANSFERRED),
    ("withdraw", T.UNCLAIMED, T.WITHDRAWN),
    ("withdraw", T.IN_REVIEW, T.WITHDRAWN),
    ("withdraw", T.AWAITING_APPLICANT, T.WITHDRAWN),
    ("withdraw", T.SUSPENDED, T.WITHDRAWN),
    ("withdraw", T.OPINION_GIVEN, T.WITHDRAWN),
]

CASE_FINAL = {C.ARCHIVED, C.WITHDRAWN}
TASK_FINAL = {T.TRANSFERRED, T.WITHDRAWN}


@pytest.mark.parametrize(
    ("machine", "edges"),
    [(CASE_MACHINE, CASE_EDGES), (TASK_MACHINE, TASK_EDGES)],
    ids=["case", "task"],
)
def test_the_machine_has_exactly_the_expected_edges(
    machine: Any, edges: list[tuple[str, Any, Any]]
) -> None:
    actual = [(t.action, t.source, t.target) for t in machine.transitions]
    assert len(actual) == len(set(actual))
    assert set(actual) == set(edges)


def _id(edge: tuple[str, Any, Any]) -> str:
    action, source, target = edge
    return f"{source.value}-{action}-{target.value}"


@pytest.mark.parametrize("edge", CASE_EDGES, ids=_id)
def test_every_allowed_case_transition(edge: tuple[str, CaseStatus, CaseStatus]) -> None:
    action, source, target = edge
    assert CASE_MACHINE.can(source, action)
    assert CASE_MACHINE.apply(source, action) == target
    assert action in CASE_MACHINE.allowed_actions(source)


@pytest.mark.parametrize("edge", TASK_EDGES, ids=_id)
def test_every_allowed_task_transition(edge: tuple[str, TaskStatus, TaskStatus]) -> None:
    action, source, target = edge
    assert TASK_MACHINE.can(source, action)
    assert TASK_MACHINE.apply(source, action) == target
    assert action in TASK_MACHINE.allowed_actions(source)


def test_allowed_actions_are_exactly_the_expected_ones() -> None:
    for status in CaseStatus:
        expected = {a for a, s, _ in CASE_EDGES if s == status}
        assert set(CASE_MACHINE.allowed_actions(status)) == expected, status
    for task_status in TaskStatus:
        expected = {a for a, s, _ in TASK_EDGES if s == task_status}
        assert set(TASK_MACHINE.allowed_actions(task_status)) == expected, task_status


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
        (CaseStatus.REPORTED, "issue", "issued"),  # the upper level issues, not us
        (CaseStatus.REPORTED, "decide", "decided"),
        (CaseStatus.DECIDED, "refuse_acceptance", "not_accepted"),  # past acceptance
        (CaseStatus.SUSPENDED, "refuse_acceptance", "not_accepted"),
        (CaseStatus.NOT_ACCEPTED, "issue", "issued"),  # it ended: only archived
        (CaseStatus.NOT_ACCEPTED, "withdraw", "withdrawn"),
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
    ("current", "action", "target"),
    [
        (TaskStatus.OPINION_GIVEN, "claim", "in_review"),
        (TaskStatus.UNCLAIMED, "give_opinion", "opinion_given"),  # opinion without review
        (TaskStatus.UNCLAIMED, "request_correction", "in_review"),
        (TaskStatus.AWAITING_APPLICANT, "request_correction", "in_review"),
        (TaskStatus.AWAITING_APPLICANT, "give_opinion", "opinion_given"),
        (TaskStatus.SUSPENDED, "give_opinion", "opinion_given"),
        (TaskStatus.IN_REVIEW, "claim", "in_review"),  # already claimed
        (TaskStatus.OPINION_GIVEN, "transfer", "transferred"),
        (TaskStatus.UNCLAIMED, "release", "unclaimed"),
    ],
)
def test_disallowed_task_transitions_name_both_states(
    current: TaskStatus, action: str, target: str
) -> None:
    error = _raises(TASK_MACHINE, current, action)
    assert error.params == {
        "entity": "review_task",
        "action": action,
        "current": current.value,
        "target": target,
    }


@pytest.mark.parametrize("final", sorted(CASE_FINAL))
@pytest.mark.parametrize("action", sorted({a for a, _, _ in CASE_EDGES}))
def test_nothing_leaves_a_final_case_state(final: CaseStatus, action: str) -> None:
    error = _raises(CASE_MACHINE, final, action)
    assert error.params["current"] == final.value


@pytest.mark.parametrize("final", sorted(TASK_FINAL))
@pytest.mark.parametrize("action", sorted({a for a, _, _ in TASK_EDGES}))
def test_nothing_leaves_a_final_task_state(final: TaskStatus, action: str) -> None:
    error = _raises(TASK_MACHINE, final, action)
    assert error.params["current"] == final.value


def test_an_unknown_action_says_so() -> None:
    error = _raises(TASK_MACHINE, TaskStatus.UNCLAIMED, "approve")
    assert error.params["target"] == "?"


@pytest.mark.parametrize(
    ("machine", "states", "start", "final"),
    [
        (CASE_MACHINE, CaseStatus, CaseStatus.ACCEPTED, CASE_FINAL),
        (TASK_MACHINE, TaskStatus, TaskStatus.UNCLAIMED, TASK_FINAL),
    ],
    ids=["case", "task"],
)
def test_every_state_is_reachable_and_only_final_states_are_dead_ends(
    machine: Any, states: Any, start: Any, final: set[Any]
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
    assert {s for s in states if not machine.allowed_actions(s)} == final


def test_a_machine_refuses_two_edges_for_one_action() -> None:
    with pytest.raises(ValueError, match="two transitions"):
        StateMachine(
            "x",
            [
                Transition("go", TaskStatus.UNCLAIMED, TaskStatus.IN_REVIEW),
                Transition("go", TaskStatus.UNCLAIMED, TaskStatus.SUSPENDED),
            ],
        )
