"""Signing in at a platform's new address tells of the work left under the old one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, start, user
from support.queued_elsewhere import queue_a_comment
from support.shell_env import SLOW, started

from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts
from ui.dialogs.signin import SignInDialog
from ui.settings import Settings


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def test_the_window_says_where_unsent_work_was_left(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    old = queue_a_comment(sandbox.url, user())
    accounts.clear_current()  # signed out, the queue kept in that profile
    with started(qtbot, Settings.at(data_dir / "settings.ini")) as shell:
        window = shell.window
        window.sign_in_action.trigger()
        dialog = shell.dialog
        assert isinstance(dialog, SignInDialog)
        dialog.url_edit.setText(sandbox.url.replace("127.0.0.1", "localhost"))
        dialog.user_edit.setText(user())
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: shell.session is not None, timeout=SLOW)
        banner = window.problem_banner
        assert banner.isVisible()
        said = banner.text()
        assert "Changes not sent from another address" in said
        assert f"at {old.platform_url} have not been sent: 1 " in said
        # Offered: sign in there, which sends them (the same person's, under their login).
        button = banner.findChild(QPushButton, "signInThere")
        assert button is not None and old.platform_url in button.text()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(shell.dialog, SignInDialog), timeout=SLOW)
        dialog = shell.dialog
        assert isinstance(dialog, SignInDialog)
        assert (dialog.url_edit.text(), dialog.user_edit.text()) == (old.platform_url, user())
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: shell.session is not None
                        and shell.session.status.last_success is not None, timeout=SLOW)
        assert shell.session is not None and shell.session.store.path == old.store_path()
        qtbot.waitUntil(lambda: shell.session is not None
                        and shell.session.store.pending_commands() == [], timeout=SLOW)
        assert not banner.isVisible()  # nothing left elsewhere now
        assert banner.findChild(QPushButton, "signInThere") is None


def test_a_saved_sign_in_at_start_up_says_where_unsent_work_was_left(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    old = queue_a_comment(sandbox.url, user())
    # Signed in at the new address (backoffice login, say): the app resumes that one.
    accounts.sign_in(sandbox.url.replace("127.0.0.1", "localhost"), user(), PASSWORD)
    with started(qtbot, Settings.at(data_dir / "settings.ini")) as shell:
        assert shell.session is not None and shell.session.store.path != old.store_path()
        banner = shell.window.problem_banner
        qtbot.waitUntil(banner.isVisible, timeout=SLOW)
        said = banner.text()
        assert "Changes not sent from another address" in said
        assert f"at {old.platform_url} have not been sent: 1 " in said
        button = banner.findChild(QPushButton, "signInThere")
        assert button is not None and old.platform_url in button.text()
