"""The live desk plays the other departments on a trainee's case, so the lead can issue
the one combined correction notice, and decide the case once every opinion is in
(sandbox on loopback, real SQLite, the real API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from support.sandbox_env import TODAY, Client, demo_data, seed_file, user

from backoffice.domain.model import Verdict
from backoffice.sandbox import db
from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.live import LiveDesk, Odds
from backoffice.sandbox.live_colleagues import Pace
from backoffice.sandbox.server import Sandbox, running_sandbox

QUIET = Odds(new_case=0.0, answer=0.0, end_procedure=0.0, own_case=0.0)
# Nobody finds a defect: the case goes straight on to its decision.
AGREEING = Pace(correction=0.0)


class _Clock:
    """The platform's time, moved on by the test (no waiting)."""

    def __init__(self) -> None:
        self.now = dt.datetime.combine(TODAY, dt.time(9, 30), dt.timezone(dt.timedelta(hours=8)))

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[tuple[Sandbox, _Clock]]:
    clock = _Clock()
    path = seed_file(tmp_path / "platform.sqlite3", demo_data(fresh=2))
    with running_sandbox(str(path), clock=clock) as running:
        yield running, clock


def _records(sandbox: Sandbox, code: str, entity: str) -> list[dict]:  # type: ignore[type-arg]
    with sandbox.platform.engine.connect() as conn:
        return [s.body for s in Ledger(conn).of_case(code, entity)]


def _issue(client: Client, sandbox: Sandbox, code: str) -> dict:  # type: ignore[type-arg]
    draft = next(n for n in _records(sandbox, code, "correction_notice")
                 if n["status"] == "draft")
    return client.command("correction_notice.issue", "correction_notice", draft["id"],
                          int(draft["version"]), {})


def _fresh_case(running: Sandbox) -> tuple[DemoData, str, str, set[str]]:
    """The demo data, its first fresh case, that case's lead and its other departments."""
    data = demo_data(fresh=2)
    code = data.fresh_cases[0]
    case = running.platform.record("case", code)
    assert case is not None
    lead = case.body["lead_department"]
    others = {t["department_code"] for t in _records(running, code, "review_task")} - {lead}
    assert others  # a case with other departments on it
    return data, code, lead, others


def test_other_departments_review_so_the_lead_can_issue_the_combined_notice(
        sandbox: tuple[Sandbox, _Clock]) -> None:
    running, clock = sandbox
    data, code, lead, others = _fresh_case(running)
    trainee = Client(running.url, user(data, lead)).login()

    # The trainee, as the lead's reviewer: claims, finds a defect, drafts the notice.
    task = next(t for t in _records(running, code, "review_task")
                if t["department_code"] == lead)
    assert trainee.command("task.claim", "review_task", task["id"],
                           int(task["version"]), {})["status"] == "applied"
    own = [x for x in _records(running, code, "material") if x["department_code"] == lead]
    for n, material in enumerate(own):
        base = int(material["version"])
        for check in material["checks"]:
            verdict = Verdict.FAIL if n == 0 else Verdict.PASS
            done = trainee.command("material.verdict", "material", material["id"], base,
                                   {"check": check["check"], "verdict": verdict.value,
                                    "note": "缺少申请人签字"})
            assert done["status"] == "applied", done
            base = int(done["record"]["version"])
    task = next(t for t in _records(running, code, "review_task") if t["id"] == task["id"])
    done = trainee.command("task.request_correction", "review_task", task["id"],
                           int(task["version"]), {"items": [{
                               "material_name": own[0]["name"], "department_code": lead,
                               "reason": "缺少申请人签字"}]})
    assert done["status"] == "applied", done
    refused = _issue(trainee, running, code)
    assert refused["status"] != "applied"  # the other departments have not reviewed

    desk = LiveDesk(running.platform, seed=4, clock=clock, odds=QUIET)
    desk.play_colleagues_of(lead)
    assert desk.step() == [] or all(k != "colleague_claimed" for k, _ in desk.step())
    events = []
    for _ in range(40):  # a simulated minute a tick
        clock.now += dt.timedelta(minutes=1)
        events += desk.step()
    tasks = _records(running, code, "review_task")
    theirs = [t for t in tasks if t["department_code"] in others and t["status"] != "transferred"]
    assert theirs and all(t["status"] in ("in_review", "opinion_given") for t in theirs)
    assert all(t["assignee"] and t["assignee"] != trainee.username for t in theirs)
    # Every check of theirs has its verdict; what they found is in the one draft.
    assert all(c["verdict"] != "pending" for x in _records(running, code, "material")
               if x["department_code"] in others for c in x["checks"])
    # The lead's own task was never touched by the desk.
    mine = next(t for t in tasks if t["department_code"] == lead)
    assert mine["assignee"] == trainee.username and mine["status"] == "in_review"
    assert {k for k, _ in events} >= {"colleague_claimed", "colleague_reviewed"}

    trainee = Client(running.url, user(data, lead)).login()  # its token aged 40 minutes
    issued = _issue(trainee, running, code)
    assert issued["status"] == "applied", issued
    assert running.platform.record("case", code).body["status"] == "awaiting_applicant"  # type: ignore[union-attr]


