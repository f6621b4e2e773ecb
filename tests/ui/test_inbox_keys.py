"""The inbox workspace's keys that reach across its panes (real widgets, offscreen).

The list and the detail over a store filled with the demo platform's records
(``test_inbox_detail``'s stand-in session).
"""

from __future__ import annotations

from pathlib import Path

import test_inbox_detail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, fresh_task, settle

from ui.inbox.detail import TaskDetail
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings

session = test_inbox_detail.session  # the fixture: a fresh case's reviewer, offline


def test_ctrl_f_reaches_the_search_from_the_detail(qtbot: QtBot, session: StandIn,
                                                    tmp_path: Path) -> None:
    inbox = InboxWorkspace(session, lang="en",  # type: ignore[arg-type]
                           settings=Settings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(inbox)
    inbox.resize(1300, 760)
    inbox.show()
    qtbot.waitExposed(inbox)
    inbox.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is inbox, timeout=2000)
    detail = inbox.detail
    assert isinstance(detail, TaskDetail)
    detail.show_task(fresh_task()[0])
    settle(qtbot, detail)
    for widget in (detail.opinion, detail.materials.tree):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=2000)
        qtbot.keyClick(widget, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(inbox.list.search.hasFocus, timeout=2000)
    # The material list took no F for a failed check on the way.
    assert detail.materials.note.text() == "" and not session.store.pending_commands()
    inbox.close_session()
