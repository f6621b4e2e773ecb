"""A fresh demo case walked through its joint inspection over HTTP, for the sandbox tests.

Imported as ``support.inspection_case`` by the modules that plan, confirm,
move and hand over inspections on the platform (each with a sandbox of its
own, seeded with :data:`DEMO`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from support.sandbox_env import Client, case_departments, demo_data, user, version
from support.visit_clock import at_the_visit

from backoffice.domain.calendar import WorkCalendar
from backoffice.sandbox.freebusy import busy_of_day
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=10)
CST = dt.timezone(dt.timedelta(hours=8))
GRANT = {"kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条"}


# Two-hour visits within the inspectors' hours, 09:00 first.
_STARTS = tuple(dt.time(h, m) for h, m in (
    (9, 0), (9, 30), (10, 0), (8, 30), (13, 30), (14, 0), (14, 30), (15, 0), (15, 30)))


def free_start(day: dt.date, team: list[str], *, working: bool = True) -> dt.datetime | None:
    """The first two-hour visit on ``day`` that the platform's free/busy — its generated
    busy time (``busy_of_day``, on ``working`` days only) — leaves ``team`` free for; None
    when there is none. The platform refuses a team member busy then
    (``inspection.inspector_not_free``)."""
    busy = [b for name in team for b in busy_of_day(name, day)] if working else []
    for at in _STARTS:
        starts = dt.datetime.combine(day, at, CST)
        ends = starts + dt.timedelta(hours=2)
        if not any(a < ends and starts < b for a, b, _ in busy):
            return starts
    return None


def free_visit(calendar: WorkCalendar, day: dt.date, team: list[str], *,
               step: int = -1) -> dt.datetime:
    """:func:`free_start` on ``day`` or, when there is none (someone on leave, say, or a
    day off: a visit is held on working days only), on the nearest working day before it
    (``step`` -1) or after it (+1) that has one."""
    while True:
        starts = free_start(day, team) if calendar.is_working_day(day) else None
        if starts is not None:
            return starts
        day += dt.timedelta(days=step)


def applied(result: dict[str, Any]) -> dict[str, Any]:
    assert result["status"] == "applied", result
    return result


def refused(result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A refused command's error code and details."""
    assert result["status"] == "refused", result
    return str(result["error"]["code"]), dict(result["error"]["details"])


class Case:
    """One fresh case of the demo, its departments and signed-in people."""

    def __init__(self, sandbox: Sandbox, n: int) -> None:
        self.sandbox = sandbox
        self.case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])
        self.code = self.case.case_code
        self.others = sorted({t.department_code for t in DEMO.tasks
                              if t.case_code == self.code} - {self.case.lead_department})
        city = self.case.lead_department.rsplit("-", 1)[1]
        self.receiver = next(d.code for d in DEMO.departments if d.code.endswith(city)
                             and d.code not in case_departments(DEMO, self.code))
        self._people: dict[tuple[str, str], Client] = {}

    def login(self, department: str, role: str = "inspector") -> Client:
        key = (department, role)
        if key not in self._people:
            self._people[key] = Client(self.sandbox.url, user(DEMO, department, role)).login()
        return self._people[key]

    def slot(self, days_before: int, *team: str) -> dict[str, Any]:
        stored = self.sandbox.platform.record("case", self.code)
        assert stored is not None
        day = dt.date.fromisoformat(stored.body["due_date"]) - dt.timedelta(days=days_before)
        inspectors = [self.login(d).username for d in team]
        starts = free_visit(self.sandbox.platform.calendar, day, inspectors)
        return {"starts_at": starts.isoformat(),
                "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
                "inspectors": inspectors}

    def request(self, department: str) -> str:
        asked = applied(self.login(department).command(
            "inspection.request", "case", self.code, 0,
            {"department_code": department, "reason": "核查经营场所",
             "checklist": [f"{department} 要点"]}))
        return str(next(r for r in asked["related"] if r["entity"] == "inspection")["id"])

    def act(self, department: str, kind: str, iid: str, payload: dict[str, Any],
            entity: str = "inspection") -> dict[str, Any]:
        base = 0 if kind in ("inspection.confirm", "inspection.decline") else \
            version(self.sandbox, entity, iid)
        return self.login(department).command(kind, entity, iid, base, payload)

    def confirm(self, department: str, iid: str) -> dict[str, Any]:
        return applied(self.act(department, "inspection.confirm", iid, {
            "department_code": department, "proposal": self.inspection(iid)["proposal"]}))

    def record(self, department: str, iid: str) -> dict[str, Any]:
        """The department's part confirmed on site: at the visit's time, as it must be."""
        part = self.record_of("inspection_part", f"{iid}--{department}")
        lines = [{"item": x["item"], "verdict": "pass", "note": ""} for x in part["lines"]]
        with at_the_visit(self.sandbox, iid):
            self._people.clear()  # their tokens have expired by the visit's time
            return applied(self.act(department, "inspection.record_part", part["id"],
                                     {"lines": lines, "result": "pass", "confirm": True},
                                     entity="inspection_part"))

    def transfer(self, department: str) -> dict[str, Any]:
        task = next(t for t in DEMO.tasks
                    if t.case_code == self.code and t.department_code == department)
        return applied(self.login(department, "reviewer").command(
            "task.transfer", "review_task", task.id,
            version(self.sandbox, "review_task", task.id), {"to_department": self.receiver}))

    def record_of(self, entity: str, id: str) -> dict[str, Any]:
        stored = self.sandbox.platform.record(entity, id)
        assert stored is not None
        return dict(stored.body)

    def inspection(self, iid: str) -> dict[str, Any]:
        return self.record_of("inspection", iid)

    def notifications(self) -> list[str]:
        return [s.body["text"] for s in self.sandbox.platform._records("notification")
                if s.body["case_code"] == self.code]

    def draft_decision(self) -> dict[str, Any]:
        lead = self.login(self.case.lead_department, "reviewer")
        return lead.command("decision.draft", "case", self.code, 0, GRANT)
