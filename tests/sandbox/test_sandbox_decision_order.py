"""The platform decides in the procedure's order (逆程序 refused, 11.3 b).

A grant, refusal or escalation on a case whose departments have not all
given their opinion is neither submitted, nor sealed by the signing service,
nor issued (9.5.4.1); a refusal of acceptance comes within five working days
of acceptance (9.3.3, 行政许可法 Art. 32); an escalation is reported within
the time limit (9.5.4.3). Each test takes its own just-routed case.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import Client, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.domain.deadlines import due_date
from backoffice.domain.model import Case
from backoffice.sandbox.decisions import link
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox

FRESH = 6
DEMO = demo_data(fresh=FRESH)
CST = dt.timezone(dt.timedelta(hours=8))
GRANT = {"kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条"}


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST)

    def __call__(self) -> dt.datetime:
        return self.now


CLOCK = Clock()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=CLOCK)


@pytest.fixture(autouse=True)
def _seed_day() -> None:
    CLOCK.now = dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST)


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _name(code: str) -> str:
    return next(d.name for d in DEMO.departments if d.code == code)


def _departments(case: Case) -> list[str]:
    return sorted({t.department_code for t in DEMO.tasks if t.case_code == case.case_code})


def _login(sandbox: Sandbox, department: str, role: str = "reviewer") -> Client:
    return Client(sandbox.url, user(DEMO, department, role)).login()


def _draft(client: Client, case: Case, **payload: Any) -> dict[str, Any]:
    return client.command("decision.draft", "case", case.case_code, 0,
                          {**GRANT, "submit": True, **payload})


def _status(sandbox: Sandbox, entity: str, id: str) -> str:
    return str(sandbox.platform.record(entity, id).body["status"])


def _opinions(sandbox: Sandbox, case: Case) -> None:
    for task in [t for t in DEMO.tasks if t.case_code == case.case_code]:
        client = _login(sandbox, task.department_code)
        for kind, payload in (("task.claim", {}), ("task.give_opinion", {"opinion": "同意。"})):
            if kind == "task.give_opinion":
                pass_on_platform(sandbox, client, task.id)
            r = client.command(kind, "review_task", task.id,
                               version(sandbox, "review_task", task.id), payload)
            assert r["status"] == "applied", r


def test_nobody_reviewed_the_case_so_no_decision_is_submitted(sandbox: Sandbox) -> None:
    case = _case(0)
    reviewer = _login(sandbox, case.lead_department)
    for kind in ("grant", "refuse", "escalate"):
        r = _draft(reviewer, case, kind=kind, joint=False, reasons="场所不符合要求",
                   report_by="2025-03-17")
        assert r["status"] == "refused", r
        assert r["error"]["code"] == "decision.opinions_pending"
        # Named as a person knows them; the codes kept beside the names.
        names = [_name(c) for c in _departments(case)]
        assert r["error"]["details"]["departments"] == names
        assert r["error"]["details"]["department_codes"] == _departments(case)
        assert "、".join(names) in r["error"]["message"]["zh"], r
    # A draft may wait for the opinions; submitting it may not.
    r = _draft(reviewer, case, submit=False)
    assert r["status"] == "applied" and r["record"]["status"] == "draft", r
    draft = r["record"]
    r = reviewer.command("decision.submit", "decision", draft["id"], draft["version"])
    assert r["status"] == "refused" and r["error"]["code"] == "decision.opinions_pending", r
    assert _status(sandbox, "case", case.case_code) == "routed"
    assert _status(sandbox, "decision", draft["id"]) == "draft"


def test_a_review_reopened_after_submitting_stops_the_seal(sandbox: Sandbox) -> None:
    case = _case(1)
    _opinions(sandbox, case)
    assert _status(sandbox, "case", case.case_code) == "deciding"
    r = _draft(_login(sandbox, case.lead_department), case, joint=False)
    assert r["status"] == "applied", r
    decision = r["record"]
    other = next(t for t in DEMO.tasks
                 if t.case_code == case.case_code and t.department_code != case.lead_department)
    reopened = _login(sandbox, other.department_code).command(
        "task.reopen", "review_task", other.id, version(sandbox, "review_task", other.id))
    assert reopened["status"] == "applied", reopened
    # The case waits for that opinion again, not for the decision.
    assert _status(sandbox, "case", case.case_code) == "in_review"

    signer = _login(sandbox, case.lead_department, "signer")
    sandbox.platform.signing.delay = 0
    rid = str(uuid.uuid4())
    assert signer.post("/signing-requests", {"id": rid, "decision_id": decision["id"]}) \
        .status_code == 202
    done = signer.get(f"/signing-requests/{rid}").json()
    assert done["status"] == "refused", done
    assert done["error"]["code"] == "decision.opinions_pending"
    assert done["error"]["details"]["departments"] == [_name(other.department_code)]
    assert done["document_number"] is None
    assert _status(sandbox, "decision", decision["id"]) == "submitted"
    given = _login(sandbox, other.department_code).command(
        "task.give_opinion", "review_task", other.id, version(sandbox, "review_task", other.id),
        {"opinion": "同意。"})
    assert given["status"] == "applied", given
    assert _status(sandbox, "case", case.case_code) == "deciding"  # the opinions are in again


def test_a_decision_sealed_out_of_order_is_not_issued(sandbox: Sandbox) -> None:
    """One sealed on a routed case before the rule (the QA's repro): it stays with us."""
    case = _case(2)
    r = _draft(_login(sandbox, case.lead_department), case, submit=False)
    assert r["status"] == "applied", r
    sha = "ab" * 32
    with sandbox.platform.engine.begin() as conn:
        ledger = Ledger(conn)
        stored = ledger.get("decision", r["record"]["id"])
        assert stored is not None
        ledger.put("decision", {**stored.body, "status": "sealed", "document_sha256": sha,
                                "document_number": "X许〔2025〕99号", "decided_on": "2025-03-03"},
                   department_code=stored.department_code)
        link(conn, sha, stored.id)
    signer = _login(sandbox, case.lead_department, "signer")
    issued = signer.command("decision.issue", "decision", r["record"]["id"],
                            version(sandbox, "decision", r["record"]["id"]))
    assert issued["status"] == "refused", issued
    assert issued["error"]["code"] == "decision.case_not_decided"
    assert _status(sandbox, "case", case.case_code) == "routed"
    assert _status(sandbox, "decision", r["record"]["id"]) == "sealed"


def test_a_refusal_of_acceptance_comes_within_five_working_days(sandbox: Sandbox) -> None:
    case = _case(3)
    accepted = case.accepted_at.astimezone(CST).date()
    refusal = {"kind": "refuse_acceptance", "reasons": "申请事项不属于本机关职权范围。",
               "legal_basis": "《中华人民共和国行政许可法》第三十二条第一款", "submit": False}
    last = due_date(accepted, 5, calendar=sandbox.platform.calendar)
    CLOCK.now = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(9), tzinfo=CST)
    reviewer = _login(sandbox, case.lead_department)  # signed in on the day
    late = _draft(reviewer, case, **refusal)
    assert late["status"] == "refused", late
    assert late["error"]["code"] == "decision.acceptance_period_over"
    assert late["error"]["details"]["last_day"] == last.isoformat()
    CLOCK.now = dt.datetime.combine(last, dt.time(17), tzinfo=CST)
    in_time = _draft(_login(sandbox, case.lead_department), case, **refusal)
    assert in_time["status"] == "applied", in_time


def test_an_escalation_reported_after_the_deadline_is_refused(sandbox: Sandbox) -> None:
    case = _case(4)
    _opinions(sandbox, case)
    due = sandbox.platform.record("case", case.case_code).body["due_date"]
    reviewer = _login(sandbox, case.lead_department)
    late = _draft(reviewer, case, kind="escalate", report_by="2025-12-31")
    assert late["status"] == "refused", late
    assert late["error"]["code"] == "decision.report_by_outside"
    assert late["error"]["details"]["latest"] == due
    on_time = _draft(reviewer, case, kind="escalate", report_by=due)
    assert on_time["status"] == "applied", on_time


def test_the_signing_service_counts_in_the_platforms_calendar(sandbox: Sandbox) -> None:
    # A seal through the service and a seal command check the same working days
    # (a refusal of acceptance's five, an escalation's report date): one calendar.
    platform = sandbox.platform
    assert platform.signing._calendar is platform.calendar
