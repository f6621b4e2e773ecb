"""What the window says when the keyring cannot keep, or give back, the sign-in.

The app signs in all the same (``PlatformClient(keyring_optional=True)``):
the refresh token then lives in memory for the session, never in a file.
The person is told once, in the window's banner, when the session starts:

- a password sign-in the keyring could not keep lasts until they quit or
  sign out, and unlocking the keyring has the next one remembered;
- a saved sign-in the keyring would not give back: their store is open and
  their work queues, and the sign-in dialog asks for the password that lets
  the queue go out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from backoffice import messages
from backoffice.remote.credentials import UNREADABLE

if TYPE_CHECKING:
    from ui.session import Connection
    from ui.shell import Shell

# Marks the banner as saying this, so that a remembered sign-in later takes it away.
_SHOWN = "keyringNotice"
SESSION_ONLY = "credentials.session_only"


def tell(shell: Shell, connection: Connection) -> None:
    """The banner for ``connection``'s sign-in, if the keyring let it down; else none of ours."""
    banner = shell.window.problem_banner
    exc = connection.client.not_remembered
    if exc is None or connection.training:
        if banner.property(_SHOWN):
            banner.setProperty(_SHOWN, False)
            banner.hide()
        return
    if exc.code == UNREADABLE:
        title = QCoreApplication.translate("SignInNotice", "The saved sign-in cannot be read")
        text = messages.describe(exc, shell.lang)
    else:
        title = QCoreApplication.translate("SignInNotice", "This sign-in will not be remembered")
        reason = exc.params.get("reason") or exc.params.get("backend") or exc.code
        text = messages.render_code(SESSION_ONLY, {"reason": reason}, shell.lang)
    banner.show_problem(title, text)
    banner.setProperty(_SHOWN, True)
    if exc.code == UNREADABLE:
        shell.dialogs.ask_sign_in()