def test_colleagues_take_a_few_minutes(sandbox: tuple[Sandbox, _Clock]) -> None:
    running, clock = sandbox
    data = demo_data(fresh=2)
    code = data.fresh_cases[0]
    lead = running.platform.record("case", code).body["lead_department"]  # type: ignore[union-attr]
    desk = LiveDesk(running.platform, seed=4, clock=clock, odds=QUIET)
    desk.play_colleagues_of(lead)
    assert desk.step() == []  # seen now: nobody claims in the same minute
    clock.now += dt.timedelta(minutes=1)
    assert not [e for e in desk.step() if e[0] == "colleague_claimed"]
    clock.now += dt.timedelta(minutes=10)
    assert [e for e in desk.step() if e[0] == "colleague_claimed"]


def test_a_desk_without_a_trainee_plays_nobody(sandbox: tuple[Sandbox, _Clock]) -> None:
    running, clock = sandbox
    desk = LiveDesk(running.platform, seed=4, clock=clock, odds=QUIET)
    for _ in range(3):
        clock.now += dt.timedelta(minutes=30)
        assert desk.step() == []


def _review(trainee: Client, sandbox: Sandbox, code: str, department: str) -> None:
    """The trainee's department's review: claimed, every check passed, its opinion given."""
    task = next(t for t in _records(sandbox, code, "review_task")
                if t["department_code"] == department)
    assert trainee.command("task.claim", "review_task", task["id"],
                           int(task["version"]), {})["status"] == "applied"
    for material in _records(sandbox, code, "material"):
        if material["department_code"] != department:
            continue
        base = int(material["version"])
        for check in material["checks"]:
            if check["verdict"] != Verdict.PENDING.value:
                continue
            done = trainee.command("material.verdict", "material", material["id"], base,
                                   {"check": check["check"], "verdict": Verdict.PASS.value})
            assert done["status"] == "applied", done
            base = int(done["record"]["version"])
    task = next(t for t in _records(sandbox, code, "review_task") if t["id"] == task["id"])
    done = trainee.command("task.give_opinion", "review_task", task["id"], int(task["version"]),
                           {"opinion": "经审查，本部门同意。"})
    assert done["status"] == "applied", done


