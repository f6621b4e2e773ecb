"""What the platform still honours of a user's sign-ins: revoked or not, as it says."""

from __future__ import annotations

from sqlalchemy import func, select

from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox


def live_sessions(sandbox: Sandbox, username: str) -> int:
    """The user's sign-ins the platform has not revoked."""
    with sandbox.platform.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(db.sessions).where(
            db.sessions.c.username == username, db.sessions.c.revoked.is_(False))).scalar_one())
