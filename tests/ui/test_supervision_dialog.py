"""The efficiency dialog on a real store file: figures, late completions, what is not known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QMenu, QTableWidget
from pytestqt.qtbot import QtBot
from support.training_env import SLOW, start_training, training_shell

from backoffice import messages
from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionStatus,
    Department,
    ReviewTask,
)
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.store import Store
from backoffice.sync.status import SyncState, SyncStatus
from ui.main_window import MainWindow
from ui.shell import Shell
from ui.supervision import EfficiencyDialog
from ui.widgets.plain import PlainLabel

__all__ = ["training_shell"]  # the fixture

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEAD = "MSA-220100"
TODAY = dt.date(2025, 4, 2)


def _code(n: int) -> str:
    return f"220100-2025-{n:06d}"


def _case(n: int, accepted: dt.date, kind: CaseKind = CaseKind.PROMISED,
          status: CaseStatus = CaseStatus.ISSUED) -> Case:
    return Case(_code(n), "SI-FOOD-01", "<b>食品经营许可证核发</b>",
                Applicant("王芳（虚构）", f"22010119900101{n:04d}"), LEAD, kind, status,
                dt.datetime.combine(accepted, dt.time(9, 30), SHANGHAI),
                0 if kind == CaseKind.IMMEDIATE else 10, 20, version=1)


def _decided(n: int, on: dt.date, reason: str = "") -> Decision:
    return Decision(f"decision-{n}", _code(n), LEAD, DecisionKind.GRANT,
                    status=DecisionStatus.ISSUED, legal_basis="第十条", decided_on=on,
                    overdue_reason=reason, version=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    s.apply_confirmed([
        _case(1, dt.date(2025, 3, 3)),  # due 17 March
        _case(2, dt.date(2025, 3, 3)),
        _case(3, dt.date(2025, 3, 4), CaseKind.IMMEDIATE),
        _case(4, dt.date(2025, 3, 3), status=CaseStatus.IN_REVIEW),  # open, overdue on 2 April
    ])
    s.apply_confirmed([_decided(1, dt.date(2025, 3, 14)),
                       _decided(2, dt.date(2025, 3, 20), "<i>材料迟交</i>（虚构）"),
                       _decided(3, dt.date(2025, 3, 4))])
    try:
        yield s
    finally:
        s.close()


def _dialog(qtbot: QtBot, store: Store) -> EfficiencyDialog:
    dialog = EfficiencyDialog(None, store, LEAD, "长春市市场监督管理局", lang="en", today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.figures is not None and not dialog.busy)
    return dialog


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _show(qtbot: QtBot, dialog: EfficiencyDialog, start: dt.date, end: dt.date) -> None:
    dialog.start_edit.setDate(QDate(start.year, start.month, start.day))
    dialog.end_edit.setDate(QDate(end.year, end.month, end.day))
    with qtbot.waitSignal(dialog.shown):
        dialog.show_button.click()


def test_the_current_month_first_then_a_chosen_period(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    assert dialog.figures is not None and dialog.figures.period.start == dt.date(2025, 4, 1)
    assert dialog.values["on_time_rate"].text() == "no cases"  # April: nothing completed
    assert dialog.values["immediate_ratio"].text() == "no cases"

    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    shown = {key: label.text() for key, label in dialog.values.items()}
    assert shown == {"accepted": "4", "immediate": "1", "immediate_ratio": "25.0% (1/4)",
                     "refused": "0", "completed": "3", "on_time": "2", "on_time_rate": "66.7% (2/3)",
                     "overdue_open": "1", "escalated": "0", "escalated_late": "0",
                     "overdue_steps": "0"}
    table = dialog.late_table
    assert table.rowCount() == 1
    row = [_text(table, 0, c) for c in range(table.columnCount())]
    # The platform's text as it is: markup is not interpreted, nor dropped.
    assert row == [_code(2), "<b>食品经营许可证核发</b>", "2025-03-17", "2025-03-20", "3",
                   "<i>材料迟交</i>（虚构）"]
    assert dialog.overdue_table.rowCount() == 1
    assert _text(dialog.overdue_table, 0, 0) == _code(4)
    assert "长春市市场监督管理局" in dialog.scope_label.text()
    # The overdue steps count the department's own steps on cases other departments lead
    # too: "its own review steps on any case" lost that.
    assert dialog.scope_label.text().endswith(
        "; and the review steps of 长春市市场监督管理局 on every case, those led by other "
        "departments too.")
    assert dialog._headings["escalated"] == "Cases escalated"  # 上报: escalate (glossary)


def test_what_the_store_cannot_know_is_said_with_its_reason(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    texts = [label.text() for label in dialog.unavailable_labels]
    named = dialog.findChild(PlainLabel, "efficiencyOnlineCompletionRate")
    assert named is not None and named.text() == texts[0]
    assert texts == [messages.render_code(code, {}, "en") for code in (
        "efficiency.online_not_available", "efficiency.concentration_not_available",
        "efficiency.steps_late_not_available", "efficiency.out_of_order_not_available")]
    assert all("not available" in t and "platform" in t for t in texts[:3])
    assert texts[3].startswith("Out-of-order handling: none to count")
    assert not any("%" in t for t in texts)


def test_a_period_that_ends_before_it_begins_is_refused(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert dialog.late_table.rowCount() == 1
    _show(qtbot, dialog, dt.date(2025, 3, 10), dt.date(2025, 3, 1))
    assert dialog.error_label.isVisibleTo(dialog)
    assert "2025-03-01" in dialog.error_label.text()
    # March's figures do not stay beside other dates, to be read as theirs.
    assert dialog.figures is None and dialog.scope_label.text() == ""
    assert {label.text() for label in dialog.values.values()} == {"—"}
    assert dialog.late_table.rowCount() == 0 and dialog.overdue_table.rowCount() == 0
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))  # and back
    assert not dialog.error_label.isVisibleTo(dialog) and dialog.late_table.rowCount() == 1


def test_the_dates_stay_within_the_days_a_period_may_hold(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    for edit in (dialog.start_edit, dialog.end_edit):
        assert edit.minimumDate().year() == 1900 and edit.maximumDate().year() == 2999
    dialog.end_edit.setDate(QDate(9999, 12, 31))
    assert dialog.end_edit.date().year() == 2999


def test_a_long_service_item_leaves_the_overdue_reason_in_sight(
        qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    dialog.resize(1000, 660)
    dialog.show()
    qtbot.waitExposed(dialog)
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    table = dialog.late_table
    item = table.item(0, 1)
    assert item is not None
    long_name = "建设工程消防验收及特殊建设工程消防设计审查意见书核发（含人防工程）" * 2
    dialog.lists._fill(table, [[_code(2), long_name, "2025-03-17", "2025-03-20", "3", "材料迟交"]])
    assert table.columnWidth(1) <= table.viewport().width() // 3
    reason = table.item(0, 5)
    assert reason is not None and reason.toolTip() != ""
    named = table.item(0, 1)
    assert named is not None and long_name in named.toolTip()
    # The reason's column starts inside the table's view, not behind a scroll bar.
    assert table.columnViewportPosition(5) < table.viewport().width()
    assert table.horizontalHeader().sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive


def test_the_view_menu_opens_it_when_someone_is_signed_in(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    action = window.efficiency_action
    menu = action.associatedObjects()
    assert any(isinstance(m, QMenu) and "View" in m.title() for m in menu)
    assert not action.isEnabled()
    window.set_signed_in("王芳")
    assert action.isEnabled()
    with qtbot.waitSignal(window.efficiencyRequested):
        action.trigger()


def test_the_menu_entry_opens_it_on_the_signed_in_persons_store(
        qtbot: QtBot, training_shell: Shell) -> None:
    session = start_training(qtbot, training_shell)
    training_shell.window.efficiency_action.trigger()
    dialog = training_shell.dialog
    assert isinstance(dialog, EfficiencyDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.figures is not None, timeout=SLOW)
    assert dialog.figures is not None
    assert dialog.figures.department_code == session.account.department_code
    assert session.account.department_name in dialog.scope_label.text()


def _late_escalation_and_an_own_step(store: Store) -> None:
    """An escalation a day late (due 17 March), and our step on the fire brigade's case."""
    fire = "XFJY-220100"
    reviewed = Case(_code(6), "SI-FIRE-01", "公众聚集场所投入使用营业前消防安全检查",
                    Applicant("李强（虚构）", "220101199001010006"), fire, CaseKind.PROMISED,
                    CaseStatus.IN_REVIEW,
                    dt.datetime.combine(dt.date(2025, 3, 24), dt.time(9, 30), SHANGHAI),
                    10, 20, version=1)
    store.apply_confirmed([_case(5, dt.date(2025, 3, 3), CaseKind.ESCALATED,
                                 CaseStatus.REPORTED), reviewed,
                           Department(fire, "长春市消防救援支队", "220100")])
    store.apply_confirmed([
        Decision("decision-5", _code(5), LEAD, DecisionKind.ESCALATE,
                 status=DecisionStatus.SEALED, legal_basis="第十条",
                 decided_on=dt.date(2025, 3, 18), report_by=dt.date(2025, 3, 17),
                 overdue_reason="=HYPERLINK(\"x\")（虚构）", version=1),
        ReviewTask("T-6", _code(6), LEAD, TaskStatus.IN_REVIEW, 3,
                   step_due_date=dt.date(2025, 3, 27), version=1),
    ])


