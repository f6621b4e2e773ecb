"""Signing out and back in (real sandbox, pytest-qt): what the window says and offers.

- File > Sign out with changes still queued says they are kept for that
  account and sent at its next sign-in (another person's sign-in does not);
- the welcome page then shows the last platform address, so signing back in
  is one step;
- with the keyring locked, "Sign in with your password…" is for the account
  whose store is open, not any account (as signing in again after an expiry).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from support.locked_keyring import locked_keyring
from support.platform_env import PASSWORD, start, user
from support.queued_elsewhere import queue_a_comment
from support.shell_env import SLOW, banner, started

from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts
from ui.dialogs.signin import SignInDialog
from ui.dialogs.welcome import WelcomePage
from ui.settings import PLATFORM_URL, PLATFORM_USER, Settings


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def _settings(data_dir: Path, sandbox: Sandbox, name: str) -> Settings:
    settings = Settings.at(data_dir / "settings.ini")
    settings.set(PLATFORM_URL, sandbox.url)
    settings.set(PLATFORM_USER, name)
    return settings


def test_signing_out_with_a_queue_says_it_is_kept_for_that_account_and_shows_the_address(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    account = queue_a_comment(sandbox.url, user())  # signed in, saved, one comment queued
    with started(qtbot, _settings(data_dir, sandbox, user())) as shell:
        assert shell.session is not None
        shell.window.sign_out_action.trigger()
        qtbot.waitUntil(lambda: "Changes kept for" in banner(shell), timeout=SLOW)
        said = banner(shell)
        assert f"Changes kept for {account.username}" in said
        assert "1 change of" in said and account.platform_url in said
        assert "not at another person's sign-in" in said
        welcome = shell.dialogs.welcome
        assert isinstance(welcome, WelcomePage) and shell.window.root.currentWidget() is welcome
        # The last address used, ready for the one step back in.
        assert welcome.url_edit.text() == sandbox.url
        assert welcome.connect_button.isEnabled()


def test_signing_out_with_nothing_queued_says_nothing_of_a_queue(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    accounts.sign_in(sandbox.url, user(), PASSWORD)
    with started(qtbot, _settings(data_dir, sandbox, user())) as shell:
        assert shell.session is not None
        shell.window.sign_out_action.trigger()
        # The sign-out's platform part done: its callback would have shown the banner.
        qtbot.waitUntil(lambda: not shell.background.busy(), timeout=SLOW)
        assert shell.dialogs.welcome is not None and accounts.current() is None
        assert "Changes kept" not in banner(shell)


def test_the_locked_keyrings_password_sign_in_is_for_that_account_only(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    account, _ = accounts.sign_in(sandbox.url, user(), PASSWORD)
    # The last name typed in the sign-in dialog was another's.
    settings = _settings(data_dir, sandbox, user(role="signer"))
    with locked_keyring(), started(qtbot, settings) as shell:
        assert shell.session is not None
        for opened_by in ("start-up", "button"):
            dialog = shell.dialog
            assert isinstance(dialog, SignInDialog), opened_by
            assert dialog.url_edit.text() == account.platform_url, opened_by
            assert dialog.user_edit.text() == account.username, opened_by
            assert dialog.url_edit.isReadOnly() and dialog.user_edit.isReadOnly(), opened_by
            dialog.reject()
            qtbot.waitUntil(lambda: shell.dialog is None, timeout=SLOW)
            if opened_by == "start-up":
                button = shell.window.problem_banner.findChild(QPushButton, "signInHere")
                assert button is not None
                button.click()
