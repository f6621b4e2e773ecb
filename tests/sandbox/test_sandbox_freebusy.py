"""Inspectors' free/busy over real HTTP, on the generator's data (every department has
inspectors)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import pairwise
from typing import Any

from support.sandbox_env import demo_data, user

from backoffice.api import v1
from backoffice.sandbox import freebusy
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox

DEMO = demo_data()
INSPECTORS = sorted((u.department_code, u.username) for u in DEMO.users
                    if "inspector" in u.roles)
NAMES = {u.username: u.display_name for u in DEMO.users}
DEPT, INSPECTOR = INSPECTORS[0]


def test_free_busy_lists_inspectors_with_hours_and_coarse_busy_time(
        sandbox: Sandbox, login: Any) -> None:
    asker = login(user(DEMO, DEMO.departments[-1].code))  # any department may ask
    r = asker.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-16"})
    assert r.status_code == 200, r.text
    page = v1.FreeBusy.model_validate(r.json())
    assert [(i.department_code, i.username) for i in page.inspectors] == INSPECTORS
    assert all(i.display_name == NAMES[i.username] for i in page.inspectors)
    assert dt.date(2025, 3, 8) not in page.working_days  # a Saturday
    assert len(page.working_days) == 10
    for inspector in page.inspectors:
        assert [(h.start, h.end) for h in inspector.working_hours] == [("08:30", "12:00"),
                                                                       ("13:30", "17:30")]
        for busy in inspector.busy:
            assert busy.start.utcoffset() == dt.timedelta(hours=8) and busy.end > busy.start
            assert busy.start.date() in page.working_days
        assert all(a.end <= b.start for a, b in pairwise(inspector.busy))
    assert any(i.busy for i in page.inspectors)
    assert '"+08:00"' not in r.text and "+08:00" in r.text
    again = asker.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-16"})
    assert again.json() == r.json()  # reproducible
    # A sub-range of one department says the same about its days.
    week = v1.FreeBusy.model_validate(asker.get("/free-busy", **{
        "from": "2025-03-03", "to": "2025-03-07", "department": DEPT}).json())
    assert {i.department_code for i in week.inspectors} == {DEPT}
    whole = {i.username: i.busy for i in page.inspectors}
    for inspector in week.inspectors:
        assert inspector.busy == [b for b in whole[inspector.username]
                                  if b.start.date() <= dt.date(2025, 3, 7)]


def test_free_busy_filters_and_refuses_bad_ranges(sandbox: Sandbox, login: Any) -> None:
    client = login(user(DEMO, DEMO.departments[0].code))
    r = client.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-07", "department": DEPT})
    assert r.status_code == 200
    assert [i["username"] for i in r.json()["inspectors"]] == [
        name for dept, name in INSPECTORS if dept == DEPT]
    r = client.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-07", "department": "ZZZ"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    for first, last in (("2025-03-07", "2025-03-03"), ("2025-01-01", "2025-03-04"),
                        ("9999-12-30", "9999-12-31")):
        r = client.get("/free-busy", **{"from": first, "to": last})
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "free_busy.bad_range"
        assert r.json()["error"]["details"]["max_days"] == v1.MAX_FREE_BUSY_DAYS
    assert client.get("/free-busy", **{"from": "2025-01-01", "to": "2025-03-03"}).status_code == 200
    r = client.get("/free-busy", **{"from": "2025-3-3", "to": "2025-03-07"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    assert client.get("/free-busy", to="2025-03-07").status_code == 422
    client.access = "nope"
    assert client.get("/free-busy", **{"from": "2025-03-03", "to": "2025-03-07"}).status_code == 401


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
    case = DEMO.cases[0]
    dept = case.lead_department
    inspector = user(DEMO, dept, "inspector")
    platform = sandbox.platform
    with platform.lock, platform.engine.begin() as conn:
        Ledger(conn).put("inspection", {
            "id": "insp-1", "case_code": case.case_code, "lead_department": dept,
            "departments": [dept], "site_address": "长春市（虚构）", "status": "scheduled",
            "starts_at": "2025-03-09T10:00:00+08:00", "ends_at": "2025-03-09T12:00:00+08:00",
            "inspectors": [inspector]}, department_code=dept)
    page = v1.FreeBusy.model_validate(login(user(DEMO, dept)).get("/free-busy", **{
        "from": "2025-03-09", "to": "2025-03-09"}).json())
    assert page.working_days == []  # a Sunday: only the recorded inspection
    busy = {i.username: [(b.start.isoformat(), b.reason) for b in i.busy]
            for i in page.inspectors}
    assert busy.pop(inspector) == [("2025-03-09T10:00:00+08:00", "inspection")]
    assert not any(busy.values())
