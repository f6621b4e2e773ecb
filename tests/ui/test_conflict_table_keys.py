"""The conflict list's table of fields: Tab leaves it, and it names the task as people know it.

QA: Tab stayed inside ``conflictVersions`` (cell to cell), so 重新提交 / 放弃 / 关闭
and the change box were out of reach by keyboard; and the table's 编号 row showed
the platform's task id (``220100-20261116-000002-T1``), which nobody knows a task by.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from test_dialog_conflicts import CASE_CODE, _case, _claim, _dialog, _task

from backoffice.domain.cases import Department
from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from ui.dialogs.conflict_view import _field_labels
from ui.dialogs.conflicts import ConflictListDialog

DEPARTMENT = "长春市市场监督管理局"


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ConflictListDialog]:
    store = Store.open(tmp_path / "store.sqlite3")
    task = _task(1)
    store.apply_confirmed([Department("MSA-220100", DEPARTMENT, "220100"), _case(), task],
                          cursor="c1")
    claim = _claim(task)
    store.record_command(claim)
    theirs = dataclasses.replace(task, status=TaskStatus.IN_REVIEW, assignee="lisi", version=2)
    store.mark_conflict(claim.id, "remote.stale_version", server_record=theirs)
    try:
        yield _dialog(qtbot, store, lang=getattr(request, "param", "en"))
    finally:
        store.close()


def _tab(qtbot: QtBot, backwards: bool = False) -> QWidget | None:
    focused = QApplication.focusWidget()
    assert focused is not None
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    qtbot.keyClick(focused, key)
    return QApplication.focusWidget()


def test_tab_leaves_the_table_for_the_change_and_the_buttons(
        qtbot: QtBot, dialog: ConflictListDialog) -> None:
    assert dialog.versions.rowCount() > 2
    dialog.versions.setFocus()
    dialog.versions.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.versions)
    reached = []
    for _ in range(8):
        reached.append(_tab(qtbot))
    assert reached[0] is not dialog.versions
    for wanted in (dialog.payload, dialog.reapply_button, dialog.discard_button,
                   dialog.buttons.button(dialog.buttons.StandardButton.Close)):
        assert wanted in reached, (wanted, reached)


@pytest.mark.parametrize("dialog", ["en", "zh"], indirect=True)
def test_the_table_names_the_task_by_its_case_and_department_not_its_id(
        dialog: ConflictListDialog) -> None:
    table = dialog.versions
    cells = {table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2)]
             for r in range(table.rowCount())}
    shown = [*cells, *(v for pair in cells.values() for v in pair)]
    assert _task(1).id not in shown, cells
    assert _field_labels()["id"] not in cells, cells
    assert cells[_field_labels()["case_code"]] == [CASE_CODE, CASE_CODE]
    assert cells[_field_labels()["department_code"]] == [DEPARTMENT, DEPARTMENT]
