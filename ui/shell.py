"""The shell controller: sign-in, training mode, the session, dialogs, quitting.

The main window only asks (signals); this object does, so the window stays
a frame. Slow work — starting the training platform, signing in, resuming a
saved sign-in, signing out — runs on :class:`ui.background.Background`
threads; the GUI thread only ever receives finished results.

Imported by start-up after the first paint (it brings the sync stack).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog

from backoffice.remote.http import HttpSettings
from backoffice.sync.status import SyncStatus
from ui import session as sessions
from ui.background import Background
from ui.main_window import MainWindow, StoreState
from ui.session import Connection, Session, SyncOptions
from ui.settings import Settings
from ui.training import TrainingServer

_log = logging.getLogger("ui.shell")

MiB = 1024 * 1024



class Shell(QObject):
    """Owns the session of whoever is signed in, and the training platform."""

    ready = Signal()  # start-up finished: signed in, or the welcome page shown
    failed = Signal(object)  # start-up failed: the exception

    def __init__(self, window: MainWindow, settings: Settings, *, lang: str,
                 dialogs: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.lang = lang
        # False in smoke runs: never a modal dialog there.
        self.dialogs = dialogs
        self.background = Background(self)
        self.session: Session | None = None
        self.training = TrainingServer()
        self._welcome: QObject | None = None
        self.dialog: QDialog | None = None  # the open dialog, if any
        window.signInRequested.connect(self.ask_sign_in)
        window.switchUserRequested.connect(self.switch_user)
        window.signOutRequested.connect(self.sign_out)
        window.syncNowRequested.connect(self.sync_now)
        window.conflictsRequested.connect(self.show_conflicts)
        window.settingsRequested.connect(self.show_settings)
        window.openLogFolderRequested.connect(self.open_log_folder)
        window.copyDiagnosticsRequested.connect(self.copy_diagnostics)

    # --- start-up ------------------------------------------------------------------

    def options(self) -> SyncOptions:
        proxy, ca = self.settings.proxy, self.settings.ca_bundle
        return SyncOptions(
            interval=float(self.settings.sync_interval),
            cache_bytes=self.settings.cache_size_mib * MiB,
            prefetch_bytes=self.settings.prefetch_mib * MiB,
            http=HttpSettings(proxies={"http": proxy, "https": proxy} if proxy else None,
                              ca_bundle=Path(ca) if ca else None),
        )

    def start(self, *, demo: bool) -> None:
        """Training mode, else the saved sign-in, else the welcome page; then ``ready``."""
        if demo:
            self.start_training()
            return
        options = self.options()
        self.background.run(lambda: sessions.resume_saved(options), self._resumed,
                            self._start_failed)

    def _resumed(self, connection: object) -> None:
        if connection is None:
            self.show_welcome()
            self.ready.emit()
            return
        assert isinstance(connection, Connection)
        self.attach(connection)
        self.ready.emit()

    def _start_failed(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        self.failed.emit(exc)

    def start_training(self) -> None:
        self.window.set_training(True)
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "Shell", "Starting the training platform…"))
        options, server = self.options(), self.training
        self.background.run(lambda: sessions.connect_training(server, options),
                            self._training_ready, self._start_failed)

    def _training_ready(self, connection: object) -> None:
        assert isinstance(connection, Connection)
        self.window.statusBar().clearMessage()
        self.attach(connection)
        self.ready.emit()

    # --- the session ---------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        if self.session is not None:
            self.session.close()
        session = Session(connection, self.options(), self)
        self.session = session
        account = connection.account
        who = f"{account.display_name or account.username} · {account.department_name}"
        self.window.set_signed_in(who)
        self.window.set_store_status(connection.store.path, StoreState.READY)
        session.statusChanged.connect(self._status)
        self.window.set_sync_status(session.status)
        self.window.show_workspaces()
        self._plug_workspaces(session)
        session.start()
        _log.info("signed in as %s (%s)", account.username, account.department_code)

    def _plug_workspaces(self, session: Session) -> None:
        from ui.inbox.workspace import InboxWorkspace

        self.window.set_workspace("inbox", InboxWorkspace(session, self.window, lang=self.lang))
        self._plug_planner(session)
        self._plug_decisions(session)

    def _plug_decisions(self, session: Session) -> None:
        from ui.decisions.workspace import DecisionWorkspace

        desk = DecisionWorkspace(session, self.window, lang=self.lang)
        self.window.set_workspace("decisions", desk)
        desk.changed.connect(self._planner_changed)  # the inbox shows the case's new state
        detail = getattr(self.window.workspace_page("inbox"), "detail", None)
        if detail is not None and hasattr(detail, "decisionRequested"):
            detail.decisionRequested.connect(self._open_decision)

    def _open_decision(self, case_code: str) -> None:
        desk = self.window.workspace_page("decisions")
        if hasattr(desk, "open_case"):
            desk.open_case(case_code)
            self.window.show_workspace(self.window.workspace_keys().index("decisions"))

    def _plug_planner(self, session: Session) -> None:
        from ui.planner.workspace import PlannerWorkspace

        planner = PlannerWorkspace(session, self.window, lang=self.lang,
                                   photo_max_side=self.settings.photo_max_side)
        self.window.set_workspace("planner", planner)
        planner.changed.connect(self._planner_changed)
        # "Request site inspection" in the task detail hands the case to the planner.
        detail = getattr(self.window.workspace_page("inbox"), "detail", None)
        if detail is not None and hasattr(detail, "inspectionRequested"):
            detail.inspectionRequested.connect(self._request_inspection)

    def _request_inspection(self, task_id: str) -> None:
        planner = self.window.workspace_page("planner")
        if hasattr(planner, "request_for"):
            planner.request_for(task_id)
            self.window.show_workspace(self.window.workspace_keys().index("planner"))

    def _planner_changed(self) -> None:
        refresh = getattr(self.window.workspace_page("inbox"), "refresh", None)
        if callable(refresh):
            refresh()

    def _unplug_workspaces(self) -> None:
        for key in ("decisions", "planner", "inbox"):
            page = self.window.workspace_page(key)
            close = getattr(page, "close_session", None)
            if callable(close):
                close()
            self.window.set_workspace(key, None)

    def _status(self, status: SyncStatus) -> None:
        self.window.set_sync_status(status)

    def sync_now(self) -> None:
        if self.session is not None:
            self.session.sync_now()

    def detach(self) -> Connection | None:
        session, self.session = self.session, None
        if session is None:
            return None
        self._unplug_workspaces()
        session.close()
        session.deleteLater()
        self.window.set_signed_in(None)
        self.window.set_store_status(None, StoreState.OPENING)
        return session.connection

    def sign_out(self, then: Callable[[], None] | None = None) -> None:
        connection = self.detach()
        if connection is not None and connection.training:
            self.training.stop()
            self.window.set_training(False)
        self.show_welcome()
        if connection is None:
            if then is not None:
                then()
            return

        def done(_: object) -> None:
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            # The local sign-in is gone either way; the platform forgets the
            # session when it expires.
            _log.warning("signing out on the platform failed: %s", exc)
            done(None)

        self.background.run(lambda: sessions.sign_out(connection), done, failed)

    def switch_user(self) -> None:
        self.sign_out(then=self.ask_sign_in)

    def close(self) -> None:
        """Quitting: stop syncing, close the store, stop the training platform."""
        self.detach()
        self.background.wait()
        self.training.stop()

    # --- pages and dialogs ----------------------------------------------------------

    def show_welcome(self) -> None:
        from ui.dialogs.welcome import WelcomePage

        if self._welcome is None:
            page = WelcomePage(self.window)
            page.connectRequested.connect(self._connect_to)
            page.trainingRequested.connect(self.start_training)
            self._welcome = page
        assert isinstance(self._welcome, WelcomePage)
        self.window.show_welcome(self._welcome)

    def _connect_to(self, url: str) -> None:
        self.settings.platform_url = url
        self.ask_sign_in()

    # Dialogs are window-modal but opened with ``open()``, not ``exec()``: no
    # nested event loop, the status bar keeps updating behind them, and tests
    # drive them like any widget. The shell keeps each until it closes.

    def ask_sign_in(self) -> None:
        if not self.dialogs:
            return
        from ui.dialogs.signin import SignInDialog

        options = self.options()
        dialog = SignInDialog(
            self.window,
            sign_in=lambda url, user, password: sessions.sign_in(url, user, password, options),
            settings=self.settings, lang=self.lang)
        dialog.accepted.connect(self._signed_in)
        self._open(dialog)

    def _signed_in(self) -> None:
        from ui.dialogs.signin import SignInDialog

        dialog = self.dialog
        if isinstance(dialog, SignInDialog) and isinstance(dialog.result_value, Connection):
            self.window.set_training(False)
            self.attach(dialog.result_value)

    def show_conflicts(self) -> None:
        if not self.dialogs or self.session is None:
            return
        from ui.dialogs.conflicts import ConflictListDialog

        self._open(ConflictListDialog(self.window, self.session.store,
                                      on_changed=self.session.conflicts_changed, lang=self.lang))

    def show_settings(self) -> None:
        if not self.dialogs:
            return
        from ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.window, self.settings)
        dialog.accepted.connect(self._settings_saved)
        self._open(dialog)

    def _settings_saved(self) -> None:
        """Settings that apply at once (the rest at the next sign-in or start)."""
        planner = self.window.workspace_page("planner")
        if hasattr(planner, "set_photo_max_side"):
            planner.set_photo_max_side(self.settings.photo_max_side)

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self) -> None:
        self.dialog = None

    def diagnostics_extra(self) -> dict[str, str]:
        if self.session is None:
            return {"signed in": "no"}
        s, account = self.session.status, self.session.account
        return {
            "platform": account.platform_url, "user": account.username,
            "department": account.department_code, "store": str(self.session.store.path),
            "training mode": "yes" if self.session.training else "no",
            "sync state": s.state.value, "last sync": str(s.last_success or "never"),
            "pending": str(s.pending), "conflicts": str(s.conflicts),
            "quarantined": str(s.quarantined), "last error": s.error or "-",
        }

    def copy_diagnostics(self) -> None:
        from ui.dialogs.diagnostics import copy_diagnostics

        copy_diagnostics(self.diagnostics_extra())
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "Shell", "Diagnostics copied to the clipboard."), 5000)

    def open_log_folder(self) -> None:
        from ui.dialogs.diagnostics import open_log_folder

        open_log_folder()
