"""The shell against the real sandbox: first run, training, sign-in, switching user,
conflicts seen and resolved in the window, keyboard only (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot
from support.platform_env import PASSWORD, TODAY, start
from support.training_env import DemoDay, pin_app_clock, platform_records

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.domain.errors import StoreError
from backoffice.domain.model import Check, Material, Verdict
from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient
from backoffice.remote.errors import SIGNED_OUT, RemoteError
from backoffice.sandbox import colleagues
from backoffice.sandbox.demo import generate
from backoffice.sandbox.server import Sandbox
from backoffice.sync import accounts
from backoffice.sync.status import SyncState, SyncStatus
from backoffice.sync.wire import command_in
from ui.dialogs.conflicts import ConflictListDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.signin import SignInDialog
from ui.dialogs.welcome import WelcomePage
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.shell import Shell
from ui.widgets import splitter_place

SLOW = 60_000  # ms: a first training start seeds a platform on a loaded CI machine


# Fresh cases: every department on them has an unclaimed task to act on.
DATA = generate(cases=20, seed=1, today=TODAY, fresh=2)
FRESH = next(c for c in DATA.cases if c.case_code == DATA.fresh_cases[0])


def user(role: str = "reviewer", nth: int = 0) -> str:
    """A demo account of the first fresh case's lead department."""
    return [u.username for u in DATA.users
            if u.department_code == FRESH.lead_department and role in u.roles][nth]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory.mktemp("platform") / "platform.sqlite3", DATA)


@pytest.fixture
def shell(qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shell]:
    monkeypatch.setenv("BACKOFFICE_TRAINING_CASES", "30")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    shell = Shell(window, Settings.at(data_dir / "settings.ini"), lang="en")
    yield shell
    shell.close()


def _start(qtbot: QtBot, shell: Shell) -> None:
    with qtbot.waitSignal(shell.ready, timeout=SLOW):
        shell.start(demo=False)


def _synced(qtbot: QtBot, shell: Shell) -> None:
    qtbot.waitUntil(lambda: shell.session is not None
                    and shell.session.status.last_success is not None, timeout=SLOW)


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def _sign_in_with_dialog(qtbot: QtBot, shell: Shell, url: str, name: str) -> None:
    shell.window.sign_in_action.trigger()
    dialog = shell.dialog
    assert isinstance(dialog, SignInDialog) and dialog.objectName() == "signInDialog"
    dialog.url_edit.setText(url)
    dialog.user_edit.setText(name)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.session is not None, timeout=SLOW)


