"""Field mode keeps unsaved entries per inspection: across a switch and a closed session.

An inspector with two confirmed inspections types findings, sets a verdict
and attaches a photo on one, looks at the other, and comes back: everything
is still there. Closing the workspace keeps it for the next session, whose
field mode shows it again; saving sends it and forgets the draft. Real
stores synced with the sandbox on loopback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspections.joint import confirm_first_slot, joint_case, photo, staff
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.model import Verdict
from backoffice.inspections import field_drafts as drafts
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.planner import field as field_panel
from ui.planner.field import FieldPanel
from ui.planner.workspace import PlannerWorkspace

SECOND_CASE = "220100-20250226-000001"  # the demo data's requested inspection of XFJY


def _second_confirmed(device: Any, other: SyncEngine, other_dept: str) -> None:  # noqa: F811
    """The demo's other inspection of ``other_dept`` planned and confirmed too."""
    other.sync_once()
    with other.store.read() as uow:
        (second,) = uow.inspections.for_case(SECOND_CASE)
    organiser = device(staff(second.lead_department, "inspector"), "organiser2")
    organiser.sync_once()
    confirm_first_slot(organiser, other, SECOND_CASE, second.lead_department, other_dept)


def _open(qtbot: QtBot, engine: SyncEngine, files: FileCache, dept: str) -> PlannerWorkspace:
    workspace = PlannerWorkspace(StandIn(engine, files, dept), lang="en")
    qtbot.addWidget(workspace)
    workspace.resize(1300, 800)
    workspace.show()
    workspace.tabs.setCurrentWidget(workspace.field)
    field = workspace.field
    qtbot.waitUntil(lambda: field.part is not None and len(field.found) == 2, timeout=SLOW)
    return workspace


def _choose(qtbot: QtBot, field: FieldPanel, index: int) -> None:
    """Choose ``field.found[index]`` (the list's headings take rows too)."""
    with qtbot.waitSignal(field.loaded, timeout=SLOW):
        field.inspections.setCurrentRow(field.row_of(field.found[index].id))


def _verdict(field: FieldPanel, row: int) -> QComboBox:
    combo = field.checklist.cellWidget(row, 1)
    assert isinstance(combo, QComboBox)
    return combo


def _two_inspections(qtbot: QtBot, device: Any,  # noqa: F811 - the fixture
                     tmp_path: Path) -> tuple[SyncEngine, str, FileCache, PlannerWorkspace]:
    """The other department's person with two confirmed inspections, field mode open."""
    joint = joint_case(device)
    joint.confirmed()
    other, dept = joint.other, joint.other_dept
    _second_confirmed(device, other, dept)
    files = FileCache(tmp_path / "files")
    return other, dept, files, _open(qtbot, other, files, dept)


def _attach(qtbot: QtBot, field: FieldPanel, tmp_path: Path) -> None:
    picture = tmp_path / "现场.png"
    picture.write_bytes(photo(2000, 1500, "red"))
    field.photo_path.setText(str(picture))
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.photos.count() == 1, timeout=SLOW)


def test_unsaved_field_entries_survive_a_switch_and_a_closed_session(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    other, dept, files, workspace = _two_inspections(qtbot, device, tmp_path)
    field = workspace.field
    first = field.inspection
    assert first is not None
    combo = _verdict(field, 0)
    combo.setCurrentIndex(combo.findData(Verdict.PASS))
    field.findings.setPlainText("两小时的现场记录")
    _attach(qtbot, field, tmp_path)

    _choose(qtbot, field, 1)  # the other inspection: its own, empty record
    assert field.inspection is not None and field.inspection.id != first.id
    assert field.findings.toPlainText() == "" and field.photos.count() == 0
    _choose(qtbot, field, 0)  # and back: nothing was lost
    assert field.findings.toPlainText() == "两小时的现场记录" and field.photos.count() == 1
    assert Verdict(_verdict(field, 0).currentData()) == Verdict.PASS
    assert "unsaved entries for this inspection are back" in field.message.text()

    field.findings.setPlainText("两小时的现场记录，补充")  # typed after the switch
    assert field.has_unsaved()
    workspace.close_session()  # sign-out or quit before saving
    workspace.hide()

    again = _open(qtbot, other, files, dept)  # the next session
    field = again.field
    row = next(n for n, i in enumerate(field.found) if i.id == first.id)
    if field.inspection is None or field.inspection.id != first.id:
        _choose(qtbot, field, row)
    qtbot.waitUntil(lambda: field.findings.toPlainText() == "两小时的现场记录，补充",
                    timeout=SLOW)
    assert field.photos.count() == 1 and Verdict(_verdict(field, 0).currentData()) == \
        Verdict.PASS
    assert not [e for e in other.store.pending_commands()
                if e.command.kind == "inspection.record_part"], "a draft is not sent"

    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved here" in field.message.text(), timeout=SLOW)
    qtbot.waitUntil(lambda: not again.busy(), timeout=SLOW)
    (entry,) = [e for e in other.store.pending_commands()
                if e.command.kind == "inspection.record_part"]
    assert entry.command.payload["findings"] == "两小时的现场记录，补充"
    assert len(entry.command.payload["photos"]) == 1
    assert not field.has_unsaved() and drafts.load(other.store) == {}
    again.close_session()
    files.close()


def test_a_dropped_draft_lets_its_photo_go_and_a_kept_one_holds_it(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    """Pinned while a draft holds it (the only copy); evictable once the draft is dropped."""
    other, _, files, workspace = _two_inspections(qtbot, device, tmp_path)
    field = workspace.field
    _attach(qtbot, field, tmp_path)
    (sha,) = files.pending_uploads()

    _choose(qtbot, field, 1)  # the draft kept, with its photo
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert [p.sha256 for d in drafts.load(other.store).values() for p in d.photos] == [sha]
    assert files.evict(target_bytes=0) == [] and files.has(sha)

    _choose(qtbot, field, 0)
    field.photos.setCurrentRow(0)
    qtbot.mouseClick(field.remove_photo, Qt.MouseButton.LeftButton)
    _choose(qtbot, field, 1)  # nothing unsaved is left of it: the draft is dropped
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert drafts.load(other.store) == {}
    assert files.pending_uploads() == []
    assert files.evict(target_bytes=0) == [sha]
    workspace.close_session()
    files.close()


def test_a_photo_taken_off_before_any_draft_kept_it_is_let_go(
    qtbot: QtBot, device: Any, tmp_path: Path,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Attached and removed between two autosaves: no draft ever had it to drop."""
    monkeypatch.setattr(field_panel, "AUTOSAVE_MS", 3_600_000)  # nothing kept meanwhile
    other, _, files, workspace = _two_inspections(qtbot, device, tmp_path)
    field = workspace.field
    _attach(qtbot, field, tmp_path)
    (sha,) = files.pending_uploads()
    field.photos.setCurrentRow(0)
    qtbot.mouseClick(field.remove_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
    assert drafts.load(other.store) == {}  # never kept with it
    assert files.pins(sha) == frozenset()
    assert files.evict(target_bytes=0) == [sha]
    workspace.close_session()
    files.close()
