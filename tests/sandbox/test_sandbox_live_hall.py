"""The live desk takes cases in the service hall's hours only, and brings the trainee's
department cases of its own (sandbox platform over real SQLite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support.sandbox_env import TODAY, demo_data, seed_file

from backoffice.sandbox import db
from backoffice.sandbox.live import LiveDesk, Odds
from backoffice.sandbox.platform import Platform

BEIJING = dt.timezone(dt.timedelta(hours=8))
ONLY_NEW = Odds(new_case=1.0, answer=0.0, end_procedure=0.0, own_case=0.0)
ONLY_OWN = Odds(new_case=0.0, answer=0.0, end_procedure=0.0, own_case=1.0)


class _Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.now = at

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    path = seed_file(tmp_path_factory.mktemp("hall") / "platform.sqlite3", demo_data())
    engine = db.make_engine(path)
    yield Platform(engine)
    engine.dispose()


@pytest.mark.parametrize("at", [
    dt.datetime.combine(TODAY, dt.time(1, 11), BEIJING),  # the night
    dt.datetime.combine(TODAY, dt.time(12, 40), BEIJING),  # the lunch break
    dt.datetime.combine(TODAY, dt.time(18, 5), BEIJING),  # after closing
    dt.datetime.combine(TODAY + dt.timedelta(days=5), dt.time(10), BEIJING),  # Saturday
])
def test_no_case_is_accepted_while_the_hall_is_closed(platform: Platform,
                                                      at: dt.datetime) -> None:
    desk = LiveDesk(platform, seed=3, clock=_Clock(at), odds=ONLY_NEW)
    assert not desk.hall_open()
    assert [e for _ in range(3) for e in desk.step()] == []


def test_cases_are_accepted_in_the_hall_hours(platform: Platform) -> None:
    at = dt.datetime.combine(TODAY, dt.time(9, 5), BEIJING)  # a Monday morning
    desk = LiveDesk(platform, seed=3, clock=_Clock(at), odds=ONLY_NEW)
    assert desk.hall_open()
    assert [k for k, _ in desk.step()] == ["accepted"]


def test_the_trainees_department_gets_cases_of_its_own(platform: Platform) -> None:
    at = dt.datetime.combine(TODAY, dt.time(14, 20), BEIJING)
    desk = LiveDesk(platform, seed=8, clock=_Clock(at), odds=ONLY_OWN)
    assert desk.step() == []  # nobody named: no such case
    department = demo_data().cases[0].lead_department
    desk.play_colleagues_of(department)
    codes = [c for _ in range(4) for k, c in desk.step() if k == "accepted"]
    assert len(codes) == 4
    for code in codes:
        case = platform.record("case", code)
        assert case is not None
        assert department in {case.body["lead_department"], *case.body["departments"]}
