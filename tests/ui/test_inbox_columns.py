"""The inbox table's columns: their order, the deadlines' widths, saved views across orders.

Real widgets over a seeded store (``test_inbox_list``'s fixtures), offscreen.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import test_inbox_list
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot

from ui import app as ui_app
from ui.inbox.filters import SAVED_VIEWS_KEY, load_views
from ui.inbox.list_format import COLUMN_ORDER, Column, badge_text
from ui.inbox.list_rows import Badge, Level
from ui.inbox.view import InboxList
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings

store = test_inbox_list.store
workspace = test_inbox_list.workspace


@pytest.fixture(params=["en", "zh"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
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
                                                    language: str) -> None:
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


def _saved(settings: Settings, **view: object) -> None:
    settings.qsettings.setValue(SAVED_VIEWS_KEY, json.dumps([{"name": "v", **view}]))


def test_a_view_saved_under_the_old_column_order_hides_the_same_columns(
        qtbot: QtBot, workspace: InboxWorkspace, settings: Settings) -> None:
    lst = workspace.list
    # Saved before the deadlines moved: 3 was "Accepted", 9 "Other departments".
    _saved(settings, hidden=[3, 9])
    (old,) = load_views(settings)
    with qtbot.waitSignal(lst.model.queryApplied, timeout=10_000):
        lst.apply_view(old)
    hidden = {c for c in Column if lst.view.isColumnHidden(c)}
    assert hidden == {Column.ACCEPTED, Column.OTHERS}
    # Saved now: under this order, and read back the same.
    lst.save_view("now")
    saved = next(v for v in load_views(settings) if v.name == "now")
    assert saved.columns == COLUMN_ORDER
    lst.view.setColumnHidden(Column.ACCEPTED, False)
    lst.apply_view(saved)
    assert {c for c in Column if lst.view.isColumnHidden(c)} == hidden
    # An order this version does not know (a newer one's): nothing hidden, not the wrong ones.
    _saved(settings, hidden=[1, 2], columns=COLUMN_ORDER + 1)
    (newer,) = load_views(settings)
    lst.apply_view(newer)
    assert not any(lst.view.isColumnHidden(c) for c in Column)
