"""The main window: a frame that switches between workspaces, nothing more.

Each workspace (inbox, inspection planner, decision desk) will live in its own
package under ``ui/`` and be handed to this window as a page; the window owns
only navigation, menus and the status bar (see Spyder #10723 and Electrum's
3,000-line main window for what happens otherwise).

Strings go through ``QCoreApplication.translate`` with the explicit context
``"MainWindow"``: ``self.tr()`` would take the context from the runtime class
and lose every translation in a subclass. Every label is a
:class:`~ui.widgets.plain.PlainLabel`: paths and messages are data, never HTML.
"""

from __future__ import annotations

import enum
import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backoffice import __version__
from backoffice.sync.status import SyncState, SyncStatus
from ui.widgets.banner import ProblemBanner
from ui.widgets.fit import scrolled
from ui.widgets.placeholder import PlaceholderPage
from ui.widgets.plain import PlainLabel
from ui.widgets.sign_in_banner import SignInAgainBanner
from ui.widgets.sync_status import SyncStatusButton
from ui.workspaces import workspaces

CONTEXT = "MainWindow"

# The start-up benchmark (tests/benchmarks/startup.py) names a file here; the
# first paint of the main window writes the wall-clock time into it.
STARTUP_PROBE = "BACKOFFICE_STARTUP_PROBE"


def _report_first_paint() -> None:
    probe = os.environ.get(STARTUP_PROBE)
    if probe:
        Path(probe).write_text(repr(time.time()), encoding="utf-8")


class StoreState(enum.Enum):
    """What the status bar says about the local store."""

    OPENING = "opening"
    UPGRADING = "upgrading"  # a new version migrates it: once, and it may take seconds
    READY = "ready"
    FAILED = "failed"


def _menu_texts() -> dict[str, str]:
    """The workspaces' View-menu texts, each with an access key unique in that menu."""
    return {
        "inbox": QCoreApplication.translate("MainWindow", "&Inbox"),
        "planner": QCoreApplication.translate("MainWindow", "Inspection &planner"),
        "decisions": QCoreApplication.translate("MainWindow", "&Decision desk"),
    }


