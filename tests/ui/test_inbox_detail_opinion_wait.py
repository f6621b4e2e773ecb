"""Give opinion on a task awaiting the applicant, and the focus after a task action.

Pressed while the task awaited the applicant's corrections, Give opinion got
the state machine's refusal ("The review task is “awaiting the applicant's
corrections”, where “give the opinion” … is not allowed") and the focus
landed on the tab bar: the button is disabled now, with a plain sentence
beside it and in its tooltip. And after any task action's hold the focus is
back on the pressed button (or the opinion's text). Real detail over the
demo store (``test_inbox_detail``'s stand-in session).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - session: the fixture
    StandIn,
    checks_recorded,
    claim,
    fresh_task,
    make_session,
    open_detail,
    outbox,
    press,
    session,
    settle,
)

from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus

WAIT = "You can give the opinion when the applicant's corrections are in."


def _awaiting(task: ReviewTask) -> ReviewTask:
    return dataclasses.replace(task, status=TaskStatus.AWAITING_APPLICANT,
                               assignee=fresh_task()[2])


@pytest.fixture
def awaiting(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path, change={"ReviewTask": _awaiting})
    yield s
    s.files.close()
    s.store.close()


def test_give_opinion_waits_for_the_applicants_corrections(qtbot: QtBot,
                                                            awaiting: StandIn) -> None:
    detail = open_detail(qtbot, awaiting)
    assert detail.snapshot is not None
    assert detail.snapshot.task.status == TaskStatus.AWAITING_APPLICANT
    detail.show_page(detail.opinion_panel)
    assert not detail.give_opinion.isEnabled()
    assert WAIT in detail.give_opinion.toolTip()
    assert detail.opinion_panel.waiting.isVisible()
    assert detail.opinion_panel.waiting.text() == WAIT
    # The text can still be written (kept as a draft); Ctrl+Enter queues nothing.
    detail.opinion.setFocus()
    qtbot.keyClicks(detail.opinion, "No objection.")
    qtbot.keyClick(detail.opinion, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, detail)
    assert outbox(awaiting) == [] and detail.opinion.toPlainText() == "No objection."


def test_the_focus_is_back_on_the_pressed_button_after_the_action(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    detail.show_page(detail.opinion_panel)
    assert not detail.opinion_panel.waiting.isVisible()
    detail.opinion.setPlainText("No objection.")
    detail.give_opinion.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, detail)
    assert outbox(session)[-1][0] == "task.give_opinion"
    # The opinion is given: its button is off now, the focus on the opinion's text.
    assert not detail.give_opinion.isEnabled()
    assert QApplication.focusWidget() is detail.opinion
