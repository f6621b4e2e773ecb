"""The task detail's seven tabs on a 1366×768 laptop screen, and Tab through them.

At 1366 px in Chinese the tab bar was wider than the pane: Qt scrolled it,
备注 (Comments) was cut and 办理记录 (Timeline) out of sight, its scroll
button was a Tab stop, and Tab from the tab bar went to the case header past
the page. In English every tab was then elided ("Opi…", "N…"). The real main window with the inbox (``test_inbox_layout``'s).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn
from test_inbox_layout import LAPTOP, lang, open_inbox, session  # noqa: F401 - the fixtures


def test_every_tab_is_in_sight_on_a_laptop(qtbot: QtBot, session: StandIn,  # noqa: F811
                                           lang: str, tmp_path: Path) -> None:  # noqa: F811
    _window, _inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    bar = detail.tabs.tabBar()
    assert bar.count() == 7
    for i in range(bar.count()):
        assert bar.rect().contains(bar.tabRect(i)), (i, bar.tabText(i), bar.tabRect(i))
        # Whole, not elided, in both languages (in English every tab was cut: "Opi…").
        assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width(), (lang, bar.tabText(i))
    assert not [b for b in bar.findChildren(QToolButton) if b.isVisible()]  # no scrolling
    assert all(bar.tabToolTip(i) for i in range(bar.count()))  # the full names
    # The deferred materials: the count in the tab, what it counts in the tooltip.
    deferred = detail.tabs.indexOf(detail.deferred)
    if lang == "zh":
        assert bar.tabText(deferred).startswith("容缺材料（")
        assert "待补交" in bar.tabToolTip(deferred)


def test_tab_goes_from_the_tab_bar_into_the_page_shown(
        qtbot: QtBot, session: StandIn, tmp_path: Path) -> None:  # noqa: F811
    window, _inbox, detail = open_inbox(qtbot, session, "en", tmp_path, LAPTOP)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    bar = detail.tabs.tabBar()
    detail.show_page(detail.opinion_panel)
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(bar.hasFocus, timeout=2000)
    qtbot.keyClick(bar, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is detail.opinion
    qtbot.keyClick(detail.opinion, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is bar
    # Another page: Tab goes into that one.
    detail.show_page(detail.comments)
    qtbot.keyClick(bar, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is detail.comments.log
    # And the case header comes before the actions, as it is read (it came after the pages).
    toggle = detail.header.toggle
    toggle.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(toggle.hasFocus, timeout=2000)
    qtbot.keyClick(toggle, Qt.Key.Key_Tab)
    # The header's area only while it scrolls (a stop that scrolls nothing, and shows
    # no focus, looked like the focus was lost): the compact header fits.
    area = QApplication.focusWidget()
    if area.objectName() == "caseHeaderScroll":
        assert area.verticalScrollBar().maximum() > 0  # type: ignore[attr-defined]
        qtbot.keyClick(area, Qt.Key.Key_Tab)
    actions = (detail.claim, detail.release, detail.reopen, detail.open_decision)
    assert QApplication.focusWidget() in actions, QApplication.focusWidget()
