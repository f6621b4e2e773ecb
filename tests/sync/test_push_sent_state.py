"""A queued command is "sent" only once its request may reach the platform.

`sync --once` with the platform down used to leave the queue marked sent
("sent, awaiting the platform") although the token refresh before the push
had failed and nothing left the machine; the sent state also makes a later
conflict read as "maybe applied" (store/pending.py, rule 2). The
crash-safety side — a request that may have arrived stays sent — is
tests/sync/test_sync_faults.py's lost answer.
"""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
from sqlalchemy import update
from support.platform_env import FAST, PASSWORD
from support.sync_env import Device, busiest_unclaimed_department, queue, reviewers
from test_sync_faults import on_platform

from backoffice.domain.commands import Command
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.errors import OFFLINE, SERVER_ERROR, SIGNED_OUT
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncState


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _resumed(url: str, username: str, *, token: str | None = None) -> PlatformClient:
    """A client as a new `backoffice sync --once` makes it: a refresh token, no access token."""
    client = PlatformClient(url, settings=replace(FAST, retries=0))
    if token is not None:
        client.credentials.save(username, token)
    assert client.resume(username)
    return client


def _synced_with_comment(device: Device, text: str) -> tuple[SyncEngine, str, Command]:
    """A reviewer's synced engine, who they are, and a comment they queued since."""
    engine = device(reviewers(busiest_unclaimed_department())[0])
    engine.sync_once()
    me = engine.client.username
    assert me is not None
    with engine.store.read() as uow:
        code = uow.cases.all(limit=1)[0].case_code
    return engine, me, queue(engine, "comment.add", "case", code, {"text": text})


@pytest.mark.parametrize("where", ["platform_down", "refresh_fails"])
def test_a_batch_whose_sign_in_failed_stays_pending(
    sandbox: Sandbox, device: Device, where: str
) -> None:
    online, me, queued = _synced_with_comment(device, f"未发出（{where}）")

    if where == "platform_down":
        client = _resumed(_closed_port_url(), me, token="refresh-token-never-used")
        expected = OFFLINE
    else:
        client = _resumed(sandbox.url, me)
        sandbox.faults.fail("/api/v1/auth/refresh", times=5, status=503)
        expected = SERVER_ERROR
    with pytest.raises(RemoteError) as info:
        SyncEngine(online.store, client).sync_once()
    assert info.value.code == expected

    (entry,) = online.store.pending_commands()
    assert entry.command.id == queued.id
    assert (entry.state, entry.attempts) == (OutboxState.PENDING, 0)

    sandbox.faults.clear()
    online.sync_once()
    assert online.store.pending_commands() == [] and online.store.conflicts() == []


def test_a_batch_refused_401_whose_refresh_fails_stays_pending(
    sandbox: Sandbox, device: Device
) -> None:
    # The app's long session: the access token in memory, the batch marked
    # sent and on its way. The platform answers 401 (so it applied nothing),
    # and the refresh is refused too: the sign-in was revoked. The person
    # must see those commands waiting for the sign-in, not "sent".
    engine, me, queued = _synced_with_comment(device, "登录被撤销时写的")
    with sandbox.platform.engine.begin() as conn:
        conn.execute(update(db.sessions).where(db.sessions.c.username == me)
                     .values(revoked=True))

    with pytest.raises(RemoteError) as info:
        engine.sync_once()
    assert info.value.code == SIGNED_OUT
    assert engine.status.current.state == SyncState.SIGNED_OUT
    (entry,) = engine.store.pending_commands()
    assert entry.command.id == queued.id
    assert (entry.state, entry.attempts) == (OutboxState.PENDING, 0)

    engine.client.login(me, PASSWORD)  # type: ignore[attr-defined]
    assert engine.sync_once().push.applied == 1
    assert engine.store.pending_commands() == [] and engine.store.conflicts() == []
    assert on_platform(sandbox, "登录被撤销时写的") == 1
