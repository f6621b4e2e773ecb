"""A comment typed and not added survives sign-out and Switch user, for its author only.

Sign-out and Switch user closed the task detail with the comment box's text
in it and nothing kept it. Against the real sandbox and shell, the stores the
app opens per account on one workstation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_views_per_account import _switch
from test_shell import (  # noqa: F401 - the fixtures
    DATA,
    FRESH,
    SLOW,
    _sign_in_with_dialog,
    _start,
    _synced,
    sandbox,
    shell,
    user,
)

from backoffice.sandbox.server import Sandbox
from ui.inbox import opinion_drafts
from ui.inbox.detail import TaskDetail
from ui.inbox.view import InboxList
from ui.shell import Shell

TEXT = "Page 2 of the fire permit lacks the seal."


def _open_task(qtbot: QtBot, sh: Shell, task_id: str) -> TaskDetail:
    """``task_id`` chosen in the inbox, its case in the detail pane."""
    page = sh.window.workspace_page("inbox")
    assert page is not None
    qtbot.waitUntil(lambda: page.findChild(TaskDetail) is not None, timeout=SLOW)
    detail, inbox = page.findChild(TaskDetail), page.findChild(InboxList)
    assert isinstance(detail, TaskDetail) and inbox is not None
    with qtbot.waitSignal(detail.loaded, timeout=SLOW):
        inbox.show_task(task_id)
    qtbot.waitUntil(lambda: not detail.busy(), timeout=SLOW)
    return detail


def test_a_comment_typed_is_back_for_its_author_and_no_one_else(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:  # noqa: F811
    _start(qtbot, shell)
    me, colleague = user(), user(nth=1)  # two reviewers of the same department
    task = next(t.id for t in DATA.tasks
                if t.case_code == FRESH.case_code and t.department_code == FRESH.lead_department)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, me)
    _synced(qtbot, shell)
    detail = _open_task(qtbot, shell, task)
    detail.show_page(detail.comments)
    detail.comments.edit.setFocus()
    qtbot.keyClicks(detail.comments.edit, TEXT)

    # Signed out and in again, the same person: the comment waits in its box.
    shell.window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: shell.session is None and not shell.background.busy(), timeout=SLOW)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, me)
    _synced(qtbot, shell)
    detail = _open_task(qtbot, shell, task)
    assert detail.comments.edit.toPlainText() == TEXT

    # A colleague on the same workstation (Switch user): the same task, an empty box.
    _switch(qtbot, shell, colleague)
    detail = _open_task(qtbot, shell, task)
    assert detail.comments.edit.toPlainText() == ""

    # Back to me through Switch user: still there.
    _switch(qtbot, shell, me)
    detail = _open_task(qtbot, shell, task)
    assert detail.comments.edit.toPlainText() == TEXT
    # Added: queued, and the draft is gone for good.
    qtbot.mouseClick(detail.comments.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.comments.edit.toPlainText() == "", timeout=SLOW)
    qtbot.waitUntil(lambda: not detail.busy(), timeout=SLOW)
    assert shell.session is not None
    assert opinion_drafts.load(shell.session.store, opinion_drafts.COMMENT_DRAFTS_KEY) == {}
