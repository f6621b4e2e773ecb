"""A case of the efficiency dialog's lists opens in the inbox (double-click, Enter, Open case).

The lists were dead ends: a supervisor who saw an overdue case could not get
to it. Driven on the training platform's real window and store, and on a
store file of its own for the case the department has no task on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot
from support.efficiency_dialog import LEAD, shown_dialog
from support.training_env import SLOW, demo_day, pin_app_clock, start_training, training_shell

from backoffice.domain.model import Applicant, Case, CaseKind, ReviewTask
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from ui.shell import Shell
from ui.supervision import EfficiencyDialog

__all__ = ["training_shell"]  # the fixture

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2025, 4, 2)


def _case(n: int) -> Case:
    """Open, accepted on 3 March with 10 working days: overdue on 2 April."""
    return Case(f"220100-2025-{n:06d}", "SI-FOOD-01", "食品经营许可证核发",
                Applicant("王芳（虚构）", f"22010119900101{n:04d}"), LEAD, CaseKind.PROMISED,
                CaseStatus.IN_REVIEW, dt.datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI), 10, 20,
                version=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    s.apply_confirmed([_case(1), _case(2)])
    # Case 1 has our review task; case 2 only another department's.
    s.apply_confirmed([
        ReviewTask("T-1", _case(1).case_code, LEAD, TaskStatus.IN_REVIEW, 3, version=1),
        ReviewTask("T-2", _case(2).case_code, "XFJY-220100", TaskStatus.IN_REVIEW, 3,
                   version=1),
    ])
    try:
        yield s
    finally:
        s.close()


def _dialog(qtbot: QtBot, store: Store) -> EfficiencyDialog:
    return shown_dialog(qtbot, store, TODAY)


def _row_of(table: QTableWidget, case_code: str) -> int:
    rows = [r for r in range(table.rowCount())
            if (item := table.item(r, 0)) is not None and item.text() == case_code]
    assert rows, case_code
    return rows[0]


def _double_click(qtbot: QtBot, table: QTableWidget, item: QTableWidgetItem | None) -> None:
    # A person's double-click is a click, then the double-click: QTest's double-click
    # alone sends no press the view keeps, and the view ignores it.
    assert item is not None
    where = table.visualItemRect(item).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_enter_and_the_context_menu_ask_for_the_departments_task(
        qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    table = dialog.overdue_table
    assert dialog.lists.currentWidget() is table and table.rowCount() == 2
    assert not dialog.open_button.isEnabled()  # no row chosen yet
    assert table.accessibleName() == "Open cases overdue on 2025-04-02 (2)"
    table.setFocus()
    table.setCurrentCell(_row_of(table, _case(1).case_code), 0)
    assert dialog.open_button.isEnabled()
    assert dialog.open_button.toolTip() != ""
    asked: list[str] = []
    dialog.taskRequested.connect(asked.append)
    shown = []
    dialog.shown.connect(lambda: shown.append(True))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert asked == ["T-1"]
    assert not dialog.busy and not shown  # Enter did not go on to Show (a new reading)
    [action] = table.actions()
    assert action.objectName() == "efficiencyOverdueOpen"
    action.trigger()  # the context menu's Open case
    dialog.open_button.click()
    assert asked == ["T-1", "T-1", "T-1"]
    assert not dialog.error_label.isVisible()


def test_a_case_without_the_departments_task_says_so(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    table = dialog.overdue_table
    asked: list[str] = []
    dialog.taskRequested.connect(asked.append)
    table.setCurrentCell(_row_of(table, _case(2).case_code), 0)
    _double_click(qtbot, table, table.item(table.currentRow(), 0))
    assert asked == []
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == (
        f"Case {_case(2).case_code} has no review task of your department. "
        "It cannot be opened in the inbox.")
    assert dialog.figures is not None and table.rowCount() == 2  # the lists stay


def test_a_listed_case_opens_in_the_inbox_with_its_task(
        qtbot: QtBot, training_shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    session = start_training(qtbot, training_shell)
    window = training_shell.window
    # Weeks on, the training cases still open are overdue: the list has them.
    # The app's today only: on the platform's clock the sign-in (14 days)
    # would lapse, and a request meanwhile would ask to sign in again.
    day = demo_day(training_shell)
    pin_app_clock(monkeypatch, lambda: day() + dt.timedelta(days=60))
    window.show_workspace(window.workspace_keys().index("planner"))
    window.efficiency_action.trigger()
    dialog = training_shell.dialog
    assert isinstance(dialog, EfficiencyDialog)
    qtbot.waitUntil(lambda: dialog.figures is not None and not dialog.busy, timeout=SLOW)
    table = dialog.overdue_table
    assert table.rowCount() > 0
    item = table.item(0, 0)
    assert item is not None
    code = item.text()
    with session.store.read() as uow:
        [task] = [t for t in uow.tasks.for_case(code)
                  if t.department_code == session.account.department_code]
    # Another task's row is current in the inbox behind the dialog: it must not stay so.
    inbox = window.workspace_page("inbox")
    listing = getattr(inbox, "list", None)
    assert listing is not None
    other = next(n for n, row in listing.model.loaded_rows() if row.task_id != task.id)
    listing.view.setCurrentIndex(listing.model.index(other, 0))
    assert listing.current_task() != task.id
    dialog.lists.setCurrentWidget(table)
    _double_click(qtbot, table, item)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.current_workspace() == "inbox"
    detail = getattr(inbox, "detail", None)
    assert detail is not None and detail.task_id() == task.id
    qtbot.waitUntil(lambda: detail.snapshot is not None, timeout=SLOW)
    assert detail.snapshot.case.case_code == code
    # Its row is current and the only one selected: no other task seems to be shown.
    assert listing.current_task() == task.id
    assert listing.selected_tasks() == {task.id}
    # The inbox's table takes the keys as the window is active again.
    window.activateWindow()
    qtbot.waitUntil(listing.view.hasFocus)