def test_the_lead_decides_seals_and_issues_once_every_opinion_is_in(
        sandbox: tuple[Sandbox, _Clock]) -> None:
    running, clock = sandbox
    data, code, lead, others = _fresh_case(running)
    department = min(others)  # the trainee's: on the case, not its lead
    trainee = Client(running.url, user(data, department)).login()
    running.platform.signing.delay = 60.0  # the service seals a minute after it is asked

    desk = LiveDesk(running.platform, seed=4, clock=clock, odds=QUIET)
    desk.play_colleagues_of(department, pace=AGREEING)
    _review(trainee, running, code, department)
    events = []
    for _ in range(120):  # a simulated minute a tick
        clock.now += dt.timedelta(minutes=1)
        events += desk.step()
        if running.platform.record("case", code).body["status"] == "issued":  # type: ignore[union-attr]
            break
    assert running.platform.record("case", code).body["status"] == "issued"  # type: ignore[union-attr]
    [decision] = _records(running, code, "decision")
    assert decision["status"] == "issued" and decision["department_code"] == lead
    assert decision["kind"] == "grant" and decision["joint"] is True
    assert decision["document_number"] and decision["document_sha256"]
    assert decision["delivery"] in ("online", "window")
    # Each step its own tick, in the order the desk of a lead goes.
    mine = [kind for kind, id in events if id in (code, decision["id"])]
    assert mine == ["colleague_drafted", "colleague_seal_asked", "colleague_sealed",
                    "colleague_issued_decision"]
    # Drafted, sealed and issued by the lead's own people, none by the trainee.
    assert decision["drafted_by"] != trainee.username
    assert decision["sealed_by"] == user(data, lead, "signer")

    # The trainee sees the end of the flow in their own feed: the decision and the case.
    trainee = Client(running.url, user(data, department)).login()  # its token aged
    seen, _ = trainee.pull_all()
    assert seen[("decision", decision["id"])]["record"]["status"] == "issued"
    assert seen[("case", code)]["record"]["status"] == "issued"


def test_the_trainees_own_lead_cases_are_theirs_to_decide(
        sandbox: tuple[Sandbox, _Clock]) -> None:
    running, clock = sandbox
    data, code, lead, _ = _fresh_case(running)
    desk = LiveDesk(running.platform, seed=4, clock=clock, odds=QUIET)
    desk.play_colleagues_of(lead, pace=AGREEING)
    trainee = Client(running.url, user(data, lead)).login()
    _review(trainee, running, code, lead)
    for _ in range(60):
        clock.now += dt.timedelta(minutes=1)
        desk.step()
    assert running.platform.record("case", code).body["status"] == "deciding"  # type: ignore[union-attr]
    assert _records(running, code, "decision") == []


# Every department the desk plays finds a defect: the lead's draft has items at once.
FINDING = Pace(correction=1.0)


def _refused_commands(sandbox: Sandbox) -> list[tuple[str, str]]:
    """The platform's command log: (kind, author) of every command it refused."""
    cr = db.command_results.c
    with sandbox.platform.engine.connect() as conn:
        return [(r.kind, r.author) for r in conn.execute(
            select(cr.kind, cr.author).where(cr.status != "applied"))]


def test_the_lead_issues_the_notice_only_once_the_trainee_has_reviewed(
        sandbox: tuple[Sandbox, _Clock]) -> None:
    running, clock = sandbox
    data, code, _, others = _fresh_case(running)
    department = min(others)  # the trainee's: on the case, not its lead
    desk = LiveDesk(running.platform, seed=4, clock=clock, odds=QUIET)
    desk.play_colleagues_of(department, pace=FINDING)
    for _ in range(120):  # the trainee has not looked at the case yet
        clock.now += dt.timedelta(minutes=1)
        desk.step()
    [draft] = _records(running, code, "correction_notice")
    assert draft["status"] == "draft" and draft["items"]
    # The lead waits for the trainee's review: nothing it was refused fills the
    # command log a trainee and a trainer read.
    assert _refused_commands(running) == []

    trainee = Client(running.url, user(data, department)).login()
    _review(trainee, running, code, department)
    events = []
    for _ in range(30):
        clock.now += dt.timedelta(minutes=1)
        events += desk.step()
    assert ("colleague_issued", draft["id"]) in events
    [notice] = _records(running, code, "correction_notice")
    assert notice["status"] == "issued"
    assert _refused_commands(running) == []
