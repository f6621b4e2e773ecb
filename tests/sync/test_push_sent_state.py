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
from support.platform_env import FAST
from support.sync_env import Device, busiest_unclaimed_department, queue, reviewers

from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.errors import OFFLINE, SERVER_ERROR
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState
from backoffice.sync.engine import SyncEngine


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


@pytest.mark.parametrize("where", ["platform_down", "refresh_fails"])
def test_a_batch_whose_sign_in_failed_stays_pending(
    sandbox: Sandbox, device: Device, where: str
) -> None:
    online = device(reviewers(busiest_unclaimed_department())[0])
    online.sync_once()
    me = online.client.username
    assert me is not None
    with online.store.read() as uow:
        code = uow.cases.all(limit=1)[0].case_code
    queued = queue(online, "comment.add", "case", code, {"text": f"未发出（{where}）"})

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
