"""Notifications to applicants and the case timeline, on a platform with a settable clock.

The generator's data with fresh cases (``demo_data(fresh=10)``, shared with the
command tests' cache); the platform's clock is this module's :data:`CLOCK`,
deliberately not the time the client puts in ``created_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import case_departments, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.api import v1
from backoffice.api.records import NotificationRecord
from backoffice.domain.model import Case
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=10)
UTC8 = dt.timezone(dt.timedelta(hours=8))
CLIENT_TIME = dt.datetime(2025, 3, 3, 10, tzinfo=UTC8)  # what conftest's Client.make sends


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, minutes: int = 1) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now


CLOCK = Clock(dt.datetime(2025, 3, 4, 14, 5, 6, tzinfo=UTC8))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=CLOCK)


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _departments(case: Case) -> list[str]:
    """The case's departments with a task, lead first."""
    others = sorted({t.department_code for t in DEMO.tasks if t.case_code == case.case_code}
                    - {case.lead_department})
    return [case.lead_department, *others]


def _task(case: Case, department: str) -> str:
    return next(t.id for t in DEMO.tasks
                if t.case_code == case.case_code and t.department_code == department)


def _outsider(case: Case) -> str:
    seen = case_departments(DEMO, case.case_code)
    return user(DEMO, next(d.code for d in DEMO.departments if d.code not in seen))


def _events(client: Any, case: Case) -> list[v1.TimelineEvent]:
    r = client.get(f"/cases/{case.case_code}/timeline")
    assert r.status_code == 200, r.text
    return v1.Timeline.model_validate(r.json()).events


