"""A signed-in person in the window: their store, client, sync engine and scheduler.

Built in two halves on purpose. :func:`connect_training`, :func:`resume_opened`
and :func:`sign_in` run on a worker thread (network, keyring, opening and
migrating the store) and return a plain :class:`Connection`. The GUI thread
then wraps it in a :class:`Session`, a QObject, which starts the scheduler
and turns the sync's status callbacks — called on the sync thread — into a
queued ``statusChanged`` signal: widgets only ever hear about the sync on
the GUI thread, and never poll the database for it.

This module imports the sync stack; start-up imports it on a worker thread
once the saved account's inbox rows are painted (``ui/shell.py``;
``tests/ui/test_app.py`` checks the order).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from backoffice import workstation
from backoffice.remote.client import PlatformClient
from backoffice.remote.credentials import CredentialsError
from backoffice.remote.http import HttpSettings
from backoffice.store import Store
from backoffice.sync import accounts
from backoffice.sync.accounts import Account
from backoffice.sync.files import FileCache
from backoffice.sync.scheduler import SyncScheduler
from backoffice.sync.status import SyncState, SyncStatus
from ui.background import Background
from ui.planner.draft_photos import release_unnamed_photos
from ui.training import TRAINING_PASSWORD, TrainingServer

_log = logging.getLogger("ui.session")
# How long after the store last changed (a round ended, a command queued) the
# inbox's first page is kept again (backoffice/store/kept_page.py).
KEEP_AFTER_MS = 10_000

MiB = 1024 * 1024


@dataclass(frozen=True)
class SyncOptions:
    """What the settings say about syncing (defaults match ``ui.settings``)."""

    interval: float = 300.0
    cache_bytes: int = 2048 * MiB
    prefetch_bytes: int = 512 * MiB
    http: HttpSettings = field(default_factory=HttpSettings)


@dataclass
class Connection:
    """Everything a signed-in session needs, made off the GUI thread."""

    account: Account
    client: PlatformClient
    store: Store
    files: FileCache
    training: bool = False
    # The same user's unsent work at other platform addresses (not training's).
    stranded: list[accounts.Stranded] = field(default_factory=list)


def _open(account: Account, client: PlatformClient, options: SyncOptions,
          training: bool = False) -> Connection:
    store = accounts.open_store(account)
    try:
        return _with_store(account, client, store, options, training)
    except BaseException:
        store.close()
        raise


def _with_store(account: Account, client: PlatformClient, store: Store, options: SyncOptions,
                training: bool = False) -> Connection:
    files = workstation.open_files(account, limit_bytes=options.cache_bytes)
    # Photos a discard or a dropped draft left pinned before either let go of them.
    release_unnamed_photos(store, files)
    return Connection(account, client, store, files, training)


def connect_training(server: TrainingServer, options: SyncOptions,
                     username: str | None = None) -> Connection:
    """Start (and seed, the first time) the training platform and sign in to it.

    ``username``: another demo account, on the platform already running.
    """
    platform = server.start() if username is None else server.sign_in_as(username)
    # The sandbox is on this computer: never a proxy, the environment's neither.
    client = PlatformClient(platform.url, settings=dataclasses.replace(options.http, proxies={}),
                            transient=True)
    me = client.login(platform.username, TRAINING_PASSWORD)
    account = Account(client.base_url, platform.username, me.display_name, me.department.code,
                      me.department.name, fixed_profile=platform.profile)
    return _open(account, client, options, training=True)


def resume_opened(account: Account, store: Store, options: SyncOptions) -> Connection | None:
    """The saved sign-in of ``account``, whose store start-up has opened already.

    None if the keyring no longer holds it (the caller closes the store).
    """
    # What a sign-in now would use (the Settings' proxy and CA bundle), not what
    # was set when this account last signed in.
    client = accounts.resume(account, settings=accounts.with_remembered_ca(options.http, account),
                             keyring_optional=True)
    if client is None:
        return None
    connection = _with_store(account, client, store, options)
    # A platform that moved since the last password sign-in is told at every start.
    connection.stranded = accounts.stranded_elsewhere(account)
    return connection


def sign_in(url: str, user: str, password: str, options: SyncOptions) -> Connection:
    account, client = accounts.sign_in(url, user, password, settings=options.http,
                                       keyring_optional=True)
    connection = _open(account, client, options)
    connection.stranded = accounts.stranded_elsewhere(account)
    return connection


def sign_out(connection: Connection) -> CredentialsError | None:
    """Revoke the sign-in (if the platform is reachable) and forget it here (worker thread).

    The keyring entry goes whatever the network says; so does "current", so
    that the next start does not resume the person who signed out. Returns
    why the saved sign-in stays in the keyring for now (it is removed once
    the keyring can be used: :func:`accounts.sign_out`), or None.
    """
    connection.client.allow_requests()  # closing the session cancelled them
    return accounts.sign_out(connection.account, connection.client)


class Session(QObject):
    """One signed-in person; lives on the GUI thread."""

    statusChanged = Signal(object)  # SyncStatus, always delivered on the GUI thread
    # A SyncStatus that differs from the last one only in the round's progress
    # (SyncStatus.progressed_from): a pulled page stored, files fetched. Apart,
    # so that what reloads on every status (the detail pane, the planner) does
    # not reload on each page of a first pull.
    syncProgressed = Signal(object)
    # From the status hub (any thread) to _deliver, on the GUI thread.
    _heard = Signal(object, bool)

    def __init__(self, connection: Connection, options: SyncOptions,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection = connection
        self.account = connection.account
        self.store = connection.store
        self.client = connection.client
        self.files = connection.files
        self.training = connection.training
        parts = workstation.assemble(self.account, self.store, self.client, self.files,
                                     prefetch_bytes=options.prefetch_bytes)
        self.engine, self.sealer = parts.engine, parts.sealer
        self.scheduler = SyncScheduler(self.engine, interval=options.interval)
        self.status: SyncStatus = self.engine.status.current
        self._relayed: SyncStatus | None = None
        self._relaying = threading.Lock()  # updates come from the sync and the GUI thread
        self._closing = False
        # A round of this session reached the platform: a round under way after
        # it that has not answered yet may have lost the link since (a sign-out
        # asks then); before it, the first round of a start is no such sign.
        self.answered = False
        # _relay runs on the sync thread (and the GUI thread); Qt queues _heard
        # to _deliver on the GUI thread, because this object lives there.
        self._heard.connect(self._deliver)
        self._unsubscribe = self.engine.status.subscribe(self._relay)
        self.statusChanged.connect(self._remember)
        self.syncProgressed.connect(self._remember)
        # The inbox's first page is kept when the store is let go of, and also
        # a while after each change (a round ended, a command queued): an app
        # killed rather than quit — Windows shutting down with it open — then
        # leaves a page that is as fresh, and the next start is as fast.
        self._keeper = Background(self, threads=1)
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(KEEP_AFTER_MS)
        self._keep_timer.timeout.connect(self._keep_page)

    def _relay(self, status: SyncStatus) -> None:
        with self._relaying:
            previous, self._relayed = self._relayed, status
            progress = status.progressed_from(previous)
        # Outside the lock: on the GUI thread (counts refreshed after a local
        # action) the receivers run at once and may update the status again.
        self._heard.emit(status, progress)

    def _deliver(self, status: SyncStatus, progress: bool) -> None:
        # On the GUI thread. A status the sync thread sent while the session
        # was closing arrives after it closed: its workspaces are gone.
        if self._closing:
            return
        (self.syncProgressed if progress else self.statusChanged).emit(status)

    def _remember(self, status: SyncStatus) -> None:
        self.status = status
        self.answered = self.answered or status.state is SyncState.IDLE
        if status.state is not SyncState.SYNCING:
            self._keep_timer.start()

    def _keep_page(self) -> None:
        if self.training:  # the training platform starts afresh every time
            return
        if self.status.state is SyncState.SYNCING:
            # A first pull may have dropped the list's indexes until it ends.
            self._keep_timer.start()
            return
        from backoffice.store import kept_page

        store, department = self.store, self.account.department_code
        self._keeper.run(lambda: kept_page.keep_if_possible(store, department), _ignore)

    def start(self) -> None:
        self.scheduler.start()

    def sync_now(self) -> None:
        self.scheduler.sync_now()

    def fetch_set_aside_again(self) -> None:
        """Every record again from the platform, now: what was set aside comes back."""
        self.engine.fetch_set_aside_again()
        self.scheduler.sync_now()

    def set_interval(self, seconds: float) -> None:
        """The sync interval changed in Settings: from now on, not from the next sign-in."""
        self.scheduler.set_interval(seconds)

    def local_action(self) -> None:
        """A command was queued: counts now, a push soon."""
        self.scheduler.local_action()
        self._keep_timer.start()

    def conflicts_changed(self) -> None:
        self.engine.refresh_counts()
        self.scheduler.sync_now()

    def cancel_requests(self) -> None:
        """End every request of this session now: the sync's and the workspaces'.

        The first step of closing (quit, sign-out, switch user), before the
        workspaces wait for their background work: a free/busy request or a
        material download on a stalled link ends with ``remote.cancelled``
        instead of holding the window until its deadline. The sync stops
        for good (:meth:`SyncEngine.stop`); what was committed stays.
        """
        self._closing = True  # nobody hears of the sync from now on
        self.engine.stop()
        self.client.cancel_requests()

    def close(self) -> None:
        """Stop syncing (the round under way cancelled), keep the first page, close the store."""
        self.cancel_requests()
        self._unsubscribe()
        self._keep_timer.stop()
        self.scheduler.stop()
        self.files.close()
        self._keeper.wait()
        if not self.training:  # the training platform starts afresh every time
            from backoffice.store import kept_page

            kept_page.keep_if_possible(self.store, self.account.department_code)
        self.store.close()


def _ignore(_: object) -> None:
    pass