def test_first_run_welcome_then_training_mode(qtbot: QtBot, shell: Shell,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # On the demo's day, not the machine's: the training data is generated for the
    # app's day (see ``support.training_env``).
    pin_app_clock(monkeypatch, DemoDay())
    _start(qtbot, shell)
    window = shell.window
    page = window.findChild(WelcomePage, "welcomePage")
    assert page is not None and window.root.currentWidget() is page
    assert not window.nav.isEnabled() and not window.sync_now_action.isEnabled()
    qtbot.mouseClick(page.training_button, Qt.MouseButton.LeftButton)
    _synced(qtbot, shell)
    assert shell.session is not None and shell.session.training
    assert window.windowTitle() == "OneVisit Back Office — Training mode"
    assert window.training_badge is not None and window.training_badge.isVisible()
    assert window.root.currentWidget() is window.stack and window.nav.isEnabled()
    button = window.findChild(QToolButton, "syncStatus")
    qtbot.waitUntil(lambda: button.text().startswith("Online"), timeout=SLOW)
    # The training platform answers on the app's day too: its clock is not off.
    assert shell.session.status.clock_skew is None, button.text()
    with shell.session.store.read() as uow:
        assert uow.tasks.count() > 0  # the training platform's cases are here
    # Generated for the demo's day: its fresh cases came in that morning.
    assert max(clock.to_shanghai_date(dt.datetime.fromisoformat(c["accepted_at"]))
               for c in platform_records("case")) == TODAY
    # Every workspace keeps its places in the shell's settings, not a default file.
    qtbot.waitUntil(lambda: window.workspace_page("decisions") is not None, timeout=SLOW)
    assert window.workspace_page("inbox").settings is shell.settings
    keepers = [k for k in window.findChildren(QObject) if isinstance(k, splitter_place._Keeper)]
    assert {k.splitter.objectName() for k in keepers} >= {"plannerSplitter", "decisionSplitter"}
    assert all(k.settings is shell.settings for k in keepers)
    # Leaving training mode: back to the welcome page, the sandbox stopped.
    window.sign_out_action.trigger()
    assert window.root.currentWidget() is page and shell.session is None
    assert window.training_badge is None and "Training" not in window.windowTitle()


def test_sign_in_then_switch_user_gives_each_their_own_store(
    qtbot: QtBot, shell: Shell, sandbox: Sandbox
) -> None:
    _start(qtbot, shell)
    first, second = user(), user(role="inspector")
    _sign_in_with_dialog(qtbot, shell, sandbox.url, first)
    _synced(qtbot, shell)
    assert shell.session is not None
    first_store = shell.session.store.path
    assert first in shell.window.account_label.text() or "（演示）" in \
        shell.window.account_label.text()
    assert shell.settings.platform_user == first and shell.settings.platform_url == sandbox.url
    # Switch user: signed out, then asked to sign in again.
    shell.window.switch_user_action.trigger()
    qtbot.waitUntil(lambda: isinstance(shell.dialog, SignInDialog), timeout=SLOW)
    assert shell.session is None
    dialog = shell.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.url_edit.text() == sandbox.url  # remembered, the password is not
    dialog.user_edit.setText(second)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=SLOW):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.session is not None, timeout=SLOW)
    _synced(qtbot, shell)
    assert shell.session is not None and shell.session.store.path != first_store
    current = accounts.current()
    assert current is not None and current.username == second
    # The first user's sign-in left the keyring with them.
    assert PlatformClient(sandbox.url).credentials.load(first) is None


def test_signing_out_forgets_the_sign_in_here_and_on_the_platform(
    qtbot: QtBot, shell: Shell, sandbox: Sandbox, data_dir: Path
) -> None:
    _start(qtbot, shell)
    name = user()
    _sign_in_with_dialog(qtbot, shell, sandbox.url, name)
    _synced(qtbot, shell)
    client = PlatformClient(sandbox.url)
    refresh_token = client.credentials.load(name)
    assert refresh_token is not None
    shell.window.sign_out_action.trigger()
    assert shell.session is None
    # On a worker: the platform revokes the session, the keyring forgets it,
    # and the account is no longer the one a start resumes.
    qtbot.waitUntil(lambda: client.credentials.load(name) is None, timeout=SLOW)
    qtbot.waitUntil(lambda: accounts.current() is None, timeout=SLOW)
    stale = PlatformClient(sandbox.url)
    assert not stale.resume(name)
    stale.credentials.save(name, refresh_token)  # a copy kept elsewhere is no use either
    assert stale.resume(name)
    with pytest.raises(RemoteError) as revoked:
        stale.me()
    assert revoked.value.code == SIGNED_OUT
    stale.credentials.delete(name)
    # The next start greets nobody.
    window, again = _window_and_shell(qtbot, data_dir)
    try:
        with qtbot.waitSignal(again.ready, timeout=SLOW):
            again.start(demo=False)
        assert again.session is None and window.root.currentWidget() is window.welcome
    finally:
        again.close()


@pytest.mark.timeout(120)
def test_signing_out_in_the_middle_of_a_stalled_sync_does_not_wait_for_it(
    qtbot: QtBot, shell: Shell, sandbox: Sandbox
) -> None:
    """The round is cancelled: no sync thread outlives the session, and the store is closed.

    Before, sign-out waited up to 30 s for the round on the GUI thread, then
    closed the store under a sync thread still running.
    """
    _start(qtbot, shell)
    name = user(nth=1)
    sandbox.faults.stall("/api/v1/changes", times=20, seconds=120)  # far past the deadlines
    try:
        _sign_in_with_dialog(qtbot, shell, sandbox.url, name)
        qtbot.waitUntil(lambda: any(kind == "stall" for _, _, kind in sandbox.faults.injected),
                        timeout=SLOW)
        session = shell.session
        assert session is not None and session.status.state == SyncState.SYNCING
        store = session.store
        shell.window.sign_out_action.trigger()
        assert shell.session is None
        assert not [t for t in threading.enumerate() if t.name == "sync" and t.is_alive()]
        assert session.engine.stopped
        with pytest.raises(StoreError) as closed:
            store.read().__enter__()
        assert closed.value.code == "store.closed"
        # The sign-out's own request to the platform is not cancelled with the sync.
        qtbot.waitUntil(lambda: PlatformClient(sandbox.url).credentials.load(name) is None,
                        timeout=SLOW)
    finally:
        sandbox.faults.clear()


