"""Sign-in: password login, rotating refresh tokens, logout, bearer checks.

A login opens a *session*. It holds short-lived access tokens
(:data:`ACCESS_TTL`) and one live refresh token at a time. ``refresh``
rotates: the presented token is marked replaced and a new one issued. A
replaced token still works for :data:`REFRESH_GRACE` seconds — the client
whose refresh response was lost retries with the old token and gets a fresh
pair instead of being signed out. Presented again after the grace period it
is treated as stolen (someone else rotated in the meantime, or a copy is
being replayed): the whole session is revoked, every access token with it
(``auth.refresh_reused``; the OAuth 2.0 Security BCP's reuse detection).
Logout revokes the session. Expired rows are removed by the janitor
(:mod:`backoffice.sandbox.janitor`, run after a login); lookups check
``expires_at`` anyway.

Throttling. After :data:`MAX_FAILURES` failed logins for one user name
within :data:`FAILURE_WINDOW` seconds, every login for that name — even with
the right password — is answered 429 ``auth.throttled`` with
``Retry-After`` until the oldest of those failures leaves the window. Names
are counted whether or not such a user exists, so the answer never tells.
"""

from __future__ import annotations

import math
import secrets
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, select, update

from backoffice.sandbox import db, security
from backoffice.sandbox.errors import ApiError

ACCESS_TTL = 15 * 60
REFRESH_TTL = 14 * 24 * 3600
REFRESH_GRACE = 60
MAX_FAILURES = 5
FAILURE_WINDOW = 300
_TRACKED_NAMES = 10_000  # past this, names with no failure in the window are forgotten

Now = Callable[[], float]


class Throttle:
    """Failed logins per user name in a sliding window (the platform's clock).

    Kept in memory, not in the database: a wrong guess must not take the
    write lock or grow a table, and a restart forgetting the count is fine
    for a sandbox.
    """

    def __init__(self, now: Now) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, name: str, now: float) -> deque[float]:
        seen = self._failures.get(name, deque())
        while seen and seen[0] <= now - FAILURE_WINDOW:
            seen.popleft()
        return seen

    def retry_after(self, name: str) -> int | None:
        """Seconds until ``name`` may try again, or None when it may now."""
        with self._lock:
            now = self._now()
            seen = self._recent(name, now)
            if len(seen) < MAX_FAILURES:
                return None
            return max(1, math.ceil(seen[-MAX_FAILURES] + FAILURE_WINDOW - now))

    def failed(self, name: str) -> None:
        with self._lock:
            now = self._now()
            if len(self._failures) >= _TRACKED_NAMES and name not in self._failures:
                self._failures = {n: q for n, q in self._failures.items()
                                  if self._recent(n, now)}
            seen = self._recent(name, now)
            seen.append(now)
            self._failures[name] = seen

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


@dataclass(frozen=True, slots=True)
class User:
    username: str
    display_name: str
    department_code: str
    roles: tuple[str, ...]
    session_id: str = ""


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: int = ACCESS_TTL
    refresh_expires_in: int = REFRESH_TTL


def _user(row: Row[Any]) -> User:
    m = row._mapping
    return User(m["username"], m["display_name"], m["department_code"],
                tuple(m["roles"].split()))


class Auth:
    def __init__(self, engine: Engine, now: Now, write_lock: threading.Lock,
                 after_login: Callable[[], object] | None = None) -> None:
        self._engine, self._now, self._lock = engine, now, write_lock
        self._after_login = after_login
        self.throttle = Throttle(now)

    def login(self, username: str, password: str) -> Tokens:
        wait = self.throttle.retry_after(username)
        if wait is not None:
            raise ApiError(429, "auth.throttled", headers={"Retry-After": str(wait)},
                           retry_after=wait)
        with self._engine.connect() as conn:
            row = conn.execute(select(db.users).where(db.users.c.username == username)).first()
        stored = row._mapping["password_hash"] if row is not None else security.DECOY_HASH
        if not security.verify_password(password, stored) or row is None:
            self.throttle.failed(username)
            raise ApiError(401, "auth.invalid_credentials")
        self.throttle.succeeded(username)
        session_id = secrets.token_hex(16)
        with self._lock, self._engine.begin() as conn:
            conn.execute(db.sessions.insert().values(
                id=session_id, username=username, created_at=int(self._now()), revoked=False))
            tokens = self._issue(conn, session_id)
        if self._after_login is not None:
            self._after_login()
        return tokens

    def _issue(self, conn: Connection, session_id: str) -> Tokens:
        now = int(self._now())
        access, refresh = security.new_token(), security.new_token()
        conn.execute(db.tokens.insert(), [
            {"token_hash": security.token_hash(access), "kind": "access",
             "session_id": session_id, "expires_at": now + ACCESS_TTL, "replaced_at": None},
            {"token_hash": security.token_hash(refresh), "kind": "refresh",
             "session_id": session_id, "expires_at": now + REFRESH_TTL, "replaced_at": None},
        ])
        return Tokens(access, refresh)

    def refresh(self, refresh_token: str) -> Tokens:
        now = int(self._now())
        reused = False
        with self._lock, self._engine.begin() as conn:
            row = conn.execute(
                select(db.tokens, db.sessions.c.revoked)
                .join(db.sessions, db.sessions.c.id == db.tokens.c.session_id)
                .where(db.tokens.c.token_hash == security.token_hash(refresh_token),
                       db.tokens.c.kind == "refresh")
            ).first()
            if row is None or row.revoked or row.expires_at <= now:
                raise ApiError(401, "auth.refresh_invalid")
            if row.replaced_at is not None and now - row.replaced_at > REFRESH_GRACE:
                # Committed (the block ends normally) although the request fails.
                self._revoke(conn, row.session_id)
                reused = True
            else:
                if row.replaced_at is None:
                    conn.execute(update(db.tokens)
                                 .where(db.tokens.c.token_hash == row.token_hash)
                                 .values(replaced_at=now))
                return self._issue(conn, row.session_id)
        assert reused
        raise ApiError(401, "auth.refresh_reused")

    def _revoke(self, conn: Connection, session_id: str) -> None:
        conn.execute(update(db.sessions)
                     .where(db.sessions.c.id == session_id).values(revoked=True))

    def logout(self, *, access_token: str | None, refresh_token: str | None) -> None:
        """Revoke the session of whichever token is given; unknown tokens are ignored."""
        hashes = [security.token_hash(t) for t in (access_token, refresh_token) if t]
        with self._lock, self._engine.begin() as conn:
            sessions = {s for (s,) in conn.execute(
                select(db.tokens.c.session_id).where(db.tokens.c.token_hash.in_(hashes)))}
            for session_id in sessions:
                self._revoke(conn, session_id)

    def authenticate(self, access_token: str | None) -> User:
        if not access_token:
            raise ApiError(401, "auth.token_missing")
        with self._engine.connect() as conn:
            row = conn.execute(
                select(db.users, db.tokens.c.expires_at, db.sessions.c.revoked,
                       db.sessions.c.id.label("session_id"))
                .select_from(db.tokens.join(db.sessions, db.sessions.c.id == db.tokens.c.session_id)
                             .join(db.users, db.users.c.username == db.sessions.c.username))
                .where(db.tokens.c.token_hash == security.token_hash(access_token),
                       db.tokens.c.kind == "access")
            ).first()
        if row is None or row.revoked or row.expires_at <= self._now():
            raise ApiError(401, "auth.token_invalid")
        user = _user(row)
        return User(user.username, user.display_name, user.department_code, user.roles,
                    row.session_id)
