"""Prepare for field work: it prepares what the field list shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import joint_case, staff
from pytestqt.qtbot import QtBot
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.sync.accounts import Account
from backoffice.sync.files import PIN_FIELD, FileCache
from ui.planner.workspace import PlannerWorkspace


def test_prepare_pins_the_departments_inspection_the_list_shows(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    joint = joint_case(device)
    inspection = joint.confirmed()
    # A colleague of the department, not on the team: the list shows them the
    # department's inspection (they may fill in the form the inspector confirms).
    colleague = staff(joint.other_dept, "reviewer")
    assert colleague not in inspection.inspectors
    files = FileCache(tmp_path / "files")
    session = StandIn(joint.other, files, joint.other_dept)
    session.account = Account("https://platform.test", colleague, colleague,
                              joint.other_dept, joint.other_dept)
    workspace = PlannerWorkspace(session, lang="en")
    qtbot.addWidget(workspace)
    workspace.show()
    field = workspace.field
    workspace.tabs.setCurrentWidget(field)
    qtbot.waitUntil(lambda: len(field.found) == 1, timeout=SLOW)

    field.prefetch.click()
    qtbot.waitUntil(lambda: "ready for field work" in field.status.text(), timeout=SLOW)
    assert field.status.text().startswith("1 inspection ready for field work; ")
    with joint.other.store.read() as uow:
        wanted = {m.file_sha256 for m in uow.materials.for_case(inspection.case_code)
                  if m.file_sha256}
    assert wanted and all(PIN_FIELD in files.pins(sha) for sha in wanted)
    workspace.close_session()
    files.close()
