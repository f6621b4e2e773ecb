"""Resumable uploads (tus 1.0) over real HTTP: create, offset, chunks, verify, limits, restart."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select
from support.sandbox_env import PASSWORD, TODAY, case_departments, demo_data, user

from backoffice.api import v1
from backoffice.sandbox import db, files, uploads
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox

API = "/api/v1"
LIMIT = 2 * 1024 * 1024
_DEMO = demo_data()
MATERIAL = next(m for m in _DEMO.materials if m.file_sha256 and
                len(case_departments(_DEMO, m.case_code)) > 1)
OWNER = user(_DEMO, MATERIAL.department_code)
OUTSIDER = user(_DEMO, next(d.code for d in _DEMO.departments
                            if d.code not in case_departments(_DEMO, MATERIAL.case_code)))
COORDINATOR = next(u.username for u in _DEMO.users if u.roles == ("coordinator",))


def _seeded(path: Path) -> str:
    engine = db.make_engine(path)
    seed(engine, _DEMO, password=PASSWORD, today=TODAY)
    files.register_demo_files(engine, _DEMO)
    engine.dispose()
    return str(path)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _seeded(tmp_path_factory.mktemp("uploads") / "platform.sqlite3")


@pytest.fixture(scope="module")
def platform(db_path: str) -> Iterator[Sandbox]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv(files.ENV_MAX_FILE, str(LIMIT))
        with running_sandbox(db_path) as running:
            yield running


class Tus:
    """A bare tus client over requests, one user."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        r = requests.post(f"{base}{API}/auth/login", timeout=10,
                          json={"username": username, "password": PASSWORD})
        assert r.status_code == 200, r.text
        self.auth = {"Authorization": f"Bearer {r.json()['access_token']}",
                     "Tus-Resumable": "1.0.0"}

    def create(self, sha: str, length: int, media: str = "image/jpeg",
               **headers: str) -> requests.Response:
        meta = (f"sha256 {base64.b64encode(sha.encode()).decode()},"
                f"content_type {base64.b64encode(media.encode()).decode()}")
        return requests.post(f"{self.base}{API}/uploads", timeout=10, headers={
            **self.auth, "Upload-Length": str(length), "Upload-Metadata": meta, **headers})

    def url(self, created: requests.Response) -> str:
        assert created.status_code == 201, created.text
        location = created.headers["Location"]
        assert location.startswith(f"{API}/uploads/")
        return f"{self.base}{location}"

    def head(self, url: str) -> requests.Response:
        return requests.head(url, headers=self.auth, timeout=10)

    def offset(self, url: str) -> int:
        r = self.head(url)
        assert r.status_code == 200, r.status_code
        assert r.headers["Cache-Control"] == "no-store"
        return int(r.headers["Upload-Offset"])

    def patch(self, url: str, offset: int, data: bytes, *, checksum: bytes | None = None,
              **headers: str) -> requests.Response:
        sent = {**self.auth, "Content-Type": uploads.OFFSET_MEDIA,
                "Upload-Offset": str(offset), **headers}
        if checksum is not None:
            sent["Upload-Checksum"] = f"sha256 {base64.b64encode(checksum).decode()}"
        return requests.patch(url, data=data, headers=sent, timeout=30)

    def file(self, sha: str) -> requests.Response:
        return requests.get(f"{self.base}{API}/files/{sha}", headers=self.auth, timeout=10)


