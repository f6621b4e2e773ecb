"""A failing platform (the sandbox's fault mode): retries, the right error, deadlines."""

from __future__ import annotations

import socket

import pytest
from support.platform_env import PASSWORD, Make, a_case, command, snapshot

from backoffice.remote import PlatformClient, RemoteError
from backoffice.sandbox.server import Sandbox

API = "/api/v1"
ME = f"{API}/me"


def _fails(sandbox: Sandbox) -> int:
    return sum(kind == "fail" for _, _, kind in sandbox.faults.injected)


@pytest.mark.parametrize("status", [502, 503, 504, 429])
def test_passing_failures_are_retried_until_success(
        sandbox: Sandbox, signed_in: PlatformClient, status: int) -> None:
    sandbox.faults.fail(ME, times=2, status=status)  # retries=2: the third try works
    assert signed_in.me().username == signed_in.username
    assert _fails(sandbox) == 2


@pytest.mark.parametrize(("status", "code"), [(502, "remote.server_error"),
                                              (503, "remote.server_error"),
                                              (504, "remote.server_error"),
                                              (429, "remote.throttled")])
def test_failures_that_outlast_the_retries_give_the_right_error(
        sandbox: Sandbox, signed_in: PlatformClient, status: int, code: str) -> None:
    sandbox.faults.fail(ME, times=10, status=status)
    with pytest.raises(RemoteError) as caught:
        signed_in.me()
    assert caught.value.code == code and caught.value.params["status"] == status
    assert caught.value.transient
    assert _fails(sandbox) == 3  # the first try and two retries


def test_an_internal_error_is_not_retried(sandbox: Sandbox, signed_in: PlatformClient) -> None:
    sandbox.faults.fail(ME, times=10, status=500)
    with pytest.raises(RemoteError) as caught:
        signed_in.me()
    assert caught.value.code == "remote.server_error"
    assert caught.value.params["server_code"] == "server.error"
    assert _fails(sandbox) == 1


def test_retry_after_is_honoured(sandbox: Sandbox, signed_in: PlatformClient) -> None:
    sandbox.faults.fail(ME, times=1, status=503, retry_after=0)
    assert signed_in.me().username == signed_in.username
    assert _fails(sandbox) == 1


@pytest.mark.timeout(60)
def test_a_retry_after_beyond_the_deadline_is_not_waited_for(
        sandbox: Sandbox, signed_in: PlatformClient) -> None:
    sandbox.faults.fail(ME, times=1, status=429, retry_after=3600)
    with pytest.raises(RemoteError) as caught:
        signed_in.me()
    assert caught.value.code == "remote.throttled"
    assert caught.value.params["retry_after"] == 3600
    assert _fails(sandbox) == 1


def test_a_failed_push_is_retried_and_applied_once(
        sandbox: Sandbox, signed_in: PlatformClient) -> None:
    case = a_case(signed_in)
    comment = command(signed_in, "comment.add", "case", case.id, case.version, text="重试")
    sandbox.faults.fail(f"{API}/commands", times=1, status=503, method="POST")
    [result] = signed_in.push([comment]).results
    assert result.status == "applied"  # the 503 came before the handler ran
    assert _fails(sandbox) == 1
    assert sum(c.id == str(comment.id) for c in snapshot(signed_in).values()) == 1


@pytest.mark.timeout(30)
def test_a_stalled_answer_ends_at_the_deadline(sandbox: Sandbox, make_client: Make,
                                               reviewer: str) -> None:
    # The read timeout alone would wait 60 s per try: only the total deadline ends it.
    client = make_client(read_timeout=60.0, total_timeout=1.5)
    client.login(reviewer, PASSWORD)
    sandbox.faults.stall(ME, times=10, seconds=120)
    with pytest.raises(RemoteError) as caught:
        client.me()
    assert caught.value.code == "remote.timeout"


def test_a_closed_port_is_offline(make_client: Make) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_client(f"http://127.0.0.1:{port}")
    with pytest.raises(RemoteError) as caught:
        client.login("someone", "secret")
    assert caught.value.code == "remote.offline"
    assert caught.value.params["host"] == f"127.0.0.1:{port}"
    assert "secret" not in str(caught.value.params)


def test_an_unknown_record_is_not_found(signed_in: PlatformClient) -> None:
    with pytest.raises(RemoteError) as caught:
        signed_in.timeline("NO-SUCH-CASE")
    assert caught.value.code == "remote.not_found"
    assert not caught.value.transient


def test_a_garbled_login_answer_is_a_bad_payload(sandbox: Sandbox, make_client: Make,
                                                 reviewer: str, memory_keyring: object) -> None:
    sandbox.faults.malform(f"{API}/auth/login", how="wrong_shape")
    client = make_client()
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, PASSWORD)
    assert caught.value.code == "remote.bad_payload"
    assert client.username is None