def test_notification_is_recorded_at_the_platforms_time_and_in_the_timeline(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    lead, other = _departments(case)[:2]
    sender, colleague = login(user(DEMO, lead)), login(user(DEMO, other))
    outsider = login(_outsider(case))
    sent_at = CLOCK.tick()
    sent = sender.command("notification.send", "case", case.case_code, 0, {
        "channel": "sms", "kind": "inspection_appointment",
        "text": "您好，现场勘察定于3月10日上午9时，请备齐原件。"})
    assert sent["status"] == "applied", sent
    record = NotificationRecord.model_validate(sent["record"])
    assert record.id == sent["command_id"] and record.case_code == case.case_code
    assert record.department_code == lead and record.author == sender.username
    assert record.sent_at == sent_at != CLIENT_TIME  # the platform's clock, not the client's
    for client in (sender, colleague):
        everything, _ = client.pull_all()
        assert everything[("notification", record.id)]["record"]["text"] == record.text
    assert ("notification", record.id) not in outsider.pull_all()[0]
    events = _events(colleague, case)
    assert events[0].kind == "accepted"
    note = next(e for e in events if e.kind == "notification_sent")
    assert note.summary == record.text and note.actor == sender.username and note.at == sent_at
    assert outsider.get(f"/cases/{case.case_code}/timeline").status_code == 404
    assert outsider.get("/cases/NOPE/timeline").status_code == 404


def test_notification_refusals(sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    code, lead = case.case_code, case.lead_department
    sender, outsider = login(user(DEMO, lead)), login(_outsider(case))
    no_reviewer = login(next(u.username for u in DEMO.users if u.department_code == lead
                             and not {"reviewer", "coordinator"} & set(u.roles)))
    good = {"channel": "mail", "kind": "other", "text": "请补充材料"}
    codes = [r["error"]["code"] if r["status"] == "refused" else r["status"] for r in [
        outsider.command("notification.send", "case", code, 0, good),
        no_reviewer.command("notification.send", "case", code, 0, good),
        sender.command("notification.send", "case", code, 0, {**good, "channel": "fax"}),
        sender.command("notification.send", "case", code, 0, {**good, "kind": "x"}),
        sender.command("notification.send", "case", code, 0, {**good, "text": "x" * 2001}),
        sender.command("notification.send", "case", code, 0, {**good, "text": "  "}),
        sender.command("notification.send", "case", "NOPE", 0, good),
        sender.command("notification.send", "case", code, 0, {**good, "text": "x" * 2000}),
    ]]
    assert codes == ["forbidden", "role.missing", "command.bad_payload", "command.bad_payload",
                     "command.bad_payload", "command.bad_payload", "not_found", "applied"]


def test_claims_opinions_and_transfers_are_dated_by_the_platform(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(1)
    lead, mover, third = _departments(case)[:3]
    reviewer, leaving = login(user(DEMO, lead)), login(user(DEMO, mover))
    onlooker = login(user(DEMO, third))
    task = _task(case, lead)
    claimed_at = CLOCK.tick()
    claimed = reviewer.command("task.claim", "review_task", task,
                               version(sandbox, "review_task", task))
    pass_on_platform(sandbox, reviewer, task)
    first_at = CLOCK.tick()
    first = reviewer.command("task.give_opinion", "review_task", task,
                             claimed["record"]["version"], {"opinion": "同意。"})
    reopened = reviewer.command("task.reopen", "review_task", task, first["record"]["version"])
    second_at = CLOCK.tick()
    reviewer.command("task.give_opinion", "review_task", task, reopened["record"]["version"],
                     {"opinion": "补充意见后同意。"})
    moved_at = CLOCK.tick()
    receiver = next(d.code for d in DEMO.departments
                    if d.code not in case_departments(DEMO, case.case_code))
    moved = leaving.command("task.transfer", "review_task", _task(case, mover),
                            version(sandbox, "review_task", _task(case, mover)),
                            {"to_department": receiver})
    assert moved["status"] == "applied", moved
    dated = [(e.kind, e.at, e.department_code, e.actor, e.summary)
             for e in _events(reviewer, case) if e.kind != "accepted"]
    assert dated[:4] == [
        ("task_claimed", claimed_at, lead, reviewer.username, ""),
        ("opinion_given", first_at, lead, reviewer.username, "同意。"),
        ("opinion_given", second_at, lead, reviewer.username, "补充意见后同意。"),
        ("task_transferred", moved_at, mover, None, ""),  # another department's: no name
    ]
    assert all(e.at is None for e in _events(reviewer, case)[5:])  # routed: undated
    # Another department sees when, not who, and only the published opinion.
    seen = [(e.kind, e.at, e.actor, e.summary) for e in _events(onlooker, case)
            if e.department_code == lead and e.kind != "accepted"]
    assert seen[:3] == [("task_claimed", claimed_at, None, ""),
                        ("opinion_given", first_at, None, ""),
                        ("opinion_given", second_at, None, "补充意见后同意。")]
    assert leaving.get(f"/cases/{case.case_code}/timeline").status_code == 404  # gone


def test_seeded_history_stays_undated(sandbox: Sandbox, login: Any) -> None:
    deciding = next(c for c in DEMO.cases if c.status.value == "deciding"
                    and len(_departments(c)) > 1)
    events = _events(login(user(DEMO, deciding.lead_department)), deciding)
    opinions = [e for e in events if e.kind == "opinion_given"]
    assert len(opinions) == len(_departments(deciding))
    assert all(e.at is None and e.day is None for e in opinions)


def test_issuing_a_correction_notice_notifies_and_the_timeline_tells_the_story(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(2)
    code = case.case_code
    departments = [d for d in _departments(case)
                   if any(m.case_code == code and m.department_code == d
                          for m in DEMO.materials)][:2]
    lead, other = departments
    clients = {d: login(user(DEMO, d)) for d in departments}
    for dept, client in clients.items():
        task = _task(case, dept)
        claimed = client.command("task.claim", "review_task", task,
                                 version(sandbox, "review_task", task))
        material = next(m.name for m in DEMO.materials
                        if m.case_code == code and m.department_code == dept)
        asked = client.command("task.request_correction", "review_task", task,
                               claimed["record"]["version"],
                               {"items": [{"material_name": material, "department_code": dept,
                                           "reason": "缺少盖章"}]})
        notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")
    # The case's third department hands its unreviewed task to the lead: until then
    # its review is open and the one notice cannot go out (no claim of its own here).
    for dept in _departments(case):
        if dept not in departments:
            moved = login(user(DEMO, dept)).command(
                "task.transfer", "review_task", _task(case, dept),
                version(sandbox, "review_task", _task(case, dept)), {"to_department": lead})
            assert moved["status"] == "applied", moved
    for dept, client in clients.items():  # the notice waits for every check, the lead's too
        pass_on_platform(sandbox, client, _task(case, dept))
    issued = clients[lead].command("correction_notice.issue", "correction_notice",
                                   notice["id"], notice["version"])
    assert issued["status"] == "applied", issued
    note = next(r for r in issued["related"] if r["entity"] == "notification")
    assert note["kind"] == "correction_notice" and note["channel"] == "portal"
    name = next(d.name for d in DEMO.departments if d.code == other)
    assert f"（{name}）：缺少盖章" in note["text"]  # the applicant reads names, not codes
    sandbox.platform.answer_correction(code)
    before = sandbox.platform.record("case", code)
    assert before is not None
    suspended = clients[lead].command("case.suspend", "case", code, before.version,
                                      {"procedure": "expert_review", "started_on": "2025-03-04"})
    assert suspended["status"] == "applied", suspended
    asked = clients[lead].command("extension.request", "case", code, 0,
                                  {"working_days": 5, "reason": "需专家论证"})
    approved = login(user(DEMO, lead, "signer")).command(
        "extension.approve", "extension", asked["record"]["id"], asked["record"]["version"])
    assert approved["status"] == "applied", approved
    timeline = _events(clients[other], case)
    kinds = [e.kind for e in timeline]
    for kind in ("accepted", "routed", "task_claimed", "correction_notice_issued",
                 "correction_notice_answered", "suspended", "extension_requested",
                 "extension_approved", "notification_sent"):
        assert kind in kinds, (kind, kinds)
    assert kinds[0] == "accepted"
    dated = [e for e in timeline if e.at or e.day]
    assert kinds[:len(dated)] == [e.kind for e in dated]  # dated first, in time order
    # Each day-only change at its command's time, just before the notification it sent.
    for kind, sent in (("correction_notice_issued", note["id"]),
                       ("extension_approved", f"notification-{approved['command_id']}")):
        after = timeline[kinds.index(kind) + 1]
        assert (after.kind, after.id) == ("notification_sent", sent), kinds
    # All at one platform moment: in the order of the commands, the claims first.
    assert kinds.index("task_claimed") < kinds.index("correction_notice_issued") < \
        kinds.index("suspended") < kinds.index("extension_requested"), kinds
    claims = [e for e in timeline if e.kind == "task_claimed"]
    assert {e.department_code: e.actor for e in claims} == {
        lead: None, other: clients[other].username}
    assert all(e.at is not None for e in claims)



def test_seeded_inspections_are_on_their_participants_timeline_only(
        sandbox: Sandbox, login: Any) -> None:
    """Seeded inspections have no applied commands: their state's events, undated; the
    requests at their time. A department of the case that does not inspect sees none."""
    seeded = DEMO.inspections
    planned = next(i for i in seeded.inspections if i.status.value == "proposed")
    code = planned.case_code
    case = next(c for c in DEMO.cases if c.case_code == code)
    participant = login(user(DEMO, planned.departments[-1]))
    events = [e for e in _events(participant, case) if e.kind.startswith("inspection_")]
    requests = [r for r in seeded.requests if r.inspection_id == planned.id]
    kinds = [e.kind for e in events]
    assert kinds.count("inspection_requested") == len(requests) >= 1
    assert all(e.at is not None for e in events if e.kind == "inspection_requested")
    (proposed,) = [e for e in events if e.kind == "inspection_proposed"]
    assert proposed.at is None and proposed.day is None and proposed.id == planned.id
    assert planned.starts_at is not None
    assert proposed.summary.startswith(f"{planned.starts_at.astimezone(UTC8):%Y-%m-%d %H:%M}")
    assert "inspection_confirmed" not in kinds and "inspection_recorded" not in kinds
    bystanders = sorted(set(case_departments(DEMO, code)) - set(planned.departments))
    if bystanders:
        outsider = login(user(DEMO, bystanders[0]))
        assert not [e for e in _events(outsider, case) if e.kind.startswith("inspection_")]


def test_an_answered_notice_is_dated_by_its_answer_in_the_timeline(
        sandbox: Sandbox, login: Any) -> None:
    # The demo's answered notices carry the day the corrections came in, which
    # stopped the clock from the issue (docs/deadlines.md): the timeline dates it.
    notice = next(n for n in DEMO.correction_notices if n.status.value == "answered")
    assert notice.issued_on is not None and notice.answered_on is not None
    case = next(c for c in DEMO.cases if c.case_code == notice.case_code)
    events = _events(login(user(DEMO, case.lead_department)), case)
    issued = next(e for e in events if e.kind == "correction_notice_issued")
    answered = next(e for e in events if e.kind == "correction_notice_answered")
    assert (issued.day, answered.day, answered.at) == (notice.issued_on, notice.answered_on, None)
    assert events.index(issued) < events.index(answered)


def test_a_day_only_event_comes_in_its_place_in_the_day(sandbox: Sandbox, login: Any) -> None:
    """A procedure begun and ended today has a day only: it comes after the claim made
    before it that day and before what came after, at the time of its command — not
    first in its day, as the start of the day put it."""
    case = _case(3)
    code, lead = case.case_code, case.lead_department
    reviewer = login(user(DEMO, lead))
    task = _task(case, lead)
    claimed_at = CLOCK.tick()
    claimed = reviewer.command("task.claim", "review_task", task,
                               version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed
    CLOCK.tick()
    today = CLOCK.now.date().isoformat()
    begun = reviewer.command("case.suspend", "case", code, version(sandbox, "case", code),
                             {"procedure": "expert_review", "started_on": today})
    assert begun["status"] == "applied", begun
    CLOCK.tick()
    said = reviewer.command("notification.send", "case", code, 0, {
        "channel": "sms", "kind": "other", "text": "专家评审期间审批时限中止计算。"})
    assert said["status"] == "applied", said
    CLOCK.tick()
    procedure = begun["record"]
    ended = reviewer.command("special_procedure.end", "special_procedure", procedure["id"],
                             procedure["version"], {"ended_on": today})
    assert ended["status"] == "applied", ended
    timeline = _events(reviewer, case)
    kinds = [e.kind for e in timeline if e.kind in (
        "task_claimed", "suspended", "notification_sent", "resumed")]
    assert kinds == ["task_claimed", "suspended", "notification_sent", "resumed"], kinds
    claim = next(e for e in timeline if e.kind == "task_claimed")
    suspended = next(e for e in timeline if e.kind == "suspended")
    assert claim.at == claimed_at and str(suspended.day) == today and suspended.at is None
