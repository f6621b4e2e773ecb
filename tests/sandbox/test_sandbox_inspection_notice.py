"""The platform holds a proposed visit to the applicant's notice (8.4.3), by its own clock.

The client plans nothing before the next working day (``earliest_visit``);
a proposal from another client, or queued offline last week and sent today
for today, reaches the platform all the same. The platform refuses a start
before the next working day by its own time and work calendar
(``inspection.short_notice``), except the time the applicant still holds,
proposed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.inspection_case import CST, DEMO, Case, applied, free_visit, refused
from support.sandbox_env import DEMO_NOW, demo_clock, start

from backoffice import messages
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


@contextlib.contextmanager
def platform_at(sandbox: Sandbox, moment: dt.datetime) -> Iterator[None]:
    """The platform's clock from ``moment`` on (running) while inside (a shared platform)."""
    before = sandbox.platform.clock
    sandbox.platform.clock = demo_clock(moment)
    try:
        yield
    finally:
        sandbox.platform.clock = before


def _at(c: Case, start: dt.datetime, *team: str) -> dict[str, Any]:
    return {"starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
            "inspectors": [c.login(d).username for d in team]}


def _joint(c: Case) -> tuple[str, str, str]:
    organiser, other = c.others[:2]
    iid = c.request(organiser)
    assert c.request(other) == iid
    return iid, organiser, other


def test_a_visit_today_is_refused_for_the_applicants_notice(sandbox: Sandbox) -> None:
    c = Case(sandbox, 6)
    iid, organiser, other = _joint(c)
    now = sandbox.platform.now().astimezone(CST)
    assert now.date() == DEMO_NOW.date() and now.hour == 12  # a Monday, noon
    this_afternoon = dt.datetime.combine(now.date(), dt.time(16), CST)
    for soon in (this_afternoon, now + dt.timedelta(minutes=10)):
        code, params = refused(c.act(organiser, "inspection.propose", iid,
                                     _at(c, soon, organiser, other)))
        assert code == "inspection.short_notice"
        assert params["start"] == f"{soon:%Y-%m-%d %H:%M}"
        assert params["earliest"] == "2025-03-04"  # Tuesday, the next working day
        assert params["now"].startswith("2025-03-03 12:")
    said = messages.render_code(code, params, "en")
    assert said.startswith(f"The visit cannot start at {soon:%Y-%m-%d %H:%M}")
    assert "a working day ahead" in said and "from 2025-03-04 on" in said
    assert "提前一个工作日" in messages.render_code(code, params, "zh")
    assert c.inspection(iid)["status"] == "requested"  # nothing was planned
    tomorrow = free_visit(c.sandbox.platform.calendar, now.date() + dt.timedelta(days=1),
                          [c.login(d).username for d in (organiser, other)], step=1)
    applied(c.act(organiser, "inspection.propose", iid, _at(c, tomorrow, organiser, other)))
    # Moved to later today: as short a notice.
    code, _ = refused(c.act(organiser, "inspection.reschedule", iid,
                             {**_at(c, this_afternoon, organiser, other), "reason": "改期"}))
    assert code == "inspection.short_notice"
    assert c.inspection(iid)["proposal"] == 1


def test_the_notice_counts_working_days_by_the_platforms_calendar(sandbox: Sandbox) -> None:
    friday = dt.datetime(2025, 3, 7, 15, 0, tzinfo=CST)
    saturday, monday = (dt.datetime(2025, 3, d, 9, 0, tzinfo=CST) for d in (8, 10))
    with platform_at(sandbox, friday):
        c = Case(sandbox, 7)
        iid, organiser, other = _joint(c)
        code, params = refused(c.act(organiser, "inspection.propose", iid,
                                     _at(c, saturday, organiser, other)))
        assert (code, params["earliest"]) == ("inspection.short_notice", "2025-03-10")
        applied(c.act(organiser, "inspection.propose", iid, _at(c, monday, organiser, other)))


def test_the_time_the_applicant_holds_may_be_proposed_again_on_the_day(
        sandbox: Sandbox) -> None:
    c = Case(sandbox, 8)
    iid, organiser, other = _joint(c)
    applied(c.act(organiser, "inspection.propose", iid, c.slot(3, organiser, other)))
    for d in (organiser, other):
        c.confirm(d, iid)
    told = c.inspection(iid)
    visit = dt.datetime.fromisoformat(told["starts_at"]).astimezone(CST)
    with platform_at(sandbox, visit - dt.timedelta(hours=2)):  # the morning of the visit
        c._people.clear()  # their tokens have expired by then
        newcomer = c.case.lead_department
        assert c.request(newcomer) == iid  # proposed again, at the time told
        team = (organiser, other, newcomer)
        code, _ = refused(c.act(organiser, "inspection.reschedule", iid, {
            **_at(c, visit + dt.timedelta(hours=1), *team), "reason": "新增参加部门"}))
        assert code == "inspection.short_notice"
        # The applicant was told of this very time the working day before.
        again = applied(c.act(organiser, "inspection.reschedule", iid, {
            **_at(c, visit, *team), "reason": "新增参加部门"}))
        assert again["record"]["starts_at"] == told["starts_at"]
