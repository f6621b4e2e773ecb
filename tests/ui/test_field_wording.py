"""Field mode speaks of the case and the photo's name, not of internal identifiers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from inspections.joint import photo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from test_field import on_site  # noqa: F401 - the fixture
from test_planner import SLOW, device, sandbox  # noqa: F401 - fixtures

from backoffice.domain.inspections import InspectionResult
from backoffice.domain.model import Verdict
from ui.planner.workspace import PlannerWorkspace

_HEX = re.compile(r"[0-9a-f]{8,}")


def test_a_pass_with_a_failed_point_is_refused_naming_the_case(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any]  # noqa: F811 - the fixture
) -> None:
    workspace, engine = on_site
    field = workspace.field
    assert field.part is not None
    case_code = field.part.case_code
    combo = field.checklist.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Verdict.FAIL))
    field.checklist.item(0, 2).setText("灭火器过期")  # type: ignore[union-attr]
    field.result.setCurrentIndex(field.result.findData(InspectionResult.PASS))
    qtbot.mouseClick(field.save, Qt.MouseButton.LeftButton)
    assert field.message.text() == (
        f"Our part of the inspection of case {case_code}: a result of “pass” cannot have "
        "a failed checklist point.")
    assert "inspection-" not in field.message.text()
    assert not [e for e in engine.store.pending_commands()
                if e.command.kind == "inspection.record_part"]


def test_an_attached_photo_is_listed_by_its_file_name(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any], tmp_path: Path  # noqa: F811
) -> None:
    field = on_site[0].field
    picture = tmp_path / "东侧消防通道.png"
    picture.write_bytes(photo(400, 300))
    field.photo_path.setText(str(picture))
    qtbot.mouseClick(field.add_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.photos.count() == 1, timeout=SLOW)
    shown = field.photos.item(0).text()
    assert shown == "东侧消防通道" and not _HEX.search(shown)
