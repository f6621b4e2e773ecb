"""Prepare for field work: it prepares what the field list shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import joint_case, staff
from pytestqt.qtbot import QtBot
from support.visit_clock import go_to_visit
from test_field import on_site, pass_every_point  # noqa: F401 - the fixture
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.inspections import InspectionResult
from backoffice.domain.states import InspectionStatus
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
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], sandbox: Any  # noqa: F811
) -> None:
    # The inspection stays confirmed until every department has recorded its part;
    # ours synced, nothing of the visit is ahead of us, yet its files stayed pinned,
    # never evicted, for as long as the slowest department took.
    workspace, engine = on_site
    field, files = workspace.field, workspace.session.files
    inspection = field.inspection
    assert inspection is not None
    engine.files = files
    field.prefetch.click()
    qtbot.waitUntil(lambda: "ready for field work" in field.status.text(), timeout=SLOW)
    with engine.store.read() as uow:
        wanted = {m.file_sha256 for m in uow.materials.for_case(inspection.case_code)
                  if m.file_sha256}
    assert wanted and all(PIN_FIELD in files.pins(sha) for sha in wanted)

    pass_every_point(field)
    field.result.setCurrentIndex(field.result.findData(InspectionResult.PASS))
    field.confirm.setChecked(True)
    field.save.click()
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert "Saved here" in field.message.text(), field.message.text()
    go_to_visit(sandbox, inspection.id)
    assert engine.sync_once().push.applied == 1
    with qtbot.waitSignal(workspace.settled, timeout=SLOW):
        workspace.refresh()  # as after the sync round
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    with engine.store.read() as uow:
        still = uow.inspections.get(inspection.id)
    assert still is not None and still.status == InspectionStatus.CONFIRMED  # theirs to come
    assert not any(PIN_FIELD in files.pins(sha) for sha in wanted)


def test_an_inspection_whose_files_could_not_be_fetched_is_not_said_ready(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], sandbox: Any  # noqa: F811
) -> None:
    # Prepared with the platform failing: "1 inspection ready for field work" beside
    # "5 files could not be fetched" sent the inspector on site without the materials.
    field = on_site[0].field
    sandbox.faults.fail("/api/v1/files/", times=1000, status=503)
    field.prefetch.click()
    qtbot.waitUntil(lambda: "ready for field work" in field.status.text(), timeout=SLOW)
    assert field.status.text().startswith("0 inspections ready for field work; ")
    assert "could not be fetched; try again while online." in field.status.text()

    sandbox.faults.clear()
    field.status.clear()
    field.prefetch.click()
    qtbot.waitUntil(lambda: "ready for field work" in field.status.text(), timeout=SLOW)
    assert field.status.text().startswith("1 inspection ready for field work; ")
    assert "could not be fetched" not in field.status.text()
