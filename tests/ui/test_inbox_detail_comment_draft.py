"""A comment typed and not added is a draft of its task, kept as the opinion's is.

It was lost silently: another task chosen showed it under that task's case
(and added it there at the next click), and sign-out, Switch user or quit
dropped it. Over the real store and the real task detail (pytest-qt).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - the fixtures
    StandIn,
    claim,
    demo,
    fresh_task,
    open_detail,
    outbox,
    session,
    settle,
)

from ui.inbox import opinion_drafts

TEXT = "Page 2 of the fire permit lacks the seal."


def _other_task(session: StandIn) -> str:  # noqa: F811 - the fixture's name
    first = fresh_task()[0]
    with session.store.read() as uow:
        return next(t.id for t in uow.tasks.all()
                    if t.department_code == session.account.department_code and t.id != first)


def _kept(session: StandIn) -> dict[str, str]:  # noqa: F811
    return opinion_drafts.load(session.store, opinion_drafts.COMMENT_DRAFTS_KEY)


def test_a_comment_typed_waits_for_its_task_and_not_under_another(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    first, other = fresh_task()[0], _other_task(session)
    detail.show_page(detail.comments)
    detail.comments.edit.setFocus()
    qtbot.keyClicks(detail.comments.edit, TEXT)
    detail.show_task(other)
    settle(qtbot, detail)
    assert detail.comments.edit.toPlainText() == ""  # another case: not added there
    detail.show_task(first)
    settle(qtbot, detail)
    assert detail.comments.edit.toPlainText() == TEXT
    assert _kept(session) == {first: TEXT}
    assert opinion_drafts.load(session.store) == {}  # the opinion's drafts are apart


def test_a_comment_typed_comes_back_next_session_and_goes_once_added(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    detail = open_detail(qtbot, session)
    task = fresh_task()[0]
    detail.comments.edit.setPlainText(TEXT)  # no time for the typing timer
    detail.keep_drafts()  # what closing the session does
    detail.wait()
    detail.close()
    again = open_detail(qtbot, session, task)  # the next session, same store
    qtbot.waitUntil(lambda: again.comments.edit.toPlainText() == TEXT, timeout=5_000)
    claim(qtbot, again)  # a reload meanwhile leaves the text alone
    assert again.comments.edit.toPlainText() == TEXT
    again.show_page(again.comments)
    qtbot.mouseClick(again.comments.send, Qt.MouseButton.LeftButton)
    settle(qtbot, again)
    code = demo().fresh_cases[0]
    assert ("comment.add", code, {"text": TEXT}, session.account.username) in outbox(session)
    assert again.comments.edit.toPlainText() == "" and _kept(session) == {}
