"""The sign-in dialog with real widgets; ``sign_in`` is a plain function standing in for the client."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.remote.http import HttpSettings
from ui.dialogs.signin import SignInDialog
from ui.settings import PLATFORM_URL, PLATFORM_USER, Settings

PASSWORD = "s3cret-Pa55"


class FakeSignIn:
    """Records its calls and the thread they ran on; answers with ``outcome``."""

    def __init__(self, outcome: object = "session", *, gate: threading.Event | None = None) -> None:
        self.outcome = outcome
        self.gate = gate
        self.calls: list[tuple[str, str, str]] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, url: str, user: str, password: str) -> object:
        self.calls.append((url, user, password))
        self.threads.append(threading.current_thread())
        if self.gate is not None:
            assert self.gate.wait(60)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


def _dialog(qtbot: QtBot, settings: Settings, sign_in: FakeSignIn) -> SignInDialog:
    dialog = SignInDialog(None, sign_in=sign_in, settings=settings, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    return dialog


def _type(qtbot: QtBot, dialog: SignInDialog, text: str) -> None:
    focused = dialog.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)


def test_keyboard_only_sign_in_stores_url_and_user_but_never_the_password(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    sign_in = FakeSignIn(outcome={"account": "wangfang"})
    dialog = _dialog(qtbot, settings, sign_in)
    assert dialog.objectName() == "signInDialog"
    assert dialog.focusWidget() is dialog.url_edit  # nothing remembered yet: start at the top
    _type(qtbot, dialog, "https://platform.example")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.user_edit
    _type(qtbot, dialog, "wangfang")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    _type(qtbot, dialog, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    assert sign_in.calls == [("https://platform.example", "wangfang", PASSWORD)]
    assert sign_in.threads[0] is not threading.main_thread()  # off the GUI thread
    assert dialog.result_value == {"account": "wangfang"}
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.get(PLATFORM_URL) == "https://platform.example"
    assert settings.get(PLATFORM_USER) == "wangfang"
    assert dialog.password_edit.text() == ""
    stored = (tmp_path / "settings.ini").read_bytes()
    assert PASSWORD.encode() not in stored and b"wangfang" in stored
    raw = settings.qsettings
    assert all(PASSWORD not in str(raw.value(key)) for key in raw.allKeys())


def test_remembered_url_and_user_are_filled_in_and_the_password_has_the_focus(
    qtbot: QtBot, settings: Settings
) -> None:
    settings.set(PLATFORM_URL, "https://platform.example")
    settings.set(PLATFORM_USER, "lisi")
    dialog = _dialog(qtbot, settings, FakeSignIn())
    assert dialog.url_edit.text() == "https://platform.example"
    assert dialog.user_edit.text() == "lisi"
    assert dialog.password_edit.text() == ""
    assert dialog.focusWidget() is dialog.password_edit


def test_a_failed_sign_in_shows_the_reason_and_stays_open(qtbot: QtBot, settings: Settings) -> None:
    settings.set(PLATFORM_URL, "https://old.example")
    error = BackofficeError("auth.invalid_credentials")
    sign_in = FakeSignIn(outcome=error)
    dialog = _dialog(qtbot, settings, sign_in)
    dialog.url_edit.setText("https://platform.example")
    dialog.user_edit.setText("wangfang")
    dialog.password_edit.setText("wrong")
    dialog.password_edit.setFocus()
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10000)

    assert dialog.error_label.text() == messages.render(error, "en") == "Wrong user name or password."
    assert dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    assert dialog.result_value is None
    assert not dialog.busy and dialog.password_edit.isEnabled()
    assert dialog.focusWidget() is dialog.password_edit
    assert dialog.password_edit.selectedText() == "wrong"  # typing replaces it
    # Nothing remembered from a sign-in that did not happen.
    assert settings.get(PLATFORM_URL) == "https://old.example"
    assert not settings.is_stored(PLATFORM_USER)

    # The second try succeeds.
    sign_in.outcome = "session"
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClicks(dialog.password_edit, "right")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert sign_in.calls[-1] == ("https://platform.example", "wangfang", "right")


def test_an_error_that_looks_like_html_is_shown_literally(qtbot: QtBot, settings: Settings) -> None:
    error = BackofficeError("remote.bad_url", url="<b>x</b>&amp;")
    dialog = _dialog(qtbot, settings, FakeSignIn(outcome=error))
    for edit, text in ((dialog.url_edit, "https://p.example"), (dialog.user_edit, "u"),
                       (dialog.password_edit, "p")):
        edit.setText(text)
    dialog.start_sign_in()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10000)
    assert "“<b>x</b>&amp;”" in dialog.error_label.text()
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText


def test_an_unexpected_exception_is_worded_not_raised(qtbot: QtBot, settings: Settings) -> None:
    dialog = _dialog(qtbot, settings, FakeSignIn(outcome=RuntimeError("boom")))
    for edit in (dialog.url_edit, dialog.user_edit, dialog.password_edit):
        edit.setText("https://p.example")
    dialog.start_sign_in()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10000)
    assert dialog.error_label.text().startswith("An unexpected error occurred.")
    assert dialog.isVisible()


def test_missing_fields_are_asked_for_without_calling_sign_in(qtbot: QtBot, settings: Settings) -> None:
    sign_in = FakeSignIn()
    dialog = _dialog(qtbot, settings, sign_in)
    dialog.url_edit.setText("https://platform.example")
    dialog.user_edit.setText("wangfang")
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Enter your password."
    assert dialog.focusWidget() is dialog.password_edit
    assert sign_in.calls == [] and dialog.isVisible()


def test_escape_while_signing_in_waits_for_the_outcome_and_a_success_stands(
        qtbot: QtBot, settings: Settings) -> None:
    """Escape stops the sign-in's requests; one past them (opening the store) still ends
    signed in, and the dialog says so by accepting, never "cancelled" first."""
    gate = threading.Event()
    sign_in = FakeSignIn(gate=gate)
    dialog = _dialog(qtbot, settings, sign_in)
    for edit, text in ((dialog.url_edit, "https://p.example"), (dialog.user_edit, "u"),
                       (dialog.password_edit, "p")):
        edit.setText(text)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    try:
        dialog.start_sign_in()
        assert dialog.busy and dialog.busy_bar.isVisible()
        assert not dialog.password_edit.isEnabled()
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        assert cancel.isEnabled()  # it stops a sign-in waiting on the network
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()
        assert dialog.isVisible() and not cancel.isEnabled()
        assert dialog.busy_bar.accessibleName() == cancel.text() == "Stopping…"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.busy_bar.isVisible()


def test_escape_cancels_when_idle(qtbot: QtBot, settings: Settings) -> None:
    sign_in = FakeSignIn()
    dialog = _dialog(qtbot, settings, sign_in)
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert sign_in.calls == [] and not settings.is_stored(PLATFORM_URL)


def test_an_unreachable_platform_is_worded_for_a_sign_in_not_a_session(
        qtbot: QtBot, settings: Settings) -> None:
    from ui import session as sessions  # the real sign-in, to a port nobody listens on

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = sessions.SyncOptions(http=HttpSettings(retries=0))
    dialog = SignInDialog(None, sign_in=lambda url, user, password: sessions.sign_in(
        url, user, password, options), settings=settings, lang="en")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.url_edit.setText(f"http://127.0.0.1:{port}")
    dialog.user_edit.setText("wangfang")
    dialog.password_edit.setText(PASSWORD)
    dialog.start_sign_in()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10000)
    assert dialog.error_label.text() == (
        f"The platform 127.0.0.1:{port} cannot be reached. Check the address and the network "
        "connection, then try again.")
    assert "offline" not in dialog.error_label.text()
