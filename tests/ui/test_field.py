"""Field mode: the checklist filled and saved offline, a photo attached from a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import (
    joint_case,
    photo,
)
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from support.visit_clock import go_to_visit
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.inspections import InspectionResult
from backoffice.domain.model import Verdict
from backoffice.remote.errors import OFFLINE, RemoteError
from backoffice.sync.files import PIN_UPLOAD, FileCache
from ui.planner.workspace import PlannerWorkspace


class _NoNetwork:
    """On site: every call to the platform fails as offline."""

    username = None

    def __getattr__(self, name: str) -> Any:
        def offline(*args: object, **kwargs: object) -> None:
            raise RemoteError(OFFLINE, host="platform.test")
        return offline


def test_field_checklist_filled_and_saved_offline_with_a_photo(
    qtbot: QtBot, device: Any, sandbox: Any, tmp_path: Path  # noqa: F811 - the fixtures
) -> None:
    joint = joint_case(device)
    inspection = joint.confirmed()
    other, other_dept = joint.other, joint.other_dept
    files = FileCache(tmp_path / "files")
    session = StandIn(other, files, other_dept)
    session.client = _NoNetwork()  # offline from here on
    workspace = PlannerWorkspace(session, lang="en")
    qtbot.addWidget(workspace)
    workspace.resize(1300, 800)
    workspace.show()
    field = workspace.field
    workspace.tabs.setCurrentWidget(field)
    qtbot.waitUntil(lambda: field.part is not None, timeout=SLOW)
    assert field.inspection is not None and field.inspection.id == inspection.id
    table = field.checklist
    assert table.objectName() == "fieldChecklist" and table.rowCount() == 2

    # One point passes, the other is not applicable with a note.
    for row, verdict in ((0, Verdict.PASS), (1, Verdict.NOT_APPLICABLE)):
        combo = table.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(verdict))
    note = table.item(1, 2)
    assert note is not None
    note.setText("无该设施")
    field.findings.setPlainText("现场与申报一致")

    picture = tmp_path / "现场.png"
    picture.write_bytes(photo(2400, 1800))
    field.photo_path.setText(str(picture))
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.photos.count() == 1, timeout=SLOW)
    field.result.setCurrentIndex(field.result.findData(InspectionResult.PASS))
    field.confirm.setChecked(True)
    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved here" in field.message.text(), timeout=SLOW)

    (entry,) = [e for e in other.store.pending_commands()
                if e.command.kind == "inspection.record_part"]
    payload = entry.command.payload
    assert [line["verdict"] for line in payload["lines"]] == ["pass", "not_applicable"]
    assert payload["lines"][1]["note"] == "无该设施" and payload["confirm"] is True
    (sent,) = payload["photos"]
    assert sent["original_sha256"] != sent["sha256"]
    assert PIN_UPLOAD in files.pins(sent["sha256"])
    path = files.path(sent["sha256"])
    assert path is not None
    with Image.open(path) as small:
        assert max(small.size) == 1600  # downscaled to the configured size
    # Shown as saved, offline: the part is final, the form is read-only.
    qtbot.waitUntil(lambda: field.part is not None and field.part.confirmed, timeout=SLOW)
    assert not field.save.isEnabled()
    assert not field.browse.isEnabled() and not field.photo_path.isEnabled()  # nothing to add

    # Back online on site: the photo goes up, then the part; the platform has it.
    go_to_visit(sandbox, inspection.id)
    other.files = files
    report = other.sync_once()
    assert report.uploaded == 1 and report.push.applied == 1, report
    workspace.close_session()
    files.close()


def pass_every_point(field: Any) -> None:
    """Every checklist point of the shown part marked as passed."""
    for row in range(field.checklist.rowCount()):
        combo = field.checklist.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(Verdict.PASS))


@pytest.fixture
def on_site(qtbot: QtBot, device: Any,  # noqa: F811 - the fixture
            tmp_path: Path) -> Iterator[tuple[PlannerWorkspace, Any]]:
    """The participating department's field mode on a confirmed inspection; (it, engine)."""
    joint = joint_case(device)
    joint.confirmed()
    files = FileCache(tmp_path / "files")
    workspace = PlannerWorkspace(StandIn(joint.other, files, joint.other_dept), lang="en")
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.tabs.setCurrentWidget(workspace.field)
    qtbot.waitUntil(lambda: workspace.field.part is not None, timeout=SLOW)
    yield workspace, joint.other
    workspace.close_session()
    files.close()


