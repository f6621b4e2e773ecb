"""One download of a given file at a time: across threads of this process and across processes.

Two writers appending to the same ``.part`` file would interleave their
bytes, and the app and a scheduled ``backoffice sync --once`` may share a
cache folder. A lock is a thread lock (cheap, fair within the process) plus
an operating-system lock on a small lock file next to the partial
downloads. The kernel drops an OS lock when its process dies, so a killed
download never leaves a lock behind that someone would have to clean up.

Lock files are deleted on release. On POSIX that races with a process that
opened the file just before the unlink and then gets a lock on a file no
longer in the folder; so after locking we check that the path still names
the file we locked, and start again if not. Windows cannot delete a file that
is open, so there the file is left for the next release or the next start.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int, blocking: bool) -> bool:
        while True:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not blocking:
                    return False
                # msvcrt's blocking mode gives up after ten seconds; a download may take longer.
                time.sleep(0.05)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int, blocking: bool) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _acquire(path: Path, blocking: bool) -> int | None:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _lock(fd, blocking):
            os.close(fd)
            return None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        _unlock(fd)
        os.close(fd)


def _release(path: Path, fd: int) -> None:
    if sys.platform == "win32":
        _unlock(fd)
        os.close(fd)
        try:
            path.unlink()
        except OSError:
            pass  # another process has it open: it deletes it on its release
    else:
        # Unlinked while still held, so nobody can lock this file after we let go.
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        os.close(fd)


class HashLocks:
    """Locks named by SHA-256 (the caller has validated the name), files in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._guard = threading.Lock()
        self._threads: dict[str, tuple[threading.Lock, int]] = {}

    def _enter(self, sha256: str) -> threading.Lock:
        with self._guard:
            lock, users = self._threads.get(sha256, (threading.Lock(), 0))
            self._threads[sha256] = (lock, users + 1)
            return lock

    def _leave(self, sha256: str) -> None:
        with self._guard:
            lock, users = self._threads[sha256]
            if users == 1:
                del self._threads[sha256]
            else:
                self._threads[sha256] = (lock, users - 1)

    @contextmanager
    def hold(self, sha256: str, *, blocking: bool = True) -> Iterator[bool]:
        """Hold the lock of ``sha256`` inside the block; yields False if not blocking and busy."""
        lock = self._enter(sha256)
        try:
            if not lock.acquire(blocking):
                yield False
                return
            try:
                path = self.directory / f"{sha256}.lock"
                fd = _acquire(path, blocking)
                if fd is None:
                    yield False
                    return
                try:
                    yield True
                finally:
                    _release(path, fd)
            finally:
                lock.release()
        finally:
            self._leave(sha256)
