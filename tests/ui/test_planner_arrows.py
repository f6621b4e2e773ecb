"""The calendar's ◀ and ▶ say what they move, to the mouse and to a screen reader, and
have keys.

They were bare arrows: no tooltip, no accessible name, no shortcut.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.planner.panels import PlanPage


@pytest.fixture
def page(qtbot: QtBot) -> PlanPage:
    plan = PlanPage()
    qtbot.addWidget(plan)
    plan.show()
    qtbot.waitActive(plan)
    return plan


def test_the_arrows_are_named_by_the_span_shown(page: PlanPage) -> None:
    assert page.span.currentIndex() == 1  # the week view, as it opens
    assert page.previous.accessibleName() == "Previous week"
    assert page.next.accessibleName() == "Next week"
    assert page.previous.toolTip() == "Previous week (Alt+Left)"
    assert page.next.toolTip() == "Next week (Alt+Right)"
    page.span.setCurrentIndex(0)  # the day view
    assert page.previous.accessibleName() == "Previous day"
    assert page.next.toolTip() == "Next day (Alt+Right)"
    page.span.setCurrentIndex(1)
    assert page.next.accessibleName() == "Next week"


@pytest.mark.parametrize(("key", "button"), [(Qt.Key.Key_Left, "previous"),
                                             (Qt.Key.Key_Right, "next")])
def test_alt_and_an_arrow_press_them(qtbot: QtBot, page: PlanPage, key: Qt.Key,
                                     button: str) -> None:
    page.requests.setFocus()  # anywhere on the page
    qtbot.waitUntil(page.requests.hasFocus)
    with qtbot.waitSignal(getattr(page, button).clicked, timeout=5_000):
        qtbot.keyClick(page.requests, key, Qt.KeyboardModifier.AltModifier)