@pytest.mark.timeout(120)
def test_cancel_stops_a_sign_in_stalled_on_the_link(
    qtbot: QtBot, shell: Shell, sandbox: Sandbox
) -> None:
    """Cancel used to do nothing until the REST client's deadline (60 s)."""
    _start(qtbot, shell)
    name = user(nth=1)
    sandbox.faults.stall("/api/v1/auth/login", times=5, seconds=120)
    try:
        shell.window.sign_in_action.trigger()
        dialog = shell.dialog
        assert isinstance(dialog, SignInDialog)
        dialog.url_edit.setText(sandbox.url)
        dialog.user_edit.setText(name)
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: any(kind == "stall" for _, _, kind in sandbox.faults.injected),
                        timeout=SLOW)
        assert dialog.busy
        with qtbot.waitSignal(dialog.rejected, timeout=10_000):
            qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                             Qt.MouseButton.LeftButton)
        assert shell.session is None and accounts.current() is None
        assert PlatformClient(sandbox.url).credentials.load(name) is None
        assert dialog.password_edit.text() == ""
    finally:
        sandbox.faults.clear()


def _colleague_claims_first(sandbox: Sandbox, task_id: str, version: int) -> None:
    colleague = user(nth=1)
    client = PlatformClient(sandbox.url)
    client.login(colleague, PASSWORD)
    (result,) = client.push([command_in(Command.new(
        "task.claim", task_id, version, {"assignee": colleague}, author=colleague))]).results
    assert result.status == "applied"


