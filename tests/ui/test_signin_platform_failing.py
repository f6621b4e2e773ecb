"""The sign-in dialog when the platform answers 503 (real sandbox, pytest-qt).

QA: it said "it will be tried again later" (remote.server_error, worded for
the sync, which retries by itself) — but nothing retries a sign-in. It now
says to try again in a few minutes, and whom to tell if it goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, start, user

from backoffice.remote.http import HttpSettings
from backoffice.sandbox.server import Sandbox
from ui import session as sessions
from ui.dialogs.signin import SignInDialog
from ui.settings import Settings


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3")


def test_a_failing_platform_at_sign_in_says_to_try_again_not_that_it_will_be(
        qtbot: QtBot, data_dir: Path, sandbox: Sandbox) -> None:
    sandbox.faults.fail("/api/v1/auth/login", status=503)
    options = sessions.SyncOptions(http=HttpSettings(retries=0))
    dialog = SignInDialog(None, sign_in=lambda url, name, password: sessions.sign_in(
        url, name, password, options), settings=Settings.at(data_dir / "settings.ini"),
        lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.url_edit.setText(sandbox.url)
    dialog.user_edit.setText(user())
    dialog.password_edit.setText(PASSWORD)
    dialog.start_sign_in()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
    said = dialog.error_label.text()
    assert "HTTP 503" in said and "Try signing in again in a few minutes" in said, said
    assert "administrator" in said
    assert "tried again later" not in said
