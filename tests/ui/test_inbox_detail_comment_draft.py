"""A comment typed and not added is a draft of its task, kept as the opinion's is.

It was lost silently: another task chosen showed it under that task's case
(and added it there at the next click), and sign-out, Switch user or quit
dropped it. Where the store cannot take it, the person is asked before it
goes. Over the real store and the real task detail (pytest-qt).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - the fixtures
    StandIn,
    TaskDetail,
    claim,
    demo,
    fresh_task,
    make_session,
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


def test_typed_before_the_kept_drafts_are_read_adds_to_them(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    first, other = fresh_task()[0], _other_task(session)
    opinion_drafts.keep(session.store, {first: "kept last time"}, opinion_drafts.COMMENT_DRAFTS_KEY)
    detail = TaskDetail(session, lang="en")
    qtbot.addWidget(detail)
    # No event handled yet: the kept drafts' read has not come back when the
    # session closes.
    detail.show_task(other)
    detail.comments.edit.setPlainText(TEXT)
    detail.keep_drafts()
    detail.wait()
    assert _kept(session) == {first: "kept last time", other: TEXT}
    settle(qtbot, detail)


def test_a_comment_the_store_cannot_keep_is_offered_to_the_clipboard(
        qtbot: QtBot, tmp_path: Path) -> None:
    gone = make_session(tmp_path)
    detail = open_detail(qtbot, gone)
    detail.comments.edit.setPlainText(TEXT)
    gone.store.close()  # the store goes before the comment is kept
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)  # not asked yet
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Copy to the clipboard").click()

    QGuiApplication.clipboard().clear()
    QTimer.singleShot(0, answer)
    detail.keep_drafts()  # what closing the session does
    detail.wait()
    assert len(asked) == 1 and "could not be kept" in asked[0]
    assert QGuiApplication.clipboard().text() == TEXT
    gone.files.close()
