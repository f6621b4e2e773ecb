"""The platform books an inspector for one visit at a time.

Its own sandbox: the cases here are the ones ``test_sandbox_inspections``
walks too, two of them with the same departments, planned at the same hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import Client, demo_clock, demo_data, start, user, version
from test_sandbox_inspections import _departments, _error, _inspection_id, _request

from backoffice.domain.model import Case
from backoffice.sandbox.freebusy import busy_of_day
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=10)
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    # On the demo's day: the platform refuses visits before its own time.
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def _requested(sandbox: Sandbox, n: int) -> tuple[Case, list[str], dict[str, Client]]:
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])
    departments = _departments(case)[:2]
    clients = {d: Client(sandbox.url, user(DEMO, d, "inspector")).login() for d in departments}
    for d in departments:
        assert _request(clients[d], case, d)["status"] == "applied"
    return case, departments, clients


def _plan(sandbox: Sandbox, client: Client, case: Case, departments: list[str],
          at: dt.datetime, kind: str = "inspection.propose", **extra: Any
          ) -> dict[str, Any]:
    iid = _inspection_id(sandbox, case)
    payload = {"starts_at": at.isoformat(),
               "ends_at": (at + dt.timedelta(hours=2)).isoformat(),
               "inspectors": [user(DEMO, d, "inspector") for d in departments], **extra}
    return client.command(kind, "inspection", iid, version(sandbox, "inspection", iid), payload)


def _day_before_both(sandbox: Sandbox, *cases: Case) -> dt.date:
    dues = []
    for case in cases:
        stored = sandbox.platform.record("case", case.case_code)
        assert stored is not None
        dues.append(dt.date.fromisoformat(stored.body["due_date"]))
    return min(dues) - dt.timedelta(days=1)


def _free_afternoon(sandbox: Sandbox, day: dt.date, departments: list[str]) -> dt.datetime:
    """13:30 of ``day``, or of a working day before it, when the free/busy leaves the
    departments' inspectors free 13:30–17:30: a visit then, and one right after it, both
    in working hours."""
    team = [user(DEMO, d, "inspector") for d in departments]
    while True:
        first = dt.datetime.combine(day, dt.time(13, 30), CST)
        busy = [b for t in team for b in busy_of_day(t, day)]
        if sandbox.platform.calendar.is_working_day(day) and not any(
                a < first + dt.timedelta(hours=4) and first < b for a, b, _ in busy):
            return first
        day -= dt.timedelta(days=1)


def test_a_second_visit_at_the_same_time_is_refused_naming_who_is_busy(
        sandbox: Sandbox) -> None:
    first, departments, clients = _requested(sandbox, 1)
    second, same, others = _requested(sandbox, 7)
    assert same == departments  # the same inspectors would go to both
    first_at = _free_afternoon(sandbox, _day_before_both(sandbox, first, second), departments)
    assert _plan(sandbox, clients[departments[0]], first, departments, first_at)["status"] == (
        "applied")
    organiser = others[departments[0]]
    for at in (first_at, first_at + dt.timedelta(hours=1), first_at - dt.timedelta(hours=1)):
        refused = _plan(sandbox, organiser, second, same, at)
        assert _error(refused) == "inspection.inspector_busy"
        taken = user(DEMO, departments[0], "inspector")
        assert refused["error"]["details"]["user"] == taken
        # Said by name, as the planner's free/busy shows them, not by account.
        named = next(u.display_name for u in DEMO.users if u.username == taken)
        assert refused["error"]["details"]["inspector"] == named != taken
        assert refused["error"]["details"]["start"] == f"{first_at:%Y-%m-%d %H:%M}"
    # The first time falls away when a department declines it: then it is free.
    iid = _inspection_id(sandbox, first)
    stored = sandbox.platform.record("inspection", iid)
    assert stored is not None
    declined = clients[departments[1]].command(
        "inspection.decline", "inspection", iid, 0,
        {"department_code": departments[1], "proposal": stored.body["proposal"],
         "reason": "当天另有任务"})
    assert declined["status"] == "applied"
    assert _plan(sandbox, organiser, second, same, first_at)["status"] == "applied"
    # Now the first organiser is the second one.
    assert _error(_plan(sandbox, clients[departments[0]], first, departments, first_at)) == (
        "inspection.inspector_busy")
    later = _plan(sandbox, clients[departments[0]], first, departments,
                  first_at + dt.timedelta(hours=2))  # right after: the platform allows it
    assert later["status"] == "applied"


def test_a_confirmation_gives_way_to_a_visit_confirmed_before_this_check_existed(
        sandbox: Sandbox) -> None:
    """Two overlapping proposals can no longer be made; one kept from before still can
    be confirmed only while none of its team is out on a confirmed visit."""
    first, departments, clients = _requested(sandbox, 6)
    second, same, _ = _requested(sandbox, 8)
    assert same == departments
    nine = dt.datetime.combine(_day_before_both(sandbox, first, second), dt.time(9), CST)
    assert _plan(sandbox, clients[departments[0]], first, departments, nine)["status"] == (
        "applied")
    # The other case's inspection, confirmed at the same hour for the same organiser's
    # inspector, written as an older platform would have let it be.
    iid = _inspection_id(sandbox, second)
    stored = sandbox.platform.record("inspection", iid)
    assert stored is not None
    team = [user(DEMO, d, "inspector") for d in same]
    assert team[0] == user(DEMO, departments[0], "inspector")
    platform = sandbox.platform
    with platform.lock, platform.engine.begin() as conn:
        Ledger(conn).put("inspection", {
            **stored.body, "status": "confirmed", "starts_at": nine.isoformat(),
            "ends_at": (nine + dt.timedelta(hours=2)).isoformat(), "inspectors": team,
            "proposal": 1, "answers": [{"department_code": d, "answer": "confirmed", "by": t}
                                       for d, t in zip(same, team, strict=True)]})
    fid = _inspection_id(sandbox, first)
    proposal = sandbox.platform.record("inspection", fid)
    assert proposal is not None
    refused = clients[departments[1]].command(
        "inspection.confirm", "inspection", fid, 0,
        {"department_code": departments[1], "proposal": proposal.body["proposal"]})
    assert _error(refused) == "inspection.confirm_inspector_busy"
    named = next(u.display_name for u in DEMO.users if u.username == team[0])
    assert refused["error"]["details"]["inspector"] == named
    assert refused["error"]["details"]["start"] == f"{nine:%Y-%m-%d %H:%M}"
