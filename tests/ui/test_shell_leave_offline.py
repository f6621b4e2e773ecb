"""Sign out and Switch user while the platform cannot be reached (real sandbox, pytest-qt).

Signing in again takes a password the platform checks: signed out offline,
nobody gets back to the work here — the same person neither — until the
platform is back. So the window asks first, says why, and says the queue
is kept; "Stay signed in" keeps the session as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, start, user
from support.shell_env import SLOW, started

from backoffice.sync import accounts
from backoffice.sync.status import SyncState
from ui.dialogs.signin import SignInDialog
from ui.settings import PLATFORM_URL, PLATFORM_USER, Settings


def _button(box: QMessageBox, text: str) -> QPushButton:
    return next(b for b in box.findChildren(QPushButton) if b.text() == text)


def test_leaving_while_offline_asks_first_and_staying_keeps_the_session(
        qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    platform = start(tmp_path / "platform.sqlite3")
    sandbox = next(platform)
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    platform.close()  # the platform goes away, the saved sign-in stays
    settings = Settings.at(data_dir / "settings.ini")
    settings.set(PLATFORM_URL, sandbox.url)
    settings.set(PLATFORM_USER, account.username)
    with started(qtbot, settings) as shell:
        session = shell.session
        assert session is not None
        qtbot.waitUntil(lambda: session.status.state is SyncState.OFFLINE, timeout=SLOW)

        shell.window.sign_out_action.trigger()
        box = shell.dialog
        assert isinstance(box, QMessageBox) and box.windowTitle() == "Sign out while offline?"
        said = box.text()
        assert "cannot be reached" in said and "Signing in again needs the platform" in said
        assert "kept on this computer" in said and account.platform_url in said
        _button(box, "Stay signed in").click()
        qtbot.waitUntil(lambda: shell.dialog is None, timeout=SLOW)
        assert shell.session is session and accounts.current() is not None

        shell.window.switch_user_action.trigger()
        box = shell.dialog
        assert isinstance(box, QMessageBox) and box.windowTitle() == "Switch user while offline?"
        _button(box, "Switch user").click()
        qtbot.waitUntil(lambda: isinstance(shell.dialog, SignInDialog), timeout=SLOW)
        assert shell.session is None and accounts.current() is None


def test_leaving_during_a_sync_not_answered_yet_asks_and_goes_on_once_it_answers(
        qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    platform = start(tmp_path / "platform.sqlite3")
    sandbox = next(platform)
    try:
        account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
        settings = Settings.at(data_dir / "settings.ini")
        settings.set(PLATFORM_URL, sandbox.url)
        settings.set(PLATFORM_USER, account.username)
        with started(qtbot, settings) as shell:
            session = shell.session
            assert session is not None
            qtbot.waitUntil(lambda: session.status.state is SyncState.IDLE, timeout=SLOW)
            # The link may have gone since the last round: not known until this one answers.
            sandbox.faults.stall("/api/v1/changes", seconds=3)
            shell.sync_now()
            qtbot.waitUntil(lambda: session.status.state is SyncState.SYNCING, timeout=SLOW)
            shell.window.sign_out_action.trigger()
            box = shell.dialog
            assert isinstance(box, QMessageBox)
            assert "has not answered the sync under way yet" in box.text()
            # It answers: the sign-out asked for goes on by itself.
            qtbot.waitUntil(lambda: shell.session is None, timeout=SLOW)
            assert accounts.current() is None
    finally:
        platform.close()
