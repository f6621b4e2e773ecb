"""The file cache: content-addressed, verified, resumable, bounded, pinned.

Downloads and uploads go through the real ``PlatformClient`` to the real
sandbox on loopback; what crossed the wire is read from a response hook on
the client's own session.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import requests
from support.platform_env import start

from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Applicant, ApplicantKind, Case, CaseKind, Material, ReviewTask
from backoffice.domain.states import CaseStatus, TaskStatus
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.http import HttpSettings, SinkFailed, build_session
from backoffice.sandbox.demo import DemoData, generate
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.files import (
    INDEX_NAME,
    PIN_FIELD,
    PIN_UPLOAD,
    FileCache,
    FilesError,
    default_root,
    inbox_prefetch_order,
)
from backoffice.sync.files_index import Index

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "demo-Password-1"
TODAY = dt.date(2025, 3, 3)
LIVE = ("unclaimed", "in_review", "awaiting_applicant", "suspended", "opinion_given")
# Retries without waiting: a failure shows at once.
FAST = HttpSettings(connect_timeout=5.0, read_timeout=10.0, total_timeout=30.0,
                    retries=1, backoff_factor=0.0, backoff_max=0.0, backoff_jitter=0.0)
DATA: DemoData = generate(cases=20, seed=1, today=TODAY)


def _departments_of(case_code: str) -> set[str]:
    case = next(c for c in DATA.cases if c.case_code == case_code)
    return {case.lead_department} | {t.department_code for t in DATA.tasks
                                     if t.case_code == case_code and t.status.value in LIVE}


def _visible_files() -> tuple[str, list[str]]:
    """The department that may download the most demo files, and those files."""
    seen: dict[str, list[str]] = {}
    for m in DATA.materials:
        if m.file_sha256 and m.department_code in _departments_of(m.case_code):
            found = seen.setdefault(m.department_code, [])
            if m.file_sha256 not in found:
                found.append(m.file_sha256)
    department = max(sorted(seen), key=lambda d: len(seen[d]))
    return department, seen[department]


DEPARTMENT, FILES = _visible_files()
REVIEWER = next(u.username for u in DATA.users
                if u.department_code == DEPARTMENT and "reviewer" in u.roles)
assert len(FILES) >= 12
# Each test downloads its own files, so the module's one platform needs no resetting.
(F_FETCH, F_RESUME, F_CORRUPT, F_WRONG, F_THREADS, F_EVICT1, F_EVICT2, F_EVICT3,
 F_PRE1, F_PRE2, F_PRE3, F_PRE4) = FILES[:12]


def content(sha: str) -> bytes:
    return DATA.files[sha]


@dataclass
class Platform:
    sandbox: Sandbox
    blobs: Path  # where the sandbox keeps the bytes it serves


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    path = tmp_path_factory.mktemp("platform") / "platform.sqlite3"
    for running in start(path, DATA):
        yield Platform(running, path.parent / "files")


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    range: str | None
    status: int
    length: int | None


class Wire:
    """A signed-in client and every request it sent."""

    def __init__(self, url: str, username: str | None = REVIEWER,
                 settings: HttpSettings = FAST) -> None:
        self.seen: list[Seen] = []
        session = build_session(settings)
        session.hooks["response"].append(self._record)
        self.client = PlatformClient(url, settings=settings, session=session)
        if username is not None:
            self.client.login(username, PASSWORD)

    def _record(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        length = response.headers.get("Content-Length")
        self.seen.append(Seen(str(response.request.method),
                              urllib.parse.urlsplit(response.request.url).path,
                              response.request.headers.get("Range"), response.status_code,
                              int(length) if length else None))

    def downloads(self, sha: str) -> list[Seen]:
        return [s for s in self.seen if s.method == "GET" and s.path.endswith(f"/files/{sha}")]


@pytest.fixture
def wire(platform: Platform) -> Wire:
    return Wire(platform.sandbox.url)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[FileCache]:
    with FileCache(tmp_path / "cache", limit_bytes=10 * 1024 * 1024) as opened:
        yield opened


def offline_client() -> PlatformClient:
    """Signed in (a stored refresh token) to a platform that is not there."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = PlatformClient(f"http://127.0.0.1:{port}", settings=replace(FAST, retries=0))
    client.credentials.save("nobody", "refresh-token-of-nobody")
    assert client.resume("nobody")
    return client


