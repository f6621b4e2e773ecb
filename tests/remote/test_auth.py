"""Sign-in against the real sandbox: keyring, refresh, lost responses, reuse, logout."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from sqlalchemy import select
from support.faultproxy import FaultProxy
from support.platform_env import PASSWORD, Make

from backoffice import messages
from backoffice.remote import SERVICE, PlatformClient, RemoteError
from backoffice.remote.credentials import entry_name
from backoffice.sandbox import db
from backoffice.sandbox.auth import MAX_FAILURES
from backoffice.sandbox.server import Sandbox

API = "/api/v1"


def _entry(client: PlatformClient, username: str) -> tuple[str, str]:
    return SERVICE, entry_name(client.base_url, username)


def advance(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Move the platform's clock (tokens expire by it) forward, without sleeping."""
    before = sandbox.platform.clock
    monkeypatch.setattr(sandbox.platform, "clock",
                        lambda: before() + dt.timedelta(seconds=seconds))


def _refreshes(caplog: pytest.LogCaptureFixture) -> int:
    return sum("access token refreshed" in r.getMessage() for r in caplog.records)


def test_login_me_logout_keep_secrets_out_of_logs(
        sandbox: Sandbox, make_client: Make, reviewer: str, memory_keyring: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client()
    me = client.login(reviewer, PASSWORD)
    assert me.username == reviewer and client.username == reviewer
    refresh = memory_keyring.secrets[_entry(client, reviewer)]
    assert len(refresh) == 43
    access = client._access
    assert access and access != refresh
    client.changes(None, limit=5)
    client.logout()
    assert client.username is None
    assert _entry(client, reviewer) not in memory_keyring.secrets
    # Revoked on the platform, not just forgotten here.
    r = requests.get(f"{sandbox.url}{API}/me", headers={"Authorization": f"Bearer {access}"},
                     timeout=10)
    assert r.status_code == 401
    r = requests.post(f"{sandbox.url}{API}/auth/refresh", json={"refresh_token": refresh},
                      timeout=10)
    assert r.json()["error"]["code"] == "auth.refresh_invalid"
    logged = [r.getMessage() + repr(r.args) for r in caplog.records]
    assert any("/api/v1/changes" in line for line in logged)  # the requests were logged
    for secret in (PASSWORD, access, refresh):
        assert not [line for line in logged if secret in line]


def test_wrong_password_is_a_refusal_and_stores_nothing(make_client: Make, reviewer: str,
                                                        memory_keyring: Any) -> None:
    client = make_client()
    with pytest.raises(RemoteError) as caught:
        client.login(reviewer, "wrong")
    assert caught.value.code == "remote.rejected"
    assert caught.value.params["server_code"] == "auth.invalid_credentials"
    assert caught.value.params["message"]["en"] == "Wrong user name or password."
    assert "wrong" not in str(caught.value)
    assert client.username is None
    assert memory_keyring.secrets == {}


def test_resume_from_the_keyring_in_a_new_client(make_client: Make, reviewer: str,
                                                 memory_keyring: Any) -> None:
    first = make_client()
    first.login(reviewer, PASSWORD)
    stored = memory_keyring.secrets[_entry(first, reviewer)]
    second = make_client()
    assert second.resume("nobody") is False
    assert second.resume(reviewer) is True and second.username == reviewer
    assert second.me().username == reviewer
    # The resume refreshed: the keyring holds the rotated token, and the first
    # client's access token (same sign-in) still works.
    assert memory_keyring.secrets[_entry(first, reviewer)] != stored
    assert first.me().username == reviewer


def test_an_expired_access_token_is_refreshed_once_and_the_call_repeated(
        sandbox: Sandbox, signed_in: PlatformClient, monkeypatch: pytest.MonkeyPatch,
        memory_keyring: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="backoffice.remote")
    key = _entry(signed_in, signed_in.username or "")
    before = memory_keyring.secrets[key]
    advance(sandbox, monkeypatch, 16 * 60)
    page = signed_in.changes(None, limit=3)
    assert len(page.changes) == 3
    assert _refreshes(caplog) == 1
    assert memory_keyring.secrets[key] != before


def test_threads_sharing_a_client_refresh_once(
        sandbox: Sandbox, signed_in: PlatformClient, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="backoffice.remote")
    advance(sandbox, monkeypatch, 16 * 60)
    with ThreadPoolExecutor(6) as pool:
        names = list(pool.map(lambda _: signed_in.me().username, range(12)))
    assert names == [signed_in.username] * 12
    assert _refreshes(caplog) == 1


def test_a_lost_refresh_response_is_retried_with_the_old_token(
        sandbox: Sandbox, make_client: Make, proxy: FaultProxy, reviewer: str,
        monkeypatch: pytest.MonkeyPatch, memory_keyring: Any) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    key = _entry(client, reviewer)
    first = memory_keyring.secrets[key]
    advance(sandbox, monkeypatch, 16 * 60)
    # me → 401 passes; the refresh is applied by the platform, but its answer is
    # lost (reset); urllib3 sends the POST again with the same, now replaced,
    # token, which the 60 s grace accepts.
    proxy.reset(after=0, skip=1)
    assert client.me().username == reviewer
    assert proxy.applied == ["reset"]
    third = memory_keyring.secrets[key]
    assert third != first
    # The first token was replaced twice and is spent once the grace is over:
    # presenting it now would revoke the session; the current one works.
    advance(sandbox, monkeypatch, 61)
    fresh = make_client(proxy.url)
    assert fresh.resume(reviewer) and fresh.me().username == reviewer


def test_a_garbled_refresh_answer_is_asked_for_again_at_once(
        sandbox: Sandbox, signed_in: PlatformClient, monkeypatch: pytest.MonkeyPatch,
        memory_keyring: Any) -> None:
    key = _entry(signed_in, signed_in.username or "")
    old = memory_keyring.secrets[key]
    advance(sandbox, monkeypatch, 16 * 60)
    sandbox.faults.malform(f"{API}/auth/refresh", how="not_json")
    # The platform rotated, the answer was lost: the replaced token, presented
    # again inside the grace, gives another pair — now, not at the next sync.
    assert signed_in.me().username == signed_in.username
    assert memory_keyring.secrets[key] != old
    # The link then down for longer than the grace: the sign-in holds.
    advance(sandbox, monkeypatch, 16 * 60 + 120)
    assert signed_in.me().username == signed_in.username


def test_a_refresh_answer_garbled_twice_fails_the_call_and_the_next_call_recovers(
        sandbox: Sandbox, signed_in: PlatformClient, monkeypatch: pytest.MonkeyPatch) -> None:
    advance(sandbox, monkeypatch, 16 * 60)
    sandbox.faults.malform(f"{API}/auth/refresh", how="not_json", times=2)
    with pytest.raises(RemoteError) as caught:
        signed_in.me()
    assert caught.value.code == "remote.bad_payload"
    # The keyring still holds the replaced token, which works within the grace.
    assert signed_in.me().username == signed_in.username


def test_a_replayed_refresh_token_signs_out_and_is_forgotten(
        sandbox: Sandbox, signed_in: PlatformClient, make_client: Make,
        monkeypatch: pytest.MonkeyPatch, memory_keyring: Any) -> None:
    username = signed_in.username or ""
    key = _entry(signed_in, username)
    stolen = memory_keyring.secrets[key]
    advance(sandbox, monkeypatch, 16 * 60)
    signed_in.me()  # refreshes: `stolen` is replaced
    advance(sandbox, monkeypatch, 120)
    memory_keyring.secrets[key] = stolen
    other = make_client()
    assert other.resume(username)
    with pytest.raises(RemoteError) as caught:
        other.me()
    assert caught.value.code == "remote.signed_out"
    assert caught.value.params["server_code"] == "auth.refresh_reused"
    assert key not in memory_keyring.secrets
    # The whole session was revoked: the first client is signed out too.
    with pytest.raises(RemoteError) as caught:
        signed_in.me()
    assert caught.value.code == "remote.signed_out"


def test_an_unreachable_platform_keeps_the_sign_in(
        make_client: Make, proxy: FaultProxy, reviewer: str, memory_keyring: Any) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    key = _entry(client, reviewer)
    resumed = make_client(proxy.url)
    assert resumed.resume(reviewer)
    proxy.close()
    with pytest.raises(RemoteError) as caught:
        resumed.me()
    assert caught.value.code == "remote.offline"
    assert key in memory_keyring.secrets
    assert resumed.username == reviewer


def test_logout_while_offline_still_removes_the_secret(
        make_client: Make, proxy: FaultProxy, reviewer: str, memory_keyring: Any) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    proxy.close()
    client.logout()
    assert client.username is None
    assert _entry(client, reviewer) not in memory_keyring.secrets
    with pytest.raises(RemoteError) as caught:
        client.me()
    assert caught.value.code == "remote.signed_out"


@pytest.mark.parametrize(("url", "code"), [
    ("http://platform.example.cn", "remote.insecure_url"),
    ("ftp://127.0.0.1/", "remote.bad_url"),
    ("https://", "remote.bad_url"),
    ("http://proxyuser:proxypw123@127.0.0.1:8765", "remote.url_with_user"),
    ("https://proxyuser@platform.example.cn/zw", "remote.url_with_user"),
])
def test_platform_addresses_are_checked(url: str, code: str) -> None:
    with pytest.raises(RemoteError) as caught:
        PlatformClient(url)
    assert caught.value.code == code
    assert "proxypw123" not in str(caught.value.params)  # nor in the message it makes


def test_a_sign_in_held_back_after_wrong_passwords_says_how_long(
        make_client: Make, reviewer: str) -> None:
    client = make_client()
    for _ in range(MAX_FAILURES):
        with pytest.raises(RemoteError):
            client.login("zz.throttled.user", "wrong")
    with pytest.raises(RemoteError) as caught:
        client.login("zz.throttled.user", "wrong")
    # Not "the platform is busy; it will be tried again": nothing is tried again.
    assert caught.value.code == "remote.rejected"
    assert caught.value.params["server_code"] == "auth.throttled"
    wait = caught.value.params["retry_after"]
    assert f"try again in {wait} seconds" in messages.render(caught.value, "en")


def test_a_sign_in_that_cannot_finish_leaves_no_session_behind(
        sandbox: Sandbox, make_client: Make, reviewer: str, memory_keyring: Any) -> None:
    def sessions() -> dict[str, bool]:
        with sandbox.platform.engine.connect() as conn:
            return dict(conn.execute(select(db.sessions.c.id, db.sessions.c.revoked).where(
                db.sessions.c.username == reviewer)).all())

    before = sessions()
    client = make_client()
    sandbox.faults.fail("/api/v1/me", times=20, status=500)  # the login's own answer was fine
    try:
        with pytest.raises(RemoteError):
            client.login(reviewer, PASSWORD)
    finally:
        sandbox.faults.clear()
    assert client.username is None
    assert memory_keyring.secrets == {}
    # The platform's session is revoked, not left live with nobody holding it.
    assert [revoked for id_, revoked in sessions().items() if id_ not in before] == [True]


def test_loopback_http_and_https_addresses_are_accepted() -> None:
    assert PlatformClient("http://127.0.0.1:8765/").base_url == "http://127.0.0.1:8765"
    assert PlatformClient("https://Platform.example.cn/zw/").base_url == \
        "https://Platform.example.cn/zw"
