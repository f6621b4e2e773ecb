"""The detail's message: one click queues once, and what it says follows the task's command.

Offline over a real store from the demo generator (the fixtures of
``test_inbox_detail``); the sync's steps on the outbox (sent, conflict,
confirmed) are the store's own functions, as the sync engine calls them.
"""

from __future__ import annotations

import test_inbox_detail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_inbox_detail import (
    StandIn,
    checks_recorded,
    claim,
    fresh_task,
    open_detail,
    outbox,
    settle,
)

from backoffice.store import outcomes, pending, sent_marks
from ui.inbox.detail import TaskDetail
from ui.inbox.detail_data import queue

QUEUED = "Queued — sent at the next sync."
session = test_inbox_detail.session  # the fixture: a fresh case's reviewer, offline


def double_click(qtbot: QtBot, detail: TaskDetail, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)


def test_a_double_click_queues_once_and_says_so(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    task_id, _, user = fresh_task()
    double_click(qtbot, detail, detail.claim)
    assert outbox(session) == [("task.claim", task_id, {"assignee": user}, user)]
    assert detail.message.text() == QUEUED
    assert detail.release.isEnabled() and not detail.claim.isEnabled()
    checks_recorded(qtbot, detail)
    detail.opinion.setPlainText("同意")
    double_click(qtbot, detail, detail.give_opinion)
    assert [q[0] for q in outbox(session)] == ["task.claim", "task.give_opinion"]
    assert detail.message.text() == QUEUED
    assert detail.reopen.isEnabled()


def test_a_refusal_gives_the_buttons_back(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    task_id, _, me = fresh_task()
    checks_recorded(qtbot, detail)
    # Claimed meanwhile (another window, a sync): the detail still offers Claim.
    queue(session.store, me, "task.claim", task_id, {"assignee": me})
    claimed = outbox(session)
    qtbot.mouseClick(detail.claim, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert "already claimed" in detail.message.text() and outbox(session) == claimed
    assert detail.release.isEnabled() and detail.give_opinion.isEnabled()


def test_the_message_follows_the_command_through_the_sync(qtbot: QtBot,
                                                          session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    assert detail.message.text() == QUEUED
    command = session.store.pending_commands()[0].command.id

    def synced() -> None:
        with qtbot.waitSignal(detail.loaded):
            session.statusChanged.emit(object())
        settle(qtbot, detail)

    with session.store.write() as uow:
        sent_marks.mark_sent(uow, [command])
    synced()
    assert detail.message.text() == "Sent, awaiting the platform."
    # A colleague's claim got there first.
    with session.store.write() as uow:
        outcomes.mark_conflict(uow, command, "sync.conflict")
    synced()
    assert detail.message.text().startswith("In conflict: Someone changed this record")
    assert "conflict list" in detail.message.text()


def test_a_confirmed_command_is_said_confirmed(qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    command = session.store.pending_commands()[0].command.id
    with session.store.write() as uow:
        pending.confirm_command(uow, command)
    with qtbot.waitSignal(detail.loaded):
        session.statusChanged.emit(object())
    settle(qtbot, detail)
    assert detail.message.text() == "Applied by the platform."
    # A message about a click is not a command's state: a sync leaves it.
    detail.opinion.setPlainText("")
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    text = detail.message.text()
    with qtbot.waitSignal(detail.loaded):
        session.statusChanged.emit(object())
    settle(qtbot, detail)
    assert detail.message.text() == text
