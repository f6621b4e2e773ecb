"""What the window says about a sign-in: a keyring that let it down, work left elsewhere.

When the keyring cannot be used the app signs in all the same
(``PlatformClient(keyring_optional=True)``):
the refresh token then lives in memory for the session, never in a file.
The person is told once, in the window's banner, when the session starts:

- a password sign-in the keyring could not keep lasts until they quit or
  sign out, and unlocking the keyring has the next one remembered;
- a saved sign-in the keyring would not give back: their store is open and
  their work queues, and the sign-in dialog asks for the password that lets
  the queue go out;
- a sign-in (with a password, or the saved one at start-up) whose user name
  has unsent work in the store of another platform address (:func:`backoffice.sync.accounts.stranded_elsewhere`):
  how much, and where — it is not sent from the new address — with a
  button that signs in there.

And once more at a sign-out the keyring would not let remove the saved
sign-in: it stays there until the keyring can be used
(:func:`backoffice.sync.accounts.sign_out`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from backoffice import messages
from backoffice.remote.credentials import LEFT_UNREVOKED, UNREADABLE, CredentialsError

if TYPE_CHECKING:
    from ui.session import Connection
    from ui.shell import Shell

# Marks the banner as saying this, so that a remembered sign-in later takes it away.
_SHOWN = "keyringNotice"
SESSION_ONLY = "credentials.session_only"
LEFT_IN_KEYRING = "credentials.left_in_keyring"
STRANDED = "accounts.stranded"
SIGN_IN_THERE = "signInThere"
SIGN_IN_HERE = "signInHere"


def tell(shell: Shell, connection: Connection) -> None:
    """The banner for ``connection``'s sign-in, if there is anything to say; else none of ours."""
    banner = shell.window.problem_banner
    exc = connection.client.not_remembered
    notes: list[tuple[str, str]] = []
    if exc is not None and not connection.training:
        notes.append(_keyring_note(exc, shell.lang))
    if connection.stranded:
        notes.append(_stranded_note(connection, shell.lang))
    for name in (SIGN_IN_HERE, SIGN_IN_THERE):  # of an earlier sign-in's note
        button = banner.findChild(QPushButton, name)
        if button is not None:
            button.setParent(None)
            button.deleteLater()
    if not notes:
        if banner.property(_SHOWN):
            banner.setProperty(_SHOWN, False)
            banner.hide()
        return
    banner.show_problem(notes[0][0], "\n\n".join(text for _, text in notes))
    banner.setProperty(_SHOWN, True)
    if exc is not None and exc.code == UNREADABLE:
        # The dialog opens now; the button is for after a Cancel.
        _button(shell, SIGN_IN_HERE, QCoreApplication.translate(
            "SignInNotice", "Sign in with your password…"), shell.dialogs.ask_sign_in)
        shell.dialogs.ask_sign_in()
    if connection.stranded:
        account = connection.stranded[0].account

        def sign_in_there() -> None:  # signed out here; the dialog filled in for there
            shell.settings.platform_url = account.platform_url
            shell.settings.platform_user = account.username
            shell.switch_user()

        _button(shell, SIGN_IN_THERE, QCoreApplication.translate(
            "SignInNotice", "Sign in at {url}…").format(url=account.platform_url),
            sign_in_there)


def tell_signed_out(shell: Shell, user: str, left: object) -> None:
    """After a sign-out: whether the saved sign-in had to stay in the keyring for now.

    ``left``: what :func:`ui.session.sign_out` returned (a ``CredentialsError`` then).
    """
    if not isinstance(left, CredentialsError):
        return
    reason = left.params.get("reason") or left.params.get("backend") or left.code
    # Not revoked either: the platform still honours it, which the person must hear.
    said = LEFT_UNREVOKED if left.code == LEFT_UNREVOKED else LEFT_IN_KEYRING
    banner = shell.window.problem_banner
    banner.show_problem(
        QCoreApplication.translate("SignInNotice", "The saved sign-in could not be removed"),
        messages.render_code(said, {"user": user, "reason": reason}, shell.lang))
    banner.setProperty(_SHOWN, True)  # the next sign-in's notice replaces it


def _button(shell: Shell, name: str, text: str, action: Callable[[], None]) -> None:
    """A button under the banner's message, gone with the note it belongs to."""
    banner = shell.window.problem_banner
    button = QPushButton(text, banner)
    button.setObjectName(name)
    button.clicked.connect(action)
    layout = banner.layout()
    if layout is not None:
        layout.addWidget(button)
    button.show()


def _keyring_note(exc: CredentialsError, lang: str) -> tuple[str, str]:
    if exc.code == UNREADABLE:
        return (QCoreApplication.translate("SignInNotice", "The saved sign-in cannot be read"),
                messages.describe(exc, lang))
    reason = exc.params.get("reason") or exc.params.get("backend") or exc.code
    return (QCoreApplication.translate("SignInNotice", "This sign-in will not be remembered"),
            messages.render_code(SESSION_ONLY, {"reason": reason}, lang))


def _stranded_note(connection: Connection, lang: str) -> tuple[str, str]:
    """Where the same user name left work a new platform address does not send (accounts.py)."""
    said = [messages.render_code(STRANDED, {
        "count": left.waiting + left.conflicts, "user": left.account.username,
        "url": left.account.platform_url}, lang) for left in connection.stranded]
    return (QCoreApplication.translate("SignInNotice", "Changes not sent from another address"),
            "\n".join(said))