def test_on_site_corrections_split_at_the_first_colon_of_either_width(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any]
) -> None:
    # Typed on a Chinese keyboard: "：" after the point, and a time with ":" in the
    # requirement; the point ends at the first of them, whichever width it is.
    workspace, engine = on_site
    field = workspace.field
    pass_every_point(field)
    field.corrections.setPlainText("灭火器：请于3月10日17:00前补充配置\n安全出口: 清理堆放物\n"
                                   "\n张贴许可证")
    field.result.setCurrentIndex(field.result.findData(InspectionResult.PASS_WITH_CORRECTIONS))
    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved here" in field.message.text(), timeout=SLOW)

    (entry,) = [e for e in engine.store.pending_commands()
                if e.command.kind == "inspection.record_part"]
    assert entry.command.payload["corrections"] == [
        {"item": "灭火器", "requirement": "请于3月10日17:00前补充配置"},
        {"item": "安全出口", "requirement": "清理堆放物"},
        {"item": "", "requirement": "张贴许可证"}]
    # Shown back as saved, and read again the same way.
    qtbot.waitUntil(lambda: field.part is not None and bool(field.part.corrections),
                    timeout=SLOW)
    assert [(c.item, c.requirement) for c in field.current_part().corrections] == [
        ("灭火器", "请于3月10日17:00前补充配置"), ("安全出口", "清理堆放物"), ("", "张贴许可证")]


def test_the_photo_dialog_offers_only_what_can_be_attached(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path
) -> None:
    # HEIC was offered without the plug-in that reads it: picked, then refused.
    from PySide6.QtWidgets import QFileDialog

    workspace, _engine = on_site
    field = workspace.field
    qtbot.mouseClick(field.browse, Qt.MouseButton.LeftButton)
    dialog = workspace.findChild(QFileDialog, "fieldPhotoDialog")
    assert dialog is not None and dialog.isVisible()
    (images,) = dialog.nameFilters()
    patterns = images[images.index("(") + 1:images.index(")")].split()
    dialog.reject()
    extensions = [p[1:] for p in patterns if p == p.lower()]
    assert {".jpg", ".png"} <= set(extensions)
    assert [p for p in patterns if p != p.lower()] == [p.upper() for p in patterns
                                                        if p == p.lower()]
    readable = Image.registered_extensions()
    assert (".heic" in extensions) == (readable.get(".heic") in Image.OPEN)

    # Every format offered goes through: written by Pillow, picked, attached.
    colours = ["red", "green", "blue", "white", "black", "yellow", "gray", "orange", "purple"]
    for n, extension in enumerate(extensions):
        picture = tmp_path / f"现场{n}{extension}"
        Image.new("RGB", (640, 480), colours[n % len(colours)]).save(picture)
        dialog.fileSelected.emit(str(picture))
        assert field.photo_path.text() == str(picture)
        qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
        assert field.photo_path.text() == "", (extension, field.message.text())
    assert field.photos.count() == len(extensions)


def test_an_inspection_cancelled_meanwhile_leaves_the_field_form(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], device: Any  # noqa: F811
) -> None:
    from inspections.joint import staff

    from backoffice.inspections import service

    workspace, engine = on_site
    field = workspace.field
    assert field.part is not None and field.save.isEnabled()
    shown = field.part.case_code
    with engine.store.read() as uow:
        (inspection,) = uow.inspections.for_case(shown)
    organiser = device(staff(inspection.lead_department, "inspector"), "organiser")
    organiser.sync_once()
    user = organiser.client.username
    assert user is not None
    service.cancel(organiser.store, user, inspection.lead_department, inspection.id,
                   "申请人撤回申请")
    assert organiser.sync_once().push.applied == 1
    engine.sync_once()
    with qtbot.waitSignal(workspace.settled, timeout=SLOW):
        workspace.refresh()  # as after the sync round
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert field.inspections.count() == 0 and field.part is None
    assert shown not in field.title.text() and field.checklist.rowCount() == 0
    assert not field.save.isEnabled() and not field.add_photo.isEnabled()
    assert not field.browse.isEnabled() and not field.photo_path.isEnabled()
