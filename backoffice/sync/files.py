"""Material files and inspection photos in a content-addressed, verified, bounded cache.

SYNC.md, principle 6: files travel apart from records, named by their
SHA-256. The record syncs first; its file follows, and a file that is not
here yet is a visible "not yet downloaded", not an error. See
``docs/files.md`` for the layout, resume, pins, eviction and prefetch.

A hash is outside input — it comes from the platform — so it is checked
(64 lower-case hex digits, nothing else) before it becomes part of a path.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol, Self

from backoffice import paths
from backoffice.domain.errors import BackofficeError
from backoffice.remote.errors import CANCELLED, OFFLINE, PROXY_UNREACHABLE, SIGNED_OUT, RemoteError
from backoffice.remote.http import SinkFailed
from backoffice.remote.uploads import UploadMemo
from backoffice.sync.files_download import (
    CHUNK,
    FileTransport,
    OverBudget,
    download_verified,
    hash_file,
    local_failure,
    unlink,
)
from backoffice.sync.files_inbox import CLOSED_TASKS, inbox_prefetch_order
from backoffice.sync.files_index import FilesError, Index
from backoffice.sync.files_lock import HashLocks

__all__ = [
    "CLOSED_TASKS", "DEFAULT_LIMIT_BYTES", "DEFAULT_PREFETCH_BYTES", "INDEX_NAME", "PARTIAL_DIR",
    "PIN_FIELD", "PIN_UPLOAD", "CacheStatus", "FileCache", "FileTransport", "FilesError",
    "PrefetchReport", "UploadReport", "UploadTransport", "check_sha256", "default_root", "inbox_prefetch_order",
]

_log = logging.getLogger("backoffice.sync.files")

PIN_UPLOAD = "upload"  # made here, not on the platform yet
PIN_FIELD = "field"  # prefetched for work away from the network
INDEX_NAME = "index.sqlite3"
PARTIAL_DIR = "partial"  # downloads in progress, local files being added, lock files
DEFAULT_LIMIT_BYTES = 2 * 1024**3
DEFAULT_PREFETCH_BYTES = 512 * 1024**2
# A download nobody resumed for this long is not coming back.
PART_MAX_AGE = 7 * 24 * 3600.0
TEMP_MAX_AGE = 24 * 3600.0
# After these, the next file would fail the same way: prefetch and upload stop.
STOPS = frozenset({OFFLINE, PROXY_UNREACHABLE, SIGNED_OUT, CANCELLED, "files.disk_full"})

_SHA256 = re.compile(r"[0-9a-f]{64}")
_REASON = re.compile(r"[a-z][a-z_]{0,31}")


class UploadTransport(Protocol):
    """What :meth:`FileCache.upload_pending` needs: an upload that can resume."""

    def upload(self, sha256: str, path: Path, *, resume: UploadMemo | None = None) -> object:
        """Store the file on the platform; ``resume`` keeps a resumable upload's id."""
        ...


class _IndexMemo:
    """The ids of resumable uploads under way, kept in the index (they survive a restart)."""

    def __init__(self, index: Index) -> None:
        self._index = index

    def recall(self, sha256: str) -> str | None:
        return self._index.upload_id(sha256)

    def remember(self, sha256: str, upload_id: str) -> None:
        self._index.set_upload_id(sha256, upload_id)

    def forget(self, sha256: str) -> None:
        self._index.clear_upload_id(sha256)


def check_sha256(value: object) -> str:
    """``value`` if it is a SHA-256 in lower-case hex, else ``files.bad_hash``."""
    if isinstance(value, str) and _SHA256.fullmatch(value):
        return value
    raise FilesError("files.bad_hash", value=repr(value)[:80])


def _check_reason(reason: str) -> str:
    if not _REASON.fullmatch(reason):
        raise ValueError(f"a pin reason is a short lower-case word, not {reason!r}")
    return reason


def default_root(profile: str = paths.DEFAULT_PROFILE) -> Path:
    """The file folder of ``profile``: beside its store, one per platform and user.

    Not shared between profiles: a photo pinned for upload must go up under
    the login of the person who took it. Not under the cache directory
    either, which the system or a clean-up tool may empty at any time: a
    photo not yet uploaded exists nowhere else.
    """
    if profile != paths.DEFAULT_PROFILE and not paths.valid_profile(profile):
        raise BackofficeError("paths.invalid_profile", profile=profile)
    return paths.store_path(profile).parent / "files"