def unknown_sha() -> str:
    return hashlib.sha256(uuid.uuid4().bytes).hexdigest()


# --- download ---------------------------------------------------------------------------


def test_fetch_downloads_verifies_and_files_by_content(cache: FileCache, wire: Wire) -> None:
    path = cache.fetch(wire.client, F_FETCH)

    assert path == cache.root / F_FETCH[:2] / F_FETCH
    assert path.read_bytes() == content(F_FETCH)
    assert cache.path(F_FETCH) == path and cache.has(F_FETCH)
    assert not cache.part_path(F_FETCH).exists()
    [download] = wire.downloads(F_FETCH)
    assert download.range is None and download.status == 200

    assert cache.fetch(wire.client, F_FETCH) == path  # from the cache: no second request
    assert len(wire.downloads(F_FETCH)) == 1
    status = cache.status()
    assert (status.files, status.total_bytes, status.pinned_bytes) == (1, len(content(F_FETCH)), 0)


def test_an_interrupted_download_resumes_with_range(cache: FileCache, wire: Wire) -> None:
    whole = content(F_RESUME)
    half = len(whole) // 2
    # What a killed process or a dropped connection leaves behind.
    cache.part_path(F_RESUME).write_bytes(whole[:half])

    path = cache.fetch(wire.client, F_RESUME)

    assert path.read_bytes() == whole
    [download] = wire.downloads(F_RESUME)
    assert download.range == f"bytes={half}-"
    assert (download.status, download.length) == (206, len(whole) - half)
    assert not cache.part_path(F_RESUME).exists()


