"""The sign-in dialog: platform URL, user, password; signs in off the GUI thread.

The dialog knows nothing of the REST client or the accounts: it is handed
``sign_in(url, user, password)``, runs it on a worker thread and shows what
it raised. URL and user are remembered in the settings once a sign-in
succeeds; the password is never stored anywhere by this dialog (the platform
session's refresh token goes to the keyring, which is ``sign_in``'s business).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from backoffice import logs, messages
from ui.dialogs.worker import BackgroundCall, describe_failure
from ui.settings import PLATFORM_URL, PLATFORM_USER, Settings
from ui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from backoffice.remote.cancel import Cancel

SignIn = Callable[[str, str, str], object]


class SignInDialog(QDialog):
    """Asks for URL, user and password; ``result_value`` holds what ``sign_in`` returned."""

    def __init__(self, parent: QWidget | None, *, sign_in: SignIn, settings: Settings,
                 lang: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(QCoreApplication.translate("SignInDialog", "Sign in to the central platform"))
        self._sign_in = sign_in
        self._settings = settings
        self._lang = messages.resolve_language(lang)
        self.result_value: object = None

        intro = PlainLabel(QCoreApplication.translate(
            "SignInDialog",
            "Sign in with your account of the central platform. The address and your user "
            "name are remembered; the password is not."), self)
        intro.setWordWrap(True)

        self.url_edit = QLineEdit(settings.get(PLATFORM_URL), self)
        self.url_edit.setObjectName("signInUrl")
        self.url_edit.setPlaceholderText("https://")
        self.user_edit = QLineEdit(settings.get(PLATFORM_USER), self)
        self.user_edit.setObjectName("signInUser")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("signInPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.addRow(QCoreApplication.translate("SignInDialog", "Platform &address:"), self.url_edit)
        form.addRow(QCoreApplication.translate("SignInDialog", "&User name:"), self.user_edit)
        form.addRow(QCoreApplication.translate("SignInDialog", "&Password:"), self.password_edit)

        self.error_label = PlainLabel("", self)
        self.error_label.setObjectName("signInError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel#signInError { color: #b91c1c; }")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        # An indeterminate bar: the platform gives no progress for a sign-in.
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("signInBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(QCoreApplication.translate("SignInDialog", "Signing in…"))
        self.busy_bar.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(QCoreApplication.translate("SignInDialog", "Sign in"))
        ok.setObjectName("signInOk")
        self._ok = ok
        self._cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._cancel_button.setObjectName("signInCancel")
        self._cancel_text = self._cancel_button.text()
        self.buttons.accepted.connect(self.start_sign_in)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

        self._call = BackgroundCall(self)
        self._call.succeeded.connect(self._on_signed_in)
        self._call.failed.connect(self._on_failed)

        # Start where there is something to type.
        for edit in (self.url_edit, self.user_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                break

        self._cancel: Cancel | None = None  # of the sign-in under way
        self._stopping = False  # Cancel was pressed while it ran

    @property
    def busy(self) -> bool:
        return self._call.running

    @Slot()
    def start_sign_in(self) -> None:
        if self.busy:
            return
        url = self.url_edit.text().strip()
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        for value, edit, text in (
            (url, self.url_edit, QCoreApplication.translate("SignInDialog", "Enter the platform's address.")),
            (user, self.user_edit, QCoreApplication.translate("SignInDialog", "Enter your user name.")),
            (password, self.password_edit, QCoreApplication.translate("SignInDialog", "Enter your password.")),
        ):
            if not value:
                self._show_error(text)
                edit.setFocus()
                return
        # Before it can reach any log line (an exception message, a request dump).
        logs.register_secret(password)
        from backoffice.remote.cancel import Cancel, cancel_scope

        self._set_busy(True)
        sign_in, cancel = self._sign_in, Cancel()
        self._cancel, self._stopping = cancel, False

        def run() -> object:
            with cancel_scope(cancel):
                return sign_in(url, user, password)

        self._call.start(run)

    def _set_busy(self, busy: bool) -> None:
        # Cancel stays: it stops a sign-in waiting on the network.
        for widget in (self.url_edit, self.user_edit, self.password_edit, self._ok):
            widget.setEnabled(not busy)
        self._cancel_button.setEnabled(True)
        self._cancel_button.setText(self._cancel_text)
        self.busy_bar.setVisible(busy)
        self.busy_bar.setAccessibleName(
            QCoreApplication.translate("SignInDialog", "Signing in…"))
        if busy:
            self.error_label.hide()

    def _stop(self) -> None:
        """Cancel pressed while signing in: its requests end now; the outcome closes the dialog.

        Nothing is said to be cancelled before the call has ended: a sign-in
        whose requests were already done (opening the local store) still
        finishes, and the person is then signed in.
        """
        if self._cancel is None or self._stopping:
            return
        self._stopping = True
        stopping = QCoreApplication.translate("SignInDialog", "Stopping…")
        self._cancel_button.setEnabled(False)
        self._cancel_button.setText(stopping)
        self.busy_bar.setAccessibleName(stopping)
        self._cancel.fire()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    @Slot(object)
    def _on_signed_in(self, result: object) -> None:
        self._set_busy(False)
        self._stopping = False  # done before the stop reached it: signed in all the same
        self.result_value = result
        url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
        # sign_in accepted the address, so it has the shape the setting wants;
        # checked anyway, as a ValueError here would escape a slot.
        if PLATFORM_URL.accepts(url):
            self._settings.set(PLATFORM_URL, url)
        self._settings.set(PLATFORM_USER, user)
        self.password_edit.clear()
        self.accept()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        if self._stopping:  # asked to stop: whatever ended it, the person is done here
            self._stopping = False
            self.password_edit.clear()
            super().reject()
            return
        self._show_error(self._failure_text(exc))
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    def _failure_text(self, exc: object) -> str:
        if getattr(exc, "code", None) == "remote.offline":  # no HTTP stack imported here
            # remote.offline says "working offline": true of a session, not of
            # a sign-in, where nobody is signed in yet.
            host = getattr(exc, "params", {}).get("host", "")
            return QCoreApplication.translate(
                "SignInDialog", "The platform {host} cannot be reached. Check the address and "
                "the network connection, then try again.").format(host=host)
        if getattr(exc, "code", None) == "remote.server_error":
            # remote.server_error says "it will be tried again later": true of
            # the sync, which retries by itself; nothing retries a sign-in.
            params = getattr(exc, "params", {})
            return QCoreApplication.translate(
                "SignInDialog", "The platform {host} is not working right now (HTTP {status}). "
                "Try signing in again in a few minutes; if it goes on, tell your "
                "administrator.").format(host=params.get("host", ""),
                                         status=params.get("status", ""))
        return describe_failure(exc, self._lang)

    # While the sign-in runs, the dialog stays: its outcome (a stored token, a
    # chosen store) must not arrive after the person was told it was cancelled.
    # Cancel (Escape, closing the window) stops its requests, so the outcome
    # comes at once rather than at the REST client's deadline.

    def reject(self) -> None:
        if self.busy:
            self._stop()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            self._stop()
            event.ignore()
        else:
            super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.busy and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
