"""The store's case timeline in the order things happened, departments by name.

A joint inspection requested by two departments, planned and confirmed, then
the clock stopped for a special procedure the same day: the timeline
(``backoffice case``, the task detail's tab) lists the requests under the
departments' names, the plan after the requests, the confirmation at the time
the applicant was told, and the day-only suspension after that day's timed
events — not first of its day, nor the inspection's states last.
"""

from __future__ import annotations

import datetime as dt

import pytest
from inspections.joint import joint_case, staff
from support.sandbox_env import TODAY, demo_clock
from support.sync_env import Device, data, queue
from support.verdicts import pass_and_sync

from backoffice.domain import clock
from backoffice.sandbox.server import Sandbox
from backoffice.sync.accounts import Account
from backoffice.sync.case_view import case_data, event_summary


def test_the_inspection_and_a_day_only_event_in_their_order(
        sandbox: Sandbox, device: Device, monkeypatch: pytest.MonkeyPatch) -> None:
    # The workstation on the platform's (the demo's) day: on the machine's the case's
    # deadline has passed, and a stop dated back into it is refused (Art. 45).
    monkeypatch.setattr(clock, "now", sandbox.platform.clock)
    j = joint_case(device)
    j.confirmed()
    reviewer = device(staff(j.lead_dept, "reviewer"))
    reviewer.sync_once()
    (task,) = [t.id for t in data().tasks
               if t.case_code == j.code and t.department_code == j.lead_dept]
    queue(reviewer, "task.claim", "review_task", task, {"assignee": reviewer.client.username})
    assert reviewer.sync_once().push.applied == 1
    queue(reviewer, "case.suspend", "case", j.code,
          {"procedure": "bidding", "started_on": TODAY.isoformat(), "reason": "需组织专家评审"})
    assert reviewer.sync_once().push.applied == 1
    j.other.sync_once()

    user = j.other.client.username or ""
    shown = case_data(j.other.store, j.code,
                      Account("https://platform.test", user, user, j.other_dept, j.other_dept))
    timeline = shown["timeline"]
    kinds = [e["kind"] for e in timeline]
    assert kinds.count("inspection_requested") == 2, kinds
    last_request = max(i for i, k in enumerate(kinds) if k == "inspection_requested")
    proposed, confirmed = kinds.index("inspection_proposed"), kinds.index("inspection_confirmed")
    (told,) = [e for e in timeline if e["kind"] == "notification_sent"
               and "现场勘察通知" in e["summary"]]
    assert last_request < proposed < confirmed, kinds
    # Confirmed the moment the last department confirmed: the applicant's appointment.
    assert timeline[confirmed]["at"] == told["at"]
    # The suspension has a day only: after that day's timed events, not at its start.
    suspended = kinds.index("suspended")
    assert timeline[suspended]["at"] == TODAY.isoformat()
    assert all(e["at"][:10] == TODAY.isoformat() for e in timeline[last_request:suspended]
               if e["at"]), timeline
    assert suspended > max(last_request, confirmed, timeline.index(told)), kinds
    assert suspended == len(kinds) - 1, kinds

    names = {d.code: d.name for d in data().departments}
    requests = [e for e in timeline if e["kind"] == "inspection_requested"]
    assert {e["department"] for e in requests} == {names[j.lead_dept], names[j.other_dept]}
    for e in requests:
        assert j.lead_dept not in e["summary"] and j.other_dept not in e["summary"]
        assert event_summary(e, "zh") == f"{e['department']}：{e['reason']}"
        assert event_summary(e, "en") == f"{e['department']}: {e['reason']}"
    assert all("sort_at" not in e for e in timeline)


def test_a_notice_issued_comes_at_the_time_it_went_out(sandbox: Sandbox, device: Device) -> None:
    """The notice has a day only; the notification it sent has its real time."""
    j = joint_case(device)
    tasks = {t.department_code: t.id for t in data().tasks if t.case_code == j.code}
    lead = device(staff(j.lead_dept, "reviewer"))
    for dept, task in tasks.items():  # the others review first: the notice waits for them
        engine = lead if dept == j.lead_dept else device(staff(dept, "reviewer"))
        engine.sync_once()
        queue(engine, "task.claim", "review_task", task, {"assignee": engine.client.username})
        assert engine.sync_once().push.applied == 1
        if dept != j.lead_dept:
            pass_and_sync(engine, task)
            queue(engine, "task.give_opinion", "review_task", task, {"opinion": "同意。"})
            assert engine.sync_once().push.applied == 1
    pass_and_sync(lead, tasks[j.lead_dept])  # the notice waits for the lead's checks too
    lead.sync_once()
    queue(lead, "notification.send", "case", j.code,
          {"channel": "sms", "kind": "other", "text": "您的申请正在审查中。"})
    assert lead.sync_once().push.applied == 1
    # The platform keeps whole seconds: two sends in one second cannot be told apart
    # by their times (CI sent both in one), so the notice goes out a minute later.
    sandbox.platform.clock = demo_clock(sandbox.platform.now() + dt.timedelta(minutes=1))
    material = next(m for m in data().materials
                    if m.case_code == j.code and m.department_code == j.lead_dept)
    queue(lead, "task.request_correction", "review_task", tasks[j.lead_dept], {"items": [
        {"material_name": material.name, "department_code": j.lead_dept,
         "reason": "缺少法人签字"}]})
    assert lead.sync_once().push.applied == 1
    with lead.store.read() as uow:
        (notice,) = uow.correction_notices.for_case(j.code)
    queue(lead, "correction_notice.issue", "correction_notice", notice.id, {})
    pushed = lead.sync_once().push
    with lead.store.read() as uow:
        why = [(e.last_error, e.error_details) for e in uow.outbox.entries()]
    assert pushed.applied == 1, why
    lead.sync_once()

    user = lead.client.username or ""
    shown = case_data(lead.store, j.code,
                      Account("https://platform.test", user, user, j.lead_dept, j.lead_dept))
    timeline = shown["timeline"]
    kinds = [e["kind"] for e in timeline]
    issued = kinds.index("correction_notice_issued")
    assert timeline[issued]["at"] == TODAY.isoformat()  # shown as the day it has
    before, told = (next(i for i, e in enumerate(timeline) if e["kind"] == "notification_sent"
                         and said in e["summary"]) for said in ("正在审查中", "缺少法人签字"))
    # After what happened earlier that day, just before the notification it sent.
    assert before < issued < told and told == issued + 1, kinds
