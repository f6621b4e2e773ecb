"""Clean-up: expired and revoked sign-ins after logins, abandoned upload temp files at start."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from sqlalchemy import func, select
from support.sandbox_env import TODAY, Client, demo_data, seed_file

from backoffice.sandbox import auth, db, janitor
from backoffice.sandbox.app import create_app
from backoffice.sandbox.server import Sandbox, running_sandbox

NOW = dt.datetime.combine(TODAY, dt.time(10), dt.timezone(dt.timedelta(hours=8)))
USERS = [u.username for u in demo_data().users[:4]]


def _seeded(tmp_path: Path) -> Path:
    return seed_file(tmp_path / "platform.sqlite3", demo_data(), files=False)


def _sessions(sandbox: Sandbox) -> list[tuple[str, int]]:
    """(username, token rows) of every session, sorted."""
    s, t = db.sessions.c, db.tokens.c
    with sandbox.platform.engine.connect() as conn:
        rows = conn.execute(select(s.username, func.count(t.token_hash))
                            .select_from(db.sessions.outerjoin(db.tokens, t.session_id == s.id))
                            .group_by(s.id, s.username)).all()
    return sorted((name, count) for name, count in rows)


def test_logins_sweep_expired_and_revoked_sign_ins_at_most_hourly(tmp_path: Path) -> None:
    now = [NOW]
    with running_sandbox(str(_seeded(tmp_path)), clock=lambda: now[0]) as sandbox:
        old, revoked, kept, late = (Client(sandbox.url, u) for u in USERS)
        old.login()
        revoked.login()
        assert revoked.post("/auth/logout", {}).status_code == 204
        assert _sessions(sandbox) == sorted([(USERS[0], 2), (USERS[1], 2)])
        now[0] += dt.timedelta(seconds=auth.REFRESH_TTL + 1)  # old's refresh token expires
        kept.login()  # the first login an hour after start-up sweeps
        assert _sessions(sandbox) == [(USERS[2], 2)]
        assert kept.get("/me").status_code == 200
        assert late.login().post("/auth/logout", {}).status_code == 204
        now[0] += dt.timedelta(seconds=janitor.INTERVAL - 1)
        kept.login()  # within the hour: no sweep, the revoked session stays
        assert (USERS[3], 2) in _sessions(sandbox)
        now[0] += dt.timedelta(seconds=1)
        old.login()
        # kept's first access token expired meanwhile, not its refresh token.
        assert _sessions(sandbox) == sorted([(USERS[0], 2), (USERS[2], 1), (USERS[2], 2)])
        assert kept.get("/me").status_code == 200 and old.get("/me").status_code == 200


def test_start_up_removes_abandoned_temp_files_only(tmp_path: Path) -> None:
    path = _seeded(tmp_path)
    blobs = tmp_path / "files"
    (blobs / "ab").mkdir(parents=True)
    abandoned = [blobs / ".upload-k2j3", blobs / "ab" / ".part-9x"]
    fresh = blobs / ".upload-now"  # an upload still streaming
    stored = blobs / "ab" / ("c" * 62)  # a file, however old, is never a temp file
    for file in (*abandoned, fresh, stored):
        file.write_bytes(b"bytes")
    long_ago = time.time() - janitor.TEMP_AGE - 60
    for file in (*abandoned, stored):
        os.utime(file, (long_ago, long_ago))
    app = create_app(str(path))
    try:
        assert not any(f.exists() for f in abandoned)
        assert fresh.exists() and stored.exists()
        assert app.state.platform.janitor.blob_dir == blobs
    finally:
        app.state.platform.engine.dispose()
