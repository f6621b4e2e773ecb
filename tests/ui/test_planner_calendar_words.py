"""The planner calendar to a screen reader and at a large font.

The time cursor was painted only: its description stayed the keys' help and
no event told a screen reader it moved. Its lanes, header and names had fixed
pixels: at 15 pt an inspector's name ran into their department's and the hour
labels into one another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_layout import lang  # noqa: F401 - fixture

from ui.planner.room import small_font
from ui.planner.view import HOUR_FROM, HOUR_TO, Block, Lane, PlannerView

CST = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.date(2025, 3, 3)
SHOTS = Path("/tmp/a11y2")


def calendar(qtbot: QtBot, days: int = 2, width: int = 900, font: QFont | None = None
             ) -> tuple[QWidget, PlannerView]:
    """A calendar of two inspectors, ``days`` days long, in a window shown."""
    window = QWidget()
    qtbot.addWidget(window)
    view = PlannerView(window)
    if font is not None:
        view.setFont(font)
    view.setGeometry(0, 0, width, 300)
    view.set_range(MONDAY, days, [MONDAY + dt.timedelta(days=n) for n in range(days)])
    view.set_lanes([Lane("u1", "周敏", "住房和城乡建设局"), Lane("u2", "Wang", "B")], {
        "u1": [Block(dt.datetime(2025, 3, 3, 9, 0, tzinfo=CST),
                     dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST), "meeting", "Weekly")]})
    view.duration = 60
    window.show()
    qtbot.waitExposed(window)
    return window, view


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[PlannerView]:
    window, calendar_view = calendar(qtbot)
    yield calendar_view
    window.close()


def described(view: PlannerView) -> str:
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface is not None
    return iface.text(QAccessible.Text.Description)


def test_the_cursor_is_described_as_it_moves(qtbot: QtBot, view: PlannerView,
                                             lang: str) -> None:  # noqa: F811
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    first = described(view)
    assert first.startswith("周敏 · 住房和城乡建设局 · 2025-03-03 08:00–09:00")
    assert view.keys_help in first  # on arriving: the keys too
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    said = described(view)
    assert said.startswith("周敏 · 住房和城乡建设局 · 2025-03-03 09:00–10:00 · ")
    assert view.keys_help not in said  # each step: only where it is
    busy = "会议" if lang == "zh" else "Meeting"
    assert said.endswith(busy)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    free = "空闲" if lang == "zh" else "free"
    assert described(view) == f"Wang · B · 2025-03-03 09:00–10:00 · {free}"


def test_lanes_names_and_hours_have_the_room_of_a_large_font(qtbot: QtBot) -> None:
    font = QFont(QApplication.font())
    font.setPointSize(15)
    _window, view = calendar(qtbot, days=7, width=1200, font=font)
    big, small = QFontMetrics(font), QFontMetrics(small_font(font))
    first = view.point_at(dt.datetime(2025, 3, 3, 9, tzinfo=CST), "u1")
    second = view.point_at(dt.datetime(2025, 3, 3, 9, tzinfo=CST), "u2")
    assert second.y() - first.y() >= big.height() + small.height()  # name over department
    assert view.lane_at(2 * big.height()) is None  # the day's line and the hours' above the lanes
    assert view.x_of(HOUR_FROM * 60) >= big.horizontalAdvance("国" * 8)  # a name's room
    image = view.viewport().grab().toImage()
    if SHOTS.is_dir():
        image.save(str(SHOTS / "planner-f15.png"))
    # The hour labels of the first day: each a run of inked columns no wider than "18",
    # in the header's lower half (the header ends where the first lane begins).
    header = next(y for y in range(view.height()) if view.lane_at(y) is not None)
    ink = QColor(view.palette().text().color()).lightness()
    runs, run = [], 0
    for x in range(int(view.x_of(HOUR_FROM * 60)) + 1, int(view.x_of(HOUR_TO * 60 - 1))):
        if any(abs(QColor(image.pixel(x, y)).lightness() - ink) < 80
               for y in range(header // 2, header - 2)):
            run += 1
        elif run:
            runs.append(run)
            run = 0
    assert len(runs) >= 2 and max(runs) <= big.horizontalAdvance("18") + 2, runs
