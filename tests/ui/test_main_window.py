"""The main window with real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QFontDatabase, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from backoffice import __version__
from backoffice.sync.status import SyncState, SyncStatus
from ui import app as ui_app
from ui.main_window import MainWindow, StoreState
from ui.widgets.banner import ProblemBanner
from ui.widgets.placeholder import PlaceholderPage


def _window(qtbot: QtBot, **kwargs: object) -> MainWindow:
    window = MainWindow(**kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    return window


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The app's Chinese translations installed, as `backoffice app` does for zh."""
    ui_app._install_translations(qapp, "zh")
    yield
    for translator in qapp.findChildren(ui_app.QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def test_object_names_and_pages(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, store_path=tmp_path / "store.sqlite3")
    assert window.objectName() == "mainWindow"
    nav = window.findChild(QToolBar, "navigation")
    stack = window.findChild(QStackedWidget, "workspaceStack")
    assert nav is not None and nav.isVisible()
    assert stack is not None and stack.count() == 3
    assert window.workspace_keys() == ("inbox", "planner", "decisions")
    assert window.current_workspace() == "inbox"
    titles = [stack.widget(i).findChild(QLabel, "placeholderTitle").text() for i in range(3)]
    assert titles == ["Inbox", "Inspection planner", "Decision desk"]
    for i in range(3):
        page = stack.widget(i)
        assert isinstance(page, PlaceholderPage)
        text = page.description_label.text()
        assert len(text) > 60 and "TODO" not in text and "lorem" not in text.lower()


@pytest.mark.parametrize(("key", "expected"), [(Qt.Key.Key_2, "planner"), (Qt.Key.Key_3, "decisions"),
                                               (Qt.Key.Key_1, "inbox")])
def test_ctrl_number_switches_workspace(qtbot: QtBot, key: Qt.Key, expected: str) -> None:
    window = _window(qtbot)
    if expected == "inbox":
        window.show_workspace(2)
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == expected
    checked = [a for a in window.workspace_actions.actions() if a.isChecked()]
    assert [a.objectName() for a in checked] == [f"show_{expected}"]


def test_clicking_the_navigation_switches_workspace(qtbot: QtBot) -> None:
    window = _window(qtbot)
    button = window.findChild(QToolButton, "nav_decisions")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_workspace() == "decisions"


def test_navigation_is_reachable_by_keyboard(qtbot: QtBot) -> None:
    window = _window(qtbot)
    planner = window.findChild(QToolButton, "nav_planner")
    assert planner is not None and planner.focusPolicy() & Qt.FocusPolicy.TabFocus
    planner.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(planner, Qt.Key.Key_Space)
    assert window.current_workspace() == "planner"


def test_status_bar_shows_sync_state_and_store(qtbot: QtBot, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    window = _window(qtbot, store_path=store)
    sync = window.findChild(QToolButton, "syncStatus")
    assert sync.text() == "Connecting…"  # not known yet whether anyone is signed in
    assert not window.sync_now_action.isEnabled() and window.sign_in_action.isEnabled()
    window.set_signed_in("王芳（演示） · 长春市市场监督管理局")
    window.set_sync_status(SyncStatus(SyncState.OFFLINE, pending=2, conflicts=1,
                                      next_attempt=dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)))
    assert sync.text() == "Offline · 2 waiting to be sent · 1 conflict"
    assert "Last successful sync: never" in sync.toolTip()
    assert "Next attempt: 2025-03-03 10:00" in sync.toolTip()  # Beijing time
    assert window.sync_now_action.isEnabled() and not window.sign_in_action.isEnabled()
    window.sync_button.lang = "en"  # the shell's language
    window.set_sync_status(SyncStatus(SyncState.ERROR, error="store.disk_full",
                                      error_params={"path": "C:\\<数据>\\store.sqlite3"}))
    assert sync.text() == "Sync error"
    # What went wrong and what to do, as plain text (the path is data).
    (reason, *_rest) = QTextDocumentFragment.fromHtml(sync.toolTip()).toPlainText().splitlines()
    assert reason.startswith("The disk holding the local store C:\\<数据>\\store.sqlite3 is full")
    with qtbot.waitSignal(window.conflictsRequested):
        qtbot.mouseClick(sync, Qt.MouseButton.LeftButton)
    window.set_signed_in(None)
    assert sync.text() == "Not signed in"
    store_label = window.findChild(QLabel, "storeStatus")
    assert store_label.text() == f"Local store: {store}"
    window.set_store_status(store, StoreState.READY)
    assert store_label.text() == "Local store ready"
    window.set_store_status(store, StoreState.FAILED)
    assert store_label.text() == "Local store not available"
    assert window.findChild(QLabel, "trainingModeBadge") is None


def test_data_is_shown_as_plain_text_never_as_html(qtbot: QtBot, tmp_path: Path) -> None:
    store = tmp_path / "<b>x</b>&amp;" / "store.sqlite3"
    window = _window(qtbot, store_path=store)
    label = window.findChild(QLabel, "storeStatus")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == f"Local store: {store}"
    # The tooltip is rich text that *says* the path, tags and entity included.
    assert QTextDocumentFragment.fromHtml(label.toolTip()).toPlainText() == str(store)
    window.show_problem("Cannot open <i>store</i> &lt;here&gt;")
    banner = window.findChild(ProblemBanner, "startupProblem")
    assert banner.message_label.text() == "Cannot open <i>store</i> &lt;here&gt;"
    # The rule for the whole window: every label is plain text.
    labels = window.findChildren(QLabel)
    assert len(labels) >= 8
    assert [x.objectName() for x in labels if x.textFormat() != Qt.TextFormat.PlainText] == []


def test_a_start_up_problem_stays_visible(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, store_path=tmp_path / "store.sqlite3")
    banner = window.findChild(ProblemBanner, "startupProblem")
    assert banner is not None and not banner.isVisible()
    window.show_problem("The local store failed.")
    assert banner.isVisible()
    assert banner.text() == "The app could not finish starting\nThe local store failed."
    assert banner.message_label.wordWrap()
    # What wiped the old status-bar message: hovering a menu item.
    window.statusBar().showMessage("Quit the application")
    window.statusBar().clearMessage()
    assert banner.isVisible() and banner.message_label.text() == "The local store failed."
    # Above the workspaces, not covering them.
    # (The workspaces are in a scroll area of their own: compared in the window's terms.)
    below = banner.mapTo(window, banner.rect().bottomLeft()).y()
    assert below < window.root.mapTo(window, QPoint(0, 0)).y()


def test_demo_marks_training_mode(qtbot: QtBot) -> None:
    window = _window(qtbot, demo=True)
    assert window.windowTitle() == "OneVisit Back Office — Training mode"
    badge = window.findChild(QLabel, "trainingModeBadge")
    assert badge is not None and badge.isVisible() and badge.text() == "Training mode"


def test_chinese_interface(qtbot: QtBot, chinese: None) -> None:
    window = _window(qtbot, demo=True)
    assert window.windowTitle() == "只跑一次 部门后台 — 培训模式"
    assert [a.iconText() for a in window.workspace_actions.actions()] == ["收件箱", "勘察计划", "审查决定"]
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "视图(&V)", "帮助(&H)"]
    assert window.findChild(QToolButton, "syncStatus").text() == "正在连接…"  # not known yet whether anyone is signed in
    assert window.findChild(QLabel, "trainingModeBadge").text() == "培训模式"
    window.set_store_status(None, StoreState.FAILED)
    assert window.findChild(QLabel, "storeStatus").text() == "本地存储不可用"
    window.show_problem("本地数据存储出错。")
    assert window.problem_banner.text() == "程序未能完成启动\n本地数据存储出错。"
    # Qt's own strings (standard buttons) come from qtbase_zh_CN.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_a_cjk_font_is_available() -> None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, "no font with Chinese glyphs: Qt would draw boxes (apt-get install fonts-wqy-microhei)"


def test_about_names_the_version(qtbot: QtBot) -> None:
    window = _window(qtbot)
    assert f"OneVisit Back Office {__version__}" in window.about_text()


def test_ctrl_q_closes_the_window(qtbot: QtBot) -> None:
    window = _window(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_the_status_bar_warns_of_a_clock_far_off_the_platforms(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.set_signed_in("王芳（演示） · 长春市市场监督管理局")
    sync = window.sync_button
    sync.lang = "en"
    window.set_sync_status(SyncStatus(SyncState.IDLE, clock_skew=-(6 * 365 + 1) * 86400))
    assert sync.text() == "Online · Computer clock wrong"
    warning = QTextDocumentFragment.fromHtml(sync.toolTip()).toPlainText().splitlines()[0]
    assert warning == ("This computer's clock is 2,191 days off the platform's: deadlines and "
                       "times may be wrong. Set the clock right (or ask your IT support).")
    window.set_sync_status(SyncStatus(SyncState.IDLE))
    assert sync.text() == "Online"
