"""A transfer that confirms an inspection is held to the applicant's notice (8.4.3).

When the last department whose answer is missing leaves the case by a
transfer, its answer no longer counts and the inspection is confirmed: the
applicant is told. The last confirmation by an answer is refused when that
tells them less than a working day ahead; the transfer did it without the
check — on the visit day at 08:30 the applicant got the appointment for
09:00. Now the time is dropped instead (requested again, for the organiser
to propose anew) and the applicant is told nothing. The real sandbox on
loopback, over HTTP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support.inspection_case import DEMO, Case, applied, free_visit
from support.sandbox_env import demo_clock, start

from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def test_a_transfer_on_the_visit_day_drops_the_time_instead_of_telling_it(
        sandbox: Sandbox) -> None:
    c = Case(sandbox, 4)
    lead = c.case.lead_department
    leaving, c.receiver = c.others[0], c.others[1]
    iid = c.request(leaving)
    assert c.request(lead) == iid
    assert c.request(c.receiver) == iid  # already taking part: it keeps its own place
    # From Wednesday on (proposed a working day ahead), when the team is free; every
    # department sends one of its inspectors.
    first = [c.login(d).username for d in (lead, leaving, c.receiver)]
    visit = free_visit(sandbox.platform.calendar, dt.date(2025, 3, 5), first, step=1)
    applied(c.act(lead, "inspection.propose", iid, {
        "starts_at": visit.isoformat(), "ends_at": (visit + dt.timedelta(hours=2)).isoformat(),
        "inspectors": first}))
    c.confirm(lead, iid)
    c.confirm(c.receiver, iid)
    assert c.inspection(iid)["status"] == "proposed"  # waits for the one leaving
    told = len(c.notifications())

    # The visit day, half an hour before: the department whose answer is missing leaves.
    sandbox.platform.clock = demo_clock(visit - dt.timedelta(minutes=30))
    c._people.clear()  # signed in anew at the platform's time
    c.transfer(leaving)

    handed = c.inspection(iid)
    assert handed["departments"] == [lead, c.receiver]
    assert (handed["status"], handed["starts_at"], handed["ends_at"]) == (
        "requested", None, None)
    assert c.notifications()[told:] == []  # never told, so nothing to call off either
    # The organiser proposes anew, and each department answers it.
    team = [c.login(lead).username, c.login(c.receiver).username]
    again = free_visit(sandbox.platform.calendar, visit.date() + dt.timedelta(days=1), team,
                       step=1)
    applied(c.act(lead, "inspection.propose", iid, {
        "starts_at": again.isoformat(), "ends_at": (again + dt.timedelta(hours=2)).isoformat(),
        "inspectors": team}))
    planned = c.inspection(iid)
    assert planned["status"] == "proposed"
    assert {a["answer"] for a in planned["answers"]} == {"pending"}