def test_a_conflict_is_seen_in_the_window_and_resolved_both_ways(
    qtbot: QtBot, shell: Shell, sandbox: Sandbox
) -> None:
    _start(qtbot, shell)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user())
    _synced(qtbot, shell)
    session = shell.session
    assert session is not None
    me, dept = session.account.username, session.account.department_code
    with session.store.read() as uow:
        tasks = [t for t in uow.tasks.all() if t.department_code == dept]
        materials: list[Material] = [m for m in uow.materials.all() if m.department_code == dept]
    task = next(t for t in tasks if t.case_code == FRESH.case_code)
    assert task.status == TaskStatus.UNCLAIMED
    material = next(m for m in materials if m.case_code == FRESH.case_code)
    # Offline in effect: queued here, while a colleague acts first on the platform.
    session.store.record_command(Command.new(
        "task.claim", task.id, task.version, {"assignee": me}, author=me))
    session.store.record_command(Command.new(
        "material.verdict", material.id, material.version,
        {"check": Check.CONFORMITY.value, "verdict": Verdict.FAIL.value, "note": "<b>缺页</b>"},
        author=me))
    _colleague_claims_first(sandbox, task.id, task.version)
    verdict_by_colleague = PlatformClient(sandbox.url)
    verdict_by_colleague.login(user(nth=1), PASSWORD)
    (bumped,) = verdict_by_colleague.push([command_in(Command.new(
        "material.verdict", material.id, material.version,
        {"check": Check.AUTHENTICITY.value, "verdict": Verdict.PASS.value},
        author=user(nth=1)))]).results
    assert bumped.status == "applied"
    session.sync_now()
    button = shell.window.findChild(QToolButton, "syncStatus")
    qtbot.waitUntil(lambda: session.status.conflicts == 2, timeout=SLOW)
    qtbot.waitUntil(lambda: "2 conflicts" in button.text(), timeout=SLOW)

    # Keyboard: the shortcut opens the list (a click on the status does too).
    _activate(qtbot, shell.window)
    qtbot.keyClick(shell.window, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = shell.dialog
    assert isinstance(dialog, ConflictListDialog) and dialog.objectName() == "conflictList"
    qtbot.waitUntil(lambda: dialog.entries.count() == 2, timeout=SLOW)
    # Re-applying the verdict is refused: the colleague holds the task now, and it
    # would overwrite their verdicts (QA flow3); the sentence names them.
    verdict_row = next(i for i in range(dialog.entries.count())
                       if "verdict" in dialog.entries.item(i).text().lower()
                       or material.id in dialog.entries.item(i).text())
    dialog.entries.setCurrentRow(verdict_row)
    dialog.reapply_selected()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=SLOW)
    with sandbox.platform.engine.connect() as conn:
        holder = colleagues.display_name(conn, user(nth=1))
    assert holder in dialog.error_label.text()
    assert dialog.entries.count() == 2
    # ... so both go, each discard confirmed in a message box.
    for left in (1, 0):
        qtbot.waitUntil(lambda: not dialog._call.running, timeout=SLOW)
        dialog.entries.setCurrentRow(0)
        dialog.ask_discard_selected()
        box = dialog.confirmation
        assert isinstance(box, QMessageBox)
        with qtbot.waitSignal(dialog.refreshed, timeout=SLOW):
            box.button(QMessageBox.StandardButton.Discard).click()
        qtbot.waitUntil(lambda n=left: dialog.entries.count() == n, timeout=SLOW)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shell.dialog is None, timeout=SLOW)
    qtbot.waitUntil(lambda: session.status.conflicts == 0 and session.status.pending == 0,
                    timeout=SLOW)
    stored = sandbox.platform.record("material", material.id)
    assert stored is not None
    checks = {c["check"]: c for c in stored.body["checks"]}
    assert checks[Check.CONFORMITY.value]["verdict"] == Verdict.PENDING.value  # not overwritten
    assert checks[Check.AUTHENTICITY.value]["verdict"] == Verdict.PASS.value  # theirs kept
    claimed = sandbox.platform.record("review_task", task.id)
    assert claimed is not None and claimed.body["assignee"] != me  # the winner kept it


def test_the_keyboard_alone_reaches_every_workspace_and_dialog(
    qtbot: QtBot, shell: Shell, sandbox: Sandbox
) -> None:
    _start(qtbot, shell)
    _sign_in_with_dialog(qtbot, shell, sandbox.url, user())
    window = shell.window
    _activate(qtbot, window)
    for key, expected in ((Qt.Key.Key_2, "planner"), (Qt.Key.Key_3, "decisions"),
                          (Qt.Key.Key_1, "inbox")):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_workspace() == expected
    for key, modifiers, kind in (
        (Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier, SettingsDialog),
        (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
         ConflictListDialog),
    ):
        qtbot.keyClick(window, key, modifiers)
        dialog = shell.dialog
        assert isinstance(dialog, kind), (key, dialog)
        qtbot.waitUntil(lambda d=dialog: d.isVisible(), timeout=5000)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: shell.dialog is None, timeout=5000)
    # The sign-in dialog, after signing out with the keyboard's menu path.
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: shell.session is None, timeout=SLOW)
    window.sign_in_action.trigger()
    assert isinstance(shell.dialog, SignInDialog)
    qtbot.keyClick(shell.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shell.dialog is None, timeout=5000)


