"""The calendar without a mouse: a time cursor moved with the arrow keys is tried as a drag
is, Enter proposes it as a drop does, Escape takes the try back; the focus and the cursor
are drawn.

The calendar took the Tab focus but reacted to no key, and its focus could not be seen
(a picture of it focused was the same as unfocused): "drag on an inspector's lane to try
another time" needed a mouse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.planner.view import Block, Lane, PlannerView

CST = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.date(2025, 3, 3)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[PlannerView]:
    window = QWidget()
    qtbot.addWidget(window)
    other = QWidget(window)  # somewhere else for the focus to be
    other.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    other.setObjectName("elsewhere")
    calendar = PlannerView(window)
    calendar.setGeometry(0, 0, 900, 300)
    calendar.set_range(MONDAY, 2, [MONDAY, MONDAY + dt.timedelta(days=1)])
    calendar.set_lanes([Lane("u1", "Zhou", "A"), Lane("u2", "Wang", "B")], {
        "u1": [Block(dt.datetime(2025, 3, 3, 9, 0, tzinfo=CST),
                     dt.datetime(2025, 3, 3, 10, 0, tzinfo=CST), "meeting", "Weekly")]})
    calendar.duration = 120
    window.show()
    qtbot.waitExposed(window)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    yield calendar
    window.close()


def at(hour: int, minute: int = 0, day: int = 3) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=CST)


def test_arrows_try_times_and_enter_proposes_the_one_under_the_cursor(
        qtbot: QtBot, view: PlannerView) -> None:
    tried: list[tuple[dt.datetime, str]] = []
    dropped: list[tuple[dt.datetime, str]] = []
    view.dragMoved.connect(lambda start, lane: tried.append((start, lane)))
    view.dropped.connect(lambda start, lane: dropped.append((start, lane)))
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    assert view.time_cursor() == (at(8), "u1")  # the first working morning, the first lane
    assert not tried  # taking the focus tries nothing yet
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tried[-1] == (at(8, 15), "u1")
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert tried[-1] == (at(9, 15), "u1")
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert tried[-1] == (at(9, 15), "u2")
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # past the evening: the next morning
    assert tried[-1] == (at(8, day=4), "u2")
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert tried[-1] == (at(17, 45), "u2")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert dropped == [(at(17, 45), "u2")]


def test_escape_takes_the_try_back(qtbot: QtBot, view: PlannerView) -> None:
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    before = view.viewport().grab().toImage()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    view.set_feedback(False)
    tried = view.viewport().grab().toImage()
    assert tried != before  # the visit tried is drawn, in the refused colour
    with qtbot.waitSignal(view.cancelled, timeout=5_000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left)  # back where it started, nothing tried now
    with qtbot.waitSignal(view.cancelled, timeout=5_000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.viewport().grab().toImage() == before


def test_the_focus_and_the_cursor_can_be_seen(qtbot: QtBot, view: PlannerView) -> None:
    unfocused = view.viewport().grab().toImage()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    assert view.viewport().grab().toImage() != unfocused
    assert "Enter" in view.accessibleDescription()
    assert "arrow" not in view.accessibleName().lower() and view.accessibleName()


def test_without_dragging_the_keys_try_nothing(qtbot: QtBot, view: PlannerView) -> None:
    """Where dragging proposes nothing (a participant's view), neither do the keys."""
    view.duration = 0
    tried: list[object] = []
    view.dragMoved.connect(lambda *a: tried.append(a))
    view.dropped.connect(lambda *a: tried.append(a))
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Return):
        qtbot.keyClick(view, key)
    assert not tried
    assert view.time_cursor() == (at(8, 15), "u2")  # the cursor still moves
