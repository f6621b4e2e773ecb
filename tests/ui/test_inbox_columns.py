"""The inbox table's columns: their order, the deadlines' widths, saved views across orders.

Real widgets over a seeded store (``test_inbox_list``'s fixtures), offscreen; the
widths beside the detail in the real main window over the demo store
(``test_inbox_layout``'s setup).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_inbox_list
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTranslator
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QStyle, QToolTip
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import open_inbox, session  # noqa: F401 - the fixture

from ui import app as ui_app
from ui.inbox.filters import load_views, views_key
from ui.inbox.list_format import COLUMN_ORDER, Column, badge_text
from ui.inbox.list_rows import Badge, Level
from ui.inbox.model import SHORT_ROLE
from ui.inbox.view import InboxList
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings

store = test_inbox_list.store
workspace = test_inbox_list.workspace


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    if request.param == "zh":
        ui_app._install_translations(qapp, "zh")
    yield str(request.param)
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def test_the_deadlines_come_right_after_the_case_code(qtbot: QtBot, settings: Settings) -> None:
    lst = InboxList(None, lang="en", settings=settings)
    qtbot.addWidget(lst)
    titles = [lst.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert titles == ["Case code", "Step deadline", "Case deadline"]


def test_a_deadline_and_its_verdict_are_shown_whole(qtbot: QtBot, settings: Settings,
                                                    lang: str) -> None:
    language = lang
    lst = InboxList(None, lang=language, settings=settings)
    qtbot.addWidget(lst)
    view = lst.view
    day, other = dt.date(2026, 11, 27), dt.date(2026, 11, 30)
    verdicts = [badge_text(Badge(day, Level.OVERDUE, -41)),
                badge_text(Badge(day, Level.NORMAL, 41, platform=day, estimate=other)),
                badge_text(Badge(day, Level.CLOCK_STOPPED, platform=day, estimate=other))]
    assert language == "en" or "工作日" in verdicts[0]  # the Chinese wording was measured
    # The cell's text margins, as the style elides them.
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    widest = max(view.fontMetrics().horizontalAdvance(text) for text in verdicts)
    for column in (Column.STEP_DUE, Column.CASE_DUE):
        assert view.columnWidth(column) >= widest + margin, (column, verdicts)


def _saved(settings: Settings, owner: str, **view: object) -> None:
    settings.qsettings.setValue(views_key(owner), json.dumps([{"name": "v", **view}]))


def test_a_view_saved_under_the_old_column_order_hides_the_same_columns(
        qtbot: QtBot, workspace: InboxWorkspace, settings: Settings) -> None:
    lst = workspace.list
    # Saved before the deadlines moved: 3 was "Accepted", 9 "Other departments".
    _saved(settings, lst.saved.owner, hidden=[3, 9])
    (old,) = load_views(settings, lst.saved.owner)
    with qtbot.waitSignal(lst.model.queryApplied, timeout=10_000):
        lst.apply_view(old)
    hidden = {c for c in Column if lst.view.isColumnHidden(c)}
    assert hidden == {Column.ACCEPTED, Column.OTHERS}
    # Saved now: under this order, and read back the same.
    lst.save_view("now")
    saved = next(v for v in load_views(settings, lst.saved.owner) if v.name == "now")
    assert saved.columns == COLUMN_ORDER
    lst.view.setColumnHidden(Column.ACCEPTED, False)
    lst.apply_view(saved)
    assert {c for c in Column if lst.view.isColumnHidden(c)} == hidden
    # An order this version does not know (a newer one's): nothing hidden, not the wrong ones.
    _saved(settings, lst.saved.owner, hidden=[1, 2], columns=COLUMN_ORDER + 1)
    (newer,) = load_views(settings, lst.saved.owner)
    lst.apply_view(newer)
    assert not any(lst.view.isColumnHidden(c) for c in Column)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_case_code_and_both_deadlines_are_read_whole_beside_the_detail(
        qtbot: QtBot, session: StandIn, lang: str, tmp_path: Path,  # noqa: F811
        size: tuple[int, int]) -> None:
    # At 1366 px in English the case deadline ran past the list's right edge: the
    # deadlines were as wide as their longest verdict, wider than the list had room for.
    _window, inbox, detail = open_inbox(qtbot, session, lang, tmp_path, size)
    view, model = inbox.list.view, inbox.model
    qtbot.waitUntil(lambda: bool(model.loaded_rows()), timeout=10_000)
    QApplication.processEvents()
    room = view.viewport().width()
    for column in (Column.CASE_CODE, Column.STEP_DUE, Column.CASE_DUE):
        assert view.columnViewportPosition(column) + view.columnWidth(column) <= room, \
            (column, room)
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    codes = [model.index(r, Column.CASE_CODE).data() for r in range(model.rowCount())]
    assert max(view.fontMetrics().horizontalAdvance(c) for c in codes) + margin \
        <= view.columnWidth(Column.CASE_CODE)
    verdicts = 0
    for row in range(model.rowCount()):
        for column in (Column.STEP_DUE, Column.CASE_DUE):
            index = model.index(row, column)
            full, shown = str(index.data()), view.shown_text(index, str(index.data()))
            assert view.fontMetrics().horizontalAdvance(shown) + margin \
                < view.visualRect(index).width(), shown
            assert shown in (full, index.data(SHORT_ROLE))
            verdicts += "·" in full
            # Counts of up to two digits are read in their words whole; longer ones
            # (the test store's cases are long overdue) may take the short words.
            count = re.search(r"\d+(?= (working|个))", full)
            if count is None or len(count.group()) <= 2 or size[0] >= 1920:
                assert shown == full, (shown, size)
    assert verdicts > 0
    detail.wait()


def test_a_deadline_in_a_narrow_list_is_shown_in_short_words(
        qtbot: QtBot, session: StandIn, tmp_path: Path) -> None:  # noqa: F811
    _window, inbox, detail = open_inbox(qtbot, session, "en", tmp_path, (1366, 768))
    view, model = inbox.list.view, inbox.model
    inbox.splitter.setSizes([480, sum(inbox.splitter.sizes()) - 480])
    qtbot.waitUntil(lambda: view.columnWidth(Column.STEP_DUE) < 200, timeout=5_000)
    late = next(model.index(r, Column.STEP_DUE) for r in range(model.rowCount())
                if "working days late" in str(model.index(r, Column.STEP_DUE).data()))
    shown = view.shown_text(late, str(late.data()))
    assert shown.endswith(" wd late") and shown == late.data(SHORT_ROLE)
    assert view.fontMetrics().horizontalAdvance(shown) < view.visualRect(late).width()
    # The whole in its tooltip.
    at = view.visualRect(late).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, at,
                                                       view.viewport().mapToGlobal(at)))
    assert QToolTip.text().startswith(str(late.data())), QToolTip.text()
    assert "working days" in model.headerData(Column.STEP_DUE, Qt.Orientation.Horizontal,
                                              Qt.ItemDataRole.ToolTipRole)
    # Sized by hand: the person's widths hold when the list is resized again.
    view.horizontalHeader().resizeSection(Column.STEP_DUE, 300)
    inbox.splitter.setSizes([560, sum(inbox.splitter.sizes()) - 560])
    QApplication.processEvents()
    assert view.columnWidth(Column.STEP_DUE) == 300
    detail.wait()