class MainWindow(QMainWindow):
    """The frame. It asks for sign-in, settings, sync and the conflict list by
    signals; the shell controller (``ui/shell.py``) does them."""

    signInRequested = Signal()
    signOutRequested = Signal()
    switchUserRequested = Signal()
    settingsRequested = Signal()
    syncNowRequested = Signal()
    fetchSetAsideRequested = Signal()  # every record again: what was set aside comes back
    conflictsRequested = Signal()
    openLogFolderRequested = Signal()
    copyDiagnosticsRequested = Signal()
    efficiencyRequested = Signal()
    firstPainted = Signal()  # start-up's slow steps wait for it

    def __init__(self, *, demo: bool = False, store_path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.demo = demo
        # While training mode starts nobody may sign in: its session would
        # arrive after theirs (ui/shell.py, start_training).
        self._sign_in_blocked = False
        self._signed_in = False
        self._painted = False
        self._workspaces = workspaces()

        self.resize(1100, 700)

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("workspaceStack")
        note = QCoreApplication.translate("MainWindow", "This workspace is not part of this version yet.")
        self._placeholders: dict[str, PlaceholderPage] = {}
        for workspace in self._workspaces:
            page = PlaceholderPage(workspace.name, workspace.description, note, self.stack)
            page.setObjectName(f"{workspace.key}Page")
            self.stack.addWidget(page)
            self._placeholders[workspace.key] = page

        # A start-up problem stays visible above the workspaces until the app
        # is restarted (a status-bar message would vanish on the next hover).
        self.problem_banner = ProblemBanner("startupProblem", self)
        central = QWidget(self)
        central.setObjectName("centralArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        banner_row = QVBoxLayout()
        banner_row.setContentsMargins(12, 12, 12, 0)
        banner_row.addWidget(self.problem_banner)
        # The sign-in expired: a way back to the platform, above the work it holds up.
        self.sign_in_banner = SignInAgainBanner(self)
        self.sign_in_banner.signInRequested.connect(self.signInRequested.emit)
        banner_row.addWidget(self.sign_in_banner)
        column.addLayout(banner_row)
        # The workspaces, or — before anyone signed in — the welcome page.
        self.root = QStackedWidget(central)
        self.root.setObjectName("rootStack")
        self.root.addWidget(self.stack)
        self.welcome: QWidget | None = None
        # A workspace larger than the screen (a large font, a display scaled up, a
        # 1024×600 netbook) scrolls within the window: its minimum made the window
        # larger than the screen, its edges and the status bar out of reach.
        column.addWidget(scrolled(self.root, tab_stop=False), 1)
        for stack in (self.stack, self.root):
            stack.currentChanged.connect(lambda _i, stack=stack: only_the_shown_counts(stack))
        self.setCentralWidget(central)

        self._build_navigation()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar(store_path)
        self.set_training(demo)
        self.show_workspace(0)

    # --- construction ----------------------------------------------------

    def _build_navigation(self) -> None:
        self.workspace_actions = QActionGroup(self)
        self.workspace_actions.setExclusive(True)
        self.workspace_actions.triggered.connect(self._on_workspace_action)
        nav = QToolBar(QCoreApplication.translate("MainWindow", "Workspaces"), self)
        nav.setObjectName("navigation")
        nav.setMovable(False)
        nav.setFloatable(False)
        nav.setOrientation(Qt.Orientation.Vertical)
        nav.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # Hiding the only way to switch workspaces through the context menu
        # would strand the user.
        nav.toggleViewAction().setVisible(False)
        menu_texts = _menu_texts()
        for index, workspace in enumerate(self._workspaces):
            # The View menu shows the text with its access key; the navigation
            # button shows the icon text, the plain name: Qt strips the "&"
            # but would leave the "(I)" of a Chinese mnemonic on the button.
            action = QAction(menu_texts.get(workspace.key, workspace.name), self)
            action.setIconText(workspace.name)
            action.setObjectName(f"show_{workspace.key}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.setToolTip(f"{workspace.name} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            action.setData(index)
            self.workspace_actions.addAction(action)
            nav.addAction(action)
            button = nav.widgetForAction(action)
            if isinstance(button, QToolButton):
                # Toolbar buttons take no focus by default; the navigation must
                # be reachable with Tab like everything else.
                button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                button.setObjectName(f"nav_{workspace.key}")
        nav.setStyleSheet(
            "QToolBar#navigation { spacing: 4px; padding: 8px 6px; }"
            "QToolBar#navigation QToolButton { padding: 10px 16px; min-width: 8em;"
            " text-align: left; border-radius: 4px; }"
            "QToolBar#navigation QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); }"
            "QToolBar#navigation QToolButton:focus { border: 1px solid palette(highlight); }"
            # The current workspace's button is highlight-filled already: a
            # highlight border on it would not show where the focus is.
            "QToolBar#navigation QToolButton:checked:focus { border: 2px solid palette(text);"
            " padding: 9px 15px; }"
        )
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, nav)
        self.nav = nav

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        self.sign_in_action = self._action(
            file_menu, "signInAction",
            QCoreApplication.translate("MainWindow", "Sign &in…"), self.signInRequested)
        self.switch_user_action = self._action(
            file_menu, "switchUserAction",
            QCoreApplication.translate("MainWindow", "S&witch user…"), self.switchUserRequested)
        self.sign_out_action = self._action(
            file_menu, "signOutAction",
            QCoreApplication.translate("MainWindow", "Sign &out"), self.signOutRequested)
        file_menu.addSeparator()
        self.sync_now_action = self._action(
            file_menu, "syncNowAction",
            QCoreApplication.translate("MainWindow", "&Sync now"), self.syncNowRequested,
            QKeySequence(QKeySequence.StandardKey.Refresh))
        self.fetch_set_aside_action = self._action(
            file_menu, "fetchSetAsideAction",
            QCoreApplication.translate("MainWindow", "&Fetch set-aside records again"),
            self.fetchSetAsideRequested)
        # Only while records are set aside: a re-sync takes as long as a first one.
        self.fetch_set_aside_action.setEnabled(False)
        self.conflicts_action = self._action(
            file_menu, "conflictsAction",
            QCoreApplication.translate("MainWindow", "&Conflicts…"), self.conflictsRequested,
            QKeySequence("Ctrl+Shift+C"))
        self.settings_action = self._action(
            file_menu, "settingsAction",
            QCoreApplication.translate("MainWindow", "Se&ttings…"), self.settingsRequested,
            QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addSeparator()
        quit_action = QAction(QCoreApplication.translate("MainWindow", "&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
        for action in self.workspace_actions.actions():
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.efficiency_action = self._action(
            view_menu, "efficiencyAction",
            QCoreApplication.translate("MainWindow", "&Efficiency…"), self.efficiencyRequested)

        help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        self._action(help_menu, "openLogFolderAction",
                     QCoreApplication.translate("MainWindow", "Open &log folder"),
                     self.openLogFolderRequested)
        self._action(help_menu, "copyDiagnosticsAction",
                     QCoreApplication.translate("MainWindow", "&Copy diagnostics"),
                     self.copyDiagnosticsRequested)
        help_menu.addSeparator()
        about_action = QAction(QCoreApplication.translate("MainWindow", "&About OneVisit Back Office"), self)
        about_action.setObjectName("aboutAction")
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_toolbar(self) -> None:
        # The actions people reach for all day, one click away; the same
        # QAction objects as the menu, so shortcuts and enabled state agree.
        bar = QToolBar(QCoreApplication.translate("MainWindow", "Main toolbar"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.sync_now_action, self.conflicts_action, self.settings_action):
            bar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _action(self, menu: QMenu, name: str, text: str, signal: SignalInstance,
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(signal.emit)
        menu.addAction(action)
        return action

    def _build_status_bar(self, store_path: Path | None) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.training_badge: PlainLabel | None = None
        if self.demo:
            self._add_training_badge()
        self.store_label = PlainLabel("", self)
        self.store_label.setObjectName("storeStatus")
        status.addWidget(self.store_label, 1)
        self.store_path = store_path
        self.set_store_status(store_path, StoreState.OPENING)

        self.account_label = PlainLabel("", self)
        self.account_label.setObjectName("accountStatus")
        status.addPermanentWidget(self.account_label)
        self.sync_button = SyncStatusButton(self)
        self.sync_button.clicked.connect(self._sync_status_clicked)
        status.addPermanentWidget(self.sync_button)
        self.set_signed_in(None)
        self.sync_button.show_unknown()  # whether a sign-in is saved: the shell finds out

    def _sync_status_clicked(self) -> None:
        # Signed out, nothing syncs and no conflict can be settled: signing in comes first.
        (self.signInRequested if self.sign_in_expired() else self.conflictsRequested).emit()

    def focusNextPrevChild(self, next: bool) -> bool:
        self._status_bar_last_in_tab_order()
        return super().focusNextPrevChild(next)

    def _status_bar_last_in_tab_order(self) -> None:
        # Qt appends a widget to the focus chain when it arrives: the status
        # bar, built with the window, came before the workspaces (plugged in
        # after sign-in) and their panes (built later still). Tab reaches it
        # after the workspace's content, as it is read. (setTabOrder ignores a
        # widget that takes no focus: the anchor is the last one that does.)
        last: QWidget | None = self.previousInFocusChain()
        while last is not None and last is not self and (
                last.window() is not self or last.focusPolicy() == Qt.FocusPolicy.NoFocus):
            last = last.previousInFocusChain()
        if last is not None and last is not self and last is not self.sync_button:
            QWidget.setTabOrder(last, self.sync_button)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            _report_first_paint()
            self.firstPainted.emit()

    # --- behaviour -------------------------------------------------------

    def set_store_status(self, path: Path | None, state: StoreState) -> None:
        """Show where the local store is, and whether it is open (the path in the tooltip)."""
        self.store_path = path
        shown = str(path) if path is not None else "—"
        if state is StoreState.READY:
            text = QCoreApplication.translate("MainWindow", "Local store ready")
        elif state is StoreState.FAILED:
            text = QCoreApplication.translate("MainWindow", "Local store not available")
        elif state is StoreState.UPGRADING:
            text = QCoreApplication.translate(
                "MainWindow", "Updating the local store for this version of the app…")
        else:
            text = QCoreApplication.translate("MainWindow", "Local store: {path}").format(path=shown)
        self.store_state = state
        self.store_label.setText(text)
        self.store_label.setToolTip(str(path) if path is not None else "")

    def _add_training_badge(self) -> None:
        badge = PlainLabel(QCoreApplication.translate("MainWindow", "Training mode"), self)
        badge.setObjectName("trainingModeBadge")
        badge.setToolTip(QCoreApplication.translate(
            "MainWindow", "Training and demonstration only: a sandbox platform with "
            "fictional data runs on this computer."))
        badge.setStyleSheet(
            "QLabel#trainingModeBadge { background: #b45309; color: white;"
            " padding: 2px 8px; border-radius: 3px; font-weight: bold; }"
        )
        self.statusBar().insertWidget(0, badge)
        self.training_badge = badge

    def set_training(self, training: bool) -> None:
        """Title and badge say whether this is training mode (the welcome page can start it)."""
        self.demo = training
        title = QCoreApplication.translate("MainWindow", "OneVisit Back Office")
        if training:
            title = QCoreApplication.translate(
                "MainWindow", "{app} — Training mode").format(app=title)
            if self.training_badge is None:
                self._add_training_badge()
        elif self.training_badge is not None:
            self.statusBar().removeWidget(self.training_badge)
            self.training_badge.deleteLater()
            self.training_badge = None
        self.setWindowTitle(title)

    def set_signed_in(self, who: str | None, *, session: bool = True) -> None:
        """Who is signed in (``None``: nobody); actions follow.

        ``session=False``: start-up shows the account's inbox a moment before
        its session exists; signing out or syncing waits for it.
        """
        self.account_label.setText(who or "")
        signed_in = who is not None
        for action in (self.sign_out_action, self.switch_user_action, self.sync_now_action,
                       self.conflicts_action, self.efficiency_action):
            action.setEnabled(signed_in and session)
        self._signed_in = signed_in
        if not signed_in:
            self.sync_button.show_status(None)
            self.fetch_set_aside_action.setEnabled(False)
        self._follow_sign_in()

    def block_sign_in(self, blocked: bool) -> None:
        """Sign-in disabled (training mode is starting) or allowed again."""
        self._sign_in_blocked = blocked
        self._follow_sign_in()

    def sign_in_expired(self) -> bool:
        """Whether the open session's sign-in expired: signing in again is offered then."""
        status = self.sync_button.status
        return self._signed_in and status is not None and status.state is SyncState.SIGNED_OUT

    def _follow_sign_in(self) -> None:
        """File > Sign in and the banner: for nobody signed in, or a sign-in that expired."""
        expired = self.sign_in_expired()
        self.sign_in_action.setEnabled((expired or not self._signed_in)
                                       and not self._sign_in_blocked)
        # A saved sign-in the keyring would not give back has its own banner and
        # button (ui/sign_in_notice.py, "signInHere"): one offer, not two.
        told = self.problem_banner.findChild(QPushButton, "signInHere")
        self.sign_in_banner.follow(expired and told is None)

    def set_sync_status(self, status: SyncStatus) -> None:
        self.sync_button.show_status(status)
        self.fetch_set_aside_action.setEnabled(
            self._signed_in and status.quarantined > 0 and status.state is not SyncState.SYNCING)
        self._follow_sign_in()

    def show_welcome(self, page: QWidget) -> None:
        """The first-run page instead of the workspaces; the navigation waits."""
        if self.welcome is not page:
            if self.welcome is not None:
                self.root.removeWidget(self.welcome)
            self.welcome = page
            self.root.addWidget(page)
        self.root.setCurrentWidget(page)
        # The page's first field, not nothing: the navigation that may have
        # had the focus is disabled now.
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        self.nav.setEnabled(False)
        self.workspace_actions.setEnabled(False)
        self.store_label.hide()  # no store is open before someone signs in

    def show_workspaces(self) -> None:
        self.root.setCurrentWidget(self.stack)
        self.nav.setEnabled(True)
        self.workspace_actions.setEnabled(True)
        self.store_label.show()
        self._focus_page()

    def _focus_page(self) -> None:
        """The shown workspace takes the keys (the inbox hands them to its table): left on
        the stack or the navigation, Find and the list's keys would do nothing."""
        page = self.stack.currentWidget()
        focused = self.focusWidget()  # the window's, also while a dialog is active
        if page is not None and not (focused is not None
                                     and (focused is page or page.isAncestorOf(focused))):
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_problem(self, text: str, *, store_path: Path | None = None) -> None:
        """A start-up problem that stopped start-up but not the app: a banner that stays.

        No store is open after it: the status bar says so, with the store the
        problem names (``store_path``) rather than the one start-up began
        with, and the workspaces' placeholders say why they are empty — not
        that this version lacks them.
        """
        self.problem_banner.show_problem(
            QCoreApplication.translate("MainWindow", "The app could not finish starting"), text)
        self.set_store_status(store_path or self.store_path, StoreState.FAILED)
        note = QCoreApplication.translate(
            "MainWindow", "Not available: the app could not finish starting (see above).")
        for page in self._placeholders.values():
            page.note_label.setText(note)

    def set_workspace(self, key: str, page: QWidget | None) -> None:
        """Put a workspace's page in place of its placeholder (``None``: the placeholder again).

        Workspaces need a signed-in session; the shell plugs them in after
        sign-in and takes them out at sign-out. The window keeps no workspace
        logic.
        """
        index = self.workspace_keys().index(key)
        old = self.workspace_page(key)
        if page is None:
            page = self._placeholders[key]
        if old is page:
            return
        current = self.stack.currentIndex()
        focused = self.focusWidget()  # the window's, also while a dialog is active
        had_focus = focused is not None and (focused is old or old.isAncestorOf(focused))
        self.stack.removeWidget(old)
        self.stack.insertWidget(index, page)
        self.stack.setCurrentIndex(current)
        only_the_shown_counts(self.stack)
        if had_focus and self.stack.currentWidget() is page:
            self._focus_page()  # the page replaced had the keys: its successor takes them
        if old is not self._placeholders[key]:
            old.deleteLater()

    def workspace_page(self, key: str) -> QWidget:
        page = self.stack.widget(self.workspace_keys().index(key))
        assert page is not None  # one page per workspace, always
        return page

    def workspace_keys(self) -> tuple[str, ...]:
        return tuple(w.key for w in self._workspaces)

    def current_workspace(self) -> str:
        return self._workspaces[self.stack.currentIndex()].key

    def show_workspace(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.workspace_actions.actions()[index].setChecked(True)

    @Slot(QAction)
    def _on_workspace_action(self, action: QAction) -> None:
        self.show_workspace(int(action.data()))
        self._focus_page()  # Ctrl+1…3: the page shown takes the keys

    def about_text(self) -> str:
        return QCoreApplication.translate(
            "MainWindow",
            "<h3>OneVisit Back Office {version}</h3>"
            "<p>The department back office of “One Visit Only” administrative services "
            "(DB22/T 2871.1—2018): review tasks, joint site inspections and decisions, "
            "working offline and in step with the central platform.</p>",
        ).format(version=__version__)

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self, QCoreApplication.translate("MainWindow", "About OneVisit Back Office"),
                          self.about_text())


def only_the_shown_counts(stack: QStackedWidget) -> None:
    """The stack as small as the page it shows: a stack's minimum is its largest page's,
    and the planner's (1040 px wide) made the inbox scroll sideways at 1024 px.

    A hidden page's size policy is Ignored, which leaves its minimum out; the
    page shown gets back the policy it had.
    """
    shown = stack.currentWidget()
    for page in (stack.widget(i) for i in range(stack.count())):
        if page is None:
            continue
        kept = page.property("keptSizePolicy")
        if not isinstance(kept, QSizePolicy):
            kept = page.sizePolicy()
            page.setProperty("keptSizePolicy", kept)
        ignored = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        page.setSizePolicy(kept if page is shown else ignored)
    stack.updateGeometry()
