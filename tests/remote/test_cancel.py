"""Cancelling requests: a session that closes mid-sync must not wait for the network.

The sync engine runs its requests under a :class:`Cancel` (``cancel_scope``);
firing it ends them where they are — waiting for an answer, halfway through a
body, or pausing before a retry — with ``remote.cancelled``, and any request
started under it later fails before it is sent. Requests of other threads,
such as the sign-out's own logout request, go on.

The faults below would each hold a request for minutes (the deadlines are
set far beyond the tests' own time limit), so a test that passes shows the
cancel ended it, not a timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from support.faultproxy import FaultProxy
from support.platform_env import PASSWORD, Make

from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.cancel import Cancel, cancel_scope, current_cancels
from backoffice.remote.errors import CANCELLED

SLOW = {"read_timeout": 300.0, "total_timeout": 300.0}


@pytest.fixture
def client(make_client: Make, proxy: FaultProxy, reviewer: str) -> PlatformClient:
    signed = make_client(proxy.url, **SLOW)
    signed.login(reviewer, PASSWORD)
    return signed


def _in_thread(cancel: Cancel, call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run ``call`` under ``cancel`` on a thread; its result or error lands in the list."""
    outcome: list[Any] = []

    def run() -> None:
        with cancel_scope(cancel):
            try:
                outcome.append(call())
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _wait_for_request(proxy: FaultProxy, path: bytes, seen_before: int) -> None:
    """Until the request reached the proxy and its armed fault holds the answer.

    Cancelled before the answer came, the fault would stay armed for the
    next request — one the test expects to go through.
    """
    for _ in range(2000):
        if any(path in r for r in proxy.requests_seen[seen_before:]) and proxy.applied:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"no request for {path!r} met its fault at the proxy")


def _cancelled(outcome: list[Any]) -> RemoteError:
    assert len(outcome) == 1
    error = outcome[0]
    assert isinstance(error, RemoteError), error
    assert error.code == CANCELLED
    assert error.transient  # whatever it was for is still to do at the next sync
    return error


def _cancel_under_way(proxy: FaultProxy, call: Callable[[], Any], path: bytes, *,
                      settle: float = 0.0) -> int:
    """Start ``call`` under a cancel, fire it once ``path`` reached the proxy (and
    ``settle`` seconds more), check it ended cancelled; how many requests came before."""
    cancel = Cancel()
    seen = len(proxy.requests_seen)
    thread, outcome = _in_thread(cancel, call)
    _wait_for_request(proxy, path, seen)
    threading.Event().wait(settle)
    cancel.fire()
    thread.join(20)
    assert not thread.is_alive()
    _cancelled(outcome)
    return seen


@pytest.mark.timeout(30)
def test_a_request_waiting_for_its_answer_ends_when_cancelled(client: PlatformClient,
                                                              proxy: FaultProxy) -> None:
    proxy.stall(seconds=120, times=10)
    _cancel_under_way(proxy, lambda: client.changes(None, limit=300), b"/api/v1/changes")


@pytest.mark.timeout(30)
def test_a_body_arriving_byte_by_byte_ends_when_cancelled(client: PlatformClient,
                                                          proxy: FaultProxy) -> None:
    """Not taken for a body cut short (``bad_payload``) or asked for again."""
    proxy.slow(rate=2000, times=10)  # a 300-change page would take minutes
    seen = _cancel_under_way(proxy, lambda: client.changes(None, limit=300),
                             b"/api/v1/changes", settle=0.3)  # into the body
    assert sum(b"/api/v1/changes" in r for r in proxy.requests_seen[seen:]) == 1


@pytest.mark.timeout(30)
def test_a_pause_before_a_retry_ends_when_cancelled(make_client: Make, proxy: FaultProxy,
                                                    reviewer: str) -> None:
    client = make_client(proxy.url, backoff_factor=60.0, backoff_max=120.0,
                         backoff_jitter=0.0, **SLOW)
    client.login(reviewer, PASSWORD)
    proxy.truncate(after=0, times=10)  # lost before the answer: retried after a long pause
    _cancel_under_way(proxy, client.me, b"/api/v1/me", settle=0.3)


def test_nothing_is_sent_once_cancelled(client: PlatformClient, proxy: FaultProxy) -> None:
    cancel = Cancel()
    cancel.fire()
    seen = len(proxy.requests_seen)
    thread, outcome = _in_thread(cancel, client.me)
    thread.join(20)
    _cancelled(outcome)
    assert proxy.requests_seen[seen:] == []


@pytest.mark.timeout(30)
def test_requests_of_other_threads_go_on(client: PlatformClient, proxy: FaultProxy) -> None:
    """Cancelling a sync must not cancel the sign-out's logout request beside it."""
    proxy.stall(seconds=120, times=1)
    _cancel_under_way(proxy, lambda: client.changes(None, limit=300), b"/api/v1/changes")
    assert current_cancels() == ()
    assert client.me().username == client.username  # this thread: no scope
    other, answer = _in_thread(Cancel(), client.me)  # another scope, not fired
    other.join(20)
    assert answer[0].username == client.username


def test_scopes_nest_and_end_with_their_block() -> None:
    outer, inner = Cancel(), Cancel()
    with cancel_scope(outer):
        with cancel_scope(inner):
            assert current_cancels() == (outer, inner)
        assert current_cancels() == (outer,)
    assert current_cancels() == ()


@pytest.mark.timeout(30)
def test_an_outer_scope_ends_a_request_of_an_inner_one(client: PlatformClient,
                                                       proxy: FaultProxy) -> None:
    """The engine's scope inside the client's own: either one firing ends the request."""
    outer = Cancel()
    proxy.stall(seconds=120, times=10)
    seen = len(proxy.requests_seen)

    def inside() -> Any:
        with cancel_scope(Cancel()):
            return client.changes(None, limit=300)

    thread, outcome = _in_thread(outer, inside)
    _wait_for_request(proxy, b"/api/v1/changes", seen)
    outer.fire()
    thread.join(20)
    assert not thread.is_alive()
    _cancelled(outcome)


@pytest.mark.timeout(30)
def test_a_client_cancels_its_requests_on_every_thread_until_allowed_again(
        client: PlatformClient, proxy: FaultProxy) -> None:
    """A closing session's free/busy request or download on a worker, no scope of its own."""
    proxy.stall(seconds=120, times=1)
    seen = len(proxy.requests_seen)
    outcome: list[Any] = []

    def call() -> None:
        try:
            outcome.append(client.me())
        except RemoteError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    _wait_for_request(proxy, b"/api/v1/me", seen)
    client.cancel_requests()
    worker.join(20)
    assert not worker.is_alive()
    _cancelled(outcome)
    seen = len(proxy.requests_seen)
    with pytest.raises(RemoteError) as refused:
        client.me()
    assert refused.value.code == CANCELLED and proxy.requests_seen[seen:] == []
    client.allow_requests()  # the sign-out's logout, after the session closed
    assert client.me().username == client.username
