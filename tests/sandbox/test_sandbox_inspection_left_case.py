"""A department that left a case (its task transferred away) no longer acts on its inspection.

It organised the joint inspection and confirmed the slot; once it is off
the case it sees none of the case's records (the feed's scope) and may not
reschedule — an SMS to the applicant —, confirm, record its part or cancel:
the inspection is the receiving department's now (test_sandbox_inspection_hand_over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import (
    Client,
    case_departments,
    demo_clock,
    demo_data,
    start,
    user,
    version,
)

from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=10)
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    # On the demo's day: the platform refuses visits before its own time.
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def _slot(sandbox: Sandbox, case_code: str, days_before: int) -> dict[str, str]:
    stored = sandbox.platform.record("case", case_code)
    assert stored is not None
    day = dt.date.fromisoformat(stored.body["due_date"]) - dt.timedelta(days=days_before)
    starts = dt.datetime.combine(day, dt.time(9), CST)
    return {"starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=2)).isoformat()}


def _applied(result: dict[str, Any]) -> dict[str, Any]:
    assert result["status"] == "applied", result
    return result


def test_a_department_that_left_the_case_cannot_run_its_inspection(sandbox: Sandbox) -> None:
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
    leaving = min({t.department_code for t in DEMO.tasks if t.case_code == case.case_code}
                  - {case.lead_department})
    receiver = next(d.code for d in DEMO.departments
                    if d.code not in case_departments(DEMO, case.case_code))
    inspector = Client(sandbox.url, user(DEMO, leaving, "inspector")).login()
    reviewer = Client(sandbox.url, user(DEMO, leaving)).login()

    requested = _applied(inspector.command("inspection.request", "case", case.case_code, 0, {
        "department_code": leaving, "reason": "核查经营场所", "checklist": ["要点一"]}))
    inspection = next(r for r in requested["related"] if r["entity"] == "inspection")
    iid = inspection["id"]
    assert inspection["lead_department"] == leaving  # it asked alone: it organises
    _applied(inspector.command("inspection.propose", "inspection", iid,
                               version(sandbox, "inspection", iid),
                               {**_slot(sandbox, case.case_code, 1),
                                "inspectors": [inspector.username]}))
    confirmed = _applied(inspector.command("inspection.confirm", "inspection", iid, 0,
                                           {"department_code": leaving, "proposal": 1}))
    assert confirmed["record"]["status"] == "confirmed"

    task = next(t for t in DEMO.tasks
                if t.case_code == case.case_code and t.department_code == leaving)
    _applied(reviewer.command("task.transfer", "review_task", task.id,
                              version(sandbox, "review_task", task.id),
                              {"to_department": receiver}))
    with sandbox.platform.engine.connect() as conn:
        assert leaving not in Ledger(conn).case_departments(case.case_code)
    handed = sandbox.platform.record("inspection", iid)
    assert handed is not None and handed.body["lead_department"] == receiver

    notifications = len(sandbox.platform._records("notification"))
    tries = [
        ("inspection.reschedule", "inspection", iid,
         {**_slot(sandbox, case.case_code, 2), "inspectors": [inspector.username],
          "reason": "改期"}),
        ("inspection.confirm", "inspection", iid, {"department_code": leaving, "proposal": 1}),
        ("inspection.decline", "inspection", iid,
         {"department_code": leaving, "proposal": 1, "reason": "不去了"}),
        ("inspection.record_part", "inspection_part", f"{iid}--{leaving}",
         {"lines": [{"item": "要点一", "verdict": "pass", "note": ""}], "result": "pass",
          "confirm": True}),
        ("inspection.cancel", "inspection", iid, {"reason": "已离开本件"}),
    ]
    for kind, entity, id, payload in tries:
        result = inspector.command(kind, entity, id, version(sandbox, entity, id), payload)
        assert result["status"] == "refused" and result["error"]["code"] == "forbidden", (
            kind, result)
    stored = sandbox.platform.record("inspection", iid)
    assert stored is not None and stored.body == handed.body
    assert len(sandbox.platform._records("notification")) == notifications  # no SMS
