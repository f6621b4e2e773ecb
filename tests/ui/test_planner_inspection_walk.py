"""Two defects of the QA walk, as the planner shows them.

- "Request site inspection" filled the form with another department's
  checklist points (【生态环境】… for 住建, which was not even in the
  inspection): now only the requesting department's.
- An inspector could confirm a part before the visit; the service's refusal
  now shows on the field form's message line, and what was typed stays.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import PLAN_NOW, joint_case, staff, two_department_case
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from support.sync_env import data
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain import clock
from backoffice.domain.inspections import InspectionResult
from backoffice.domain.model import Verdict
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace


def test_the_request_form_holds_only_our_departments_points(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    code, _lead, other_dept = two_department_case()  # 文旅, 消防 and 卫健's bundle
    engine = device(staff(other_dept, "reviewer"))
    engine.sync_once()
    task = next(t.id for t in data().tasks
                if t.case_code == code and t.department_code == other_dept)
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(engine, files, other_dept), lang="en",
                                 now=lambda: PLAN_NOW)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.request_for(task)
    form = workspace.plan
    qtbot.waitUntil(lambda: form.request_box.isEnabled(), timeout=SLOW)
    points = form.request_checklist.toPlainText().splitlines()
    assert points and all(p.startswith("【消防】") for p in points), points
    workspace.close_session()
    files.close()


def test_a_confirmation_before_the_visit_is_refused_on_the_form(
    qtbot: QtBot, device: Any, tmp_path: Path,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch
) -> None:
    joint = joint_case(device)
    inspection = joint.confirmed()
    assert inspection.starts_at is not None
    # The workstation's clock: an hour and a half before the visit.
    early = inspection.starts_at - dt.timedelta(minutes=90)
    monkeypatch.setattr(clock, "now", lambda: early)
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(joint.other, files, joint.other_dept), lang="en")
    qtbot.addWidget(workspace)
    workspace.show()
    field = workspace.field
    workspace.tabs.setCurrentWidget(field)
    qtbot.waitUntil(lambda: field.part is not None, timeout=SLOW)
    # The form says so first: the confirmation waits for the visit, with its time.
    start = f"{inspection.starts_at.astimezone(clock.shanghai_tz()):%Y-%m-%d %H:%M}"
    assert not field.confirm.isEnabled() and not field.confirm.isChecked()
    assert start in field.confirm.toolTip() and "when the visit begins" in field.confirm.toolTip()
    assert field.save.isEnabled()  # a draft may be saved
    for row in range(field.checklist.rowCount()):
        combo = field.checklist.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(Verdict.PASS))
    field.findings.setPlainText("到场前的笔记")
    field.result.setCurrentIndex(field.result.findData(InspectionResult.PASS))
    field.confirm.setChecked(True)
    field.save.click()  # set by a script all the same: the domain refuses it
    qtbot.waitUntil(lambda: start in field.message.text(), timeout=SLOW)
    assert "once the visit has begun" in field.message.text()
    assert joint.other.store.pending_commands() == []  # nothing queued
    assert field.findings.toPlainText() == "到场前的笔记"  # nothing lost
    # Without the confirmation it is a draft, saved at once.
    field.confirm.setChecked(False)
    field.save.click()
    qtbot.waitUntil(lambda: "Saved here" in field.message.text(), timeout=SLOW)
    (entry,) = joint.other.store.pending_commands()
    assert entry.command.payload["confirm"] is False
    # The form reloads what was saved (its part None meanwhile, when the gate has
    # nothing to look at): wait for it, as the inspector's eyes would.
    qtbot.waitUntil(lambda: field.part is not None, timeout=SLOW)
    # The visit begins: the form's own timer looks again and lets the inspector confirm.
    monkeypatch.setattr(clock, "now", lambda: inspection.starts_at)
    field._gate_confirmation()
    assert field.confirm.isEnabled() and field.confirm.toolTip() == ""
    workspace.close_session()
    files.close()
