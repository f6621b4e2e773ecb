"""Extensions (行政许可法 Art. 42): once per case, at most 10 or 15 working days, told.

On fresh cases of several departments (joint handling: 15 days); a case
becomes one department's when the other transfers its task to the lead
(10 days). Both limits are checked on request and again on approval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_clock, demo_data, start, user, version

from backoffice.domain.calendar import default_calendar
from backoffice.domain.model import Case, ReviewTask
from backoffice.sandbox import timing
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=4)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    # On the demo's day: on the machine's, every demo case is long past its
    # deadline, and Art. 42 allows no extension then (test_sandbox_deadline_period).
    yield from start(tmp_path_factory, DEMO, demo_clock())


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _tasks(case: Case) -> dict[str, ReviewTask]:
    return {t.department_code: t for t in DEMO.tasks if t.case_code == case.case_code}


def _notifications(sandbox: Sandbox, code: str) -> list[dict[str, Any]]:
    with sandbox.platform.engine.connect() as conn:
        return [s.body for s in Ledger(conn).of_case(code, "notification")]


def _ask(client: Any, code: str, days: int) -> dict[str, Any]:
    result: dict[str, Any] = client.command("extension.request", "case", code, 0,
                                            {"working_days": days, "reason": "需专家论证"})
    return result


def _approve(signer: Any, asked: dict[str, Any]) -> dict[str, Any]:
    ext = asked["record"]
    result: dict[str, Any] = signer.command("extension.approve", "extension", ext["id"],
                                            ext["version"])
    return result


def test_a_joint_case_is_extended_once_by_at_most_15_days_and_the_applicant_told(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    assert len(_tasks(case)) > 1
    code = case.case_code
    reviewer = login(user(DEMO, case.lead_department))
    signer = login(user(DEMO, case.lead_department, "signer"))
    over = _ask(reviewer, code, 16)
    assert over["status"] == "refused"
    assert over["error"]["code"] == "extension.over_limit"
    assert over["error"]["details"]["limit"] == 15
    first, second = _ask(reviewer, code, 15), _ask(reviewer, code, 5)
    assert first["status"] == second["status"] == "applied"
    before = sandbox.platform.record("case", code)
    assert before is not None
    approved = _approve(signer, first)
    assert approved["status"] == "applied", approved
    after = sandbox.platform.record("case", code)
    assert after is not None and after.body["due_date"] > before.body["due_date"]
    told = [n for n in _notifications(sandbox, code) if "延长" in n["text"]]
    assert len(told) == 1
    assert "15个工作日" in told[0]["text"] and "需专家论证" in told[0]["text"]
    assert after.body["due_date"] in told[0]["text"]  # the new date, as the platform has it
    again = _approve(signer, second)
    assert again["status"] == "refused"
    assert again["error"]["code"] == "extension.already_extended"
    more = _ask(reviewer, code, 1)
    assert more["error"]["code"] == "extension.already_extended"
    final = sandbox.platform.record("case", code)
    assert final is not None and final.body["due_date"] == after.body["due_date"]


def test_a_case_of_one_department_is_extended_by_at_most_10_days(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(3)
    code, lead = case.case_code, case.lead_department
    reviewer, signer = login(user(DEMO, lead)), login(user(DEMO, lead, "signer"))
    asked = _ask(reviewer, code, 15)  # still joint: allowed when asked
    assert asked["status"] == "applied", asked
    for other, task in _tasks(case).items():
        if other == lead:
            continue
        moved = login(user(DEMO, other)).command(
            "task.transfer", "review_task", task.id, version(sandbox, "review_task", task.id),
            {"to_department": lead, "reason": "不属本部门职责"})
        assert moved["status"] == "applied", moved
    # Now the lead handles it alone: the limit at approval is 10.
    refused = _approve(signer, asked)
    assert refused["error"]["code"] == "extension.over_limit"
    assert refused["error"]["details"]["limit"] == 10
    assert _ask(reviewer, code, 11)["error"]["code"] == "extension.over_limit"
    assert _approve(signer, _ask(reviewer, code, 10))["status"] == "applied"


def test_only_one_approved_extension_moves_the_deadline() -> None:
    # A second one approved before the once-only rule existed does not count.
    case = {"accepted_at": "2025-03-03T10:00:00+08:00", "promised_days": 10}
    one = [{"id": "a", "status": "approved", "working_days": 10, "approved_on": "2025-03-05"}]
    two = [*one, {"id": "b", "status": "approved", "working_days": 10,
                  "approved_on": "2025-03-06"}]
    today = dt.date(2025, 3, 7)
    alone = timing.case_due(case, [], one, default_calendar(), today)
    assert alone > timing.case_due(case, [], [], default_calendar(), today)
    assert timing.case_due(case, [], two, default_calendar(), today) == alone


def test_an_approval_on_a_stale_version_is_a_conflict_and_changes_nothing(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(1)
    code, lead = case.case_code, case.lead_department
    reviewer = login(user(DEMO, lead))
    signers = [u.username for u in DEMO.users if u.department_code == lead
               and "signer" in u.roles]
    asked = _ask(reviewer, code, 5)
    assert asked["status"] == "applied", asked
    ext = asked["record"]
    before = sandbox.platform.record("case", code)
    assert before is not None
    # A base the extension never had (an approval made on a copy older than the request).
    stale = login(signers[0]).command("extension.approve", "extension", ext["id"],
                                      ext["version"] - 1)
    assert stale["status"] == "conflict", stale
    assert stale["record"]["id"] == ext["id"]
    assert stale["record"]["status"] == "requested"
    assert stale["record"]["version"] == ext["version"]
    unchanged = sandbox.platform.record("case", code)
    assert unchanged is not None and unchanged.body["due_date"] == before.body["due_date"]
    assert not [n for n in _notifications(sandbox, code) if "延长" in n["text"]]
    approved = _approve(login(signers[0]), asked)
    assert approved["status"] == "applied", approved
    # Another approval of the same request, made on the copy before the first
    # landed, is a conflict with the approved record, as any command on a changed one.
    late = _approve(login(signers[-1]), asked)
    assert late["status"] == "conflict", late
    assert late["record"]["status"] == "approved"
    assert late["record"]["approved_by"] == _name(signers[0])
    assert len([n for n in _notifications(sandbox, code) if "延长" in n["text"]]) == 1


def _name(username: str) -> str:
    return next(u.display_name for u in DEMO.users if u.username == username)


def test_who_asked_and_who_approved_are_named_as_in_the_demo_data(
        sandbox: Sandbox, login: Any) -> None:
    # QA: a live request read "scjg.cc.reviewer2 申请延期" and was approved by
    # "scjg.cc.signer1", where the demo's extensions name people (苏建（演示）).
    case = _case(2)
    code, lead = case.case_code, case.lead_department
    asker, approver = user(DEMO, lead), user(DEMO, lead, "signer")
    asked = _ask(login(asker), code, 5)
    assert asked["record"]["requested_by"] == _name(asker)
    approved = _approve(login(approver), asked)
    assert approved["record"]["approved_by"] == _name(approver), approved
    events = login(asker).get(f"/cases/{code}/timeline").json()["events"]
    actors = {e["kind"]: e["actor"] for e in events if e["kind"].startswith("extension_")}
    assert actors == {"extension_requested": _name(asker),
                      "extension_approved": _name(approver)}
