"""A department that leaves a case by transfer hands its inspections to the receiver.

Once off the case it may not act on them any more (test_sandbox_inspection_left_case),
so the receiver takes its place — as organiser if it organised — and can plan,
cancel and record them; the case's decision is no longer held up for good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support.inspection_case import CST, DEMO, Case, applied
from support.inspection_case import refused as refused_with
from support.sandbox_env import start

from backoffice.sandbox.server import Sandbox


def _seed_day() -> dt.datetime:
    # The demo's day: its fresh cases are not overdue, so only the inspection
    # holds up their decision.
    return dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=_seed_day)


def test_the_receiver_organises_a_joint_inspection_its_predecessor_organised(
        sandbox: Sandbox) -> None:
    c = Case(sandbox, 0)
    organiser, other = c.others[:2]
    iid = c.request(organiser)
    assert c.request(other) == iid  # one joint inspection, organised by who asked first
    applied(c.act(organiser, "inspection.propose", iid, c.slot(3, organiser, other)))
    c.confirm(organiser, iid)
    c.confirm(other, iid)
    planned = c.inspection(iid)
    assert planned["status"] == "confirmed"
    told = len(c.notifications())
    _, cursor = c.login(c.receiver).pull_all()

    c.transfer(organiser)

    handed = c.inspection(iid)
    assert handed["lead_department"] == c.receiver
    assert handed["departments"] == [c.receiver, other]
    # The time stands; the receiver answers it like any newcomer, the other
    # department's confirmation kept; its predecessor's inspector is no longer sent.
    assert (handed["starts_at"], handed["status"]) == (planned["starts_at"], "proposed")
    assert handed["inspectors"] == [c.login(other).username]
    assert {a["department_code"]: a["answer"] for a in handed["answers"]} == {
        c.receiver: "pending", other: "confirmed"}
    assert len(c.notifications()) == told  # nothing changed for the applicant
    part = c.record_of("inspection_part", f"{iid}--{c.receiver}")
    assert [x["item"] for x in part["lines"]] == [f"{organiser} 要点"]

    # Through the change feed: the receiver gets the inspection and its parts,
    # the department that left is told it is out of its scope.
    seen, _ = c.login(c.receiver).pull_all(cursor)
    assert seen[("inspection", iid)]["record"]["lead_department"] == c.receiver
    assert ("inspection_part", f"{iid}--{c.receiver}") in seen
    gone, _ = c.login(organiser).pull_all()
    assert gone[("inspection", iid)]["change"] == "left_scope"

    refused = c.draft_decision()
    assert refused["error"]["code"] == "decision.inspection_unfinished", refused
    # Nobody of the receiver is on the team: confirmed so, the applicant would be told
    # it comes. It proposes the time again with one of its own inspectors first.
    alone = c.act(c.receiver, "inspection.confirm", iid, {
        "department_code": c.receiver, "proposal": handed["proposal"]})
    code, details = refused_with(alone)
    assert code == "inspection.confirm_without_inspector"
    assert details["department_code"] == c.receiver
    assert c.inspection(iid)["status"] == "proposed"
    applied(c.act(c.receiver, "inspection.reschedule", iid,
                   {**c.slot(4, c.receiver, other), "reason": "勘察部门调整"}))
    c.confirm(c.receiver, iid)
    c.confirm(other, iid)
    assert c.inspection(iid)["status"] == "confirmed"
    c.record(other, iid)
    c.record(c.receiver, iid)
    assert c.inspection(iid)["status"] == "recorded"
    applied(c.draft_decision())


def test_a_lone_organiser_leaving_drops_the_slot_and_the_receiver_cancels(
        sandbox: Sandbox) -> None:
    c = Case(sandbox, 2)
    leaving = c.others[0]
    iid = c.request(leaving)
    applied(c.act(leaving, "inspection.propose", iid, c.slot(5, leaving)))
    c.confirm(leaving, iid)
    told = len(c.notifications())

    c.transfer(leaving)

    handed = c.inspection(iid)
    # Nobody of the team is left to go: the time is off and the applicant told.
    assert (handed["lead_department"], handed["departments"]) == (c.receiver, [c.receiver])
    assert (handed["status"], handed["starts_at"], handed["inspectors"]) == (
        "requested", None, [])
    news = c.notifications()[told:]
    assert len(news) == 1 and "取消" in news[0], news
    refused = c.draft_decision()
    assert refused["error"]["code"] == "decision.inspection_unscheduled", refused

    applied(c.act(c.receiver, "inspection.cancel", iid, {"reason": "现场已无需勘察"}))
    assert c.inspection(iid)["status"] == "cancelled"
    applied(c.draft_decision())


def test_the_last_answer_missing_leaves_and_the_inspection_is_confirmed(
        sandbox: Sandbox) -> None:
    c = Case(sandbox, 4)
    lead = c.case.lead_department
    leaving = c.others[0]
    iid = c.request(leaving)
    assert c.request(lead) == iid
    assert c.inspection(iid)["lead_department"] == lead  # the case's lead took over
    # The receiver already asked for itself: it keeps its own place and part.
    c.receiver = c.others[1]
    assert c.request(c.receiver) == iid
    applied(c.act(lead, "inspection.propose", iid, c.slot(6, lead, leaving, c.receiver)))
    c.confirm(lead, iid)
    c.confirm(c.receiver, iid)
    assert c.inspection(iid)["status"] == "proposed"  # waits for the one leaving
    told = len(c.notifications())

    c.transfer(leaving)

    handed = c.inspection(iid)
    assert handed["lead_department"] == lead
    assert handed["departments"] == [lead, c.receiver]
    assert handed["status"] == "confirmed"
    news = c.notifications()[told:]
    assert len(news) == 1 and "现场勘察通知" in news[0], news
    part = c.record_of("inspection_part", f"{iid}--{c.receiver}")
    assert [x["item"] for x in part["lines"]] == [f"{c.receiver} 要点"]


def test_a_recorded_inspection_stays_as_it_was(sandbox: Sandbox) -> None:
    c = Case(sandbox, 5)
    leaving = c.others[0]
    iid = c.request(leaving)
    applied(c.act(leaving, "inspection.propose", iid, c.slot(7, leaving)))
    c.confirm(leaving, iid)
    c.record(leaving, iid)
    done = c.inspection(iid)
    assert done["status"] == "recorded"

    c.transfer(leaving)

    assert c.inspection(iid) == done


def test_the_demo_inspections_have_no_departed_participant() -> None:
    # What a transfer leaves behind, the seed too: a department whose task was
    # transferred away takes part in no open inspection of its case.
    live = {(t.case_code, t.department_code) for t in DEMO.tasks
            if t.status.value in ("unclaimed", "in_review", "awaiting_applicant",
                                  "suspended", "opinion_given")}
    assert DEMO.inspections.inspections
    for inspection in DEMO.inspections.inspections:
        if inspection.status.value in ("recorded", "cancelled"):
            continue
        assert {(inspection.case_code, d) for d in inspection.departments} <= live, inspection
