"""The inbox fits a 1366×768 laptop screen in English and Chinese; messages take a line.

The real main window with the real inbox workspace (list and detail) over a
store filled with the demo platform's records (``test_inbox_detail``'s
stand-in session), a task shown and a refusal on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, fresh_task, make_session, settle

from ui import app as ui_app
from ui.inbox.detail import TaskDetail
from ui.inbox.detail_data import queue
from ui.inbox.workspace import InboxWorkspace
from ui.main_window import MainWindow
from ui.settings import Settings

LAPTOP = (1366, 768)


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    if request.param == "zh":
        ui_app._install_translations(qapp, "zh")  # type: ignore[arg-type]
    yield request.param
    for translator in qapp.findChildren(ui_app.QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path)
    yield s
    s.files.close()
    s.store.close()


def open_inbox(qtbot: QtBot, session: StandIn, lang: str, tmp_path: Path,
               size: tuple[int, int]) -> tuple[MainWindow, InboxWorkspace, TaskDetail]:
    window = MainWindow()
    qtbot.addWidget(window)
    inbox = InboxWorkspace(session, window, lang=lang,  # type: ignore[arg-type]
                           settings=Settings.at(tmp_path / "settings.ini"))
    window.set_workspace("inbox", inbox)
    window.show_workspaces()
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    # Active before the clicks below: activated later, the window handed the focus
    # to the inbox's table, whose current task then replaced the one shown.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    detail = inbox.detail
    assert isinstance(detail, TaskDetail)
    detail.show_task(fresh_task()[0])
    settle(qtbot, detail)
    # A refusal (claimed meanwhile, the detail still offers Claim): the longest
    # message the detail says.
    task_id, _, me = fresh_task()
    queue(session.store, me, "task.claim", task_id, {"assignee": me})
    qtbot.mouseClick(detail.claim, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert detail.message.text()
    QApplication.processEvents()
    return window, inbox, detail


def inside(widget: QWidget, area: QWidget) -> bool:
    """Shown whole within ``area`` (no part cut off by a window too narrow for it)."""
    top_left = widget.mapTo(area, QPoint(0, 0))
    return widget.isVisible() and area.rect().contains(QRect(top_left, widget.size()))


def test_the_inbox_fits_a_laptop_screen(qtbot: QtBot, session: StandIn, lang: str,
                                        tmp_path: Path) -> None:
    window, inbox, detail = open_inbox(qtbot, session, lang, tmp_path, LAPTOP)
    hint = window.minimumSizeHint()
    assert hint.width() <= LAPTOP[0] - 100, hint  # room for the window frame, and to spare
    assert hint.height() <= LAPTOP[1] - 70, hint  # title bar and task bar
    assert (window.width(), window.height()) == LAPTOP
    for button in inbox.list.filters.buttons.values():
        assert inside(button, inbox.list.filters), button.objectName()
    for button in (detail.claim, detail.release, detail.reopen, detail.colleague,
                   detail.hand_over, detail.request_inspection, detail.open_decision):
        assert inside(button, detail), button.objectName()
    # The opinion's button is in sight without scrolling the tab (in a
    # scroll area it was laid out below the fold).
    detail.tabs.setCurrentWidget(detail.opinion_panel)
    qtbot.waitUntil(lambda: inside(detail.give_opinion, detail.tabs))


def test_a_message_has_a_line_of_its_own(qtbot: QtBot, session: StandIn,
                                         tmp_path: Path) -> None:
    window, _inbox, detail = open_inbox(qtbot, session, "en", tmp_path, (1100, 700))
    assert window.isVisible()
    message, claim = detail.message, detail.claim
    top = message.mapTo(detail, QPoint(0, 0))
    assert top.y() >= claim.mapTo(detail, QPoint(0, claim.height())).y()
    assert message.width() >= detail.materials.width() * 0.9
    # The material list keeps its header and three rows.
    tree = detail.materials.tree
    row = tree.fontMetrics().height()
    assert tree.height() >= tree.header().height() + 3 * row
