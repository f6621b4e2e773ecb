"""The inbox fits a 1366×768 laptop screen in English and Chinese; messages take a line.

The real main window with the real inbox workspace (list and detail) over a
store filled with the demo platform's records (``test_inbox_detail``'s
stand-in session), a task shown and a refusal on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, fresh_task, make_session, settle

from ui.inbox.detail import TaskDetail
from ui.inbox.workspace import InboxWorkspace
from ui.main_window import MainWindow
from ui.settings import Settings


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
    detail = inbox.detail
    assert isinstance(detail, TaskDetail)
    detail.show_task(fresh_task()[0])
    settle(qtbot, detail)
    # A refusal (not claimed yet): the longest message the detail says.
    detail.opinion.setPlainText("同意")
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert detail.message.text()
    QApplication.processEvents()
    return window, inbox, detail


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
