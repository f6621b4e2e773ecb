"""A request that never left the computer is told apart from one whose answer was lost.

:class:`NotSent` is raised only when no attempt — urllib3's retries and
the re-ask of a cut answer included — wrote a byte of the request: the
client's ``push(…, leaving=…)`` never calls ``leaving`` then, so the sync
never marks the batch sent (tests/sync/test_push_never_left.py end to
end).
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
from support.falling_proxy import FallingProxy, falling_proxy
from support.platform_env import PASSWORD, Make, a_case, command, settings, snapshot

from backoffice.api import v1
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.errors import OFFLINE, TLS_HANDSHAKE
from backoffice.remote.http import NotSent, build_session, fetch
from backoffice.sandbox.server import Sandbox


@pytest.fixture
def falling(sandbox: Sandbox) -> Iterator[FallingProxy]:
    with falling_proxy(sandbox.url) as running:
        yield running


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _comments(client: PlatformClient, n: int, text: str) -> list[v1.CommandIn]:
    case = a_case(client)
    return [command(client, "comment.add", "case", case.id, case.version, text=f"{text} {i}")
            for i in range(n)]


def _on_platform(client: PlatformClient, batch: list[v1.CommandIn]) -> int:
    ids = {str(c.id) for c in batch}
    return sum(key in ids for _, key in snapshot(client))


def _push(client: PlatformClient, batch: list[v1.CommandIn], calls: list[str]) -> None:
    client.push(batch, leaving=lambda: calls.append("leaving"),
                not_taken=lambda: calls.append("not_taken"))


def test_a_refused_connection_is_not_sent() -> None:
    with pytest.raises(NotSent) as caught:
        fetch(build_session(settings()), "POST", _closed_port_url() + "/api/v1/commands",
              settings=settings(), data=b"{}")
    assert caught.value.code == OFFLINE


def test_a_failed_tls_handshake_is_not_sent(sandbox: Sandbox) -> None:
    url = "https://" + sandbox.url.removeprefix("http://") + "/api/v1/commands"
    with pytest.raises(NotSent) as caught:
        fetch(build_session(settings()), "POST", url, settings=settings(), data=b"{}")
    assert caught.value.code == TLS_HANDSHAKE


def test_a_push_to_a_platform_gone_says_it_never_left(
        make_client: Make, reviewer: str, falling: FallingProxy) -> None:
    client = make_client(falling.url)
    client.login(reviewer, PASSWORD)  # the token in memory: the push goes straight out
    batch = _comments(client, 1, "未发出")
    falling.fall()
    calls: list[str] = []
    with pytest.raises(NotSent) as caught:
        _push(client, batch, calls)
    assert caught.value.code == OFFLINE
    # ``leaving`` waits for a connection that is up: the sync never marks
    # this batch sent, so the inbox never says it went out.
    assert calls == []


def test_an_answer_cut_short_and_a_refused_re_ask_may_have_arrived(
        make_client: Make, reviewer: str, falling: FallingProxy) -> None:
    client = make_client(falling.url)
    client.login(reviewer, PASSWORD)
    headers = falling.responses_seen[-1].index(b"\r\n\r\n") + 4  # the login's answer
    batch = _comments(client, 3, "答复中断")
    falling.fall_with_fault = True
    falling.truncate(after=headers + 20)  # into the body; then the port closes
    calls: list[str] = []
    with pytest.raises(RemoteError) as caught:
        _push(client, batch, calls)
    assert not isinstance(caught.value, NotSent) and caught.value.code == OFFLINE
    assert falling.applied == ["truncate"]
    assert calls == ["leaving"]
    falling.come_back()
    assert _on_platform(client, batch) == 3  # it had arrived


def test_a_push_that_leaves_calls_only_leaving(
        make_client: Make, reviewer: str, falling: FallingProxy) -> None:
    client = make_client(falling.url)
    client.login(reviewer, PASSWORD)
    batch = _comments(client, 1, f"发出 {uuid.uuid4()}")
    calls: list[str] = []
    _push(client, batch, calls)
    assert calls == ["leaving"]