def _error(r: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers.get("Tus-Resumable") == "1.0.0"  # tus: on every answer, errors too
    body = v1.ErrorResponse.model_validate(r.json())
    assert body.error.code == code, body
    return r.json()["error"]  # type: ignore[no-any-return]


def _photo(size: int, seed: int = 0) -> tuple[bytes, str]:
    content = (hashlib.sha256(f"photo-{seed}".encode()).digest() * (size // 32 + 1))[:size]
    return content, hashlib.sha256(content).hexdigest()


def _upload_dir(sandbox: Sandbox) -> Path:
    return files.FileStore.for_engine(sandbox.platform.engine).blob_dir / uploads.UPLOAD_DIR


def test_discovery_says_tus_1_with_its_extensions(platform: Sandbox) -> None:
    r = requests.options(f"{platform.url}{API}/uploads", timeout=10)
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) == {
        "creation", "termination", "checksum", "expiration"}
    assert r.headers["Tus-Checksum-Algorithm"] == "sha256"
    assert int(r.headers["Tus-Max-Size"]) == LIMIT


def test_chunks_with_checksums_store_the_file_under_its_hash(platform: Sandbox) -> None:
    tus = Tus(platform.url, OWNER)
    content, sha = _photo(300_000, seed=1)
    url = tus.url(tus.create(sha, len(content)))
    assert tus.offset(url) == 0
    offset = 0
    for start in range(0, len(content), 128 * 1024):
        chunk = content[start:start + 128 * 1024]
        r = tus.patch(url, offset, chunk, checksum=hashlib.sha256(chunk).digest())
        assert r.status_code == 204, r.text
        offset = int(r.headers["Upload-Offset"])
        assert offset == start + len(chunk)
        assert r.headers["Tus-Resumable"] == "1.0.0" and "Upload-Expires" in r.headers
    got = tus.file(sha)
    assert got.status_code == 200 and got.content == content
    assert got.headers["Content-Type"] == "image/jpeg"
    # The finished upload still answers: a client whose last answer was lost learns it.
    assert tus.offset(url) == len(content)
    assert not any(p.suffix == ".part" for p in _upload_dir(platform).iterdir())
    # The same file again: already stored and readable, nothing to send.
    again = tus.create(sha, len(content))
    assert again.status_code == 200 and "Location" not in again.headers
    assert v1.FileInfo.model_validate(again.json()) == v1.FileInfo(
        sha256=sha, size=len(content), content_type="image/jpeg")


def test_a_file_the_department_reads_already_is_a_no_op(platform: Sandbox) -> None:
    # The department's own material (a seeded demo file, drawn on first use):
    # nothing to send, and it now counts as the department's upload (a part may
    # name it as a photo).
    sha = MATERIAL.file_sha256
    r = Tus(platform.url, OWNER).create(sha, len(_DEMO.files[sha]), media="image/png")
    assert r.status_code == 200 and "Location" not in r.headers
    assert v1.FileInfo.model_validate(r.json()).sha256 == sha
    refs = db.file_refs.c
    with platform.platform.engine.connect() as conn:
        assert conn.execute(select(refs.id).where(
            refs.sha256 == sha, refs.entity == "upload",
            refs.id == MATERIAL.department_code)).first() is not None


def test_knowing_a_hash_is_not_having_the_file(platform: Sandbox) -> None:
    # Another department's material: its hash alone does not make the outsider's
    # department a reader; it must send the bytes like anyone.
    tus = Tus(platform.url, OUTSIDER)
    sha = MATERIAL.file_sha256
    assert tus.file(sha).status_code == 404
    created = tus.create(sha, 1000)
    assert created.status_code == 201
    requests.delete(tus.url(created), headers=tus.auth, timeout=10)


def test_a_wrong_offset_is_refused_with_the_platforms(platform: Sandbox) -> None:
    tus = Tus(platform.url, OWNER)
    content, sha = _photo(5000, seed=2)
    url = tus.url(tus.create(sha, len(content)))
    assert tus.patch(url, 0, content[:1000]).status_code == 204
    r = tus.patch(url, 0, content[:1000])
    error = _error(r, 409, "upload.offset_mismatch")
    assert error["details"]["offset"] == 1000 and r.headers["Upload-Offset"] == "1000"
    assert tus.offset(url) == 1000


def test_a_chunk_that_fails_its_checksum_is_dropped(platform: Sandbox) -> None:
    tus = Tus(platform.url, OWNER)
    content, sha = _photo(5000, seed=3)
    url = tus.url(tus.create(sha, len(content)))
    r = tus.patch(url, 0, content[:2000], checksum=hashlib.sha256(b"other").digest())
    _error(r, 460, "upload.checksum_mismatch")
    assert tus.offset(url) == 0
    _error(tus.patch(url, 0, content[:10], **{"Upload-Checksum": "md5 AAAA"}), 400,
           "upload.checksum_unsupported")


def test_a_wrong_final_hash_is_refused_and_nothing_is_stored(platform: Sandbox) -> None:
    tus = Tus(platform.url, OWNER)
    content, sha = _photo(200_000, seed=4)
    url = tus.url(tus.create(sha, len(content)))
    assert tus.patch(url, 0, content[:100_000]).status_code == 204
    corrupted = bytearray(content[100_000:])
    corrupted[5] ^= 0xFF  # one bit flipped after its checksum was taken (or none sent)
    error = _error(tus.patch(url, 100_000, bytes(corrupted)), 422, "file.hash_mismatch")
    assert error["details"]["expected"] == sha
    assert tus.head(url).status_code == 404  # the partial upload is gone
    assert tus.file(sha).status_code == 404
    store = files.FileStore.for_engine(platform.platform.engine)
    assert store.info(sha) is None and not store.path(sha).exists()
    assert not list(_upload_dir(platform).glob(f"{url.rsplit('/', 1)[1]}*"))


def test_the_size_limit_is_enforced_from_the_declared_length(platform: Sandbox) -> None:
    tus = Tus(platform.url, OWNER)
    before = set(_upload_dir(platform).iterdir()) if _upload_dir(platform).exists() else set()
    error = _error(tus.create("a" * 64, LIMIT + 1), 413, "file.too_large")
    assert error["details"]["limit"] == LIMIT
    after = set(_upload_dir(platform).iterdir()) if _upload_dir(platform).exists() else set()
    assert after == before
    content, sha = _photo(1000, seed=5)
    url = tus.url(tus.create(sha, len(content)))
    _error(tus.patch(url, 0, content + b"more"), 413, "upload.beyond_length")
    assert tus.offset(url) == 0


def test_roles_scope_and_protocol_errors(platform: Sandbox) -> None:
    content, sha = _photo(1000, seed=6)
    _error(Tus(platform.url, COORDINATOR).create(sha, 1000), 403, "role.missing")
    tus = Tus(platform.url, OWNER)
    url = tus.url(tus.create(sha, len(content)))
    other = Tus(platform.url, OUTSIDER)
    assert other.head(url).status_code == 404  # another department's upload: not there
    _error(other.patch(url, 0, content), 404, "not_found")
    _error(tus.create(sha, 10, **{"Tus-Resumable": "0.2.2"}), 412, "upload.tus_version")
    _error(tus.create(sha, 10, **{"Upload-Metadata": "sha256 bm9wZQ=="}), 400,
           "upload.bad_header")
    _error(tus.create(sha, -1), 400, "upload.bad_header")
    _error(tus.patch(url, 0, content, **{"Content-Type": "application/octet-stream"}), 415,
           "upload.media_type")
    for bad in ("..%2F..%2Fplatform.sqlite3", "A" * 32, "0" * 31):
        assert tus.head(f"{platform.url}{API}/uploads/{bad}").status_code == 404
    assert requests.delete(url, headers=tus.auth, timeout=10).status_code == 204
    assert tus.head(url).status_code == 404


def _broken_patch(base: str, url: str, auth: dict[str, str], offset: int, data: bytes,
                  declared: int, checksum: bytes | None = None) -> None:
    """Send a PATCH whose connection dies after ``data`` of ``declared`` bytes."""
    host, port = base.removeprefix("http://").split(":")
    path = url.removeprefix(base)
    lines = [f"PATCH {path} HTTP/1.1", f"Host: {host}:{port}",
             f"Content-Type: {uploads.OFFSET_MEDIA}", f"Content-Length: {declared}",
             f"Upload-Offset: {offset}", *(f"{k}: {v}" for k, v in auth.items())]
    if checksum is not None:
        lines.append(f"Upload-Checksum: sha256 {base64.b64encode(checksum).decode()}")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        time.sleep(0.3)
    time.sleep(0.3)  # the server notices the hang-up


def test_a_chunk_cut_off_keeps_what_arrived_unless_checksummed(platform: Sandbox) -> None:
    tus = Tus(platform.url, OWNER)
    content, sha = _photo(100_000, seed=7)
    url = tus.url(tus.create(sha, len(content)))
    _broken_patch(platform.url, url, tus.auth, 0, content[:30_000], len(content))
    assert tus.offset(url) == 30_000
    _broken_patch(platform.url, url, tus.auth, 30_000, content[30_000:60_000], 70_000,
                  checksum=hashlib.sha256(content[30_000:100_000]).digest())
    assert tus.offset(url) == 30_000
    assert tus.patch(url, 30_000, content[30_000:]).status_code == 204
    assert tus.file(sha).content == content


def test_an_upload_survives_a_restart_of_the_sandbox(tmp_path: Path) -> None:
    db_file = _seeded(tmp_path / "platform.sqlite3")
    content, sha = _photo(400_000, seed=8)
    with running_sandbox(db_file) as first:
        tus = Tus(first.url, OWNER)
        url = tus.url(tus.create(sha, len(content))).removeprefix(first.url)
        assert tus.patch(first.url + url, 0, content[:250_000]).status_code == 204
        port = int(first.url.rsplit(":", 1)[1])
    with running_sandbox(db_file, port=port) as second:
        tus = Tus(second.url, OWNER)
        assert tus.offset(second.url + url) == 250_000
        assert tus.patch(second.url + url, 250_000, content[250_000:]).status_code == 204
        assert tus.file(sha).content == content


def test_all_bytes_in_but_not_stored_is_finished_after_a_restart(tmp_path: Path) -> None:
    # Killed between the last write and storing: the next request finishes it.
    db_file = _seeded(tmp_path / "platform.sqlite3")
    content, sha = _photo(10_000, seed=9)
    with running_sandbox(db_file) as running:
        tus = Tus(running.url, OWNER)
        url = tus.url(tus.create(sha, len(content)))
        assert tus.patch(url, 0, content[:5000]).status_code == 204
        part = _upload_dir(running) / f"{url.rsplit('/', 1)[1]}.part"
        part.write_bytes(content)  # as if the rest had been written, then the server died
        assert tus.offset(url) == len(content)
        assert tus.file(sha).content == content


def test_the_janitor_deletes_stale_uploads_only(tmp_path: Path) -> None:
    db_file = _seeded(tmp_path / "platform.sqlite3")
    with running_sandbox(db_file) as running:
        tus = Tus(running.url, OWNER)
        stale = tus.url(tus.create(_photo(10, seed=10)[1], 10)).rsplit("/", 1)[1]
        fresh = tus.url(tus.create(_photo(10, seed=11)[1], 10)).rsplit("/", 1)[1]
        folder = _upload_dir(running)
        old = time.time() - uploads.EXPIRES_AFTER - 60
        for path in folder.glob(f"{stale}.*"):
            os.utime(path, (old, old))
        stray = folder / "junk.part"
        stray.write_bytes(b"x")
        os.utime(stray, (old, old))
        swept = running.platform.janitor.sweep()
        assert swept.temp_files >= 3
        assert not list(folder.glob(f"{stale}.*")) and not stray.exists()
        assert len(list(folder.glob(f"{fresh}.*"))) == 2
        assert tus.head(f"{running.url}{API}/uploads/{stale}").status_code == 404