def test_a_corrupt_partial_download_is_replaced_by_a_whole_one(cache: FileCache,
                                                                wire: Wire) -> None:
    whole = content(F_CORRUPT)
    cache.part_path(F_CORRUPT).write_bytes(b"\0" * (len(whole) // 2))

    path = cache.fetch(wire.client, F_CORRUPT)

    assert path.read_bytes() == whole
    first, second = wire.downloads(F_CORRUPT)
    assert first.range is not None and first.status == 206
    assert second.range is None and second.status == 200


def test_a_partial_download_longer_than_the_file_starts_over(cache: FileCache,
                                                             wire: Wire) -> None:
    cache.part_path(F_CORRUPT).write_bytes(b"x" * (len(content(F_CORRUPT)) + 10))

    assert cache.fetch(wire.client, F_CORRUPT).read_bytes() == content(F_CORRUPT)
    assert [d.status for d in wire.downloads(F_CORRUPT)] == [416, 200]


def test_wrong_bytes_from_the_platform_are_refused_and_not_kept(cache: FileCache, wire: Wire,
                                                                platform: Platform) -> None:
    blob = platform.blobs / F_WRONG[:2] / F_WRONG[2:]
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(b"not the material you are looking for")
    try:
        with pytest.raises(FilesError) as caught:
            cache.fetch(wire.client, F_WRONG)
    finally:
        blob.unlink()  # the sandbox draws the real one again on the next request

    assert caught.value.code == "files.hash_mismatch"
    assert caught.value.params["sha256"] == F_WRONG
    assert not cache.has(F_WRONG) and cache.path(F_WRONG) is None
    assert not (cache.root / F_WRONG[:2] / F_WRONG).exists()
    assert not cache.part_path(F_WRONG).exists()
    assert cache.status().files == 0
    # Once the platform serves the right bytes, the same call works.
    assert cache.fetch(wire.client, F_WRONG).read_bytes() == content(F_WRONG)


def test_a_missing_file_is_not_found_and_leaves_nothing(cache: FileCache, wire: Wire) -> None:
    missing = unknown_sha()
    with pytest.raises(RemoteError) as caught:
        cache.fetch(wire.client, missing)
    assert caught.value.code == "remote.not_found"
    assert not cache.part_path(missing).exists() and not cache.has(missing)


class NoNetwork:
    """A transport that must not be used."""

    def __init__(self) -> None:
        self.calls = 0

    def download(self, sha256: str, out: Any, *, offset: int = 0) -> None:
        self.calls += 1

    def upload(self, sha256: str, path: Path, *, resume: Any = None) -> object:
        self.calls += 1
        return None


BAD_NAMES: list[object] = [
    "../../../etc/passwd", "../" + "a" * 61, "ab/" + "c" * 61, "ab\\" + "c" * 61,
    "A" * 64, "a" * 63, "a" * 65, "a" * 64 + "\n", "\n" + "a" * 64, "g" * 64, " " + "a" * 63,
    "/" + "a" * 63, "", 0xABC, None, b"a" * 64,
]


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_names_that_are_not_a_sha256_never_become_paths(cache: FileCache, name: Any) -> None:
    before = sorted(p.relative_to(cache.root) for p in cache.root.rglob("*"))
    transport = NoNetwork()
    for call in (lambda: cache.path(name), lambda: cache.has(name),
                 lambda: cache.fetch(transport, name), lambda: cache.pin(name, PIN_FIELD),
                 lambda: cache.unpin(name, PIN_FIELD), lambda: cache.part_path(name)):
        with pytest.raises(FilesError) as caught:
            call()
        assert caught.value.code == "files.bad_hash"
    assert transport.calls == 0
    assert sorted(p.relative_to(cache.root) for p in cache.root.rglob("*")) == before


def test_two_threads_fetching_one_file_download_it_once(tmp_path: Path, wire: Wire) -> None:
    root = tmp_path / "cache"
    # Two caches on one folder: what two processes (the app and a scheduled sync) do.
    caches = [FileCache(root, limit_bytes=10**7), FileCache(root, limit_bytes=10**7)]
    start = threading.Barrier(4)
    results: list[Path] = []
    errors: list[BaseException] = []

    def run(cache: FileCache) -> None:
        start.wait()
        try:
            results.append(cache.fetch(wire.client, F_THREADS))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in caches * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in caches:
        c.close()

    assert errors == []
    assert len(results) == 4 and len(set(results)) == 1
    assert results[0].read_bytes() == content(F_THREADS)
    assert len(wire.downloads(F_THREADS)) == 1
    assert not any(p.suffix in (".part", ".lock") for p in (root / "partial").iterdir())


# --- eviction and pins ---------------------------------------------------------------------


def test_eviction_takes_the_least_recently_used_unpinned_files(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache", limit_bytes=1000)
    a, b, c = (cache.add_local(bytes([n]) * 300, pin=None) for n in (1, 2, 3))
    assert cache.path(a) is not None  # a is now the most recently used
    cache.pin(b, PIN_FIELD)

    d = cache.add_local(b"d" * 300)  # a photo: pinned for upload; 1,200 bytes > 1,000

    assert [cache.has(x) for x in (a, b, c, d)] == [True, True, False, True]
    assert cache.pins(d) == {PIN_UPLOAD} and cache.pins(b) == {PIN_FIELD}
    assert cache.evict(target_bytes=0) == [a]  # everything else is pinned
    status = cache.status()
    assert (status.files, status.total_bytes, status.pinned_bytes) == (2, 600, 600)
    assert cache.unpin(b, PIN_FIELD) and not cache.unpin(b, PIN_FIELD)
    assert cache.evict(target_bytes=0) == [b]
    assert cache.has(d) and cache.status().pending_uploads == 1
    cache.close()


def test_a_pinned_file_is_kept_even_over_the_limit(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "cache", limit_bytes=10)
    photo = cache.add_local(b"p" * 100)
    assert cache.evict() == [] and cache.has(photo)
    assert cache.status().total_bytes == 100 > cache.status().limit_bytes
    with pytest.raises(FilesError) as caught:
        cache.pin(unknown_sha(), PIN_FIELD)
    assert caught.value.code == "files.not_cached"
    cache.close()


def test_fetch_evicts_older_files_but_never_the_one_it_returns(tmp_path: Path,
                                                               wire: Wire) -> None:
    sizes = {sha: len(content(sha)) for sha in (F_EVICT1, F_EVICT2, F_EVICT3)}
    cache = FileCache(tmp_path / "cache", limit_bytes=sizes[F_EVICT1] + sizes[F_EVICT2])
    cache.fetch(wire.client, F_EVICT1)
    cache.fetch(wire.client, F_EVICT2, pin=PIN_FIELD)
    cache.fetch(wire.client, F_EVICT3)
    assert [cache.has(s) for s in (F_EVICT1, F_EVICT2, F_EVICT3)] == [False, True, True]
    cache.close()

    tiny = FileCache(tmp_path / "tiny", limit_bytes=1)
    assert tiny.fetch(wire.client, F_EVICT1).read_bytes() == content(F_EVICT1)
    assert tiny.fetch(wire.client, F_EVICT2).read_bytes() == content(F_EVICT2)
    assert not tiny.has(F_EVICT1)
    tiny.close()


# --- the index across restarts -----------------------------------------------------------


def test_the_index_survives_a_restart_and_reconciles_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    with FileCache(root, limit_bytes=10**6) as cache:
        old, photo, gone = (cache.add_local(f"file {n}".encode() * 50, pin=None)
                            for n in range(3))
        cache.pin(photo, PIN_UPLOAD)
        newest = cache.add_local(b"newest" * 50, pin=PIN_FIELD)
    stray_bytes = b"moved in place just before a crash"
    stray = hashlib.sha256(stray_bytes).hexdigest()
    (root / stray[:2]).mkdir(exist_ok=True)
    (root / stray[:2] / stray).write_bytes(stray_bytes)
    liar = hashlib.sha256(b"something else").hexdigest()
    (root / liar[:2]).mkdir(exist_ok=True)
    (root / liar[:2] / liar).write_bytes(b"not what the name says")
    (root / gone[:2] / gone).unlink()
    notes = root / old[:2] / "notes.txt"
    notes.write_text("not ours")
    stale_tmp = root / "partial" / "local-0123.tmp"
    stale_tmp.write_bytes(b"half a photo")
    os.utime(stale_tmp, (0, 0))

    with FileCache(root, limit_bytes=10**6) as cache:
        assert cache.pins(photo) == {PIN_UPLOAD} and cache.pins(newest) == {PIN_FIELD}
        assert cache.pending_uploads() == [photo]
        assert not cache.has(gone) and cache.has(old) and cache.has(stray)
        assert not (root / liar[:2] / liar).exists()
        assert notes.exists() and not stale_tmp.exists()
        assert cache.status().files == 4
        # The adopted stray goes first, then by last use: old before photo and newest.
        assert cache.evict(target_bytes=0) == [stray, old]


def test_a_killed_process_leaves_the_index_consistent(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    child = ("import sys, uuid\n"
             "from pathlib import Path\n"
             "from backoffice.sync.files import FileCache\n"
             "cache = FileCache(Path(sys.argv[1]), limit_bytes=10**9)\n"
             "while True:\n"
             "    print(cache.add_local(uuid.uuid4().bytes * 256), flush=True)\n")
    reported: list[str] = []
    for kill_after in (1, 7, 20):
        proc = subprocess.Popen([sys.executable, "-c", child, str(root)], cwd=REPO,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for _ in range(kill_after):
            reported.append(proc.stdout.readline().strip())
        proc.kill()
        proc.wait()
        proc.stdout.close()

    with FileCache(root, limit_bytes=10**9) as cache:
        pending = set(cache.pending_uploads())
        # Every photo add_local returned is there, whole and pinned; none half-made.
        assert set(reported) <= pending
        for sha in pending:
            path = cache.path(sha)
            assert path is not None and hashlib.sha256(path.read_bytes()).hexdigest() == sha
    with sqlite3.connect(root / INDEX_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_unreadable_index_is_reported_not_rebuilt(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    root.mkdir()
    (root / INDEX_NAME).write_bytes(b"this is not a database, but it holds pins" * 100)
    with pytest.raises(FilesError) as caught:
        FileCache(root, limit_bytes=1)
    assert caught.value.code == "files.index_unusable"
    assert (root / INDEX_NAME).read_bytes().startswith(b"this is not a database")


def test_the_default_root_is_per_profile(data_dir: Path) -> None:
    assert default_root() == data_dir / "files"
    assert default_root("platform-user") == data_dir / "profiles" / "platform-user" / "files"
    with pytest.raises(BackofficeError) as caught:
        default_root("../x")
    assert caught.value.code == "paths.invalid_profile"


# --- prefetch ---------------------------------------------------------------------------------


def test_prefetch_stops_at_the_budget_and_goes_on_after_a_missing_file(cache: FileCache,
                                                                       wire: Wire) -> None:
    missing = unknown_sha()
    order = [F_PRE1, missing, "not-a-hash", F_PRE2, F_PRE3, F_PRE4]
    budget = len(content(F_PRE1)) + len(content(F_PRE2)) + len(content(F_PRE3)) - 1

    report = cache.prefetch(wire.client, order, budget_bytes=budget, pin=PIN_FIELD)

    assert report.fetched == [F_PRE1, F_PRE2]
    assert {k: e.code for k, e in report.failed.items()} == {
        missing: "remote.not_found", "not-a-hash": "files.bad_hash"}
    assert report.stopped == "budget" and report.skipped == [F_PRE3, F_PRE4]
    assert report.bytes == cache.status().total_bytes <= budget
    assert not cache.has(F_PRE3) and not cache.part_path(F_PRE3).exists()
    assert cache.pins(F_PRE1) == {PIN_FIELD}
    assert wire.downloads(F_PRE4) == []  # nothing asked for after the budget ran out

    again = cache.prefetch(wire.client, order, budget_bytes=10**6)
    assert again.present == [F_PRE1, F_PRE2] and again.fetched == [F_PRE3, F_PRE4]
    assert again.stopped is None and again.skipped == []
    assert len(wire.downloads(F_PRE1)) == 1


def test_prefetch_counts_files_already_here_against_the_budget(cache: FileCache,
                                                               wire: Wire) -> None:
    cache.fetch(wire.client, F_PRE1)
    report = cache.prefetch(wire.client, [F_PRE1, F_PRE2],
                            budget_bytes=len(content(F_PRE1)))
    assert report.present == [F_PRE1] and report.fetched == []
    assert report.stopped == "budget" and report.skipped == [F_PRE2]
    assert wire.downloads(F_PRE2) == []


def test_prefetch_stops_when_the_proxy_is_down(cache: FileCache) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{s.getsockname()[1]}"
    client = PlatformClient("https://platform.example",
                            settings=replace(FAST, retries=0, proxies={"https": proxy}))
    client.credentials.save("nobody", "refresh-token-of-nobody")
    assert client.resume("nobody")
    report = cache.prefetch(client, [F_PRE1, F_PRE2, F_PRE3], budget_bytes=10**6)
    assert report.stopped == "remote.proxy_unreachable" and report.skipped == [F_PRE2, F_PRE3]


def test_prefetch_stops_when_offline(cache: FileCache) -> None:
    report = cache.prefetch(offline_client(), [F_PRE1, F_PRE2, F_PRE3], budget_bytes=10**6)
    assert {k: e.code for k, e in report.failed.items()} == {F_PRE1: "remote.offline"}
    assert report.stopped == "remote.offline" and report.skipped == [F_PRE2, F_PRE3]
    assert report.fetched == [] and cache.status().files == 0


class _DiskFillsUp:
    """The platform's files, onto a disk that has no room for ``full``'s bytes."""

    def __init__(self, client: PlatformClient, full: str) -> None:
        self.client, self.full = client, full

    def download(self, sha256: str, out: Any, offset: int = 0) -> None:
        if sha256 == self.full:
            raise SinkFailed(OSError(errno.ENOSPC, "No space left on device"))
        self.client.download(sha256, out, offset=offset)


def test_prefetch_stops_when_the_disk_is_full(cache: FileCache, wire: Wire) -> None:
    report = cache.prefetch(_DiskFillsUp(wire.client, F_PRE2),  # type: ignore[arg-type]
                            [F_PRE1, F_PRE2, F_PRE3], budget_bytes=10**6)
    assert report.fetched == [F_PRE1]
    assert {k: e.code for k, e in report.failed.items()} == {F_PRE2: "files.disk_full"}
    assert report.stopped == "files.disk_full" and report.skipped == [F_PRE3]
    assert wire.downloads(F_PRE3) == []  # nothing more asked for
    again = cache.prefetch(wire.client, [F_PRE1, F_PRE2, F_PRE3], budget_bytes=10**6)
    assert again.failed == {} and again.fetched == [F_PRE2, F_PRE3]


def test_an_index_on_a_full_disk_says_so(tmp_path: Path) -> None:
    index = Index(tmp_path / "index.sqlite3")
    # SQLite's max_page_count answers SQLITE_FULL as a full disk does.
    used = index._conn.execute("PRAGMA page_count").fetchone()[0]
    index._conn.execute(f"PRAGMA max_page_count = {used + 1}")
    with pytest.raises(FilesError) as caught:
        for n in range(10_000):
            index.add(hashlib.sha256(str(n).encode()).hexdigest(), n, None)
    assert caught.value.code == "files.disk_full"
    assert caught.value.params["path"] == str(tmp_path)
    assert not index._conn.in_transaction  # rolled back, usable once there is room
    index._conn.execute("PRAGMA max_page_count = 1073741823")
    index.add(hashlib.sha256(b"after").hexdigest(), 1, None)
    index.close()


def test_field_prefetch_survives_eviction(cache: FileCache, wire: Wire) -> None:
    report = cache.prefetch(wire.client, [F_PRE1, F_PRE2], budget_bytes=10**6, pin=PIN_FIELD)
    assert report.fetched == [F_PRE1, F_PRE2]
    assert cache.evict(target_bytes=0) == []
    assert cache.has(F_PRE1) and cache.has(F_PRE2)


# --- upload -------------------------------------------------------------------------------------


def test_upload_pending_uploads_unpins_and_keeps_failures(tmp_path: Path, cache: FileCache,
                                                          wire: Wire) -> None:
    photos = [cache.add_local(f"photo {uuid.uuid4()}".encode() * 100) for _ in range(2)]
    unsaved = cache.add_local(b"attached, never saved" * 100)  # no command names it
    assert cache.pending_uploads() == [*photos, unsaved]

    offline = cache.upload_pending(offline_client(), named=photos)
    assert {k: e.code for k, e in offline.failed.items()} == {photos[0]: "remote.offline"}
    assert offline.skipped == [photos[1]] and offline.uploaded == []
    assert cache.pending_uploads() == [*photos, unsaved]

    done = cache.upload_pending(wire.client, named=photos)
    assert done.uploaded == photos and done.failed == {} and done.skipped == []
    assert all(cache.pins(p) == set() for p in photos)
    assert cache.pending_uploads() == [unsaved]  # kept here, pinned, not sent
    assert cache.has(photos[0])  # still cached, now evictable like a download

    # The platform serves what went up: another cache downloads it back.
    elsewhere = FileCache(tmp_path / "elsewhere", limit_bytes=10**6)
    for photo in photos:
        assert hashlib.sha256(elsewhere.fetch(wire.client, photo).read_bytes()).hexdigest() \
            == photo
    elsewhere.close()


def test_add_local_takes_a_path_and_the_same_bytes_twice_once(tmp_path: Path,
                                                              cache: FileCache) -> None:
    source = tmp_path / "IMG_0001.jpg"
    source.write_bytes(b"\xff\xd8" + b"jpeg" * 1000)
    sha = cache.add_local(source)
    assert sha == hashlib.sha256(source.read_bytes()).hexdigest()
    assert cache.add_local(source.read_bytes(), pin=PIN_FIELD) == sha
    assert cache.pins(sha) == {PIN_UPLOAD, PIN_FIELD}
    assert cache.status().files == 1
    assert [p.name for p in (cache.root / "partial").iterdir()] == []


# --- the inbox's order -------------------------------------------------------------------------


def _case(n: int) -> Case:
    return Case(case_code=f"220100-2025-{n:06d}", service_item_code="SI-FOOD-01",
                service_item_name="食品经营许可证核发",
                applicant=Applicant("王芳（虚构）", f"2201011990010{n:05d}", ApplicantKind.PERSON,
                                    "0431-0000000"),
                lead_department="D1", kind=CaseKind.PROMISED, status=CaseStatus.IN_REVIEW,
                accepted_at=dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                promised_days=10, statutory_days=20, division_code="220100",
                site_address="长春市朝阳区人民大街1号（虚构）", version=1)


def test_inbox_prefetch_order_is_open_tasks_by_nearest_step_deadline(tmp_path: Path) -> None:
    h = {n: hashlib.sha256(n.encode()).hexdigest() for n in "abcdefg"}
    tasks = [  # (case, department, status, step due)
        (1, "D1", TaskStatus.IN_REVIEW, dt.date(2025, 3, 20)),
        (2, "D1", TaskStatus.UNCLAIMED, dt.date(2025, 3, 10)),
        (3, "D1", TaskStatus.OPINION_GIVEN, dt.date(2025, 3, 5)),
        (4, "D1", TaskStatus.TRANSFERRED, dt.date(2025, 3, 5)),
        (5, "D1", TaskStatus.WITHDRAWN, dt.date(2025, 3, 5)),
        (6, "D2", TaskStatus.IN_REVIEW, dt.date(2025, 3, 4)),
        (7, "D1", TaskStatus.SUSPENDED, dt.date(2025, 3, 25)),
        (8, "D1", TaskStatus.AWAITING_APPLICANT, dt.date(2025, 3, 15)),
    ]
    materials = [  # (case, department, file)
        (1, "D1", h["a"]), (1, "D1", None), (2, "D1", h["b"]), (2, "D1", h["c"]),
        (2, "D2", h["g"]),  # another department's material on the case
        (3, "D1", h["d"]), (4, "D1", h["d"]), (5, "D1", h["d"]), (6, "D2", h["e"]),
        (7, "D1", h["f"]), (8, "D1", h["a"]),  # the same file on two cases: once
    ]
    store = Store.open(tmp_path / "store.sqlite3")
    with store.write() as uow:
        for n in range(1, 9):
            uow.cases.upsert(_case(n))
        for i, (n, department, status, due) in enumerate(tasks):
            uow.tasks.upsert(ReviewTask(id=f"T-{i}", case_code=_case(n).case_code,
                                        department_code=department, status=status,
                                        step_days=5, step_due_date=due, version=1))
        for i, (n, department, sha) in enumerate(materials):
            uow.materials.upsert(Material(id=f"M-{i:02d}", case_code=_case(n).case_code,
                                          name="营业执照", department_code=department,
                                          file_sha256=sha, version=1))

    assert inbox_prefetch_order(store, "D1") == [h["b"], h["c"], h["a"], h["f"]]
    # g is D2's material on a case where D2 has no task.
    assert inbox_prefetch_order(store, "D2") == [h["e"]]
    assert inbox_prefetch_order(store, "D9") == []
    store.close()
