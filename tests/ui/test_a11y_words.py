"""What a screen reader and a colour-blind eye get: plain descriptions, named scroll
areas that are Tab stops only while they scroll, "due soon" in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QFocusFrame, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.inbox.list_format import badge_text
from ui.inbox.list_rows import Badge, Level
from ui.widgets.fit import scrolled
from ui.widgets.plain import PlainLabel, set_plain_tooltip


def description(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Description)


def test_a_tooltip_is_described_without_its_markup(qtbot: QtBot) -> None:
    # Qt describes a widget by its tooltip, and plain_tooltip's is "<p>…</p>":
    # Orca read out the tags.
    button = QPushButton("Release")
    qtbot.addWidget(button)
    set_plain_tooltip(button, "Claimed by <Li> & co")
    assert description(button) == "Claimed by <Li> & co"
    assert button.toolTip().startswith("<p>")  # still shown as it is, not as markup
    label = PlainLabel("x")
    qtbot.addWidget(label)
    label.setToolTip("a < b")
    assert description(label) == "a < b"


def test_a_scroll_area_is_a_tab_stop_only_while_it_scrolls(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    page = QWidget()
    page.setObjectName("caseHeader")
    QVBoxLayout(page).addWidget(QLabel("two\nlines"))
    area = scrolled(page, name="Case details")
    QVBoxLayout(window).addWidget(area)
    window.resize(300, 300)
    window.show()
    qtbot.waitExposed(window)
    assert area.accessibleName() == "Case details"
    # The page fits: no stop that shows no focus and scrolls nothing.
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)
    assert not area.focusPolicy() & area.focusPolicy().TabFocus
    page.setMinimumHeight(1000)  # now it scrolls: its arrow keys are wanted
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert area.focusPolicy() & area.focusPolicy().TabFocus
    # … and shows that it has the focus: a frameless area showed nothing.
    window.activateWindow()
    area.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(area.hasFocus)
    rings = [r for r in window.findChildren(QFocusFrame) if r.widget() is area]
    assert rings and rings[0].isVisible()
    area.clearFocus()
    assert not [r for r in window.findChildren(QFocusFrame) if r.isVisible()]
    tall = QWidget()
    tall.setMinimumHeight(1000)
    never = scrolled(tall, tab_stop=False)
    layout = window.layout()
    assert layout is not None
    layout.addWidget(never)
    qtbot.waitUntil(lambda: never.verticalScrollBar().maximum() > 0)
    assert not never.focusPolicy() & never.focusPolicy().TabFocus


def test_due_soon_is_said_in_words_not_only_in_yellow() -> None:
    day = dt.date(2026, 12, 1)
    normal, soon = Badge(day, Level.NORMAL, 2), Badge(day, Level.DUE_SOON, 2)
    assert badge_text(soon) != badge_text(normal)
    assert "due soon" in badge_text(soon)
    assert "soon" in badge_text(soon, short=True)
    assert badge_text(Badge(day, Level.DUE_SOON, 1)) == "2026-12-01 · 1 working day left · due soon"
