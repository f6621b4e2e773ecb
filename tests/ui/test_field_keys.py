"""Field mode and the request form by keyboard: Tab leaves the checklist and the text boxes.

The checklist moved Tab from cell to cell, so the keyboard went round its
verdicts for ever and never reached the findings or Save; the findings, the
corrections and the request's checklist typed a tab character into the record.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from test_field import on_site  # noqa: F401 - the fixture
from test_planner import device, sandbox  # noqa: F401 - fixtures

from ui.planner.field import FieldPanel
from ui.planner.panels import PlanPage
from ui.planner.workspace import PlannerWorkspace


def _tab_round(qtbot: QtBot, start: QWidget, presses: int = 40) -> list[str]:
    """The object names focus passes through, Tab after Tab from ``start``."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    seen = []
    for _ in range(presses):
        here = QApplication.focusWidget()
        assert here is not None
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        seen.append(now.objectName() if now is not None else "")
    return seen


@pytest.fixture
def field(qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any]  # noqa: F811 - the fixture
          ) -> FieldPanel:
    """Field mode on a confirmed inspection, in the active window (focus needs one)."""
    qtbot.waitActive(on_site[0])
    return on_site[0].field


def test_tab_leaves_the_checklist_and_reaches_save(qtbot: QtBot, field: FieldPanel) -> None:
    assert field.checklist.rowCount() == 2 and field.save.isEnabled()
    seen = _tab_round(qtbot, field.checklist)
    for name in ("fieldVerdict_0", "fieldVerdict_1", "fieldFindings", "fieldPhotos",
                 "fieldCorrections", "fieldResult", "fieldConfirm", "fieldSave"):
        assert name in seen, (name, seen)
    # In the order of the form: the record's parts after the checklist, Save after them.
    assert seen.index("fieldFindings") < seen.index("fieldCorrections") < seen.index("fieldSave")
    # The verdicts right after their checklist, not after Save (made after the form,
    # they were last in the Tab order).
    at = seen.index("fieldChecklist")
    assert seen[at + 1:at + 4] == ["fieldVerdict_0", "fieldVerdict_1", "fieldFindings"], seen


def _tab_in(qtbot: QtBot, box: QPlainTextEdit, text: str) -> None:
    box.setPlainText(text)
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == text  # no tab typed into it
    assert not box.hasFocus()


def test_tab_in_the_findings_and_corrections_moves_on(qtbot: QtBot, field: FieldPanel
                                                     ) -> None:
    _tab_in(qtbot, field.findings, "现场与申报一致")
    _tab_in(qtbot, field.corrections, "灭火器：补充配置")
    assert QApplication.focusWidget() is field.result


def test_tab_in_the_request_checklist_moves_on_to_the_button(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitActive(page)
    page.show_request("FJ-2025-0001", "福州市鼓楼区五四路1号", ["消防通道", "灭火器"])
    _tab_in(qtbot, page.request_checklist, "消防通道\n灭火器")
    assert QApplication.focusWidget() is page.send_request
