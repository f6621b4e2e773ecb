"""The efficiency dialog while it reads: abandoned on close, on its own thread, said and dated.

A real store file and real widgets; the reads run on real threads.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QThreadPool
from pytestqt.qtbot import QtBot

from backoffice.domain.model import Applicant, Case, CaseKind
from backoffice.domain.states import CaseStatus
from backoffice.store import Store
from backoffice.supervision import Abandoned, Period, efficiency
from ui.dialogs import worker
from ui.supervision import EfficiencyDialog

SHANGHAI = ZoneInfo("Asia/Shanghai")
LEAD = "MSA-220100"
TODAY = dt.date(2025, 4, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    # Accepted Mon 3 March, ten working days: due 17 March, open, so overdue in April.
    s.apply_confirmed([Case("220100-2025-000001", "SI-FOOD-01", "食品经营许可证核发",
                            Applicant("王芳（虚构）", "220101199001010001"), LEAD,
                            CaseKind.PROMISED, CaseStatus.IN_REVIEW,
                            dt.datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI), 10, 20, version=1)])
    try:
        yield s
    finally:
        s.close()


def _opened(qtbot: QtBot, store: Store, today: object = TODAY) -> EfficiencyDialog:
    dialog = EfficiencyDialog(None, store, LEAD, "长春市市场监督管理局", lang="en",
                              today=today)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.figures is not None and not dialog.busy)
    return dialog


def test_an_abandoned_reading_stops_before_its_next_step(store: Store) -> None:
    with pytest.raises(Abandoned):
        efficiency(store, LEAD, Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
                   today=TODAY, abandoned=lambda: True)


def test_closing_the_dialog_drops_its_reading(qtbot: QtBot, store: Store) -> None:
    dialog = EfficiencyDialog(None, store, LEAD, "长春市市场监督管理局", lang="en", today=TODAY)
    qtbot.addWidget(dialog)
    shown: list[object] = []
    dialog.shown.connect(lambda: shown.append(1))
    dialog.show()
    assert dialog.busy
    dialog.reject()  # the result cannot have come back: the event loop has not run
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.figures is None and shown == []
    # Nor does a sync round's end start another.
    dialog.after_sync(object())
    assert not dialog.busy


def test_its_reading_is_not_held_up_by_other_dialogs_calls(qtbot: QtBot, store: Store) -> None:
    # The global pool all taken (dialogs signing in, reads left by closed
    # dialogs): the figures are still read, on the reading pool.
    pool = QThreadPool.globalInstance()
    gate = threading.Event()
    for _ in range(pool.maxThreadCount()):
        pool.start(gate.wait)
    try:
        dialog = _opened(qtbot, store)
        assert dialog.figures is not None
    finally:
        gate.set()
        pool.waitForDone()
    assert worker.reading_pool() is not pool and worker.reading_pool().maxThreadCount() == 1


def test_a_new_period_clears_the_old_figures_and_says_reading(qtbot: QtBot,
                                                              store: Store) -> None:
    dialog = _opened(qtbot, store)
    assert dialog.copy_button.isEnabled() and dialog.values["overdue_open"].text() == "1"
    dialog.start_edit.setDate(QDate(2025, 3, 1))
    dialog.end_edit.setDate(QDate(2025, 3, 31))
    with qtbot.waitSignal(dialog.shown):
        dialog.show_button.click()
        # Before the new figures come: nothing of the old period beside the new dates.
        assert not dialog.copy_button.isEnabled() and not dialog.export_button.isEnabled()
        assert dialog.values["overdue_open"].text() == "—"
        assert dialog.overdue_table.rowCount() == 0
        assert not dialog.status_label.isHidden()
        assert dialog.status_label.text() == "Reading the figures from 2025-03-01 to 2025-03-31…"
    assert dialog.status_label.isHidden() and dialog.copy_button.isEnabled()


def test_today_is_the_day_of_each_reading_and_is_said(qtbot: QtBot, store: Store,
                                                      tmp_path: Path) -> None:
    day = [TODAY]
    dialog = _opened(qtbot, store, today=lambda: day[0])
    assert dialog._heading_labels["overdue_open"].text() == "Open cases overdue today (2025-04-02)"
    day[0] = TODAY + dt.timedelta(days=1)  # past midnight, the dialog still open
    with qtbot.waitSignal(dialog.shown):
        dialog.show_button.click()
    assert dialog.figures is not None and dialog.figures.today == dt.date(2025, 4, 3)
    assert dialog.figures.overdue_open[0].working_days_late == 13  # 18 March .. 3 April
    rows = dialog.rows()
    assert ["Open cases overdue today (2025-04-03)", "1"] in rows
    assert ["Open cases overdue on 2025-04-03 (1)"] in rows
    assert ["Own steps overdue on 2025-04-03 (0)"] in rows
    assert ["Own review steps overdue today (2025-04-03, any case)", "0"] in rows

    # An export says where it went.
    target = tmp_path / "figures.csv"
    dialog.export_to(str(target))
    assert target.exists() and not dialog.status_label.isHidden()
    assert dialog.status_label.text() == f"The figures were saved to {target}."
