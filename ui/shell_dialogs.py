"""The shell's pages and dialogs: welcome, sign-in, conflicts, settings, diagnostics.

Dialogs are window-modal but opened with ``open()``, not ``exec()``: no
nested event loop, the status bar keeps updating behind them, and tests
drive them like any widget. One is open at a time; it is kept until it
closes (``current``). In smoke runs (``enabled=False``) none opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from backoffice.sync.reasons import set_aside
from backoffice.sync.status import SyncState, SyncStatus
from ui.saved_settings import stored_text
from ui.settings import PLATFORM_URL
from ui.training_roles import TrainingRoles

if TYPE_CHECKING:
    from ui.shell import Shell


def set_aside_lines(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The records set aside (``reasons.set_aside``) as diagnostics lines: labelled in
    English for support like the rest, the reason in the person's words and as kept."""
    lines = {}
    for n, q in enumerate(rows, 1):
        text = (f"{q['reason']} ({q['source']} {q['entity'] or '?'} {q['entity_id'] or '?'}, "
                f"received {q['received_at']}; kept as: {q['raw_reason']})")
        lines[f"set aside {n}"] = " ".join(text.split())  # one line each
    return lines


def unreachable(status: SyncStatus) -> bool:
    """Whether the last sync could not reach the platform (offline, or a failure that
    retries by itself: a timeout, the platform's own error) — a round under way since too."""
    # Here, not at import: the shell imports this module before its first
    # paint, and the error codes bring requests with them.
    from backoffice.remote.errors import TRANSIENT

    return status.state is SyncState.OFFLINE or (
        status.state in (SyncState.ERROR, SyncState.SYNCING, SyncState.CONNECTING)
        and status.error in TRANSIENT)


def unanswered(status: SyncStatus) -> bool:
    """A round under way that has not answered yet, in a store that has synced before
    (there is work here to be locked out of): the link may have gone since the last
    round that answered, and the retries take a while to tell."""
    return (status.state in (SyncState.SYNCING, SyncState.CONNECTING)
            and status.last_success is not None and not unreachable(status))


