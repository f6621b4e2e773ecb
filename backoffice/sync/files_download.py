"""One file into the cache's ``partial`` folder: resumed, capped, verified by its SHA-256.

:class:`.files.FileCache` holds the hash lock and files the verified
``.part`` away; this module only brings the bytes. What our own disk cannot
take is told apart from what the network did (:func:`local_failure`).
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from backoffice.remote.errors import NOT_FOUND, REJECTED, RemoteError
from backoffice.sync.files_index import FilesError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

_log = logging.getLogger("backoffice.sync.files")

CHUNK = 1024 * 1024


class FileTransport(Protocol):
    """What the cache needs of :class:`backoffice.remote.PlatformClient`."""

    def download(self, sha256: str, out: IO[bytes], *, offset: int = 0) -> None: ...

    def upload(self, sha256: str, path: Path) -> object: ...


class OverBudget(Exception):
    """The download would not fit in what is left of a prefetch budget."""


class _CappedFile(io.FileIO):
    """A ``.part`` file that refuses to grow past ``cap`` bytes (None: no cap)."""

    cap: int | None = None

    def write(self, b: ReadableBuffer, /) -> int:
        if self.cap is not None and self.tell() + memoryview(b).nbytes > self.cap:
            raise OverBudget()
        return super().write(b)


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def local_failure(error: OSError, root: Path) -> FilesError:
    """A download that our disk could not take; the bytes that fitted stay in ``.part``."""
    if error.errno == errno.ENOSPC:
        return FilesError("files.disk_full", path=str(root))
    return FilesError("files.write_failed", path=str(root),
                      reason=error.strerror or type(error).__name__)


@contextmanager
def _open_part(part: Path, cap: int | None) -> Iterator[_CappedFile]:
    out = _CappedFile(part, "a+")  # appends after what an earlier attempt left
    out.cap = cap
    try:
        yield out
        os.fsync(out.fileno())
    finally:
        out.close()


def download_verified(client: FileTransport, name: str, part: Path, cap: int | None) -> Path:
    """``part``, holding the file ``name`` (its SHA-256); the caller holds the hash lock."""
    while True:
        offset = part.stat().st_size if part.exists() else 0
        try:
            with _open_part(part, cap) as out:
                client.download(name, out, offset=offset)
        except OverBudget:
            unlink(part)
            raise
        except RemoteError as exc:
            if offset > 0 and exc.code == REJECTED and exc.params.get("status") == 416:
                # Our partial copy is longer than the file: it was wrong, start over.
                unlink(part)
                continue
            if exc.code == NOT_FOUND or not part.exists() or part.stat().st_size == 0:
                unlink(part)
            raise
        actual = hash_file(part)
        if actual == name:
            return part
        unlink(part)
        if offset == 0:
            _log.warning("download of %s had the wrong content (%s): discarded", name, actual)
            raise FilesError("files.hash_mismatch", sha256=name, actual=actual)
        # The bytes kept from an earlier attempt were wrong: once more, whole.
        _log.info("resumed download of %s did not verify: downloading it whole", name)
