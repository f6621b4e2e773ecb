"""After the field record is synced, every participant's review task shows it.

Two departments record their parts (one passes, one fails with a finding),
sync; the other department's task detail shows the joint inspection under
the departments (status, time, each department's result and findings) and
the case timeline lists the inspection's events.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from inspections.joint import joint_case
from pytestqt.qtbot import QtBot
from support.sync_env import data
from support.visit_clock import go_to_visit
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain import clock
from backoffice.domain.inspections import ChecklistLine, InspectionResult
from backoffice.domain.model import Verdict
from backoffice.inspections import service
from backoffice.sync.files import FileCache
from ui.inbox.detail import TaskDetail


def _record(engine: Any, code: str, department: str, result: InspectionResult,
            findings: str) -> None:
    with engine.store.read() as uow:
        mine = next(p for p in uow.inspection_parts.for_case(code)
                    if p.department_code == department)
    verdict = Verdict.FAIL if result == InspectionResult.FAIL else Verdict.PASS
    lines = tuple(ChecklistLine(x.item, verdict, findings if verdict == Verdict.FAIL else "")
                  for x in mine.lines)
    service.save_part(engine.store, engine.client.username,
                      replace(mine, lines=lines, findings=findings, result=result), confirm=True)


def test_the_review_task_shows_the_joint_record(
    qtbot: QtBot, device: Any, sandbox: Any, tmp_path: Path  # noqa: F811 - the fixtures
) -> None:
    joint = joint_case(device)
    inspection = joint.confirmed()
    code, lead_dept, other_dept = joint.code, joint.lead_dept, joint.other_dept
    lead, other = joint.lead, joint.other
    go_to_visit(sandbox, inspection.id)  # the parts are confirmed on site
    _record(lead, code, lead_dept, InspectionResult.PASS, "现场与申报一致")
    _record(other, code, other_dept, InspectionResult.FAIL, "消防通道堵塞")
    for engine in (lead, other, lead, other):
        engine.sync_once()

    task = next(t.id for t in data().tasks
                if t.case_code == code and t.department_code == other_dept)
    files = FileCache(tmp_path / "files")
    detail = TaskDetail(StandIn(other, files, other_dept), lang="en")
    qtbot.addWidget(detail)
    detail.resize(1200, 900)
    detail.show()
    with qtbot.waitSignal(detail.loaded, timeout=SLOW):
        detail.show_task(task)

    tree = detail.progress
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    (joint,) = [r for r in rows if r.text(0) == "Joint site inspection"]
    assert joint.text(1) == "recorded"
    assert joint.text(4) == "joint result: fail"  # the strictest department's
    assert inspection.starts_at is not None and inspection.ends_at is not None
    tz = clock.shanghai_tz()
    assert joint.text(2) == (f"{inspection.starts_at.astimezone(tz):%Y-%m-%d %H:%M}–"
                             f"{inspection.ends_at.astimezone(tz):%H:%M}")
    names = {d.code: d.name for d in data().departments}
    parts = {joint.child(n).text(0): joint.child(n) for n in range(joint.childCount())}
    lead_row = parts[f"{names[lead_dept]} (organiser)"]
    other_row = parts[names[other_dept]]
    assert (lead_row.text(1), lead_row.text(4)) == ("pass", "现场与申报一致")
    assert (other_row.text(1), other_row.text(4)) == ("fail", "消防通道堵塞")
    assert lead_row.text(2) == f"confirmed by {lead.client.username}"  # not in our staff list
    assert joint.isExpanded()

    timeline = [(detail.timeline.topLevelItem(i).text(1), detail.timeline.topLevelItem(i).text(2))
                for i in range(detail.timeline.topLevelItemCount())]
    what = [w for w, _ in timeline]
    assert what.count("site inspection requested") == 2
    assert {"site inspection time proposed", "site inspection confirmed",
            "site inspection recorded"} <= set(what)
    assert ("site inspection recorded", "fail") in timeline
    detail.close()
    files.close()
