"""The shell controller: start-up, sign-in, training mode, the session, quitting.

The main window only asks (signals); this object does, so the window stays
a frame. Slow work — starting the training platform, signing in, resuming a
saved sign-in, signing out — runs on :class:`ui.background.Background`
threads; the GUI thread only ever receives finished results.

Start-up into the inbox, in this order (``docs/benchmarks.md``, "Start-up"):

1. the inbox's skeleton (search box, filters, headers; no store) is put in
   the window at once and painted;
2. then a worker thread checks the keyring for the saved sign-in and reads
   the inbox's first page kept at the last quit, if the store is still as
   it was then (plain ``sqlite3``, :mod:`backoffice.store.kept_page`);
   without one it opens that account's store (SQLAlchemy; not yet the
   platform client, the HTTP stack or the contract) — nothing of it is
   imported on the GUI thread;
3. the inbox paints its first rows — the kept ones, or read from that store
   (:class:`ui.early_session.EarlySession`); after kept rows' paint a worker
   opens the store and the list reads the same page from it, in place;
4. once they are painted, a worker imports the rest of the sync stack
   (:mod:`ui.session`) and makes the platform client; the session is
   attached, the task detail pane is built, the other workspaces' libraries
   are imported on a worker, the planner and the decision desk are plugged
   in, and the first sync starts; then ``ready``.

Training mode and a sign-in from the dialog make the whole session first
and go from step 3 with it.

This module imports none of the sync stack itself: start-up imports it
right after the first paint.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog

from ui import sign_in_again
from ui.background import Background
from ui.main_window import MainWindow, StoreState
from ui.options_reader import read_options
from ui.settings import Settings
from ui.shell_dialogs import ShellDialogs
from ui.training import TrainingServer

if TYPE_CHECKING:
    from backoffice.store import Store
    from backoffice.sync.accounts import Account
    from backoffice.sync.status import SyncStatus
    from ui.dialogs.welcome import WelcomePage
    from ui.early_session import EarlySession
    from ui.inbox.view import InboxSession
    from ui.inbox.workspace import InboxWorkspace
    from ui.session import Connection, Session, SyncOptions

_log = logging.getLogger("ui.shell")

# The planner and the decision desk are plugged in and the first sync starts
# once the inbox's first rows are painted, or after this long without them
# (a read that failed, a window that is never painted).
AFTER_ROWS_FALLBACK_MS = 5000
# What the planner and the decision desk import (iCalendar, pyHanko, reportlab:
# about a second of Python): loaded on a worker after the inbox's rows, so
# plugging them in does not hold the GUI thread. The inbox's detail pane too (modules
# only, its widgets are built on the GUI thread): imported there it froze the rows 0.5-2.5 s.
WORKSPACE_LIBRARIES = ("backoffice.inspections.availability", "backoffice.inspections.field",
                       "backoffice.inspections.notice", "backoffice.decisions.desk",
                       "backoffice.signing.verify", "ui.inbox.detail")


def _import_workspace_libraries() -> None:
    for name in WORKSPACE_LIBRARIES:
        importlib.import_module(name)


def _with_store(early: EarlySession) -> InboxSession:
    """``early`` for the list to read from: its store is open by now."""
    if early.store is None:
        raise RuntimeError("the inbox attached before its store was open")
    return cast("InboxSession", early)


def _discard(connection: object) -> None:
    """A connection made for a shell closed meanwhile: its store and cache closed unused."""
    for part in (getattr(connection, "files", None), getattr(connection, "store", None)):
        close = getattr(part, "close", None)
        if callable(close):
            close()


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
        window.sync_button.lang = lang
        self.background = Background(self)
        self.session: Session | None = None
        self.training = TrainingServer()
        # False in smoke runs: never a modal dialog there.
        self.dialogs = ShellDialogs(self, enabled=dialogs)
        self._closed = False
        # The session whose start (other workspaces, first sync) waits for its
        # rows, and what runs after; whether that start is under way.
        self._starting: tuple[Session, Callable[[], None] | None] | None = None
        self._rest_begun = False
        # The saved account's inbox shown before its session exists (start-up).
        self._early: EarlySession | None = None
        self._rows_next: Callable[[], None] | None = None  # once the rows are painted
        self._rows_fallback = QTimer(self)
        self._rows_fallback.setSingleShot(True)
        self._rows_fallback.setInterval(AFTER_ROWS_FALLBACK_MS)
        self._rows_fallback.timeout.connect(self._rows_painted)
        # Sessions attached so far, and how many there were when training mode was
        # asked for (None: it is not starting): a training connection that arrives
        # after someone else's session attached is dropped, never put in its place.
        self._attached = 0
        self._training_asked: int | None = None
        # ``ready`` was emitted once: a later failure (training mode started
        # from the welcome page) is not a start-up failure.
        self._started = False
        self.ready.connect(self._mark_started)
        window.signInRequested.connect(lambda: sign_in_again.ask(self))  # also when expired
        window.switchUserRequested.connect(
            lambda: self.dialogs.confirm_leaving(self.switch_user, switching=True))
        window.signOutRequested.connect(
            lambda: self.dialogs.confirm_leaving(self.sign_out, switching=False))
        window.syncNowRequested.connect(self.sync_now)
        window.fetchSetAsideRequested.connect(
            lambda: self.session is not None and self.session.fetch_set_aside_again())
        window.conflictsRequested.connect(self.dialogs.show_conflicts)
        window.settingsRequested.connect(self.dialogs.show_settings)
        window.openLogFolderRequested.connect(self.dialogs.open_log_folder)
        window.copyDiagnosticsRequested.connect(self.dialogs.copy_diagnostics)
        window.efficiencyRequested.connect(self.dialogs.show_efficiency)

    @property
    def dialog(self) -> QDialog | None:  # the open one, if any
        return self.dialogs.current

    # --- start-up ------------------------------------------------------------------

    def _read_options(self) -> Callable[[], SyncOptions]:
        """The settings read now (GUI thread); the options built by the caller of the result."""
        return read_options(self.settings)

    def options(self) -> SyncOptions:
        return self._read_options()()

    def start(self, *, demo: bool) -> None:
        """Training mode, else the saved sign-in, else the welcome page; then ``ready``.

        The inbox's skeleton paints first; the sync stack is imported and the
        store opened on a worker after that.
        """
        inbox = self._inbox()
        inbox.list.after_rows_painted(self.start_training if demo else self._resume)

    def _resume(self) -> None:
        if self._closed:
            return

        def open_saved() -> tuple[Account, Store | None, Any] | None:
            from backoffice.store import kept_page
            from backoffice.sync import accounts

            accounts.forget_left_behind()  # a sign-out's token the keyring kept till now
            account = accounts.current()
            # A keyring that will not say: the store opens, the session asks.
            if account is None or not accounts.saved_sign_in(account, if_unreadable=True):
                return None
            # The first page kept at the last quit, if the store is still as
            # it was then: painted before SQLAlchemy is even imported.
            kept = kept_page.read(account.store_path(), account.department_code)
            if kept is not None:
                return account, None, kept
            from backoffice.store import migrate  # SQLAlchemy: the store opens anyway

            if migrate.needs_upgrade(account.store_path()):
                return account, None, None  # opened after the window says why it is slow
            return account, accounts.open_store(account), None

        self.background.run(open_saved, self._opened, self._start_failed)

    def _opened(self, result: object) -> None:
        """The saved account is known: its inbox now, its session after the rows.

        With a kept first page the rows come from it and the store opens
        after their paint; without one the store is open already, unless this
        version must upgrade it first (the status bar says so meanwhile).
        """
        if self._closed:
            if isinstance(result, tuple) and result[1] is not None:
                result[1].close()
            return
        if result is None:
            self._nobody()
            return
        from ui.early_session import EarlySession

        assert isinstance(result, tuple)
        account, store, kept = cast("tuple[Account, Store | None, Any]", result)
        early = EarlySession(account, store, self)
        self._early = early
        self._show_account(account, account.store_path(), session=False)
        inbox = self._inbox()
        if kept is not None:
            page, calendar = kept
            self._await_rows(inbox, lambda: self._open_store(early))
            inbox.list.show_kept(page, calendar)
            return
        if store is None:
            self.window.set_store_status(account.store_path(), StoreState.UPGRADING)
            self._open_store(early, rows_shown=False)
            return
        self._await_rows(inbox, lambda: self._finish_resume(early))
        inbox.attach(_with_store(early), detail_later=True)

    def _open_store(self, early: EarlySession, *, rows_shown: bool = True) -> None:
        """The kept rows are painted (or the store needs an upgrade): now the store, on a worker.

        ``rows_shown``: False when nothing is on screen yet (an upgrade): the
        rest of the session then waits for the rows read from the store.
        """
        if self._early is not early:
            return
        account = early.account

        def open_store() -> Store:
            from backoffice.sync import accounts

            return accounts.open_store(account)

        def opened(store: object) -> None:
            if self._early is not early:  # signed out or closed meanwhile
                cast("Store", store).close()
                return
            early.store = cast("Store", store)
            self.window.set_store_status(account.store_path(), StoreState.READY)
            inbox = self._inbox()
            if not rows_shown:
                self._await_rows(inbox, lambda: self._finish_resume(early))
                inbox.attach(_with_store(early), detail_later=True)
                return
            # The list reads the kept page again from the store, in place.
            inbox.attach(_with_store(early), detail_later=True)
            self._finish_resume(early)

        self.background.run(open_store, opened, self._start_failed)

    def _finish_resume(self, early: EarlySession) -> None:
        if self._early is not early:
            return  # closed meanwhile
        options = self._read_options()

        store = early.store
        assert store is not None, "resumed before the store was open"

        def resume() -> Connection | None:
            from ui import session as sessions

            return sessions.resume_opened(early.account, store, options())

        def resumed(connection: object) -> None:
            if self._early is not early:  # signed out or closed meanwhile
                _discard(connection)
                return
            self._resumed(connection)

        self.background.run(resume, resumed, self._start_failed)

    def _resumed(self, connection: object) -> None:
        if self._closed:
            _discard(connection)
            return
        if connection is None:
            self._nobody()
            return
        self.attach(connection, then=self.ready.emit)  # type: ignore[arg-type]

    def _nobody(self) -> None:
        """No saved sign-in: the welcome page instead of an inbox."""
        self._drop_early()
        self._unplug_workspaces()  # the skeleton: nobody's inbox
        self.dialogs.show_welcome()
        self.ready.emit()

    def _drop_early(self) -> None:
        """Close the inbox shown before its session, and its store."""
        early, self._early = self._early, None
        # Nobody after all, or not this session: the status bar said "Connecting…".
        self.window.set_signed_in(None)
        if early is None:
            return
        self._rows_next = None
        self._unplug_workspaces()
        if early.store is not None:
            early.store.close()
        early.deleteLater()
        self.window.set_store_status(None, StoreState.OPENING)

    def _start_failed(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        if self.session is None:
            self._drop_early()
            self._unplug_workspaces()
        self.failed.emit(exc)

    def _mark_started(self) -> None:
        self._started = True

    def _welcome(self) -> WelcomePage | None:
        from ui.dialogs.welcome import WelcomePage

        page = self.dialogs.welcome
        return page if isinstance(page, WelcomePage) else None

    @property
    def training_starting(self) -> bool:
        return self._training_asked is not None

    def start_training(self) -> None:
        if self._closed or self.training_starting:
            return
        self._training_asked = self._attached
        self.window.set_training(True)
        self.window.block_sign_in(True)
        if (welcome := self._welcome()) is not None:
            welcome.set_training_starting(True)
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "Shell", "Starting the training platform…"))
        options, server = self._read_options(), self.training

        def connect() -> Connection:
            from ui import session as sessions

            return sessions.connect_training(server, options())

        self.background.run(connect, self._training_ready, self._training_failed)

    def _training_over(self) -> int | None:
        """Training mode is no longer starting; how many sessions there were when it was asked for."""
        asked, self._training_asked = self._training_asked, None
        self.window.block_sign_in(False)
        self.window.statusBar().clearMessage()
        if (welcome := self._welcome()) is not None:
            welcome.set_training_starting(False)
        return asked

    def _training_ready(self, connection: object) -> None:
        asked = self._training_over()
        if self._closed:
            _discard(connection)
            return
        if asked != self._attached:
            # Someone signed in meanwhile: their session stays, the sandbox goes.
            _log.info("training mode started after a sign-in; not used")
            _discard(connection)
            self.training.stop()
            return
        self.attach(connection, then=self.ready.emit)  # type: ignore[arg-type]

    def _training_failed(self, exc: BaseException) -> None:
        self._training_over()
        if self.session is None:
            self.window.set_training(False)
        welcome = self._welcome()
        if not self._started or welcome is None:
            self._start_failed(exc)
            return
        # Asked for on the welcome page after start-up: said there, the app goes on.
        _log.warning("training mode could not start: %s", exc)
        self.training.stop()
        from backoffice import messages

        welcome.show_training_problem(messages.describe(exc, self.lang))

    # --- the session ---------------------------------------------------------------

    def attach(self, connection: Connection, then: Callable[[], None] | None = None) -> None:
        """The signed-in session in the window: the inbox's rows first, then the rest.

        The planner, the decision desk and the first sync follow once the
        inbox's rows are painted; ``then`` runs after them.
        """
        from ui import sign_in_notice
        from ui.session import Session  # imported by the worker that made the connection

        if self.session is not None:  # a password sign-in for a session that had none
            self.detach()
        early, self._early = self._early, None
        session = Session(connection, self.options(), self)
        self.session = session
        self._attached += 1
        self.window.set_training(connection.training)
        account = connection.account
        self._show_account(account, connection.store.path)
        session.statusChanged.connect(self._status)
        session.syncProgressed.connect(self._status)
        self.window.set_sync_status(session.status)
        self._starting, self._rest_begun = (session, then), False
        _log.info("signed in as %s (%s)", account.username, account.department_code)
        sign_in_notice.tell(self, connection)
        page: Any = self.window.workspace_page("inbox")
        if early is not None and page is not None and page.session is early:
            # Its rows are on screen already (start-up): the real session under them.
            early.become(session)
            page.session = session  # the detail pane is made with it
            self._load_the_rest()
            return
        inbox = self._inbox()
        self._await_rows(inbox, self._load_the_rest)
        inbox.attach(session, detail_later=True)

    def _show_account(self, account: Account, store_path: Path, *, session: bool = True) -> None:
        who = f"{account.display_name or account.username} · {account.department_name}"
        self.window.set_signed_in(who, session=session)
        self.window.set_store_status(store_path, StoreState.READY)
        self.window.show_workspaces()

    def _await_rows(self, inbox: InboxWorkspace, then: Callable[[], None]) -> None:
        """``then`` once the inbox's first rows are painted (or the fallback time passed)."""
        self._rows_next = then
        inbox.model.queryApplied.connect(self._rows_shown, Qt.ConnectionType.SingleShotConnection)
        self._rows_fallback.start()

    def _inbox(self) -> InboxWorkspace:
        """The inbox page, its skeleton put in the window first if it is not there yet."""
        from ui.inbox.workspace import InboxWorkspace

        page = self.window.workspace_page("inbox")
        if isinstance(page, InboxWorkspace) and page.session is None:
            return page
        inbox = InboxWorkspace(None, self.window, lang=self.lang, settings=self.settings)
        self.window.set_workspace("inbox", inbox)
        return inbox

    def _rows_shown(self) -> None:
        page: Any = self.window.workspace_page("inbox")
        if self._rows_next is not None and hasattr(page, "list"):
            page.list.after_rows_painted(self._rows_painted)

    def _rows_painted(self) -> None:
        self._rows_fallback.stop()
        then, self._rows_next = self._rows_next, None
        if then is not None:
            then()

    def _load_the_rest(self) -> None:
        if self._starting is None or self._rest_begun:
            return
        self._rest_begun = True
        session = self._starting[0]
        def failed(exc: BaseException) -> None:
            # Plugging them in imports again and reports what is wrong.
            _log.warning("loading the other workspaces' libraries failed: %s", exc)
            self._start_the_rest(session)

        self.background.run(_import_workspace_libraries,
                            lambda _: self._start_the_rest(session), failed)

    def _start_the_rest(self, session: Session) -> None:
        """After the inbox's rows: the other workspaces, then the first sync."""
        if self._starting is None or self._starting[0] is not session:
            return  # signed out (or closed) meanwhile
        then = self._starting[1]
        self._starting = None
        inbox: Any = self.window.workspace_page("inbox")
        if hasattr(inbox, "ensure_detail"):
            inbox.ensure_detail()  # the planner and the desk listen to it
        self._plug_planner(session)
        self._plug_decisions(session)
        session.start()
        if then is not None:
            then()

    def _plug_decisions(self, session: Session) -> None:
        from ui.decisions.workspace import DecisionWorkspace

        desk = DecisionWorkspace(session, self.window, lang=self.lang, settings=self.settings)
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

        planner = PlannerWorkspace(session, self.window, lang=self.lang, settings=self.settings,
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
        self._starting = None
        self._rows_fallback.stop()
        self._rows_next = None
        session, self.session = self.session, None
        if session is None:
            self._drop_early()
            return None
        session.cancel_requests()  # before the workspaces wait for their work
        self._unplug_workspaces()
        session.close()
        session.deleteLater()
        self.window.set_signed_in(None)
        self.window.set_store_status(None, StoreState.OPENING)
        return session.connection

    def sign_out(self, then: Callable[[], None] | None = None) -> None:
        from ui import session as sessions
        from ui import sign_in_notice

        queued = sign_in_notice.queue_left(self.session)  # before its store closes
        connection = self.detach()
        if connection is not None and connection.training:
            self.training.stop()
            self.window.set_training(False)
        self.dialogs.show_welcome()
        if connection is None:
            if then is not None:
                then()
            return

        def done(left: object) -> None:
            sign_in_notice.tell_signed_out(self, connection.account, left, queued)
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            # The local sign-in is gone either way; the platform forgets the
            # session when it expires.
            _log.warning("signing out on the platform failed: %s", exc)
            done(None)

        self.background.run(lambda: sessions.sign_out(connection), done, failed)

    def switch_user(self) -> None:
        if self.session is not None and self.session.training:
            self.dialogs.ask_training_role()  # another demo role, the platform kept
            return
        self.sign_out(then=self.dialogs.ask_sign_in)

    def close(self) -> None:
        """Quitting: stop syncing, close the store, stop the training platform."""
        self._closed = True
        self.detach()
        self.background.wait()
        self.training.stop()