def test_a_saved_sign_in_opens_straight_into_the_local_store_when_offline(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backoffice.store import Store
    from backoffice.sync.accounts import Account
    from backoffice.sync.accounts import sign_in as account_sign_in

    account, _ = account_sign_in(sandbox.url, user(), PASSWORD)
    Store.open(account.store_path()).close()  # a store from an earlier day's work
    # The platform is gone today: the saved sign-in still points at it.
    dead = f"http://127.0.0.1:{_closed_port()}"
    moved = Account(dead, account.username, account.display_name, account.department_code,
                    account.department_name, fixed_profile=account.profile)
    accounts.set_current(moved)
    PlatformClient(dead).credentials.save(account.username, "a-saved-refresh-token")
    window, shell = _window_and_shell(qtbot, data_dir)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert shell.session is not None  # no password asked, no network needed
        assert shell.session.store.path == account.store_path()
        assert window.root.currentWidget() is window.stack
        button = window.findChild(QToolButton, "syncStatus")
        qtbot.waitUntil(lambda: button.text().startswith("Offline"), timeout=SLOW)
    finally:
        shell.close()


def _window_and_shell(qtbot: QtBot, data_dir: Path, *, dialogs: bool = True
                      ) -> tuple[MainWindow, Shell]:
    """A shown main window and its shell, not started (each test closes the shell)."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window, Shell(window, Settings.at(data_dir / "settings.ini"), lang="en",
                         dialogs=dialogs)


def _saved_offline_sign_in(sandbox: Sandbox) -> Any:
    """Signed in on an earlier day, its store synced; today the platform cannot be reached."""
    from backoffice.store import Store
    from backoffice.sync.accounts import Account
    from backoffice.sync.accounts import sign_in as account_sign_in
    from backoffice.sync.engine import SyncEngine

    account, client = account_sign_in(sandbox.url, user(), PASSWORD)
    with Store.open(account.store_path()) as store:
        SyncEngine(store, client).sync_once()
    dead = f"http://127.0.0.1:{_closed_port()}"
    moved = Account(dead, account.username, account.display_name, account.department_code,
                    account.department_name, fixed_profile=account.profile)
    accounts.set_current(moved)
    PlatformClient(dead).credentials.save(account.username, "a-saved-refresh-token")
    return moved


def test_a_saved_sign_in_shows_its_rows_before_its_session_then_the_session_takes_over(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox
) -> None:
    from ui.early_session import EarlySession

    _saved_offline_sign_in(sandbox)
    window, shell = _window_and_shell(qtbot, data_dir)
    at_rows: list[tuple[bool, bool, bool]] = []
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)  # the skeleton at once; the rows after the event loop runs
            inbox: Any = window.workspace_page("inbox")
            inbox.model.queryApplied.connect(lambda: at_rows.append((
                shell.session is None, isinstance(inbox.session, EarlySession),
                window.sign_out_action.isEnabled())))
        # The rows came from the store alone; signing out waited for the session.
        assert at_rows[0] == (True, True, False)
        assert inbox.model.rowCount() > 0
        session = shell.session
        assert session is not None and window.workspace_page("inbox") is inbox
        assert inbox.session is session and inbox.list.session.session is session
        assert inbox.detail is not None and inbox.detail.objectName() == "taskDetail"
        assert window.sign_out_action.isEnabled()
        # A pull's progress reaches the list through the early session too.
        relayed: list[SyncStatus] = []
        inbox.list.session.syncProgressed.connect(relayed.append)
        session.syncProgressed.emit(SyncStatus(state=SyncState.SYNCING, received=7))
        assert [s.received for s in relayed] == [7]
    finally:
        shell.close()


def test_a_saved_account_without_its_keyring_entry_gets_the_welcome_page(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox
) -> None:
    account = _saved_offline_sign_in(sandbox)
    PlatformClient(account.platform_url).credentials.delete(account.username)
    window, shell = _window_and_shell(qtbot, data_dir, dialogs=False)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert shell.session is None
        assert window.root.currentWidget() is window.welcome
        assert window.workspace_page("inbox").objectName() == "inboxPage"  # nobody's rows
    finally:
        shell.close()


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _kept(account: Any) -> None:
    """What quitting leaves beside the store (ui/session.py, Session.close)."""
    from backoffice.store import Store, kept_page

    with Store.open(account.store_path()) as store:
        kept_page.keep(store, account.department_code)


def test_the_page_kept_at_quit_is_painted_before_the_store_opens_then_read_in_place(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox
) -> None:
    account = _saved_offline_sign_in(sandbox)
    _kept(account)
    window, shell = _window_and_shell(qtbot, data_dir)
    at_rows: list[tuple[bool, int]] = []
    resets: list[int] = []
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
            inbox: Any = window.workspace_page("inbox")
            model = inbox.model

            def shown() -> None:
                early = shell._early
                at_rows.append((early is not None and early.store is None, model.rowCount()))
                # The reviewer picks a row before the store is even open.
                inbox.list.view.selectRow(2)
                model.modelReset.connect(lambda: resets.append(1))

            model.queryApplied.connect(shown)
        assert at_rows[0][0] and at_rows[0][1] >= 3  # rows, and no store yet
        qtbot.waitUntil(lambda: not model.kept, timeout=SLOW)  # read again from the store
        assert resets == []  # in place: not a new list
        chosen = model.row(2).task_id
        assert inbox.list.current_task() == chosen
        with shell.session.store.read() as uow:
            assert uow.tasks.get(chosen) is not None
        assert model.rowCount() == at_rows[0][1]
    finally:
        shell.close()


def test_a_page_kept_before_a_later_write_is_not_shown(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox
) -> None:
    from backoffice.store import Store

    account = _saved_offline_sign_in(sandbox)
    _kept(account)
    with Store.open(account.store_path()) as store, store.write():  # a scheduled sync, say
        pass
    window, shell = _window_and_shell(qtbot, data_dir)
    at_rows: list[bool] = []
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
            inbox: Any = window.workspace_page("inbox")
            inbox.model.queryApplied.connect(
                lambda: at_rows.append(shell._early is not None and shell._early.store is not None))
        assert at_rows[0]  # read from the opened store, not from the kept file
        assert not inbox.model.kept and inbox.model.rowCount() > 0
    finally:
        shell.close()


def test_the_status_bar_says_the_store_is_being_upgraded_before_it_is(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start after an update may migrate a big store for seconds: say why."""
    from support.store_tables import move_to_revision

    from backoffice.store import migrate
    from ui.main_window import StoreState

    account = _saved_offline_sign_in(sandbox)
    _kept(account)  # refused: it names the schema revision the update replaces
    move_to_revision(account.store_path(), "-1", down=True)
    window, shell = _window_and_shell(qtbot, data_dir)
    seen: list[tuple[StoreState, str | None]] = []
    show = window.set_store_status

    def recording(path: Path | None, state: StoreState) -> None:
        revision = migrate.read_state(path).revision if path is not None else None
        seen.append((state, revision))
        show(path, state)

    monkeypatch.setattr(window, "set_store_status", recording)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        states = [state for state, _ in seen]
        assert StoreState.UPGRADING in states
        upgrading = states.index(StoreState.UPGRADING)
        assert seen[upgrading][1] != migrate.head_revision()  # said before it was done
        assert StoreState.READY in states[upgrading:]
        assert seen[-1] == (StoreState.READY, migrate.head_revision())
        assert window.store_label.text() == "Local store ready"
        assert window.workspace_page("inbox").model.rowCount() > 0  # type: ignore[union-attr]
    finally:
        shell.close()


def test_a_store_at_head_is_opened_without_the_upgrade_notice(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main_window import StoreState

    _saved_offline_sign_in(sandbox)
    window, shell = _window_and_shell(qtbot, data_dir)
    states: list[StoreState] = []
    show = window.set_store_status
    monkeypatch.setattr(window, "set_store_status",
                        lambda path, state: (states.append(state), show(path, state)))
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        assert StoreState.UPGRADING not in states and states[-1] is StoreState.READY
    finally:
        shell.close()


def test_the_page_is_kept_a_while_after_each_change_not_only_at_quit(
    qtbot: QtBot, data_dir: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An app killed rather than quit (Windows shutting down with it open)
    # must still leave a fresh page for the next start.
    from backoffice.store import kept_page
    from ui import session as sessions

    monkeypatch.setattr(sessions, "KEEP_AFTER_MS", 50)
    account = _saved_offline_sign_in(sandbox)
    _window, shell = _window_and_shell(qtbot, data_dir)
    try:
        with qtbot.waitSignal(shell.ready, timeout=SLOW):
            shell.start(demo=False)
        session = shell.session
        assert session is not None
        # A change, as a person's command makes one: any page kept before it
        # is stale now; only a page kept after it reads back.
        with session.store.write():
            pass
        session.local_action()

        def kept_again() -> bool:
            return kept_page.read(account.store_path(), account.department_code) is not None

        qtbot.waitUntil(kept_again, timeout=SLOW)  # before any quit
    finally:
        shell.close()