def test_late_escalations_and_the_own_overdue_steps_have_their_tabs(
        qtbot: QtBot, store: Store) -> None:
    _late_escalation_and_an_own_step(store)
    dialog = _dialog(qtbot, store)
    dialog.resize(1000, 660)
    dialog.show()
    qtbot.waitExposed(dialog)
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    # Filled on a tab not shown, the service item still gets its room (not "…").
    steps = dialog.steps_table
    assert not steps.isVisible()
    assert steps.columnWidth(1) >= steps.fontMetrics().horizontalAdvance("公众聚集场所投入使用")
    assert dialog.values["escalated"].text() == "1"
    assert dialog.values["escalated_late"].text() == "1"
    assert dialog.values["overdue_steps"].text() == "1"
    row = [_text(dialog.escalations_table, 0, c) for c in range(6)]
    assert row[:5] == [_code(5), "<b>食品经营许可证核发</b>", "2025-03-17", "2025-03-18", "1"]
    step = [_text(dialog.steps_table, 0, c) for c in range(6)]
    # Due Thu 27 March; on Wed 2 April: Fri 28, Mon 31, Tue 1, Wed 2.
    assert step == [_code(6), "公众聚集场所投入使用营业前消防安全检查", "长春市消防救援支队",
                    "in review", "2025-03-27", "4"]
    titles = [dialog.lists.tabText(i) for i in range(dialog.lists.count())]
    assert titles == ["Completed late (1)", "Open cases overdue on 2025-04-02 (1)",
                      "Escalated late (1)", "Own steps overdue on 2025-04-02 (1)"]


