"""Field mode's verdict boxes are named by their checklist point for screen readers.

A drop-down is named by its current choice: the checklist's boxes were read
as "pass", "fail", "not checked", with nothing to say which point each was for.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox
from test_field import on_site  # noqa: F401 - the fixture
from test_planner import device, sandbox  # noqa: F401 - fixtures

from ui.planner.workspace import PlannerWorkspace


def test_each_verdict_is_named_by_its_point(
        on_site: tuple[PlannerWorkspace, Any]) -> None:  # noqa: F811 - the fixture
    field = on_site[0].field
    assert field.checklist.rowCount() == 2
    for row in range(field.checklist.rowCount()):
        box = field.checklist.cellWidget(row, 1)
        assert isinstance(box, QComboBox)
        point = field.checklist.item(row, 0).text()
        assert point and point in box.accessibleName(), (box.accessibleName(), point)
        assert box.accessibleName() != box.currentText()
    assert field.result.accessibleName() and field.checklist.accessibleName()
