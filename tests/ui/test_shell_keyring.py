"""A keyring that is locked or missing costs nobody their work: the store opens,
a sign-in with the password lasts the session, and the window says so once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from support.locked_keyring import locked_keyring
from support.platform_env import PASSWORD, start, user
from support.sessions import live_sessions

from backoffice.domain.commands import Command
from backoffice.remote.credentials import SERVICE, entry_name
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncState
from ui.dialogs.signin import SignInDialog
from ui.main_window import MainWindow
from ui.settings import PLATFORM_URL, PLATFORM_USER, Settings
from ui.shell import Shell

SLOW = 60_000


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _shell(window: MainWindow, data_dir: Path, sandbox: Sandbox) -> Shell:
    settings = Settings.at(data_dir / "settings.ini")
    settings.set(PLATFORM_URL, sandbox.url)
    settings.set(PLATFORM_USER, user())
    return Shell(window, settings, lang="en")


def _banner(window: MainWindow) -> str:
    banner = window.problem_banner
    return banner.text() if banner.isVisible() else ""


def _password(qtbot: QtBot, dialog: SignInDialog) -> None:
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_a_locked_keyring_opens_the_saved_store_and_a_password_sign_in_sends_the_queue(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox, window: MainWindow) -> None:
    account, client = accounts.sign_in(sandbox.url, user(), PASSWORD)
    with Store.open(account.store_path()) as store:
        SyncEngine(store, client).sync_once()
    with locked_keyring():
        shell = _shell(window, data_dir, sandbox)
        try:
            with qtbot.waitSignal(shell.ready, timeout=SLOW):
                shell.start(demo=False)
            # The person's own store, not a start-up failure.
            session = shell.session
            assert session is not None and session.store.path == account.store_path()
            assert window.root.currentWidget() is window.stack
            said = _banner(window)
            assert "The saved sign-in cannot be read" in said
            assert "sign in with your password" in said and "cannot be remembered" not in said
            qtbot.waitUntil(lambda: session.status.state is SyncState.SIGNED_OUT, timeout=SLOW)
            # Work goes on offline: queued, kept for after the password.
            with session.store.read() as uow:
                case = uow.cases.all()[0]
            session.store.record_command(Command.new(
                "comment.add", case.case_code, case.version, {"text": "while locked"},
                author=user()))
            assert len(session.store.pending_commands()) == 1
            # Asked for the password once, there and then; a Cancel keeps working offline.
            dialog = shell.dialog
            assert isinstance(dialog, SignInDialog)
            dialog.reject()
            assert shell.session is session and shell.dialog is None
            # The banner keeps the way to sign in (File > Sign in is for nobody signed in).
            button = window.problem_banner.findChild(QPushButton, "signInHere")
            assert button is not None and button.isVisible()
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            dialog = shell.dialog
            assert isinstance(dialog, SignInDialog)
            assert dialog.url_edit.text() == sandbox.url and dialog.user_edit.text() == user()
            _password(qtbot, dialog)
            qtbot.waitUntil(lambda: shell.session is not None and shell.session is not session
                            and shell.session.status.last_success is not None, timeout=SLOW)
            assert shell.session is not None
            assert shell.session.store.path == account.store_path()
            qtbot.waitUntil(lambda: shell.session is not None
                            and shell.session.store.pending_commands() == [], timeout=SLOW)
            said = _banner(window)
            assert "This sign-in will not be remembered" in said
            assert "Unlock the system keyring" in said
            assert window.problem_banner.findChild(QPushButton, "signInHere") is None
            assert shell.dialog is None  # told once: no dialog again
        finally:
            shell.close()


def test_a_sign_in_the_keyring_cannot_keep_works_for_the_session(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox, window: MainWindow) -> None:
    with locked_keyring():
        shell = _shell(window, data_dir, sandbox)
        try:
            with qtbot.waitSignal(shell.ready, timeout=SLOW):
                shell.start(demo=False)
            assert shell.session is None  # nobody was signed in
            window.sign_in_action.trigger()
            dialog = shell.dialog
            assert isinstance(dialog, SignInDialog)
            _password(qtbot, dialog)
            qtbot.waitUntil(lambda: shell.session is not None
                            and shell.session.status.last_success is not None, timeout=SLOW)
            assert "This sign-in will not be remembered" in _banner(window)
        finally:
            shell.close()
    # The keyring unlocked: the next sign-in is remembered and the banner goes.
    shell = _shell(window, data_dir, sandbox)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert shell.session is None  # nothing was saved while it was locked
        window.sign_in_action.trigger()
        dialog = shell.dialog
        assert isinstance(dialog, SignInDialog)
        _password(qtbot, dialog)
        qtbot.waitUntil(lambda: shell.session is not None, timeout=SLOW)
        assert _banner(window) == ""
        assert shell.session is not None and accounts.saved_sign_in(shell.session.account)
    finally:
        shell.close()


def test_a_sign_out_the_keyring_keeps_the_token_from_says_so_and_the_next_start_removes_it(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox, window: MainWindow,
        memory_keyring: Any) -> None:
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    entry = (SERVICE, entry_name(account.platform_url, account.username))
    assert memory_keyring.secrets[entry]
    shell = _shell(window, data_dir, sandbox)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert shell.session is not None  # resumed from the keyring
        session = shell.session
        # The first sync's refresh holds the sign-in in memory; locked before
        # it, there is nothing to revoke with (credentials.left_unrevoked).
        qtbot.waitUntil(lambda: session.status.last_success is not None, timeout=SLOW)
        with locked_keyring():  # locked meanwhile (the screen was locked)
            window.sign_out_action.trigger()
            qtbot.waitUntil(lambda: "could not be removed" in _banner(window), timeout=SLOW)
        assert shell.session is None
        said = _banner(window)
        assert "The saved sign-in could not be removed" in said
        assert "removed the next time the keyring can be used" in said
    finally:
        shell.close()
    # Still there (the session's first sync may have rotated it): only marked.
    assert memory_keyring.secrets.get(entry)
    assert [a.username for a in accounts.left_in_keyring()] == [user()]
    # The next start, the keyring open: gone before anything could sign in with it.
    shell = _shell(window, data_dir, sandbox)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert shell.session is None
    finally:
        shell.close()
    assert entry not in memory_keyring.secrets and accounts.left_in_keyring() == []


def test_a_sign_out_with_no_token_in_memory_says_the_platform_still_accepts_it(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox, window: MainWindow,
        memory_keyring: Any) -> None:
    # Started with the keyring locked: the session never held the token, so
    # its sign-out could not revoke it. Saying only "removed later" hid that.
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    entry = (SERVICE, entry_name(account.platform_url, account.username))
    with locked_keyring():
        shell = _shell(window, data_dir, sandbox)
        try:
            with qtbot.waitSignal(shell.ready, timeout=SLOW):
                shell.start(demo=False)
            assert shell.session is not None
            dialog = shell.dialog
            assert isinstance(dialog, SignInDialog)
            dialog.reject()  # not now: signing out instead
            window.sign_out_action.trigger()
            qtbot.waitUntil(lambda: "could be neither revoked" in _banner(window), timeout=SLOW)
            said = _banner(window)
            assert "the platform still accepts it" in said and "Unlock the keyring" in said
        finally:
            shell.close()
    assert memory_keyring.secrets.get(entry)
    live = live_sessions(sandbox, user())
    shell = _shell(window, data_dir, sandbox)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)  # the keyring open: revoked, then removed
    finally:
        shell.close()
    assert entry not in memory_keyring.secrets and accounts.left_in_keyring() == []
    assert live_sessions(sandbox, user()) == live - 1