def test_tab_leaves_the_tables_and_reaches_close(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    dialog.show()
    qtbot.waitExposed(dialog)
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    dialog.activateWindow()
    dialog.late_table.setFocus()
    qtbot.waitUntil(dialog.late_table.hasFocus)
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is dialog.close_button:
            break
    assert dialog.close_button in seen, [w.objectName() for w in seen if w is not None]
    for table in dialog.lists.tables():
        assert not table.tabKeyNavigation()


def test_the_figures_export_to_csv_for_excel_and_copy(qtbot: QtBot, store: Store,
                                                      tmp_path: Path) -> None:
    _late_escalation_and_an_own_step(store)
    dialog = _dialog(qtbot, store)
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    target = tmp_path / "效率.csv"
    dialog.export_to(str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not GBK
    text = raw.decode("utf-8-sig")
    assert "On-time completion rate,66.7% (2/3)" in text
    assert "长春市消防救援支队" in text and _code(5) in text
    # The platform's text is shown by Excel, never computed.
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    dialog.copy_all()
    pasted = QApplication.clipboard().text()
    assert "Escalated late (1)" in pasted and f"{_code(6)}\t" in pasted


def test_a_sync_round_reads_the_figures_again(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert dialog.values["escalated"].text() == "0"
    dialog.after_sync(SyncStatus(state=SyncState.IDLE))  # as it opened
    _late_escalation_and_an_own_step(store)  # what the round brought
    with qtbot.waitSignal(dialog.shown):
        dialog.after_sync(SyncStatus(state=SyncState.IDLE,
                                     last_success=dt.datetime(2025, 4, 2, 10, tzinfo=SHANGHAI)))
    assert dialog.values["escalated"].text() == "1"
    assert dialog.figures is not None and dialog.figures.period.start == dt.date(2025, 3, 1)


def test_a_period_asked_for_opens_on_its_first_list_with_rows(qtbot: QtBot,
                                                              store: Store) -> None:
    dialog = _dialog(qtbot, store)  # April: nothing completed, case 4 overdue today
    assert dialog.lists.currentWidget() is dialog.overdue_table
    _show(qtbot, dialog, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert dialog.lists.currentWidget() is dialog.late_table
    # A reading after a sync leaves the list the person chose.
    dialog.lists.setCurrentWidget(dialog.steps_table)
    dialog.after_sync(SyncStatus(state=SyncState.IDLE))
    with qtbot.waitSignal(dialog.shown):
        dialog.after_sync(SyncStatus(state=SyncState.IDLE,
                                     last_success=dt.datetime(2025, 4, 2, 10, tzinfo=SHANGHAI)))
    assert dialog.lists.currentWidget() is dialog.steps_table
