"""Login, /me, refresh rotation with a lost response, reuse, logout; 401 shapes."""

from __future__ import annotations

from typing import Any

import requests
from support.sandbox_env import PASSWORD, demo_data, user

from backoffice.api import v1
from backoffice.sandbox import auth
from backoffice.sandbox.server import Sandbox

API = "/api/v1"
_DEMO = demo_data()
DEPT = _DEMO.departments[0].code
REVIEWER, REVIEWER2 = (u.username for u in _DEMO.users
                       if u.department_code == DEPT and "reviewer" in u.roles)
OTHER = user(_DEMO, _DEMO.departments[1].code)
THIRD_DEPT = _DEMO.departments[2].code
THIRD = user(_DEMO, THIRD_DEPT)


def _error(r: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = v1.ErrorResponse.model_validate(r.json())
    assert body.error.code == code
    assert body.error.message.zh and body.error.message.en
    return r.json()["error"]  # type: ignore[no-any-return]


def test_login_me_and_token_shape(login: Any) -> None:
    client = login(REVIEWER)
    assert len(client.refresh) <= 64 and len(client.access) <= 64
    r = client.get("/me")
    me = v1.Me.model_validate(r.json())
    assert me.username == REVIEWER
    assert me.department.code == DEPT and me.roles == ("reviewer",)


def test_wrong_password_and_unknown_user_are_the_same_401(sandbox: Sandbox) -> None:
    for name in (REVIEWER, "nobody"):
        r = requests.post(f"{sandbox.url}{API}/auth/login",
                          json={"username": name, "password": "wrong"}, timeout=10)
        _error(r, 401, "auth.invalid_credentials")


def test_no_token_and_bad_token_are_401_with_challenge(sandbox: Sandbox) -> None:
    r = requests.get(f"{sandbox.url}{API}/me", timeout=10)
    _error(r, 401, "auth.token_missing")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    r = requests.get(f"{sandbox.url}{API}/changes", timeout=10,
                     headers={"Authorization": "Bearer not-a-token"})
    _error(r, 401, "auth.token_invalid")


def _refresh(sandbox: Sandbox, token: str) -> requests.Response:
    return requests.post(f"{sandbox.url}{API}/auth/refresh", json={"refresh_token": token},
                         timeout=10)


def test_refresh_rotates_and_a_lost_response_is_survivable(sandbox: Sandbox, login: Any) -> None:
    client = login(OTHER)
    first = client.refresh
    r1 = _refresh(sandbox, first)
    assert r1.status_code == 200
    second = r1.json()["refresh_token"]
    assert second != first
    # The response was "lost": the client retries with the old token within the grace.
    r2 = _refresh(sandbox, first)
    assert r2.status_code == 200, r2.text
    client.access = r2.json()["access_token"]
    assert client.get("/me").status_code == 200


def test_reuse_after_grace_revokes_the_session(sandbox: Sandbox, login: Any,
                                               monkeypatch: Any) -> None:
    client = login(OTHER)
    old = client.refresh
    assert _refresh(sandbox, old).status_code == 200
    platform = sandbox.platform
    real = platform.clock
    later = real() + __import__("datetime").timedelta(seconds=auth.REFRESH_GRACE + 5)
    monkeypatch.setattr(platform, "clock", lambda: later)
    _error(_refresh(sandbox, old), 401, "auth.refresh_reused")
    # The whole session is gone, access token included.
    _error(client.get("/me"), 401, "auth.token_invalid")


def test_access_token_expires(sandbox: Sandbox, login: Any, monkeypatch: Any) -> None:
    client = login(THIRD)
    later = sandbox.platform.clock() + __import__("datetime").timedelta(
        seconds=auth.ACCESS_TTL + 1)
    monkeypatch.setattr(sandbox.platform, "clock", lambda: later)
    _error(client.get("/me"), 401, "auth.token_invalid")


def test_logout_revokes_access_and_refresh(sandbox: Sandbox, login: Any) -> None:
    client = login(REVIEWER2)
    r = client.post("/auth/logout", {})
    assert r.status_code == 204
    _error(client.get("/me"), 401, "auth.token_invalid")
    _error(_refresh(sandbox, client.refresh), 401, "auth.refresh_invalid")


def _login_as(sandbox: Sandbox, username: str, password: str) -> requests.Response:
    return requests.post(f"{sandbox.url}{API}/auth/login", timeout=10,
                         json={"username": username, "password": password})


def test_failed_logins_throttle_the_name_until_the_window_passes(
        sandbox: Sandbox, monkeypatch: Any) -> None:
    import datetime as dt

    platform = sandbox.platform
    now = [platform.clock()]
    monkeypatch.setattr(platform, "clock", lambda: now[0])
    victim = next(u.username for u in _DEMO.users if u.department_code == THIRD_DEPT
                  and u.username != THIRD)
    for _ in range(auth.MAX_FAILURES):
        _error(_login_as(sandbox, victim, "guess"), 401, "auth.invalid_credentials")
        now[0] += dt.timedelta(seconds=10)
    # The right password too, while the failures are in the window.
    r = _login_as(sandbox, victim, PASSWORD)
    error = _error(r, 429, "auth.throttled")
    wait = auth.FAILURE_WINDOW - 10 * auth.MAX_FAILURES  # until the first failure leaves
    assert r.headers["Retry-After"] == str(wait) and error["details"] == {"retry_after": wait}
    assert _login_as(sandbox, THIRD, PASSWORD).status_code == 200  # other names are not
    now[0] += dt.timedelta(seconds=wait - 1)
    _error(_login_as(sandbox, victim, PASSWORD), 429, "auth.throttled")
    now[0] += dt.timedelta(seconds=1)
    assert _login_as(sandbox, victim, PASSWORD).status_code == 200
    # An unknown name is throttled the same way: the answer never tells who exists.
    for _ in range(auth.MAX_FAILURES):
        _error(_login_as(sandbox, "nobody.at.all", "guess"), 401, "auth.invalid_credentials")
    _error(_login_as(sandbox, "nobody.at.all", "guess"), 429, "auth.throttled")


def test_a_success_resets_the_count(sandbox: Sandbox, monkeypatch: Any) -> None:
    platform = sandbox.platform
    fixed = platform.clock()
    monkeypatch.setattr(platform, "clock", lambda: fixed)
    name = next(u.username for u in _DEMO.users if u.department_code == THIRD_DEPT
                and u.username not in (THIRD,))
    for _ in range(2):
        for _ in range(auth.MAX_FAILURES - 1):
            _error(_login_as(sandbox, name, "guess"), 401, "auth.invalid_credentials")
        assert _login_as(sandbox, name, PASSWORD).status_code == 200