@dataclass(frozen=True, slots=True)
class CacheStatus:
    files: int
    total_bytes: int
    pinned_files: int
    pinned_bytes: int
    limit_bytes: int
    pending_uploads: int


@dataclass(slots=True)
class PrefetchReport:
    """What one prefetch did; ``failed`` maps a hash to its error."""

    fetched: list[str] = field(default_factory=list)  # downloaded now
    present: list[str] = field(default_factory=list)  # already here (counted in the budget)
    skipped: list[str] = field(default_factory=list)  # not tried: over budget, or stopped
    failed: dict[str, BackofficeError] = field(default_factory=dict)
    bytes: int = 0  # of fetched + present
    stopped: str | None = None  # "budget", or the error code that stopped it


@dataclass(slots=True)
class UploadReport:
    uploaded: list[str] = field(default_factory=list)
    failed: dict[str, BackofficeError] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # not tried after a stopping error


def _fsync_dir(path: Path) -> None:
    if sys.platform == "win32":
        return  # directories cannot be opened; NTFS journals the rename itself
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileCache:
    """Files by SHA-256 under ``root``; unpinned ones evicted, least recently used first,
    to stay within ``limit_bytes``.

    Safe to share between threads; two processes may share ``root``.
    """

    def __init__(self, root: Path, *, limit_bytes: int = DEFAULT_LIMIT_BYTES) -> None:
        if limit_bytes < 0:
            raise ValueError("limit_bytes must not be negative")
        self.root = Path(root)
        self.limit_bytes = limit_bytes
        self._partial = self.root / PARTIAL_DIR
        self._partial.mkdir(parents=True, exist_ok=True)
        self._locks = HashLocks(self._partial)
        self._index = Index(self.root / INDEX_NAME)
        try:
            self._reconcile()
        except BaseException:
            self._index.close()
            raise

    def close(self) -> None:
        self._index.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- where things are -------------------------------------------------------------------

    def _final(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def part_path(self, sha256: str) -> Path:
        """Where a download of ``sha256`` in progress (or interrupted) keeps its bytes."""
        return self._partial / f"{check_sha256(sha256)}.part"

    def _size_on_disk(self, sha256: str) -> int | None:
        try:
            return self._final(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def _present(self, sha256: str, pin: str | None = None) -> int | None:
        """Size of a complete cached file (its use marked, ``pin`` added), or None."""
        size = self._index.touch(sha256, pin)
        if size is None:
            return None
        if self._size_on_disk(sha256) == size:
            return size
        # Deleted or cut short behind our back: forget it, it is fetched again.
        for sha, reasons in self._index.drop_where(
                lambda sha, indexed: sha == sha256 and self._size_on_disk(sha) != indexed):
            _log.warning("cached file %s vanished (pins: %s)", sha, ",".join(sorted(reasons)))
        return None

    def path(self, sha256: str) -> Path | None:
        """The file if it is here and complete (and now most recently used), else None."""
        name = check_sha256(sha256)
        return self._final(name) if self._present(name) is not None else None

    def has(self, sha256: str) -> bool:
        name = check_sha256(sha256)
        size = self._index.size(name)
        return size is not None and self._size_on_disk(name) == size

    # --- pins -------------------------------------------------------------------------------

    def pin(self, sha256: str, reason: str) -> None:
        """Keep a cached file until ``unpin(sha256, reason)``; ``files.not_cached`` if absent."""
        name, why = check_sha256(sha256), _check_reason(reason)
        if not self._index.pin(name, why):
            raise FilesError("files.not_cached", sha256=name)

    def unpin(self, sha256: str, reason: str) -> bool:
        """Drop one reason to keep the file; False if it was not pinned for it."""
        return self._index.unpin(check_sha256(sha256), _check_reason(reason))

    def pins(self, sha256: str) -> frozenset[str]:
        return self._index.pins(check_sha256(sha256))

    def pin_marks(self, reason: str) -> dict[str, tuple[int, int]]:
        """The files pinned for ``reason``, each with a mark that changes whenever the
        file is added (a photo attached again), used or pinned afresh."""
        return self._index.pin_marks(_check_reason(reason))

    def unpin_unchanged(self, sha256: str, reason: str, mark: tuple[int, int]) -> bool:
        """:meth:`unpin`, only if the file's mark is still ``mark`` (in one transaction):
        a file attached or used since it was looked at keeps its pin."""
        return self._index.unpin_unchanged(check_sha256(sha256), _check_reason(reason), mark)

    def pending_uploads(self) -> list[str]:
        """Files made here and not yet on the platform, oldest first."""
        return self._index.pinned(PIN_UPLOAD)

    # --- download ---------------------------------------------------------------------------

    def fetch(self, client: FileTransport, sha256: str, *, pin: str | None = None) -> Path:
        """The file, downloaded (resumed, verified) if it is not here; ``pin`` it too.

        Raises ``files.hash_mismatch`` for bytes that are not the file (nothing
        is kept) and :class:`RemoteError` when the platform cannot give it; the
        bytes that did arrive stay in the ``.part`` file for the next try.
        """
        return self._fetch(client, check_sha256(sha256), pin, cap=None, keep=frozenset())

    def _fetch(self, client: FileTransport, name: str, pin: str | None, *, cap: int | None,
               keep: frozenset[str]) -> Path:
        try:
            return self._fetch_here(client, name, pin, cap=cap, keep=keep)
        except SinkFailed as exc:
            raise local_failure(exc.error, self.root) from exc
        except OSError as exc:
            raise local_failure(exc, self.root) from exc

    def _fetch_here(self, client: FileTransport, name: str, pin: str | None, *,
                    cap: int | None, keep: frozenset[str]) -> Path:
        if pin is not None:
            _check_reason(pin)
        if self._present(name, pin) is None:
            with self._locks.hold(name):
                # Another thread or process may have brought it while we waited.
                if self._present(name, pin) is None:
                    part = download_verified(client, name, self._partial / f"{name}.part", cap)
                    size = part.stat().st_size
                    final = self._final(name)
                    final.parent.mkdir(exist_ok=True)
                    os.replace(part, final)
                    _fsync_dir(final.parent)
                    self._index.add(name, size, pin)
        self._evict(self.limit_bytes, keep | {name})
        return self._final(name)

    # --- local files ------------------------------------------------------------------------

    def add_local(self, source: Path | bytes, *, pin: str | None = PIN_UPLOAD) -> str:
        """Take a file made on this machine (an inspection photo); its SHA-256.

        Pinned for upload by default, so it stays until :meth:`upload_pending`
        has put it on the platform. The copy is on disk, synced, before the
        index knows it.
        """
        if pin is not None:
            _check_reason(pin)
        tmp = self._partial / f"local-{uuid.uuid4().hex}.tmp"
        digest = hashlib.sha256()
        try:
            with tmp.open("xb") as out:
                if isinstance(source, bytes):
                    digest.update(source)
                    out.write(source)
                else:
                    with Path(source).open("rb") as f:
                        for chunk in iter(lambda: f.read(CHUNK), b""):
                            digest.update(chunk)
                            out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            name = digest.hexdigest()
            size = tmp.stat().st_size
            final = self._final(name)
            # Held until the index has the pin: eviction skips a locked hash, so
            # the same bytes cached unpinned cannot vanish between check and pin.
            with self._locks.hold(name):
                if self._size_on_disk(name) != size:
                    final.parent.mkdir(exist_ok=True)
                    os.replace(tmp, final)
                    _fsync_dir(final.parent)
                self._index.add(name, size, pin)
        finally:
            unlink(tmp)
        self._evict(self.limit_bytes, frozenset({name}))
        return name

    def upload(self, client: UploadTransport, sha256: str) -> None:
        """Upload one cached file, resumably across calls and restarts, whatever its pins.

        For files that go up outside :meth:`upload_pending` (a locally sealed
        decision, uploaded by the sealer when its command is due).
        """
        path = self.path(sha256)
        if path is None:
            raise FilesError("files.not_cached", sha256=sha256)
        with self._locks.hold(sha256):
            client.upload(sha256, path, resume=_IndexMemo(self._index))

    def upload_pending(self, client: UploadTransport, *, named: Collection[str]) -> UploadReport:
        """Upload the files pinned for upload that ``named`` lists; each one that went up
        is unpinned.

        ``named`` is what the outbox names (``files_outbox.files_to_send``). A
        file pinned for upload and not named — a photo attached to a form
        that was never saved — is neither uploaded nor reported: it stays
        here, pinned, until a saved command names it.

        A file larger than one chunk goes up resumably: the platform's id of
        its upload is kept in the index from the moment it exists, so after a
        broken link, a timeout or a killed app the next call asks the
        platform how far it got and sends only the rest. The pin stays until
        the platform confirms the whole file. A failure keeps the file pinned
        and is reported for it; after ``remote.offline`` or
        ``remote.signed_out`` the rest are skipped. A file another thread or
        process is uploading right now is skipped too (its hash lock is held).
        """
        report = UploadReport()
        memo = _IndexMemo(self._index)
        wanted = frozenset(named)
        pending = [name for name in self.pending_uploads() if name in wanted]
        for i, name in enumerate(pending):
            path = self.path(name)
            if path is None:
                report.failed[name] = FilesError("files.not_cached", sha256=name)
                continue
            try:
                with self._locks.hold(name, blocking=False) as free:
                    if not free:
                        report.skipped.append(name)
                        continue
                    client.upload(name, path, resume=memo)
            except RemoteError as exc:
                report.failed[name] = self._refused(name, path, exc)
                if exc.code in STOPS:
                    report.skipped += pending[i + 1:]
                    break
                continue
            except FileNotFoundError:
                report.failed[name] = FilesError("files.not_cached", sha256=name)
                continue
            self._index.unpin(name, PIN_UPLOAD)
            report.uploaded.append(name)
        if report.uploaded or report.failed:
            _log.info("uploaded %d file(s), %d failed, %d skipped", len(report.uploaded),
                      len(report.failed), len(report.skipped))
        return report

    def _refused(self, name: str, path: Path, exc: RemoteError) -> BackofficeError:
        """The error to report; a local copy that no longer matches its name says so."""
        if exc.params.get("server_code") != "file.hash_mismatch":
            return exc
        actual = hash_file(path)
        if actual == name:
            return exc  # damaged on the way: the next sync sends it again
        _log.error("the local copy of %s does not match its name (%s): kept, pinned",
                   name, actual)
        return FilesError("files.upload_corrupt", sha256=name, actual=actual)

    # --- eviction ---------------------------------------------------------------------------

    def evict(self, target_bytes: int | None = None) -> list[str]:
        """Delete unpinned files, least recently used first, until the cache holds at most
        ``target_bytes`` (default: the limit); the hashes deleted.

        Pinned files are never deleted, so the total may stay above the target.
        """
        return self._evict(self.limit_bytes if target_bytes is None else target_bytes,
                           frozenset())

    def _evict(self, target: int, keep: frozenset[str]) -> list[str]:
        total = self._index.totals().bytes
        evicted: list[str] = []
        if total <= target:
            return evicted
        for name, size in self._index.lru_unpinned():
            if total <= target:
                break
            if name in keep:
                continue
            try:
                with self._locks.hold(name, blocking=False) as free:
                    # Busy: being added or fetched right now, so not least recently used.
                    removed = free and self._index.remove_unpinned(
                        name, partial(unlink, self._final(name)))
            except OSError as exc:  # open in another program (Windows): try the next one
                _log.info("could not evict %s: %s", name, exc)
                continue
            if removed:
                total -= size
                evicted.append(name)
        if evicted:
            _log.info("evicted %d file(s); %d bytes cached", len(evicted), total)
        return evicted

    # --- prefetch ---------------------------------------------------------------------------

    def prefetch(self, client: FileTransport, sha256s: Iterable[str], *, budget_bytes: int,
                 pin: str | None = None) -> PrefetchReport:
        """Have the files, in this order, as far as ``budget_bytes`` (and the limit) go.

        Files already here count against the budget like new ones. Sizes are
        learnt as the bytes arrive: a download that would go past what is left
        is stopped there and dropped, and the prefetch ends (the order is the
        priority, so a smaller file further down does not jump the queue).
        One file's failure does not stop the rest, except ``remote.offline``,
        ``remote.signed_out``, ``remote.cancelled`` and ``files.disk_full``.
        ``pin`` (e.g. ``"field"``) pins each file counted.
        """
        if budget_bytes < 0:
            raise ValueError("budget_bytes must not be negative")
        budget = min(budget_bytes, self.limit_bytes)
        report = PrefetchReport()
        wanted = list(dict.fromkeys(sha256s))
        kept: set[str] = set()
        for i, raw in enumerate(wanted):
            try:
                name = check_sha256(raw)
            except FilesError as exc:
                report.failed[str(raw)] = exc
                continue
            size = self._index.size(name)
            if size is not None and report.bytes + size > budget:
                report.stopped, report.skipped = "budget", wanted[i:]
                break
            if size is not None and self._present(name, pin) is not None:
                report.present.append(name)
            elif report.bytes >= budget:
                report.stopped, report.skipped = "budget", wanted[i:]
                break
            else:
                try:
                    self._fetch(client, name, pin, cap=budget - report.bytes,
                                keep=frozenset(kept))
                except OverBudget:
                    report.stopped, report.skipped = "budget", wanted[i:]
                    break
                except (RemoteError, FilesError) as exc:
                    report.failed[name] = exc
                    if exc.code in STOPS:
                        report.stopped, report.skipped = exc.code, wanted[i + 1:]
                        break
                    continue
                size = self._final(name).stat().st_size
                report.fetched.append(name)
            report.bytes += size
            kept.add(name)
        _log.info("prefetch: %d fetched, %d present, %d failed, %d skipped (%s)",
                  len(report.fetched), len(report.present), len(report.failed),
                  len(report.skipped), report.stopped or "done")
        return report

    # --- totals -----------------------------------------------------------------------------

    def status(self) -> CacheStatus:
        totals = self._index.totals()
        return CacheStatus(files=totals.files, total_bytes=totals.bytes,
                           pinned_files=totals.pinned_files, pinned_bytes=totals.pinned_bytes,
                           limit_bytes=self.limit_bytes,
                           pending_uploads=len(self._index.pinned(PIN_UPLOAD)))

    # --- start-up ---------------------------------------------------------------------------

    def _reconcile(self) -> None:
        """Make the index and the folder agree after a crash or a hand-made change."""
        for sha, reasons in self._index.drop_where(
                lambda sha, size: self._size_on_disk(sha) != size):
            level = logging.WARNING if PIN_UPLOAD in reasons else logging.INFO
            _log.log(level, "indexed file %s is gone (pins: %s)", sha, ",".join(sorted(reasons)))
        known = self._index.entries()
        for shard in self.root.iterdir():
            if len(shard.name) != 2 or not shard.is_dir():
                continue
            for path in shard.iterdir():
                name = path.name
                if name in known or not _SHA256.fullmatch(name) or name[:2] != shard.name:
                    continue  # not ours to judge: left alone
                if hash_file(path) == name:
                    # Moved in place just before a crash, or an older cache without
                    # an index: adopted, as the first to go.
                    self._index.add(name, path.stat().st_size, None, used=False)
                else:
                    _log.warning("stray file %s does not match its name: deleted", name)
                    unlink(path)
        self._sweep_partial(set(self._index.entries()))

    def _sweep_partial(self, cached: set[str]) -> None:
        now = time.time()
        for path in self._partial.iterdir():
            stem, suffix = path.stem, path.suffix
            try:
                age = now - path.stat().st_mtime
            except FileNotFoundError:
                continue
            if suffix == ".tmp" and age > TEMP_MAX_AGE:
                unlink(path)
            elif suffix in (".part", ".lock") and _SHA256.fullmatch(stem):
                if suffix == ".part" and stem not in cached and age <= PART_MAX_AGE:
                    continue  # kept for the next fetch to resume
                with self._locks.hold(stem, blocking=False) as free:
                    if free and suffix == ".part":
                        unlink(path)
                    # a free .lock file was deleted by the release itself
