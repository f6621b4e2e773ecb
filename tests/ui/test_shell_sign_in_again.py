"""A sign-in the platform no longer accepts: the window offers signing in again as the
same person, and their queue goes out under that account (real sandbox, pytest-qt).

Before, the status bar said "Signed out · 1 waiting to be sent" and nothing more:
File > Sign in was greyed out, the status button opened the conflict list, and
only signing out and in again got the queue sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from support.platform_env import PASSWORD, start, user

from backoffice import messages
from backoffice.domain.commands import Command
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncState
from ui.dialogs.conflicts import ConflictListDialog
from ui.dialogs.signin import SignInDialog
from ui.main_window import MainWindow
from ui.session import Session
from ui.settings import Settings
from ui.shell import Shell

SLOW = 60_000


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.fixture
def shell(qtbot: QtBot, data_dir: Path) -> Iterator[Shell]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    shell = Shell(window, Settings.at(data_dir / "settings.ini"), lang="en")
    yield shell
    shell.close()


def _tip(button: QWidget) -> str:
    """The tooltip as read (it is set as escaped rich text)."""
    document = QTextDocument()
    document.setHtml(button.toolTip())
    return document.toPlainText()


def _revoke(sandbox: Sandbox, username: str) -> None:
    """The platform ends every sign-in of ``username`` (an administrator, a password reset)."""
    with sandbox.platform.engine.begin() as conn:
        conn.execute(update(db.sessions).where(db.sessions.c.username == username)
                     .values(revoked=True))


def _queue_comment(session: Session, text: str) -> None:
    with session.store.read() as uow:
        case = uow.cases.all()[0]
    session.store.record_command(Command.new(
        "comment.add", case.case_code, case.version, {"text": text},
        author=session.account.username))
    session.engine.refresh_counts()


def _signed_out(qtbot: QtBot, session: Session) -> None:
    qtbot.waitUntil(lambda: session.status.state is SyncState.SIGNED_OUT, timeout=SLOW)
    qtbot.waitUntil(lambda: session.status.pending == 1, timeout=SLOW)


def _offered(shell: Shell) -> None:
    """What the window says and offers while the sign-in is expired."""
    window = shell.window
    assert window.sign_in_banner.isVisible()
    assert "no longer accepts your sign-in" in window.sign_in_banner.text()
    assert window.sign_in_action.isEnabled()
    assert window.sync_button.text().startswith("Sign-in expired · 1 waiting to be sent")
    tip = _tip(window.sync_button)
    assert messages.render_code("remote.signed_out", {}, "en") in tip
    assert "Click to sign in again" in tip and "conflicts" not in tip


def _sign_in_again(qtbot: QtBot, shell: Shell, session: Session, *, other: str) -> None:
    """The dialog is for the same account only; a sign-in from it sends the queue."""
    dialog = shell.dialog
    assert isinstance(dialog, SignInDialog)
    account = session.account
    assert dialog.url_edit.text() == account.platform_url
    assert dialog.user_edit.text() == account.username
    assert dialog.url_edit.isReadOnly() and dialog.user_edit.isReadOnly()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password_edit, timeout=5000)
    # Even a user name put there some other way signs in this account, not theirs.
    dialog.user_edit.setText(other)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.session is not None and shell.session is not session,
                    timeout=SLOW)
    again = shell.session
    assert again is not None
    assert again.account.same_login(account) and again.store.path == account.store_path()
    current = accounts.current()
    assert current is not None and current.same_login(account)
    qtbot.waitUntil(lambda: again.status.last_success is not None
                    and again.status.pending == 0, timeout=SLOW)
    assert again.store.pending_commands() == []
    window = shell.window
    assert not window.sign_in_banner.isVisible() and not window.sign_in_action.isEnabled()
    assert window.sync_button.text().startswith("Online")


def test_a_sign_in_revoked_while_working_is_renewed_as_the_same_person(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)
    name = user()
    shell.window.sign_in_action.trigger()
    dialog = shell.dialog
    assert isinstance(dialog, SignInDialog)
    dialog.url_edit.setText(sandbox.url)
    dialog.user_edit.setText(name)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.session is not None
                    and shell.session.status.last_success is not None, timeout=SLOW)
    session = shell.session
    assert session is not None
    window = shell.window
    assert not window.sign_in_banner.isVisible() and not window.sign_in_action.isEnabled()

    _revoke(sandbox, name)
    _queue_comment(session, "written after the sign-in was ended")
    window.sync_now_action.trigger()
    _signed_out(qtbot, session)
    _offered(shell)
    # The status button leads to signing in, not to an empty conflict list.
    qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    assert not isinstance(shell.dialog, ConflictListDialog)
    _sign_in_again(qtbot, shell, session, other=user(role="inspector"))


def test_a_saved_sign_in_revoked_before_the_start_is_renewed_from_the_file_menu(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:
    name = user(role="inspector")
    account, client = accounts.sign_in(sandbox.url, name, PASSWORD)
    with Store.open(account.store_path()) as store:
        SyncEngine(store, client).sync_once()
    _revoke(sandbox, name)
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)
    session = shell.session
    assert session is not None and session.account.same_login(account)
    _queue_comment(session, "written after a start whose sign-in was ended")
    _signed_out(qtbot, session)
    _offered(shell)
    shell.window.sign_in_action.trigger()
    _sign_in_again(qtbot, shell, session, other=user())


def test_the_status_tooltip_says_why_it_is_offline_and_offers_conflicts_only_if_any(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:
    name = user(role="reviewer")
    accounts.sign_in(sandbox.url, name, PASSWORD)
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)
    session = shell.session
    assert session is not None
    qtbot.waitUntil(lambda: session.status.state is SyncState.IDLE, timeout=SLOW)
    button = shell.window.sync_button
    assert "conflicts" not in _tip(button)  # none: the list would be empty
    sandbox.faults.fail("/api/v1/changes", times=50, status=503)
    try:
        shell.window.sync_now_action.trigger()
        qtbot.waitUntil(lambda: session.status.state is SyncState.OFFLINE, timeout=SLOW)
        status = session.status
        assert status.error
        reason = messages.render_code(status.error, status.error_params, "en")
        qtbot.waitUntil(lambda: _tip(button).startswith(reason), timeout=5000)
        assert "conflicts" not in _tip(button)
        assert not shell.window.sign_in_banner.isVisible()
    finally:
        sandbox.faults.clear()
    # With conflicts the click's list is worth opening, and the tooltip says so.
    button.show_status(replace(status, state=SyncState.IDLE, conflicts=2))
    assert _tip(button).endswith("Click to see conflicts")
