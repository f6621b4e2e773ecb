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


def test_the_files_are_let_go_once_our_confirmed_part_is_synced(
    qtbot: QtBot, device: Any, sandbox: Any, tmp_path: Path  # noqa: F811 - the fixtures
) -> None:
    # The inspection stays confirmed until every department has recorded its part;
    # ours synced, nothing of the visit is ahead of us, yet its files stayed pinned,
    # never evicted, for as long as the slowest department took.
    from PySide6.QtWidgets import QComboBox
    from support.visit_clock import go_to_visit

    from backoffice.domain.inspections import InspectionResult
    from backoffice.domain.model import Verdict
    from backoffice.domain.states import InspectionStatus

    joint = joint_case(device)
    inspection = joint.confirmed()
    files = FileCache(tmp_path / "files")
    joint.other.files = files
    workspace = PlannerWorkspace(StandIn(joint.other, files, joint.other_dept), lang="en")
    qtbot.addWidget(workspace)
    workspace.show()
    field = workspace.field
    workspace.tabs.setCurrentWidget(field)
    qtbot.waitUntil(lambda: field.part is not None, timeout=SLOW)
    field.prefetch.click()
    qtbot.waitUntil(lambda: "ready for field work" in field.status.text(), timeout=SLOW)
    with joint.other.store.read() as uow:
        wanted = {m.file_sha256 for m in uow.materials.for_case(inspection.case_code)
                  if m.file_sha256}
    assert wanted and all(PIN_FIELD in files.pins(sha) for sha in wanted)

    for row in range(field.checklist.rowCount()):
        combo = field.checklist.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(Verdict.PASS))
    field.result.setCurrentIndex(field.result.findData(InspectionResult.PASS))
    field.confirm.setChecked(True)
    field.save.click()
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert "Saved here" in field.message.text(), field.message.text()
    go_to_visit(sandbox, inspection.id)
    assert joint.other.sync_once().push.applied == 1
    with qtbot.waitSignal(workspace.settled, timeout=SLOW):
        workspace.refresh()  # as after the sync round
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    with joint.other.store.read() as uow:
        still = uow.inspections.get(inspection.id)
    assert still is not None and still.status == InspectionStatus.CONFIRMED  # theirs to come
    assert not any(PIN_FIELD in files.pins(sha) for sha in wanted)
    workspace.close_session()
    files.close()
