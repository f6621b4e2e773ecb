"""Training mode from the welcome page while other things happen: a sign-in, a second
click, a proxy in the settings (pytest-qt, offscreen, the real sandbox on loopback)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_shell
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, start
from support.training_env import DemoDay, pin_app_clock
from test_shell import DATA, SLOW, _start, _synced, user

from backoffice.sandbox.server import Sandbox
from ui import session as sessions
from ui import training
from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.welcome import WelcomePage
from ui.inbox.filters import QuickFilter
from ui.shell import Shell

shell = test_shell.shell  # the fixture: a window and its shell, on this test's data


@pytest.fixture(autouse=True)
def _demo_day(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    """Training on the demo's day, not the machine's (see ``support.training_env``)."""
    day = DemoDay()
    pin_app_clock(monkeypatch, day)
    shell.training = training.TrainingServer(clock=day)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3", DATA)


def _held(shell: Shell) -> threading.Event:
    """The training platform's start waits for the returned event (set it to go on)."""
    gate = threading.Event()
    real = shell.training.start

    def held(**kwargs: Any) -> Any:
        gate.wait(SLOW / 1000)
        return real(**kwargs)

    shell.training.start = held  # type: ignore[method-assign]
    return gate


def _welcome(shell: Shell) -> WelcomePage:
    page = shell.window.findChild(WelcomePage, "welcomePage")
    assert page is not None
    return page


def test_nobody_signs_in_while_training_mode_starts(qtbot: QtBot, shell: Shell) -> None:
    _start(qtbot, shell)
    window = shell.window
    assert window.sign_in_action.isEnabled()
    gate = _held(shell)
    qtbot.mouseClick(_welcome(shell).training_button, Qt.MouseButton.LeftButton)
    assert shell.training_starting
    assert not window.sign_in_action.isEnabled()
    window.sign_in_action.trigger()  # a shortcut that slipped through: still nothing
    window.signInRequested.emit()
    assert shell.dialog is None
    gate.set()
    _synced(qtbot, shell)
    assert shell.session is not None and shell.session.training
    assert window.windowTitle() == "OneVisit Back Office — Training mode"
    assert window.training_badge is not None


def test_a_session_attached_while_training_starts_is_not_replaced_by_it(
        qtbot: QtBot, shell: Shell, sandbox: Sandbox) -> None:
    _start(qtbot, shell)
    window = shell.window
    gate = _held(shell)
    qtbot.mouseClick(_welcome(shell).training_button, Qt.MouseButton.LeftButton)
    assert "Training" in window.windowTitle()
    # A real session arrives first (a sign-in begun before the click, say).
    real = sessions.sign_in(sandbox.url, user(), PASSWORD, shell.options())
    shell.attach(real)
    assert shell.session is not None and not shell.session.training
    assert "Training" not in window.windowTitle() and window.training_badge is None
    gate.set()
    qtbot.waitUntil(lambda: not shell.training_starting, timeout=SLOW)
    assert shell.session is not None and shell.session.connection is real
    assert "Training" not in window.windowTitle() and window.training_badge is None
    assert shell.training.platform is None  # the sandbox that came too late is stopped
    assert not window.sign_in_action.isEnabled()  # someone is signed in


def test_training_mode_starts_once_however_often_it_is_asked_for(
        qtbot: QtBot, shell: Shell) -> None:
    _start(qtbot, shell)
    page = _welcome(shell)
    gate = _held(shell)
    attached: list[bool] = []
    real_attach = shell.attach
    shell.attach = lambda c, then=None: (attached.append(c.training), real_attach(c, then))[1]  # type: ignore[method-assign]
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    assert not page.training_button.isEnabled() and not page.connect_button.isEnabled()
    assert page.training_hint.text() == "Starting the training platform…"
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    page.trainingRequested.emit()  # however it is asked for again
    gate.set()
    _synced(qtbot, shell)
    assert attached == [True]
    assert page.training_button.isEnabled() and page.training_hint.text() == ""


def test_training_mode_failing_after_start_up_is_said_on_the_welcome_page(
        qtbot: QtBot, shell: Shell, data_dir: Path) -> None:
    _start(qtbot, shell)
    page = _welcome(shell)
    failed: list[object] = []
    shell.failed.connect(failed.append)
    # A training database that cannot be opened: a directory in its place.
    training.ensure_seeded(now=DemoDay())
    training.database().unlink()
    training.database().mkdir()
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shell.training_starting, timeout=SLOW)
    assert failed == []  # not a start-up failure: no banner
    assert not shell.window.problem_banner.isVisible()
    assert page.training_hint.text().startswith("Training mode could not start: ")
    assert page.training_button.isEnabled() and shell.window.sign_in_action.isEnabled()
    assert "Training" not in shell.window.windowTitle()
    assert shell.window.root.currentWidget() is page


def test_training_mode_goes_direct_whatever_proxy_is_set(
        qtbot: QtBot, shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy that is down, in the Settings and in the environment: the sandbox
    # on this computer is reached without it (and works offline).
    shell.settings.proxy = "http://127.0.0.1:9"
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    _start(qtbot, shell)
    qtbot.mouseClick(_welcome(shell).training_button, Qt.MouseButton.LeftButton)
    _synced(qtbot, shell)
    assert shell.session is not None and shell.session.training
    assert shell.session.status.error is None


def test_the_welcome_page_has_the_keyboard_focus_at_first_start(qtbot: QtBot, shell: Shell) -> None:
    test_shell._activate(qtbot, shell.window)
    _start(qtbot, shell)
    page = _welcome(shell)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.url_edit, timeout=5000)


def test_sync_interval_and_due_soon_apply_when_settings_are_saved(
        qtbot: QtBot, shell: Shell) -> None:
    _start(qtbot, shell)
    qtbot.mouseClick(_welcome(shell).training_button, Qt.MouseButton.LeftButton)
    _synced(qtbot, shell)
    session = shell.session
    assert session is not None
    inbox: Any = shell.window.workspace_page("inbox")
    assert inbox.list.reader.due_soon_days == 1 and session.scheduler.interval == 300
    due_soon = inbox.list.filters.count  # the quick filter's count, as shown
    qtbot.waitUntil(lambda: due_soon(QuickFilter.DUE_SOON) is not None, timeout=SLOW)
    query = inbox.list.model.query
    wider = dataclasses.replace(inbox.list.reader, due_soon_days=60).counts(query)
    assert wider[QuickFilter.DUE_SOON] != due_soon(QuickFilter.DUE_SOON)  # the data tells them apart
    shell.dialogs.show_settings()
    dialog = shell.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.due_soon_spin.setValue(60)
    dialog.interval_spin.setValue(60)
    dialog.save()
    scheduler = session.scheduler
    assert scheduler.interval == 60
    assert scheduler._due - scheduler._now() <= 60  # the next sync: by the new interval
    assert inbox.list.reader.due_soon_days == 60  # the list reads with it: badges, counts
    qtbot.waitUntil(lambda: due_soon(QuickFilter.DUE_SOON) == wider[QuickFilter.DUE_SOON],
                    timeout=SLOW)
