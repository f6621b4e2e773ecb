"""An organiser department with no inspector of its own is told why it cannot propose.

A transfer hands the case lead's place in the joint inspection — organiser —
to a department without inspectors. Every department taking part sends one
of its own inspectors (9.5.2.1, 9.5.2.3; its inspector confirms its part on
site), so no time can be proposed: the planner says exactly that, with the
department's name, instead of offering a search that finds no team; and the
platform refuses a team without it. Two real stores synced with the sandbox
on loopback; the receiving department's inspectors are taken off the platform.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from inspections.joint import PLAN_NOW, request_both, staff, two_department_case
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from support.inspection_case import free_visit
from support.sync_env import data, queue
from test_planner import (  # noqa: F401 - fixtures
    StandIn,
    device,
    planning_the_only_one,
    sandbox,
)

from backoffice.inspections import service
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace


def _without_inspectors(platform: Sandbox, department: str) -> None:
    u = db.users.c
    with platform.platform.engine.begin() as conn:
        rows = conn.execute(select(u.username, u.roles).where(u.department_code == department))
        for name, roles in list(rows):
            kept = " ".join(r for r in str(roles).split() if r != "inspector") or "reviewer"
            conn.execute(db.users.update().where(u.username == name).values(roles=kept))


def test_an_organiser_without_inspectors_is_told_why_no_time_can_be_proposed(
    qtbot: QtBot, device: Any, sandbox: Sandbox, tmp_path: Path  # noqa: F811 - fixtures
) -> None:
    code, lead_dept, other_dept = two_department_case()
    request_both(device(staff(lead_dept, "inspector")), device(staff(other_dept, "inspector")),
                 code, lead_dept, other_dept)
    city = lead_dept.rsplit("-", 1)[1]
    on_case = {t.department_code for t in data().tasks if t.case_code == code}
    receiver = next(d.code for d in data().departments
                    if d.code.endswith(city) and d.code not in on_case)
    _without_inspectors(sandbox, receiver)
    leaving = device(staff(lead_dept, "reviewer"), department_code=lead_dept)
    leaving.sync_once()
    with leaving.store.read() as uow:
        task = next(t for t in uow.tasks.for_case(code) if t.department_code == lead_dept)
    queue(leaving, "task.transfer", "review_task", task.id, {"to_department": receiver})
    assert leaving.sync_once().push.applied == 1

    taking = device(staff(receiver, "reviewer"), department_code=receiver)
    taking.sync_once()
    files = FileCache(tmp_path / "files")
    planner = planning_the_only_one(qtbot, PlannerWorkspace(
        StandIn(taking, files, receiver), lang="en", now=lambda: PLAN_NOW))
    inspection = planner.current
    assert inspection is not None and inspection.lead_department == receiver
    assert set(inspection.departments) == {receiver, other_dept}
    planning = planner.planning
    assert planning is not None and planning.lanes  # the other department's inspectors
    assert {p.department for p in planning.lanes} == {other_dept}

    name = {d.code: d.name for d in data().departments}[receiver]
    said = (f"No time can be proposed: {name} has no inspector. Every department taking part "
            "sends one of its own inspectors, who inspects and confirms its part of the record "
            f"on site (9.5.2.1, 9.5.2.3). Once {name} has an inspector, refresh the free/busy.")
    assert planner.plan.explanation.text() == said
    assert not planner.plan.propose.isEnabled() and planner.plan.propose.toolTip() == said
    assert planner.view.duration == 0  # no drag to a time that cannot be proposed …
    assert planner.plan.conflict.text() == ""  # … nor a hint to drag
    assert planner.plan.cancel.isEnabled()  # the organiser still may cancel

    # The platform agrees: a team of the other department alone is refused.
    # (At a time the free/busy leaves that inspector free: the client refuses one busy.)
    start = free_visit(taking.store.calendar, (PLAN_NOW + dt.timedelta(days=2)).date(),
                       [planning.lanes[0].id], step=1)
    service.propose(taking.store, taking.client.username or "", inspection.id, start,
                    start + dt.timedelta(hours=2), [planning.lanes[0].id],
                    after_deadline_reason="申请人要求")
    assert taking.sync_once().push.applied == 0
    (entry,) = [e for e in taking.store.conflicts() if e.command.kind == "inspection.propose"]
    assert entry.last_error == "inspection.department_without_inspector"
    planner.close_session()
    files.close()
