"""An applicant told a time of a site inspection is told when that time no longer holds.

A confirmed inspection can be proposed again at the same time — a department
joins, or takes a departed department's place — and then rescheduled,
declined or cancelled while merely proposed. The applicant holds the
appointment notice (8.4.3) all the same: the platform remembers the time it
told and calls it off, once. An applicant never told a time hears nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support.inspection_case import CST, DEMO, Case, applied, free_visit
from support.sandbox_env import demo_clock, start

from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def _confirmed(c: Case, *departments: str, days_before: int = 3) -> tuple[str, str]:
    """The joint inspection of ``departments`` (organised by the first), confirmed; its
    id and the time told, as the notice writes it."""
    iid = c.request(departments[0])
    for d in departments[1:]:
        assert c.request(d) == iid
    applied(c.act(departments[0], "inspection.propose", iid,
                  c.slot(days_before, *departments)))
    for d in departments:
        c.confirm(d, iid)
    inspection = c.inspection(iid)
    assert inspection["status"] == "confirmed"
    start = dt.datetime.fromisoformat(inspection["starts_at"]).astimezone(CST)
    return iid, f"{start.year}年{start.month}月{start.day}日{start.hour}时{start.minute:02d}分"


def _news(c: Case, since: int) -> list[str]:
    return c.notifications()[since:]


def _rejoined(c: Case, days_before: int) -> tuple[str, str, str, int]:
    """Confirmed by two departments, then a third joins: proposed again at the same time."""
    organiser, other, newcomer = c.others[0], c.others[1], c.case.lead_department
    iid, told = _confirmed(c, organiser, other, days_before=days_before)
    before = c.inspection(iid)
    heard = len(c.notifications())
    assert c.request(newcomer) == iid
    again = c.inspection(iid)
    assert (again["status"], again["starts_at"]) == ("proposed", before["starts_at"])
    assert _news(c, heard) == []  # the time still stands: nothing to tell yet
    return iid, told, organiser, heard


def test_a_told_time_proposed_again_and_rescheduled_is_called_off(sandbox: Sandbox) -> None:
    c = Case(sandbox, 0)
    iid, told, organiser, heard = _rejoined(c, 3)
    team = c.inspection(iid)["departments"]
    # The same time again, the team made whole: what the applicant holds still stands.
    applied(c.act(organiser, "inspection.reschedule", iid,
                  {**c.slot(3, *team), "reason": "新增参加部门"}))
    assert _news(c, heard) == []
    applied(c.act(organiser, "inspection.reschedule", iid,
                  {**c.slot(5, *team), "reason": "新增参加部门，另行安排"}))
    news = _news(c, heard)
    assert len(news) == 1, news
    assert told in news[0] and "取消" in news[0] and "另行通知" in news[0]
    # Once told, not again: the new time is only proposed, nobody holds it.
    applied(c.act(organiser, "inspection.cancel", iid, {"reason": "申请人撤回场地"}))
    assert _news(c, heard) == news


def test_a_told_time_proposed_again_and_cancelled_is_called_off(sandbox: Sandbox) -> None:
    c = Case(sandbox, 1)
    iid, told, organiser, heard = _rejoined(c, 6)
    applied(c.act(organiser, "inspection.cancel", iid, {"reason": "申请人撤回场地"}))
    news = _news(c, heard)
    assert len(news) == 1, news
    # Cancelled: no new time is coming, so none is promised.
    assert told in news[0] and "取消" in news[0] and "另行通知" not in news[0]


def test_a_told_time_a_newcomer_declines_is_called_off(sandbox: Sandbox) -> None:
    c = Case(sandbox, 2)
    iid, told, _, heard = _rejoined(c, 7)
    newcomer = c.case.lead_department
    applied(c.act(newcomer, "inspection.decline", iid, {
        "department_code": newcomer, "proposal": c.inspection(iid)["proposal"],
        "reason": "当天另有勘察任务"}))
    assert c.inspection(iid)["starts_at"] is None
    news = _news(c, heard)
    assert len(news) == 1 and told in news[0], news
    assert "当天另有勘察任务" not in news[0]  # a department's own reason stays inside


def test_a_told_time_handed_over_and_rescheduled_is_called_off(sandbox: Sandbox) -> None:
    c = Case(sandbox, 3)
    organiser, other = c.others[:2]
    iid, told = _confirmed(c, organiser, other, days_before=8)
    heard = len(c.notifications())
    c.transfer(organiser)
    assert c.inspection(iid)["status"] == "proposed"
    assert _news(c, heard) == []
    applied(c.act(c.receiver, "inspection.reschedule", iid,
                  {**c.slot(10, c.receiver, other), "reason": "勘察部门调整"}))
    news = _news(c, heard)
    assert len(news) == 1 and told in news[0], news
    # Confirmed at the new time: the applicant gets the new appointment.
    c.confirm(c.receiver, iid)
    c.confirm(other, iid)
    news = _news(c, heard)
    assert len(news) == 2 and "现场勘察通知" in news[1] and told not in news[1], news


def test_an_applicant_never_told_a_time_hears_of_no_change(sandbox: Sandbox) -> None:
    c = Case(sandbox, 4)
    organiser, other = c.others[:2]
    iid = c.request(organiser)
    assert c.request(other) == iid
    heard = len(c.notifications())
    applied(c.act(organiser, "inspection.propose", iid, c.slot(11, organiser, other)))
    c.confirm(organiser, iid)
    applied(c.act(organiser, "inspection.reschedule", iid,
                  {**c.slot(12, organiser, other), "reason": "改期"}))
    applied(c.act(organiser, "inspection.cancel", iid, {"reason": "无需勘察"}))
    assert _news(c, heard) == []


def test_a_time_told_before_the_platform_kept_it_is_called_off_too(sandbox: Sandbox) -> None:
    # A database older than the table of times told (or a seeded confirmed
    # inspection) has no row: a confirmed inspection was told its own time.
    c = Case(sandbox, 6)
    organiser, other, newcomer = c.others[0], c.others[1], c.case.lead_department
    iid, told = _confirmed(c, organiser, other, days_before=9)
    with sandbox.platform.engine.begin() as conn:
        conn.execute(db.inspection_told.delete())
    heard = len(c.notifications())
    assert c.request(newcomer) == iid
    applied(c.act(organiser, "inspection.cancel", iid, {"reason": "申请人撤回场地"}))
    news = _news(c, heard)
    assert len(news) == 1 and told in news[0], news


def test_a_stand_in_at_the_time_told_tells_the_applicant_nothing_new(sandbox: Sandbox) -> None:
    # The visit day's stand-in: one inspector falls ill, a colleague of the same
    # department goes at the same time. Confirmed again, the notice would say word for
    # word what the applicant holds: no second message.
    c = Case(sandbox, 5)
    organiser, other = c.others[:2]
    iid = c.request(organiser)
    assert c.request(other) == iid
    ill, stand_in = [u.username for u in DEMO.users
                     if u.department_code == other and "inspector" in u.roles][:2]
    team = [c.login(organiser).username, ill]
    stored = sandbox.platform.record("case", c.code)
    assert stored is not None
    due = dt.date.fromisoformat(stored.body["due_date"])
    starts = free_visit(sandbox.platform.calendar, due - dt.timedelta(days=4),
                        [*team, stand_in])  # the stand-in free then too
    ends = starts + dt.timedelta(hours=2)
    applied(c.act(organiser, "inspection.propose", iid, {
        "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
        "inspectors": [c.login(organiser).username, ill]}))
    c.confirm(organiser, iid)
    c.confirm(other, iid)
    heard = len(c.notifications())
    assert heard and "现场勘察通知" in c.notifications()[-1]
    applied(c.act(organiser, "inspection.reschedule", iid, {
        "starts_at": starts.isoformat(), "ends_at": ends.isoformat(),
        "inspectors": [c.login(organiser).username, stand_in],
        "reason": "勘察人员生病，由同事代替"}))
    c.confirm(other, iid)
    c.confirm(organiser, iid)
    assert c.inspection(iid)["status"] == "confirmed"
    assert _news(c, heard) == []
