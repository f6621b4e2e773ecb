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
from ui import saved_settings, sign_in_again

if TYPE_CHECKING:
    from backoffice.sync.accounts import Account
    from ui.session import Connection, Session
    from ui.shell import Shell

# Marks the banner as saying this, so that a remembered sign-in later takes it away.
_SHOWN = "keyringNotice"
SESSION_ONLY = "credentials.session_only"
LEFT_IN_KEYRING = "credentials.left_in_keyring"
STRANDED = "accounts.stranded"
QUEUE_KEPT = "cli.queue_kept"  # the same sentence as backoffice logout's
SIGN_IN_THERE = "signInThere"
SIGN_IN_HERE = "signInHere"
OPEN_SETTINGS = "openSettings"


def tell(shell: Shell, connection: Connection) -> None:
    """The banner for ``connection``'s sign-in, if there is anything to say; else none of ours."""
    banner = shell.window.problem_banner
    exc = connection.client.not_remembered
    notes: list[tuple[str, str]] = []
    if exc is not None and not connection.training:
        notes.append(_keyring_note(exc, shell.lang))
    if connection.stranded:
        notes.append(_stranded_note(connection, shell.lang))
    unusable = None if connection.training else saved_settings.note_once(shell)
    if unusable is not None:
        notes.append(unusable)
    _drop_buttons(shell)
    if not notes:
        if banner.property(_SHOWN):
            banner.setProperty(_SHOWN, False)
            banner.hide()
        return
    banner.show_problem(notes[0][0], "\n\n".join(text for _, text in notes))
    banner.setProperty(_SHOWN, True)
    if exc is not None and exc.code == UNREADABLE:
        # The dialog opens now; the button is for after a Cancel. Both for this
        # account alone (sign_in_again): its store is open, its queue waits for
        # its sign-in, and another person's would not send it.
        _button(shell, SIGN_IN_HERE, QCoreApplication.translate(
            "SignInNotice", "Sign in with your password…"), lambda: sign_in_again.ask(shell))
        sign_in_again.ask(shell)
    if connection.stranded:
        account = connection.stranded[0].account

        def sign_in_there() -> None:  # signed out here; the dialog filled in for there
            shell.settings.platform_url = account.platform_url
            shell.settings.platform_user = account.username
            shell.switch_user()

        _button(shell, SIGN_IN_THERE, QCoreApplication.translate(
            "SignInNotice", "Sign in at {url}…").format(url=account.platform_url),
            sign_in_there)
    if unusable is not None:
        _button(shell, OPEN_SETTINGS, _open_settings_text(), shell.dialogs.show_settings)


def queue_left(session: Session | None) -> tuple[int, int]:
    """The changes a sign-out leaves in the account's store: (waiting, in conflict).

    Counted before the sign-out closes the store, as ``backoffice logout`` counts them.
    """
    if session is None:
        return 0, 0
    store = session.store
    return len(store.pending_commands()), len(store.conflicts())


def tell_signed_out(shell: Shell, account: Account, left: object,
                    queued: tuple[int, int] = (0, 0)) -> None:
    """After a sign-out: whether the saved sign-in had to stay in the keyring for now,
    and the changes kept for this account (:func:`queue_left`).

    ``left``: what :func:`ui.session.sign_out` returned (a ``CredentialsError`` then).
    Changes kept are said because the next person to sign in here may be
    another: theirs go out only at this account's own next sign-in.
    """
    user = account.username
    notes: list[tuple[str, str]] = []
    if isinstance(left, CredentialsError):
        reason = left.params.get("reason") or left.params.get("backend") or left.code
        # Not revoked either: the platform still honours it, which the person must hear.
        said = LEFT_UNREVOKED if left.code == LEFT_UNREVOKED else LEFT_IN_KEYRING
        notes.append((
            QCoreApplication.translate("SignInNotice", "The saved sign-in could not be removed"),
            messages.render_code(said, {"user": user, "reason": reason}, shell.lang)))
    waiting, conflicts = queued
    kept: list[str] = []
    if waiting:
        kept.append(messages.render_code(
            QUEUE_KEPT, {"count": waiting, "user": user, "url": account.platform_url}, shell.lang))
    if conflicts == 1:  # singular or plural by the number, no %n forms (the house rule)
        kept.append(QCoreApplication.translate(
            "SignInNotice", "1 change of {user} is in conflict and is kept too: re-apply or "
            "discard it in File > Conflicts after {user} signs in again.").format(user=user))
    elif conflicts:
        kept.append(QCoreApplication.translate(
            "SignInNotice", "{count} changes of {user} are in conflict and are kept too: "
            "re-apply or discard them in File > Conflicts after {user} signs in again."
        ).format(count=conflicts, user=user))
    if kept:
        notes.append((QCoreApplication.translate(
            "SignInNotice", "Changes kept for {user}").format(user=user), " ".join(kept)))
    if not notes:
        return
    _drop_buttons(shell)  # signed out: a sign-in's buttons are for nobody now
    banner = shell.window.problem_banner
    banner.show_problem(notes[0][0], "\n\n".join(text for _, text in notes))
    banner.setProperty(_SHOWN, True)  # the next sign-in's notice replaces it


def tell_saved_settings(shell: Shell) -> None:
    """Nobody signed in (the welcome page): a stored value that cannot be used, once
    a session (:mod:`ui.saved_settings`), with a button that opens Settings."""
    note = saved_settings.note_once(shell)
    if note is None:
        return
    _drop_buttons(shell)
    shell.window.problem_banner.show_problem(*note)
    shell.window.problem_banner.setProperty(_SHOWN, True)  # a sign-in's notice replaces it
    _button(shell, OPEN_SETTINGS, _open_settings_text(), shell.dialogs.show_settings)


def _open_settings_text() -> str:
    return QCoreApplication.translate("SignInNotice", "Open Settings…")


def _drop_buttons(shell: Shell) -> None:
    """The buttons of an earlier note: a new note brings its own."""
    for name in (SIGN_IN_HERE, SIGN_IN_THERE, OPEN_SETTINGS):
        button = shell.window.problem_banner.findChild(QPushButton, name)
        if button is not None:
            button.setParent(None)
            button.deleteLater()


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
