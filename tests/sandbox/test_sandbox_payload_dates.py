"""Days and times in command payloads: refused outside the years a person can mean.

A ``case.suspend`` dated 0001-01-01 was applied and the case's deadlines
were computed from year 1. Every payload day and time is held to the years
2000–2099 (as ``created_at``), and a suspension to the case's acceptance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_clock, start, user, version
from test_sandbox_inspections import DEMO, _case, _joint, _propose

from backoffice.domain.clock import to_shanghai_date
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _refused_on(result: dict[str, Any], field: str) -> None:
    assert result["status"] == "refused", result
    assert result["error"]["code"] == "command.bad_payload", result
    assert result["error"]["details"]["field"] == field


def _suspend(sandbox: Sandbox, client: Any, code: str, started_on: str) -> dict[str, Any]:
    return client.command("case.suspend", "case", code, version(sandbox, "case", code),
                          {"procedure": "expert_review", "started_on": started_on,
                           "reason": "专家评审"})


def test_a_suspension_outside_the_years_before_acceptance_or_ahead_is_refused(
        sandbox: Sandbox, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo's day: on the machine's the deadline has passed, and a stop
    # dated back into it is refused for that (test_sandbox_deadline_period).
    monkeypatch.setattr(sandbox.platform, "clock", demo_clock())
    case = _case(5)
    code = case.case_code
    client = login(user(DEMO, case.lead_department))
    task = next(t.id for t in DEMO.tasks
                if t.case_code == code and t.department_code == case.lead_department)
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed  # the case is in review: it may stop
    before = sandbox.platform.record("case", code)
    assert before is not None
    accepted = to_shanghai_date(dt.datetime.fromisoformat(before.body["accepted_at"]))
    day_before = (accepted - dt.timedelta(days=1)).isoformat()
    for started_on in ("0001-01-01", "1999-12-31", "2100-01-01"):
        _refused_on(_suspend(sandbox, client, code, started_on), "started_on")
    # Before the acceptance, or after the platform's today (2099 typed for 2026).
    tomorrow = (sandbox.platform.today() + dt.timedelta(days=1)).isoformat()
    for started_on in (day_before, tomorrow, "2099-12-31"):
        outside = _suspend(sandbox, client, code, started_on)
        assert outside["status"] == "refused", outside
        assert outside["error"]["code"] == "special_procedure.outside_dates", outside
    after = sandbox.platform.record("case", code)
    assert after is not None and after.body == before.body  # nothing moved
    suspended = _suspend(sandbox, client, code, accepted.isoformat())
    assert suspended["status"] == "applied", suspended
    proc = suspended["record"]
    late = client.command("special_procedure.end", "special_procedure", proc["id"],
                          proc["version"], {"ended_on": "2100-01-01"})
    _refused_on(late, "ended_on")
    ahead = client.command("special_procedure.end", "special_procedure", proc["id"],
                           proc["version"], {"ended_on": tomorrow})
    assert ahead["error"]["code"] == "special_procedure.outside_dates", ahead
    ended = client.command("special_procedure.end", "special_procedure", proc["id"],
                           proc["version"], {"ended_on": accepted.isoformat()})
    assert ended["status"] == "applied", ended


@pytest.mark.parametrize(("field", "value"), [
    ("starts_at", "0001-01-01T00:00:00+14:00"),
    ("ends_at", "2100-01-01T08:00:00+08:00"),
])
def test_an_inspection_slot_outside_the_years_is_refused(
        sandbox: Sandbox, login: Any, field: str, value: str) -> None:
    n = {"starts_at": 1, "ends_at": 2}[field]
    case, departments, clients = _joint(sandbox, login, n)
    proposed = _propose(sandbox, clients[departments[0]], case, departments, **{field: value})
    _refused_on(proposed, field)


def test_a_decision_report_day_outside_the_years_is_refused(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(3)
    client = login(user(DEMO, case.lead_department))
    drafted = client.command("decision.draft", "case", case.case_code, 0, {
        "kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条",
        "report_by": "2100-01-01"})  # year 1 is refused as overdue anyway
    _refused_on(drafted, "report_by")
