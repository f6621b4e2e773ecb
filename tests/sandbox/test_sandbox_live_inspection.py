"""The live desk's colleagues go along to a site inspection the trainee's department asks
for, and answer the time it proposes (sandbox on loopback, real SQLite, the real API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support.inspection_case import CST, DEMO, Case, applied
from support.sandbox_env import start

from backoffice.sandbox.live import LiveDesk, Odds
from backoffice.sandbox.server import Sandbox

QUIET = Odds(new_case=0.0, answer=0.0, end_procedure=0.0, own_case=0.0)


class _Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> _Clock:
    return _Clock()


@pytest.fixture
def sandbox(tmp_path_factory: pytest.TempPathFactory, clock: _Clock) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=clock)


def _minutes(desk: LiveDesk, clock: _Clock, case: Case, n: int) -> list[tuple[str, str]]:
    events = []
    for _ in range(n):
        clock.now += dt.timedelta(minutes=1)
        events += desk.step()
    case._people.clear()  # their tokens aged meanwhile
    return events


def test_colleagues_join_the_trainees_inspection_and_confirm_its_time(
        sandbox: Sandbox, clock: _Clock) -> None:
    c = Case(sandbox, 0)
    lead = c.case.lead_department
    assert c.others
    iid = c.request(lead)
    desk = LiveDesk(sandbox.platform, seed=4, clock=clock, odds=QUIET)
    desk.play_colleagues_of(lead)

    events = _minutes(desk, clock, c, 8)
    assert ("colleague_joined", iid) in events
    going = c.inspection(iid)["departments"]
    assert set(going) == {lead, *c.others}  # one joint visit
    assert c.inspection(iid)["lead_department"] == lead  # the trainee's department organises

    applied(c.act(lead, "inspection.propose", iid, c.slot(3, *going)))
    c.confirm(lead, iid)
    assert c.inspection(iid)["status"] == "proposed"  # the others' answers awaited
    events = _minutes(desk, clock, c, 12)
    assert ("colleague_confirmed", iid) in events
    visit = c.inspection(iid)
    assert visit["status"] == "confirmed", visit["answers"]
    assert {a["department_code"] for a in visit["answers"] if a["answer"] == "confirmed"} \
        == set(going)
