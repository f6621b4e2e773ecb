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

from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=10)
CST = dt.timezone(dt.timedelta(hours=8))
GRANT = {"kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条"}


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
        starts = dt.datetime.combine(day, dt.time(9), CST)
        return {"starts_at": starts.isoformat(),
                "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
                "inspectors": [self.login(d).username for d in team]}

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
