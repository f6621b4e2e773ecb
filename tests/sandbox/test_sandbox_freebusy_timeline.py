"""Inspectors' free/busy, notifications to applicants and the case timeline.

Seeds the hand-made set of :mod:`sandbox_factories` (SCJ leads cases shared
with XF; every fourth case is WJ's alone; ``xf.reviewer1`` is an inspector).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from conftest import start, version
from sandbox_factories import generate

from backoffice.api import v1
from backoffice.api.records import NotificationRecord
from backoffice.sandbox import freebusy
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, generate(cases=40))


# --- free/busy -----------------------------------------------------------------


def test_free_busy_lists_inspectors_with_hours_and_coarse_busy_time(
        sandbox: Sandbox, login: Any) -> None:
    wj = login("wj.reviewer1")  # another department may ask: joint inspections
    r = wj.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-16"})
    assert r.status_code == 200, r.text
    page = v1.FreeBusy.model_validate(r.json())
    assert [i.username for i in page.inspectors] == ["xf.reviewer1"]  # inspectors only
    assert dt.date(2025, 3, 8) not in page.working_days  # a Saturday
    assert len(page.working_days) == 10
    xf = page.inspectors[0]
    assert xf.department_code == "XF" and xf.display_name == "赵审核（虚构）"
    assert [(h.start, h.end) for h in xf.working_hours] == [("08:30", "12:00"),
                                                              ("13:30", "17:30")]
    for busy in xf.busy:
        assert busy.start.utcoffset() == dt.timedelta(hours=8) and busy.end > busy.start
        assert busy.start.date() in page.working_days
    assert all(a.end <= b.start for a, b in pairwise(xf.busy))
    assert '"+08:00"' not in r.text and "+08:00" in r.text
    again = wj.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-16"})
    assert again.json() == r.json()  # reproducible
    # A sub-range says the same about its days.
    week = v1.FreeBusy.model_validate(wj.get("/free-busy", **{
        "from": "2025-03-03", "to": "2025-03-07", "department": "XF"}).json())
    assert week.inspectors[0].busy == [b for b in xf.busy if b.start.date() <= dt.date(2025, 3, 7)]


def test_free_busy_filters_and_refuses_bad_ranges(sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer1")
    r = scj.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-07", "department": "SCJ"})
    assert r.status_code == 200 and r.json()["inspectors"] == []
    r = scj.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-07", "department": "ZZZ"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    for first, last in (("2025-03-07", "2025-03-03"), ("2025-01-01", "2025-03-04"),
                        ("9999-12-30", "9999-12-31")):
        r = scj.get("/free-busy", **{"from": first, "to": last})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "free_busy.bad_range"
        assert r.json()["error"]["details"]["max_days"] == v1.MAX_FREE_BUSY_DAYS
    assert scj.get("/free-busy", **{"from": "2025-01-01", "to": "2025-03-03"}).status_code == 200
    r = scj.get("/free-busy", **{"from": "2025-3-3", "to": "2025-03-07"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    assert scj.get("/free-busy", to="2025-03-07").status_code == 422
    scj.access = "nope"
    assert scj.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-07"}).status_code == 401


def test_generated_busy_time_is_realistic() -> None:
    days = [dt.date(2025, 3, 3) + dt.timedelta(n) for n in range(200)]
    reasons: Counter[str] = Counter()
    per_day: Counter[int] = Counter()
    for name in ("a.inspector", "b.inspector", "c.inspector"):
        for day in days:
            found = freebusy.busy_of_day(name, day)
            assert found == freebusy.busy_of_day(name, day)
            assert all(a[1] <= b[0] for a, b in pairwise(found))
            reasons.update(r for _, _, r in found)
            per_day[len(found)] += 1
            if any(r == "leave" for _, _, r in found):
                assert len(found) == 1
    total = 600
    assert 0.02 * total < reasons["leave"] < 0.10 * total
    assert 0.15 * total < reasons["meeting"] < 0.35 * total
    assert reasons["inspection"] > 0.2 * total and reasons["other"] > 0.1 * total
    assert per_day[0] > 0.2 * total  # some days are entirely free


def test_free_busy_includes_scheduled_inspections(sandbox: Sandbox, login: Any) -> None:
    platform = sandbox.platform
    with platform.lock, platform.engine.begin() as conn:
        Ledger(conn).put("inspection", {
            "id": "insp-1", "case_code": "DEMO000001", "lead_department": "SCJ",
            "departments": ["SCJ", "XF"], "site_address": "长春市（虚构）", "status": "scheduled",
            "starts_at": "2025-03-09T10:00:00+08:00", "ends_at": "2025-03-09T12:00:00+08:00",
            "inspectors": ["xf.reviewer1"]}, department_code="SCJ")
    page = v1.FreeBusy.model_validate(login("scj.reviewer1").get("/free-busy", **{
        "from": "2025-03-09", "to": "2025-03-09"}).json())
    assert page.working_days == []  # a Sunday: only the recorded inspection
    busy = page.inspectors[0].busy
    assert [(b.start.isoformat(), b.reason) for b in busy] == [
        ("2025-03-09T10:00:00+08:00", "inspection")]


# --- notifications and the timeline ---------------------------------------------


def test_notification_is_recorded_seen_by_the_case_and_in_the_timeline(
        sandbox: Sandbox, login: Any) -> None:
    scj, xf, wj = login("scj.reviewer1"), login("xf.reviewer1"), login("wj.reviewer1")
    case = "DEMO000004"
    sent = scj.command("notification.send", "case", case, 0, {
        "channel": "sms", "kind": "inspection_appointment",
        "text": "您好，现场勘察定于3月10日上午9时，请备齐原件。"})
    assert sent["status"] == "applied", sent
    record = NotificationRecord.model_validate(sent["record"])
    assert record.id == sent["command_id"] and record.case_code == case
    assert record.department_code == "SCJ" and record.author == "scj.reviewer1"
    assert record.sent_at == dt.datetime.fromisoformat("2025-03-03T10:00:00+08:00")
    for client in (scj, xf):
        everything, _ = client.pull_all()
        assert everything[("notification", record.id)]["record"]["text"] == record.text
        v1.ChangesPage.model_validate({"changes": [everything[("notification", record.id)]],
                                       "next_cursor": "x", "has_more": False})
    wj_all, _ = wj.pull_all()
    assert ("notification", record.id) not in wj_all
    events = v1.Timeline.model_validate(xf.get(f"/cases/{case}/timeline").json()).events
    kinds = [e.kind for e in events]
    assert kinds[0] == "accepted" and "notification_sent" in kinds
    note = next(e for e in events if e.kind == "notification_sent")
    assert note.summary == record.text and note.actor == "scj.reviewer1"
    assert wj.get(f"/cases/{case}/timeline").status_code == 404  # not on the case
    assert wj.get("/cases/NOPE/timeline").status_code == 404


def test_notification_refusals(sandbox: Sandbox, login: Any) -> None:
    scj, wj, signer = login("scj.reviewer1"), login("wj.reviewer1"), login("scj.signer")
    good = {"channel": "mail", "kind": "other", "text": "请补充材料"}
    codes = [r["error"]["code"] if r["status"] == "refused" else r["status"] for r in [
        wj.command("notification.send", "case", "DEMO000004", 0, good),
        signer.command("notification.send", "case", "DEMO000004", 0, good),
        scj.command("notification.send", "case", "DEMO000004", 0, {**good, "channel": "fax"}),
        scj.command("notification.send", "case", "DEMO000004", 0, {**good, "kind": "x"}),
        scj.command("notification.send", "case", "DEMO000004", 0, {**good, "text": "x" * 2001}),
        scj.command("notification.send", "case", "DEMO000004", 0, {**good, "text": "  "}),
        scj.command("notification.send", "case", "NOPE", 0, good),
        scj.command("notification.send", "case", "DEMO000004", 0, {**good, "text": "x" * 2000}),
    ]]
    assert codes == ["forbidden", "role.missing", "command.bad_payload", "command.bad_payload",
                     "command.bad_payload", "command.bad_payload", "not_found", "applied"]


def test_issuing_a_correction_notice_notifies_and_the_timeline_tells_the_story(
        sandbox: Sandbox, login: Any) -> None:
    scj, xf, signer = login("scj.reviewer1"), login("xf.reviewer1"), login("scj.signer")
    case = "DEMO000009"
    for client, dept in ((scj, "SCJ"), (xf, "XF")):
        task = f"{case}-{dept}"
        claimed = client.command("task.claim", "review_task", task,
                                 version(sandbox, "review_task", task))
        asked = client.command("task.request_correction", "review_task", task,
                               claimed["record"]["version"],
                               {"items": [{"material_name": f"{dept} 材料",
                                           "department_code": dept, "reason": "缺少盖章"}]})
        notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")
    issued = scj.command("correction_notice.issue", "correction_notice", notice["id"],
                         notice["version"])
    assert issued["status"] == "applied", issued
    note = next(r for r in issued["related"] if r["entity"] == "notification")
    assert note["kind"] == "correction_notice" and note["channel"] == "portal"
    assert "XF 材料（XF）：缺少盖章" in note["text"]
    sandbox.platform.answer_correction(case)
    before = sandbox.platform.record("case", case)
    assert before is not None
    suspended = scj.command("case.suspend", "case", case, before.version,
                            {"procedure": "expert_review", "started_on": "2025-03-04"})
    assert suspended["status"] == "applied", suspended
    asked = scj.command("extension.request", "case", case, 0,
                        {"working_days": 5, "reason": "需专家论证"})
    signer.command("extension.approve", "extension", asked["record"]["id"],
                   asked["record"]["version"])
    r = xf.get(f"/cases/{case}/timeline")
    assert r.status_code == 200, r.text
    timeline = v1.Timeline.model_validate(r.json())
    kinds = [e.kind for e in timeline.events]
    for kind in ("accepted", "routed", "task_claimed", "correction_notice_issued",
                 "correction_notice_answered", "suspended", "extension_requested",
                 "extension_approved", "notification_sent"):
        assert kind in kinds, (kind, kinds)
    assert kinds[0] == "accepted"
    dated = [e for e in timeline.events if e.at or e.day]
    assert kinds[:len(dated)] == [e.kind for e in dated]  # dated first, in time order
    claims = [e for e in timeline.events if e.kind == "task_claimed"]
    assert {e.department_code: e.actor for e in claims} == {"SCJ": None, "XF": "xf.reviewer1"}
