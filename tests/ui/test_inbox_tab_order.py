"""Tab through the main window with the inbox in it: the order it is read in.

Real widgets, offscreen: the main window, the inbox workspace over a store
filled with the demo platform's records and its detail pane
(``test_inbox_detail``'s stand-in session, offline).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import test_inbox_detail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, fresh_task, settle

from backoffice.store.inbox_views import QuickFilter
from ui.inbox.detail import TaskDetail
from ui.inbox.filters import button_name
from ui.inbox.workspace import InboxWorkspace
from ui.main_window import MainWindow
from ui.settings import Settings

session = test_inbox_detail.session  # the fixture: a fresh case's reviewer, offline


@pytest.fixture
def window(qtbot: QtBot, session: StandIn, tmp_path: Path) -> Iterator[MainWindow]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    inbox = InboxWorkspace(session, lang="en",
                           settings=Settings.at(tmp_path / "settings.ini"))
    window.set_workspace("inbox", inbox)
    window.show_workspace(0)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    assert isinstance(inbox.detail, TaskDetail)
    inbox.detail.show_task(fresh_task()[0])
    settle(qtbot, inbox.detail)
    yield window
    inbox.close_session()


def _walk(qtbot: QtBot, start: QWidget, key: Qt.Key, n: int) -> list[str]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    names = []
    for _ in range(n):
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, key)
        focused = QApplication.focusWidget()
        names.append(focused.objectName() if focused is not None else "")
    return names


def test_tab_goes_from_the_navigation_through_the_list_then_the_detail(
        qtbot: QtBot, window: MainWindow) -> None:
    inbox = window.workspace_page("inbox")
    assert isinstance(inbox, InboxWorkspace)
    nav = window.findChild(QToolButton, "nav_decisions")
    assert nav is not None
    # The shown task chosen in the list: the bulk buttons act on it (on nothing, they are off).
    task = fresh_task()[0]
    qtbot.waitUntil(lambda: inbox.list.model.row_of(task) is not None, timeout=10_000)
    row = inbox.list.model.row_of(task)
    assert row is not None
    inbox.list.view.selectRow(row)
    names = _walk(qtbot, nav, Qt.Key.Key_Tab, 80)
    filters = [button_name(q) for q in QuickFilter]
    assert names[:3 + len(filters)] == ["inboxSearch", "inboxSavedViews", "inboxSaveView",
                                        *filters]
    bulk = [n for n in ("inboxClaim", "inboxRelease", "inboxTransfer") if n in names]
    assert bulk, names  # the bulk buttons above the table come before it
    assert max(names.index(b) for b in bulk) < names.index("inboxView")
    # The detail pane after the table, the status bar after both, then round again.
    detail = [n for n in names[names.index("inboxView"):] if n != "inboxView"]
    assert "opinionEdit" in detail[:detail.index("syncStatus")], names
    assert detail[detail.index("syncStatus") + 1] == "nav_inbox", names
    # And back: Shift+Tab from the search leaves the workspace for the navigation.
    assert _walk(qtbot, inbox.list.search, Qt.Key.Key_Backtab, 1) == ["nav_decisions"]


def test_focus_given_to_the_workspace_goes_to_the_table(qtbot: QtBot, window: MainWindow) -> None:
    inbox = window.workspace_page("inbox")
    assert isinstance(inbox, InboxWorkspace)
    inbox.list.search.setFocus()
    qtbot.waitUntil(inbox.list.search.hasFocus, timeout=2000)
    inbox.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(inbox.list.view.hasFocus, timeout=2000)

