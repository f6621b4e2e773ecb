"""While a push cannot connect, the task detail says "Queued", never "Sent".

Reviewers working with the platform out of reach saw each retry of the sync
turn the message of their queued claim into "Sent, awaiting the platform."
and back: the batch was marked sent before connecting. Here the push is
caught mid-connection: the platform's HTTPS address (a TLS front for the
real sandbox, with the test CA) is taken over by a listener that takes the
connection's TLS ClientHello and answers nothing. While it waits — no byte
of the request can have left — the detail reads the store again, as it does
on any change of the sync's status, and must still say "Queued"; then the
listener hangs up mid-handshake, and the push ends as not sent.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from support.faultproxy import FaultProxy
from support.pki import make_pki
from support.platform_env import PASSWORD, settings
from support.sync_env import (
    busiest_unclaimed_department,
    department_of,
    reviewers,
    sandbox,  # noqa: F401 - the shared fixture
)
from test_inbox_detail import StandIn, claim, settle

from backoffice.domain.states import TaskStatus
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.http import NotSent
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState, Store
from backoffice.sync.accounts import Account
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache
from ui.inbox.detail import TaskDetail

QUEUED = "Queued — sent at the next sync."
WAIT_MS = 60_000  # for the push to reach its connection; no time is asserted


class Holder:
    """Listens on a port and holds the first connection's TLS handshake until released."""

    def __init__(self, port: int) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(4)
        self.hello = threading.Event()  # the client's ClientHello is in
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)
        self.thread.start()

    def _hold(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.recv(1)
            self.hello.set()
            self.release.wait(WAIT_MS / 1000)
        self.listener.close()


@pytest.fixture
def online(sandbox: Sandbox,  # noqa: F811
           tmp_path: Path) -> Iterator[tuple[SyncEngine, FaultProxy, StandIn]]:
    pki = make_pki(tmp_path)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(pki.cert, pki.key)
    host, _, port = sandbox.url.removeprefix("http://").partition(":")
    front = FaultProxy(host, int(port), tls=server)
    # The handshake may be held as long as the test needs: only the holder ends it.
    client = PlatformClient(front.url, settings=settings(
        ca_bundle=pki.ca, retries=0, connect_timeout=120, read_timeout=120,
        total_timeout=120))
    user = reviewers(busiest_unclaimed_department())[0]
    client.login(user, PASSWORD)
    engine = SyncEngine(Store.open(tmp_path / "store.sqlite3"), client)
    engine.sync_once()  # a long session: the token in memory, the push goes straight out
    account = Account(front.url, user, "审核员（演示）", department_of(user), "")
    session = StandIn(engine.store, FileCache(tmp_path / "files"), account)
    yield engine, front, session
    session.files.close()
    engine.store.close()
    front.close()


def test_the_detail_says_queued_while_the_push_cannot_connect(
        qtbot: QtBot, online: tuple[SyncEngine, FaultProxy, StandIn]) -> None:
    engine, front, session = online
    me = engine.client.username
    with engine.store.read() as uow:
        task = next(t for t in uow.tasks.all() if t.status == TaskStatus.UNCLAIMED
                    and t.department_code == department_of(me or ""))
    detail = TaskDetail(session, lang="en")
    qtbot.addWidget(detail)
    detail.show()
    detail.show_task(task.id)
    settle(qtbot, detail)
    claim(qtbot, detail)
    assert detail.message.text() == QUEUED

    front.close()  # the platform's address stops answering as a platform
    holder = Holder(front.port)
    failed: list[RemoteError] = []

    def push() -> None:
        try:
            engine.push()
        except RemoteError as exc:
            failed.append(exc)

    pusher = threading.Thread(target=push)
    pusher.start()
    try:
        qtbot.waitUntil(holder.hello.is_set, timeout=WAIT_MS)
        # Connecting: nothing of the request has left this computer.
        with qtbot.waitSignal(detail.loaded, timeout=WAIT_MS):
            session.statusChanged.emit(object())
        settle(qtbot, detail)
        assert detail.message.text() == QUEUED
        (entry,) = engine.store.pending_commands()
        assert (entry.state, entry.attempts) == (OutboxState.PENDING, 0)
    finally:
        holder.release.set()
        pusher.join(WAIT_MS / 1000)
    assert [type(e) for e in failed] == [NotSent]  # as a platform down ends a push

    with qtbot.waitSignal(detail.loaded, timeout=WAIT_MS):
        session.statusChanged.emit(object())
    settle(qtbot, detail)
    assert detail.message.text() == QUEUED
