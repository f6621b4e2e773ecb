"""A case past review takes no review-task step (the QA's repro: reopened after issue).

Decided, reported, issued, refused acceptance, archived or withdrawn: the
platform refuses every ``task.*`` command with ``task.case_past_review`` and
keeps the task as it was. A case in ``deciding`` still lets a department
reopen its review (the case goes back to ``in_review``).
"""

from __future__ import annotations

from typing import Any

import pytest
from support.sandbox_env import version

from backoffice.domain.states import CASE_PAST_REVIEW, CaseStatus
from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.server import Sandbox


def _task_on(demo: DemoData, status: CaseStatus) -> tuple[str, str, str]:
    """A task (id, department, case code) on a demo case in ``status``."""
    cases = {c.case_code: c for c in demo.cases if c.status == status}
    task = next(t for t in demo.tasks if t.case_code in cases)
    return task.id, task.department_code, task.case_code


def _send(sandbox: Sandbox, demo: DemoData, login: Any, status: CaseStatus, kind: str,
          payload: dict[str, Any] | None = None) -> tuple[dict[str, Any], str, str]:
    """``kind`` by a reviewer of the task's department on a case in ``status``; the
    result, the task's id and the case's code."""
    task_id, department, case_code = _task_on(demo, status)
    reviewer = next(u.username for u in demo.users
                    if u.department_code == department and "reviewer" in u.roles)
    r = login(reviewer).command(kind, "review_task", task_id,
                                version(sandbox, "review_task", task_id), payload)
    return r, task_id, case_code


def test_the_statuses_past_review_are_those_after_the_decision_or_the_end() -> None:
    assert CASE_PAST_REVIEW == {
        CaseStatus.DECIDED, CaseStatus.REPORTED, CaseStatus.ISSUED, CaseStatus.NOT_ACCEPTED,
        CaseStatus.ARCHIVED, CaseStatus.WITHDRAWN}


@pytest.mark.parametrize("status", [CaseStatus.DECIDED, CaseStatus.REPORTED, CaseStatus.ISSUED,
                                    CaseStatus.ARCHIVED])
@pytest.mark.parametrize(("kind", "payload"), [
    ("task.reopen", {}), ("task.give_opinion", {"opinion": "同意。"}),
    ("task.transfer", {"to_department": "XF"}), ("task.claim", {})])
def test_a_task_of_a_case_past_review_takes_no_step(
        sandbox: Sandbox, demo: DemoData, login: Any, status: CaseStatus, kind: str,
        payload: dict[str, Any]) -> None:
    before = sandbox.platform.record("review_task", _task_on(demo, status)[0]).body
    r, task_id, case_code = _send(sandbox, demo, login, status, kind, payload)
    assert r["status"] == "refused", r
    assert r["error"]["code"] == "task.case_past_review"
    assert r["error"]["details"] == {"case_code": case_code, "current": status.value}
    assert case_code in r["error"]["message"]["zh"]
    assert sandbox.platform.record("review_task", task_id).body == before
    assert sandbox.platform.record("case", case_code).body["status"] == status.value


def test_a_refused_acceptance_ends_the_review_too(
        sandbox: Sandbox, demo: DemoData, login: Any) -> None:
    r, _, _ = _send(sandbox, demo, login, CaseStatus.NOT_ACCEPTED, "task.claim")
    assert r["status"] == "refused", r
    assert r["error"]["code"] == "task.case_past_review"
    assert r["error"]["details"]["current"] == "not_accepted"


def test_a_case_awaiting_its_decision_may_still_reopen_a_review(
        sandbox: Sandbox, demo: DemoData, login: Any) -> None:
    r, _, case_code = _send(sandbox, demo, login, CaseStatus.DECIDING, "task.reopen")
    assert r["status"] == "applied", r
    assert r["record"]["status"] == "in_review"
    assert sandbox.platform.record("case", case_code).body["status"] == "in_review"
