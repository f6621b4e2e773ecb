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
Logout revokes the session. Expired rows are left for a janitor; lookups
check ``expires_at``.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, select, update

from backoffice.sandbox import db, security
from backoffice.sandbox.errors import ApiError

ACCESS_TTL = 15 * 60
REFRESH_TTL = 14 * 24 * 3600
REFRESH_GRACE = 60

Now = Callable[[], float]


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
    def __init__(self, engine: Engine, now: Now, write_lock: threading.Lock) -> None:
        self._engine, self._now, self._lock = engine, now, write_lock

    def login(self, username: str, password: str) -> Tokens:
        with self._engine.connect() as conn:
            row = conn.execute(select(db.users).where(db.users.c.username == username)).first()
        stored = row._mapping["password_hash"] if row is not None else security.DECOY_HASH
        if not security.verify_password(password, stored) or row is None:
            raise ApiError(401, "auth.invalid_credentials")
        session_id = secrets.token_hex(16)
        with self._lock, self._engine.begin() as conn:
            conn.execute(db.sessions.insert().values(
                id=session_id, username=username, created_at=int(self._now()), revoked=False))
            return self._issue(conn, session_id)

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
