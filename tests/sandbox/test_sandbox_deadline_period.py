"""Once a case's deadline has passed: no extension, no procedure dated back into it.

行政许可法 Art. 42 lets the decision period be extended *within* it, and
Art. 45 stops the clock of a period still running. QA found an extension
asked and approved seven working days after the deadline (the overdue case
disappeared and the applicant was told a new date), and a special procedure
started on 1 December dated 18 November, the day before a deadline already
passed, which moved it to 3 December. The platform refuses both; a procedure
starting after the deadline is accepted and stops nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import DEMO_NOW, demo_data, start, user, version

from backoffice.domain.calendar import default_calendar
from backoffice.domain.model import Case
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=3)
CAL = default_calendar()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _on(sandbox: Sandbox, day: dt.date) -> None:
    """The platform's today becomes ``day`` (noon in Beijing)."""
    at = dt.datetime.combine(day, dt.time(12), DEMO_NOW.tzinfo)
    sandbox.platform.clock = lambda: at


def _due(sandbox: Sandbox, code: str) -> dt.date:
    case = sandbox.platform.record("case", code)
    assert case is not None
    return dt.date.fromisoformat(case.body["due_date"])


def _ask(client: Any, code: str, days: int = 5) -> dict[str, Any]:
    result: dict[str, Any] = client.command("extension.request", "case", code, 0,
                                            {"working_days": days, "reason": "需专家论证"})
    return result


def _claim(sandbox: Sandbox, client: Any, case: Case) -> None:
    task = next(t.id for t in DEMO.tasks
                if t.case_code == case.case_code and t.department_code == case.lead_department)
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed


def _suspend(sandbox: Sandbox, client: Any, code: str, started: dt.date) -> dict[str, Any]:
    result: dict[str, Any] = client.command(
        "case.suspend", "case", code, version(sandbox, "case", code),
        {"procedure": "expert_review", "started_on": started.isoformat(), "reason": "专家评审"})
    return result


def test_an_extension_is_refused_once_the_deadline_has_passed(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    code = case.case_code
    reviewer = login(user(DEMO, case.lead_department))
    signer = login(user(DEMO, case.lead_department, "signer"))
    due = _due(sandbox, code)
    try:
        _on(sandbox, due)  # the last day of the period: still within it
        reviewer = login(user(DEMO, case.lead_department))
        asked = _ask(reviewer, code)
        assert asked["status"] == "applied", asked
        late = CAL.add_working_days(due, 7)
        _on(sandbox, late)
        reviewer = login(user(DEMO, case.lead_department))  # signed in on the new day
        signer = login(user(DEMO, case.lead_department, "signer"))
        ext = asked["record"]
        approved = signer.command("extension.approve", "extension", ext["id"], ext["version"])
        assert approved["status"] == "refused", approved
        assert approved["error"]["code"] == "extension.after_deadline"
        assert approved["error"]["details"]["due"] == due.isoformat()
        assert due.isoformat() in approved["error"]["message"]["zh"]
        again = _ask(reviewer, code)
        assert again["status"] == "refused", again
        assert again["error"]["code"] == "extension.after_deadline"
        assert _due(sandbox, code) == due  # still overdue
    finally:
        _on(sandbox, DEMO_NOW.date())


def test_a_procedure_is_not_dated_back_into_a_period_that_has_run_out(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(1)
    code = case.case_code
    client = login(user(DEMO, case.lead_department))
    _claim(sandbox, client, case)
    due = _due(sandbox, code)
    try:
        late = CAL.add_working_days(due, 8)
        _on(sandbox, late)
        client = login(user(DEMO, case.lead_department))  # signed in on the new day
        for started in (CAL.previous_working_day(due), due):
            back = _suspend(sandbox, client, code, started)
            assert back["status"] == "refused", back
            assert back["error"]["code"] == "special_procedure.after_deadline"
            assert due.isoformat() in back["error"]["message"]["zh"]
        after = _suspend(sandbox, client, code, CAL.next_working_day(due))
        assert after["status"] == "applied", after  # allowed, and it stops nothing
        assert _due(sandbox, code) == due
        stored = sandbox.platform.record("case", code)
        assert stored is not None and stored.body["clock_stopped"] is False
    finally:
        _on(sandbox, DEMO_NOW.date())


def test_before_the_deadline_passes_both_are_still_allowed(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(2)
    code = case.case_code
    client = login(user(DEMO, case.lead_department))
    _claim(sandbox, client, case)
    due = _due(sandbox, code)
    try:
        _on(sandbox, due)
        client = login(user(DEMO, case.lead_department))
        back = _suspend(sandbox, client, code, CAL.previous_working_day(due))
        assert back["status"] == "applied", back
        assert _due(sandbox, code) > due
    finally:
        _on(sandbox, DEMO_NOW.date())
