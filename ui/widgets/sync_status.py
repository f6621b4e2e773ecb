"""The status bar's sync button: state, queue, conflicts.

A click opens the conflict list, or the sign-in dialog once the sign-in has
expired (the window decides: ``MainWindow``); the tooltip says which.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from backoffice import messages
from backoffice.sync.status import SyncState, SyncStatus, clock_skew_message
from ui.inbox.detail_text import beijing
from ui.widgets.plain import set_plain_tooltip

CONTEXT = "SyncStatus"
# States whose tooltip opens with the error's own sentence.
_SAYS_WHY = (SyncState.ERROR, SyncState.OFFLINE, SyncState.SIGNED_OUT)


def state_text(state: SyncState) -> str:
    return {
        SyncState.CONNECTING: QCoreApplication.translate("SyncStatus", "Connecting…"),
        SyncState.IDLE: QCoreApplication.translate("SyncStatus", "Online"),
        SyncState.SYNCING: QCoreApplication.translate("SyncStatus", "Syncing…"),
        SyncState.OFFLINE: QCoreApplication.translate("SyncStatus", "Offline"),
        SyncState.SIGNED_OUT: QCoreApplication.translate("SyncStatus", "Sign-in expired"),
        SyncState.ERROR: QCoreApplication.translate("SyncStatus", "Sync error"),
    }[state]


def _platform_failing(code: str | None) -> bool:
    """Whether ``code`` is the platform answering busy or failing, not a link down."""
    if code is None:
        return False
    # Here, not at import: the button is built before the first paint, and
    # the error codes bring requests with them (a failed round loaded it).
    from backoffice.remote.errors import SERVER_ERROR, THROTTLED

    return code in (SERVER_ERROR, THROTTLED)


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return QCoreApplication.translate("SyncStatus", "never")
    return beijing(moment)


class SyncStatusButton(QToolButton):
    """Plain text only (a tool button never interprets its text as HTML)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.status: SyncStatus | None = None
        self.lang: str | None = None  # of the error's sentence (the shell sets the app's)
        self.show_unknown()

    def show_unknown(self) -> None:
        """Until the shell knows whether a sign-in is saved: neither "Not signed in"
        nor "Online" (a start offline showed both before "Offline")."""
        self.show_status(SyncStatus())
        self.status = None

    def show_status(self, status: SyncStatus | None) -> None:
        self.status = status
        if status is None:
            self.setText(QCoreApplication.translate("SyncStatus", "Not signed in"))
            self.setToolTip(QCoreApplication.translate(
                "SyncStatus", "Sign in to sync with the central platform."))
            return
        parts = [state_text(status.state)]
        if status.state is SyncState.OFFLINE and _platform_failing(status.error):
            # Reached, but busy or failing (429, 5xx): "Offline" sent people to
            # check a network that was fine. Retried by itself all the same.
            parts = [QCoreApplication.translate("SyncStatus", "Platform not available")]
        if status.state is SyncState.SYNCING and status.resync_after_upgrade:
            # Every record comes again, as in a first pull: say why this sync is long.
            parts = [QCoreApplication.translate(
                "SyncStatus", "Syncing everything again after the upgrade…")]
        if status.state is SyncState.SYNCING and status.received == 1:
            parts.append(QCoreApplication.translate("SyncStatus", "1 record received"))
        elif status.state is SyncState.SYNCING and status.received:
            parts.append(QCoreApplication.translate(
                "SyncStatus", "{n} records received").format(n=f"{status.received:,}"))
        if status.state is SyncState.SYNCING and status.files_fetched == 1:
            parts.append(QCoreApplication.translate("SyncStatus", "1 file downloaded"))
        elif status.state is SyncState.SYNCING and status.files_fetched:
            parts.append(QCoreApplication.translate(
                "SyncStatus", "{n} files downloaded").format(n=f"{status.files_fetched:,}"))
        if status.pending:
            parts.append(QCoreApplication.translate(
                "SyncStatus", "{n} waiting to be sent").format(n=status.pending))
        if status.conflicts == 1:  # singular or plural by the number, no %n forms
            parts.append(QCoreApplication.translate("SyncStatus", "1 conflict"))
        elif status.conflicts:
            parts.append(QCoreApplication.translate(
                "SyncStatus", "{n} conflicts").format(n=status.conflicts))
        if status.quarantined:
            # In sight, not in the tooltip alone: a colleague's record set aside
            # is missing from the inbox until it is fetched again (File menu).
            parts.append(QCoreApplication.translate(
                "SyncStatus", "{n} set aside").format(n=status.quarantined))
        if status.clock_skew is not None:
            parts.append(QCoreApplication.translate("SyncStatus", "Computer clock wrong"))
        self.setText(" · ".join(parts))
        tip = [QCoreApplication.translate(
            "SyncStatus", "Last successful sync: {when}").format(when=_when(status.last_success))]
        if status.state is SyncState.CONNECTING:
            tip.insert(0, QCoreApplication.translate(
                "SyncStatus", "Waiting for the first answer from the central platform."))
        if status.resync_after_upgrade:
            tip.insert(0, QCoreApplication.translate(
                "SyncStatus", "This version pulls every record from the platform once more after "
                "the upgrade; it takes as long as the first sync. Changes waiting to be sent are "
                "kept, and a sync cut short goes on where it stopped."))
        if status.clock_skew is not None:
            # Every deadline and time computed here is off by as much: first.
            code, params = clock_skew_message(status.clock_skew)
            tip.insert(0, messages.render_code(code, params, self.lang))
        if status.state in _SAYS_WHY and status.error:
            # "Sync error" alone does not say what to do (a full disk, say), nor
            # "Offline" which of the link, the proxy or the platform is down.
            tip.insert(0, messages.render_code(status.error, status.error_params, self.lang))
        if status.quarantined == 1:
            tip.append(QCoreApplication.translate(
                "SyncStatus", "1 record from the platform was set aside as malformed"))
        elif status.quarantined:
            tip.append(QCoreApplication.translate(
                "SyncStatus", "{n} records from the platform were set aside as malformed",
            ).format(n=status.quarantined))
        if status.quarantined:
            tip.append(QCoreApplication.translate(
                "SyncStatus", "File › Fetch set-aside records again brings them once more."))
        if status.next_attempt is not None and status.state not in (SyncState.IDLE,
                                                                    SyncState.SIGNED_OUT):
            # Signed out, nothing is attempted until the person signs in again.
            tip.append(QCoreApplication.translate(
                "SyncStatus", "Next attempt: {when}").format(when=_when(status.next_attempt)))
        if status.state is SyncState.SIGNED_OUT:
            tip.append(QCoreApplication.translate("SyncStatus", "Click to sign in again"))
        elif status.conflicts:  # with none the list is empty: nothing to offer
            tip.append(QCoreApplication.translate("SyncStatus", "Click to see conflicts"))
        set_plain_tooltip(self, "\n".join(tip))  # the error's params are data
