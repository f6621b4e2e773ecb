"""The efficiency dialog's room: within the screen, content that scrolls, lists that stretch.

And what its lists say of a case overdue though its clock is said stopped,
and of refusals of acceptance. A real store file, real widgets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QApplication, QScrollArea, QTableWidget
from pytestqt.qtbot import QtBot
from support.efficiency_dialog import LEAD, shown_dialog

from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionStatus,
    SpecialProcedure,
    SpecialProcedureKind,
)
from backoffice.domain.states import CaseStatus
from backoffice.store import Store
from ui import app as ui_app
from ui.supervision import EfficiencyDialog

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2025, 3, 3)


def _case(n: int, accepted: dt.date, status: CaseStatus) -> Case:
    return Case(f"220100-2025-{n:06d}", "SI-FOOD-01", "食品经营许可证核发",
                Applicant("王芳（虚构）", f"22010119900101{n:04d}"), LEAD, CaseKind.PROMISED,
                status, dt.datetime.combine(accepted, dt.time(9, 30), SHANGHAI), 10, 20,
                version=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    # Accepted Mon 3 Feb: due Mon 17 Feb. A hearing begun on the 20th stops nothing.
    s.apply_confirmed([_case(1, dt.date(2025, 2, 3), CaseStatus.SUSPENDED),
                       _case(2, dt.date(2025, 2, 4), CaseStatus.NOT_ACCEPTED)])
    s.apply_confirmed([
        SpecialProcedure("sp-1", "220100-2025-000001", SpecialProcedureKind.HEARING,
                         dt.date(2025, 2, 20), None, dt.date(2025, 2, 20), version=1),
        Decision("d-2", "220100-2025-000002", LEAD, DecisionKind.REFUSE_ACCEPTANCE,
                 status=DecisionStatus.ISSUED, reasons="不属于本部门职权范围（虚构）",
                 legal_basis="第三十二条", decided_on=dt.date(2025, 2, 4), version=1)])
    try:
        yield s
    finally:
        s.close()


def _shown(qtbot: QtBot, store: Store) -> EfficiencyDialog:
    return shown_dialog(qtbot, store, TODAY)


def _stretched(table: QTableWidget) -> bool:
    """The columns reach the right edge (or overflow it: a scroll bar then)."""
    header = table.horizontalHeader()
    last = header.count() - 1
    return header.sectionPosition(last) + header.sectionSize(last) >= table.viewport().width()


def test_the_last_column_takes_the_rest_after_a_reread_and_when_empty(
        qtbot: QtBot, store: Store) -> None:
    dialog = _shown(qtbot, store)
    for index in (0, 1):  # an empty list, then one with a row
        for _ in range(2):  # read again, the same size: the last column shrank to its head
            with qtbot.waitSignal(dialog.shown):
                dialog.show_button.click()
            dialog.lists.setCurrentIndex(index)
            table = dialog.lists.currentWidget()
            assert isinstance(table, QTableWidget)
            assert _stretched(table), dialog.lists.tabText(index)


def test_it_fits_the_screen_and_its_content_scrolls(qtbot: QtBot, store: Store) -> None:
    dialog = _shown(qtbot, store)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    area = dialog.findChild(QScrollArea, "efficiencyPageScroll")
    assert area is not None and area.isAncestorOf(dialog.lists)
    assert not area.isAncestorOf(dialog.close_button)  # Close stays in reach


def test_an_overdue_case_with_a_stop_begun_late_says_why(qtbot: QtBot, store: Store) -> None:
    dialog = _shown(qtbot, store)
    table = dialog.overdue_table
    assert table.rowCount() == 1
    cells = [table.item(0, c) for c in range(table.columnCount())]
    texts = [c.text() if c is not None else "" for c in cells]
    assert texts[2] == "clock suspended"
    assert texts[5] == "Stopped on 2025-02-20, after the deadline: the stop does not count"


def test_refusals_of_acceptance_are_shown_apart(qtbot: QtBot, store: Store) -> None:
    dialog = _shown(qtbot, store)
    dialog.start_edit.setDate(QDate(2025, 2, 1))
    dialog.end_edit.setDate(QDate(2025, 2, 28))
    with qtbot.waitSignal(dialog.shown):
        dialog.show_button.click()
    assert dialog.values["accepted"].text() == "1"
    assert dialog.values["refused"].text() == "1"
    assert dialog.values["immediate_ratio"].text() == "0.0% (0/1)"


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    ui_app._install_translations(qapp, "zh")  # type: ignore[arg-type]
    yield
    for translator in qapp.findChildren(ui_app.QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


@pytest.mark.usefixtures("chinese")
def test_the_chinese_has_no_space_between_the_department_and_its_words(
        qtbot: QtBot, store: Store) -> None:
    dialog = EfficiencyDialog(None, store, LEAD, "长春市市场监督管理局", lang="zh", today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.figures is not None and not dialog.busy)
    assert dialog.scope_label.text().startswith("长春市市场监督管理局牵头的办件："), \
        dialog.scope_label.text()
    assert dialog.values["refused"].text() == "0"
    assert dialog._heading_labels["overdue_open"].text() == "今日（2025-03-03）已超期的在办办件"
