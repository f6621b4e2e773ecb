"""The opinion and comment editors by keyboard: Tab moves on to the button, Ctrl+Enter sends.

A tab typed into the opinion went out with it to every department on the
case, and the keyboard never reached Give opinion. Real detail over the demo
store (``test_inbox_detail``'s stand-in session).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - session: the fixture
    StandIn,
    checks_recorded,
    claim,
    demo,
    fresh_task,
    open_detail,
    outbox,
    session,
    settle,
)


def _tab_leaves(qtbot: QtBot, edit: QPlainTextEdit, button: QPushButton, text: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.toPlainText() == text
    assert QApplication.focusWidget() is button


def test_tab_leaves_the_opinion_for_its_button_and_ctrl_enter_gives_it(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    task_id, _, user = fresh_task()
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    detail.show_page(detail.opinion_panel)
    _tab_leaves(qtbot, detail.opinion, detail.give_opinion, "No objection.")
    detail.opinion.setFocus()
    qtbot.keyClick(detail.opinion, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, detail)
    assert outbox(session)[-1] == ("task.give_opinion", task_id, {"opinion": "No objection."}, user)


def test_tab_leaves_the_comment_for_its_button_and_ctrl_enter_adds_it(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    _, _, user = fresh_task()
    detail.show_page(detail.comments)
    _tab_leaves(qtbot, detail.comments.edit, detail.comments.send, "Please check the fire plan.")
    detail.comments.edit.setFocus()
    qtbot.keyClick(detail.comments.edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, detail)
    assert outbox(session) == [
        ("comment.add", demo().fresh_cases[0], {"text": "Please check the fire plan."}, user)]