class ShellDialogs(QObject):
    def __init__(self, shell: Shell, *, enabled: bool) -> None:
        super().__init__(shell)
        self.shell = shell
        self.window = shell.window
        self.enabled = enabled
        self.current: QDialog | None = None
        self.welcome: QObject | None = None
        self.training_roles = TrainingRoles(shell)

    def show_welcome(self) -> None:
        from ui import sign_in_notice
        from ui.dialogs.welcome import WelcomePage

        if self.welcome is None:
            page = WelcomePage(self.window, lang=self.shell.lang)
            page.connectRequested.connect(self._connect_to)
            page.trainingRequested.connect(self.shell.start_training)
            page.trainingResetRequested.connect(self.training_roles.ask_reset_outside)
            self.welcome = page
        assert isinstance(self.welcome, WelcomePage)
        # After a sign-out too; as stored, so that one an earlier version saved can be corrected.
        self.welcome.show_address(stored_text(self.shell.settings, PLATFORM_URL))
        self.window.show_welcome(self.welcome)
        sign_in_notice.tell_saved_settings(self.shell)

    def _connect_to(self, url: str) -> None:
        self.shell.settings.platform_url = url
        self.ask_sign_in()

    def ask_sign_in(self) -> None:
        if not self.enabled or self.shell.training_starting:
            return
        from ui import session as sessions
        from ui.dialogs.signin import SignInDialog

        options = self.shell.options()
        dialog = SignInDialog(
            self.window,
            sign_in=lambda url, user, password: sessions.sign_in(url, user, password, options),
            settings=self.shell.settings, lang=self.shell.lang)
        dialog.accepted.connect(self._signed_in)
        self._open(dialog)

    def confirm_leaving(self, leave: Callable[[], None], *, switching: bool) -> None:
        """Sign out or switch user (``leave``), asked first while the platform cannot be reached.

        Signing in again takes a password the platform checks: until it can be
        reached, nobody — the same person included — gets back to this work.
        """
        session = self.shell.session
        if (not self.enabled or session is None or session.training
                or not (unreachable(session.status)
                        or session.answered and unanswered(session.status))):
            leave()
            return
        user = session.account.display_name or session.account.username
        if switching:
            title = QCoreApplication.translate("Shell", "Switch user while offline?")
            action = QCoreApplication.translate("Shell", "Switch user")
        else:
            title = QCoreApplication.translate("Shell", "Sign out while offline?")
            action = QCoreApplication.translate("Shell", "Sign out")
        url, pending = session.account.platform_url, session.status.pending
        after = QCoreApplication.translate(
            "Shell", "Signing in again needs the platform, as it checks the password: until "
            "it can be reached, nobody can sign in on this computer — {user} neither — and "
            "this work cannot be opened.\n\nNothing is lost: the changes not yet sent "
            "({count}) are kept on this computer for {user} and sent at their next sign-in."
        ).format(user=user, count=pending)
        offline = QCoreApplication.translate(
            "Shell", "The platform {url} cannot be reached now.").format(url=url)
        waiting = QCoreApplication.translate(
            "Shell", "The platform {url} has not answered the sync under way yet; if it "
            "cannot be reached:").format(url=url)
        box = QMessageBox(QMessageBox.Icon.Warning, title,
                          f"{offline if unreachable(session.status) else waiting} {after}",
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("leaveOfflineConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(QCoreApplication.translate("Shell", "Stay signed in"),
                             QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        answered_by_sync: list[bool] = []

        def heard(status: SyncStatus) -> None:
            # The round under way told: the platform answered (the person's
            # request stands, nothing to ask), or it cannot be reached.
            if not box.isVisible():
                return
            if unreachable(status):
                box.setText(f"{offline} {after}")
            elif status.state not in (SyncState.SYNCING, SyncState.CONNECTING):
                answered_by_sync.append(True)
                box.done(0)

        def answered() -> None:
            with contextlib.suppress(RuntimeError):  # the session gone meanwhile (quit)
                session.statusChanged.disconnect(heard)
            # The session it asked about may have ended meanwhile (quit).
            if (box.clickedButton() is go or answered_by_sync) and self.shell.session is session:
                leave()

        session.statusChanged.connect(heard)
        self._open(box)
        if self.current is not box:  # another dialog is up: it is raised instead
            session.statusChanged.disconnect(heard)
            return
        box.finished.connect(answered)  # after _open's: leaving may open the next dialog

    def ask_training_role(self) -> None:
        """Switch user in training mode: another demo account of the department."""
        self.training_roles.ask()

    def _signed_in(self) -> None:
        from ui.dialogs.signin import SignInDialog
        from ui.session import Connection

        dialog = self.current
        if isinstance(dialog, SignInDialog) and isinstance(dialog.result_value, Connection):
            self.shell.attach(dialog.result_value)

    def show_efficiency(self) -> None:
        from ui.supervision import show_efficiency

        show_efficiency(self.shell)

    def show_conflicts(self) -> None:
        session = self.shell.session
        if not self.enabled or session is None:
            return
        from ui.dialogs.conflicts import ConflictListDialog

        self._open(ConflictListDialog(self.window, session.store, files=session.files,
                                      on_changed=session.conflicts_changed,
                                      lang=self.shell.lang,
                                      status_changed=session.statusChanged))

    def show_settings(self) -> None:
        if not self.enabled:
            return
        from ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.window, self.shell.settings, lang=self.shell.lang)
        dialog.accepted.connect(self._settings_saved)
        self._open(dialog)

    def _settings_saved(self) -> None:
        """Settings that apply at once (the rest at the next sign-in or start)."""
        settings = self.shell.settings
        planner = self.window.workspace_page("planner")
        if hasattr(planner, "set_photo_max_side"):
            planner.set_photo_max_side(settings.photo_max_side)
        inbox = self.window.workspace_page("inbox")
        if hasattr(inbox, "set_due_soon_days"):
            inbox.set_due_soon_days(settings.due_soon_days)
        if self.shell.session is not None:
            self.shell.session.set_interval(float(settings.sync_interval))

    def open_dialog(self, dialog: QDialog) -> None:
        """``dialog`` opened as the one current dialog (see the module's docstring)."""
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        if self.current is not None and self.current.isVisible():
            self.current.raise_()
            return
        self.current = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        dialog.open()

    def _closed(self) -> None:
        self.current = None

    def diagnostics_extra(self) -> dict[str, str]:
        session = self.shell.session
        if session is None:
            return {"signed in": "no"}
        s, account = session.status, session.account
        return {
            "platform": account.platform_url, "user": account.username,
            "department": account.department_code, "store": str(session.store.path),
            "training mode": "yes" if session.training else "no",
            "sync state": s.state.value, "last sync": str(s.last_success or "never"),
            "pending": str(s.pending), "conflicts": str(s.conflicts),
            "quarantined": str(s.quarantined), "last error": s.error or "-",
        }

    def copy_diagnostics(self) -> None:
        """:meth:`diagnostics_extra` on the clipboard, then why each record was set aside
        (read from the store off the GUI thread): in the person's words, and as kept."""
        extra, session = self.diagnostics_extra(), self.shell.session
        if session is None:
            self._copy(extra)
            return
        store, lang = session.store, self.shell.lang
        self.shell.background.run(lambda: set_aside_lines(set_aside(store, lang)),
                                  lambda lines: self._copy({**extra, **lines}),
                                  lambda _exc: self._copy(extra))

    def _copy(self, extra: dict[str, str]) -> None:
        from ui.dialogs.diagnostics import copy_diagnostics

        copy_diagnostics(extra)
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "Shell", "Diagnostics copied to the clipboard."), 5000)

    def open_log_folder(self) -> None:
        from ui.dialogs.diagnostics import open_log_folder

        open_log_folder()
