"""Signing in again as the same person once the platform stopped accepting the sign-in.

The session stays open when its sign-in expires or is revoked (the sync
parks, the queue is kept: ``SyncState.SIGNED_OUT``). File > Sign in, the
banner's button and the status bar's sync button then come here. The
sign-in dialog (the one ``ShellDialogs.ask_sign_in`` opens) is filled in with
the open session's platform and user name, both read-only, the cursor in
the password: the only way forward is that account's store, whose queue
the new session's first sync sends. Another person signs in with Switch
user, which signs this one out first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

if TYPE_CHECKING:
    from ui.shell import Shell


def ask(shell: Shell) -> None:
    """File > Sign in: the ordinary dialog for nobody signed in; else again, as them."""
    session = shell.session
    if session is None:
        shell.dialogs.ask_sign_in()
        return
    if session.training:
        # A training account has no password to type: another demo role instead.
        shell.switch_user()
        return
    if not shell.dialogs.enabled or shell.training_starting:
        return
    from ui import session as sessions
    from ui.dialogs.signin import SignInDialog

    account, options = session.account, shell.options()

    def sign_in(_url: str, _user: str, password: str) -> object:
        # The fields are read-only; even so, never what they say: this account.
        return sessions.sign_in(account.platform_url, account.username, password, options)

    dialog = SignInDialog(shell.window, sign_in=sign_in, settings=shell.settings,
                          lang=shell.lang)
    dialog.setWindowTitle(QCoreApplication.translate("SignInAgain", "Sign in again"))
    locked = QCoreApplication.translate(
        "SignInAgain", "To sign in as someone else, use File > Switch user.")
    for edit, text in ((dialog.url_edit, account.platform_url),
                       (dialog.user_edit, account.username)):
        edit.setText(text)
        edit.setReadOnly(True)
        edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes password, buttons
        edit.setToolTip(locked)
        # Greyed like the window behind: read-only fields look editable otherwise.
        edit.setStyleSheet("QLineEdit { background: palette(window); }")
    dialog.password_edit.setFocus()

    def signed_in() -> None:
        connection = dialog.result_value
        if not isinstance(connection, sessions.Connection):
            return
        if shell.session is session and connection.account.same_login(account):
            shell.attach(connection)  # the same store: its queue goes out now
            return
        # Signed out or quit while the password was checked: nobody's session to renew.
        connection.files.close()
        connection.store.close()

    dialog.accepted.connect(signed_in)
    shell.dialogs.open_dialog(dialog)
