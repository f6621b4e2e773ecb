"""The detail's message follows a case action's commands too, through the sync.

"Queued — sent at the next sync." stayed after the sync had sent and
confirmed an extension request (a command on the case, not the task, whose
commands alone the message followed). Offline over a real store from the demo
generator (``test_inbox_case_actions``' lead reviewer); the sync's steps on the
outbox (sent, confirmed) are the store's own functions, as the sync engine
calls them (``test_inbox_detail_message``).
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from test_inbox_case_actions import click, lead, lead_detail  # noqa: F401 - lead: the fixture
from test_inbox_detail import StandIn, settle

from backoffice.store import pending, sent_marks
from ui.inbox.detail import TaskDetail

QUEUED = "Queued — sent at the next sync."


def _synced(qtbot: QtBot, session: StandIn, detail: TaskDetail) -> str:
    with qtbot.waitSignal(detail.loaded):
        session.statusChanged.emit(object())
    settle(qtbot, detail)
    return detail.message.text()


def _only_command(session: StandIn, kind: str) -> str:
    (entry,) = session.store.pending_commands()
    assert entry.command.kind == kind
    return entry.command.id


def test_an_extension_request_is_followed_to_confirmed(qtbot: QtBot,
                                                       lead: StandIn) -> None:  # noqa: F811
    detail = lead_detail(qtbot, lead)
    actions = detail.case_actions
    actions.extension_reason.setPlainText("Waiting for the fire department's site report.")
    click(qtbot, detail, actions.extend)
    assert detail.message.text() == QUEUED
    command = _only_command(lead, "extension.request")
    with lead.store.write() as uow:
        sent_marks.mark_sent(uow, [command])
    assert _synced(qtbot, lead, detail) == "Sent, awaiting the platform."
    with lead.store.write() as uow:
        pending.confirm_command(uow, command)
    assert _synced(qtbot, lead, detail) == "Applied by the platform."


def test_a_comment_is_followed_to_confirmed(qtbot: QtBot, lead: StandIn) -> None:  # noqa: F811
    detail = lead_detail(qtbot, lead)
    detail.comments.edit.setPlainText("Please check the fire plan.")
    click(qtbot, detail, detail.comments.send)
    assert detail.message.text() == QUEUED
    assert _synced(qtbot, lead, detail) == QUEUED  # not sent yet
    command = _only_command(lead, "comment.add")
    with lead.store.write() as uow:
        pending.confirm_command(uow, command)
    assert _synced(qtbot, lead, detail) == "Applied by the platform."
