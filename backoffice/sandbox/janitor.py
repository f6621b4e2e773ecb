"""Clean-up: expired sign-ins and the temporary files of uploads that never finished.

When. At start-up (:class:`~backoffice.sandbox.platform.Platform` sweeps once
when it opens the database) and after a login, at most once per
:data:`INTERVAL` of the platform's clock. After a login because logins are
what write token rows, so the tables stay bounded by the rate of sign-ins
without a background thread that every test and shutdown would have to
stop; at start-up because a server that was killed leaves temp files that
no request will ever finish.

What. Token rows past ``expires_at``, and every token of a revoked session
(useless: the session check refuses them); then sessions with no token left.
A presented token that was deleted gets the same answer as before
(``auth.token_invalid`` / ``auth.refresh_invalid``). In the blob directory,
temp files (``.upload-*`` of streamed uploads, ``.part-*`` of blobs being
written) not modified for :data:`TEMP_AGE` seconds: an upload in progress
writes to its file all the time, so an old one belongs to no live request.
Resumable uploads (:mod:`backoffice.sandbox.uploads`, ``.uploads/<id>.json``
and ``<id>.part``) live longer — a client resumes one days later — and go
once neither file was written for :data:`~backoffice.sandbox.uploads.EXPIRES_AFTER`
(finished ones too: their record only answers a client whose last answer was
lost); a stray ``.part``, ``.json-tmp`` or unreadable record after
:data:`TEMP_AGE`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, exists, or_, select

from backoffice.sandbox import db

INTERVAL = 3600  # seconds of the platform's clock between sweeps after logins
TEMP_AGE = 3600  # seconds since a temp file was last written
_TEMP_PATTERNS = (".upload-*", ".part-*", "*/.part-*")


@dataclass(frozen=True, slots=True)
class Swept:
    tokens: int
    sessions: int
    temp_files: int  # including expired resumable uploads (each counts its files)


class Janitor:
    def __init__(self, engine: Engine, now: Callable[[], float], write_lock: threading.Lock,
                 blob_dir: Path) -> None:
        self._engine, self._now, self._lock, self.blob_dir = engine, now, write_lock, blob_dir
        self._last: float | None = None
        self._guard = threading.Lock()

    def maybe_sweep(self) -> Swept | None:
        """Sweep unless one ran within :data:`INTERVAL` (either way: a test may move
        the clock back, and expiry is judged by that clock)."""
        with self._guard:
            now = self._now()
            if self._last is not None and abs(now - self._last) < INTERVAL:
                return None
            self._last = now
        return self.sweep()

    def sweep(self) -> Swept:
        now = int(self._now())
        with self._guard:
            self._last = now
        t, s = db.tokens.c, db.sessions.c
        with self._lock, self._engine.begin() as conn:
            revoked = select(s.id).where(s.revoked.is_(True)).scalar_subquery()
            tokens = conn.execute(delete(db.tokens).where(
                or_(t.expires_at <= now, t.session_id.in_(revoked)))).rowcount
            sessions = conn.execute(delete(db.sessions).where(
                ~exists().where(t.session_id == s.id))).rowcount
        return Swept(tokens, sessions, self._sweep_temp_files() + self._sweep_uploads())

    def _sweep_temp_files(self) -> int:
        # File times are the file system's: compared with the machine's clock,
        # not the platform's (which tests move).
        cutoff, removed = time.time() - TEMP_AGE, 0
        for pattern in _TEMP_PATTERNS:
            for path in self.blob_dir.glob(pattern):
                try:
                    if path.is_file() and path.stat().st_mtime < cutoff:
                        os.unlink(path)
                        removed += 1
                except OSError:
                    continue  # gone meanwhile, or not ours to remove: next time
        return removed

    def _sweep_uploads(self) -> int:
        from backoffice.sandbox.uploads import _ID_RE, EXPIRES_AFTER, UPLOAD_DIR

        folder = self.blob_dir / UPLOAD_DIR
        if not folder.is_dir():
            return 0
        now, removed = time.time(), 0
        by_id: dict[str, list[Path]] = {}
        for path in folder.iterdir():
            by_id.setdefault(path.name.partition(".")[0], []).append(path)
        for upload_id, found in by_id.items():
            try:
                newest = max(p.stat().st_mtime for p in found)
            except OSError:
                continue  # gone meanwhile: next time
            has_record = any(p.suffix == ".json" for p in found)
            age = EXPIRES_AFTER if has_record and _ID_RE.fullmatch(upload_id) else TEMP_AGE
            if now - newest < age:
                continue
            for path in found:
                try:
                    if path.is_file():
                        os.unlink(path)
                        removed += 1
                except OSError:
                    continue
        return removed
