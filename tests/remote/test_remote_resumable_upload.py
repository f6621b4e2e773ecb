"""The client's resumable upload (tus) against the real sandbox: breaks, resume, refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from support.faultproxy import FaultProxy
from support.platform_env import PASSWORD, Make
from support.upload_faults import upload_proxy

from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.uploads import UploadProgress
from backoffice.sandbox import files
from backoffice.sandbox.server import Sandbox

API = "/api/v1"
CHUNK = 64 * 1024


class Memo:
    """An in-memory :class:`~backoffice.remote.uploads.UploadMemo`."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def recall(self, sha256: str) -> str | None:
        return self.ids.get(sha256)

    def remember(self, sha256: str, upload_id: str) -> None:
        self.ids[sha256] = upload_id

    def forget(self, sha256: str) -> None:
        self.ids.pop(sha256, None)


def _photo(tmp_path: Path, size: int, seed: str) -> tuple[Path, str]:
    content = (hashlib.sha256(seed.encode()).digest() * (size // 32 + 1))[:size]
    path = tmp_path / f"{seed}.jpg"
    path.write_bytes(content)
    return path, hashlib.sha256(content).hexdigest()


def _stored(sandbox: Sandbox, sha: str) -> bytes:
    store = files.FileStore.for_engine(sandbox.platform.engine)
    assert store.info(sha) is not None
    return store.path(sha).read_bytes()


def _client(make_client: Make, reviewer: str, url: str | None = None,
            **changes: object) -> PlatformClient:
    client = make_client(url, upload_chunk=CHUNK, **changes)
    client.login(reviewer, PASSWORD)
    return client


def _methods(proxy: FaultProxy) -> list[str]:
    """The methods of the file requests that went through ``proxy`` (not the sign-in)."""
    lines = [r.split(b"\r\n", 1)[0] for r in proxy.requests_seen if r]
    return [line.split(b" ", 1)[0].decode() for line in lines
            if b"/uploads" in line or b"/files/" in line]


def test_a_large_file_goes_up_in_checksummed_chunks(
        sandbox: Sandbox, make_client: Make, reviewer: str, proxy: FaultProxy,
        tmp_path: Path) -> None:
    path, sha = _photo(tmp_path, 5 * CHUNK + 123, "chunks")
    client = _client(make_client, reviewer, proxy.url)
    seen: list[int] = []
    info = client.upload(sha, path, media_type="image/jpeg",
                         progress=lambda p: seen.append(p.offset))
    assert (info.sha256, info.size, info.content_type) == (sha, path.stat().st_size, "image/jpeg")
    assert _stored(sandbox, sha) == path.read_bytes()
    methods = _methods(proxy)
    assert methods.count("PATCH") == 6 and methods.count("POST") == 1
    assert "PUT" not in methods
    assert all(b"Upload-Checksum: sha256 " in r for r in proxy.requests_seen
               if r.startswith(b"PATCH"))
    assert seen[-1] == path.stat().st_size
    # Once there, the same file again sends nothing: the creation answers 200.
    proxy.requests_seen.clear()
    assert client.upload(sha, path, media_type="image/jpeg") == info
    assert _methods(proxy) == ["POST"]


def test_a_small_file_goes_whole(make_client: Make, reviewer: str, proxy: FaultProxy,
                                 tmp_path: Path) -> None:
    path, sha = _photo(tmp_path, CHUNK, "small")
    _client(make_client, reviewer, proxy.url).upload(sha, path)
    assert _methods(proxy) == ["PUT"]


def test_a_lost_answer_is_not_sent_again(sandbox: Sandbox, make_client: Make, reviewer: str,
                                         proxy: FaultProxy, tmp_path: Path) -> None:
    # The platform took the third chunk but its answer was reset: the client asks
    # for the offset and goes on with the fourth.
    path, sha = _photo(tmp_path, 4 * CHUNK, "lost-answer")
    client = _client(make_client, reviewer, proxy.url)
    proxy.reset(after=0, skip=3)  # POST, PATCH, PATCH go through; the next answer is lost
    client.upload(sha, path)
    assert proxy.applied == ["reset"]
    assert _methods(proxy) == ["POST", "PATCH", "PATCH", "PATCH", "HEAD", "PATCH"]
    assert _stored(sandbox, sha) == path.read_bytes()


def test_an_upload_cut_mid_request_resumes_from_the_platforms_offset(
        sandbox: Sandbox, make_client: Make, reviewer: str, tmp_path: Path) -> None:
    size = 40 * CHUNK  # 2.5 MiB
    path, sha = _photo(tmp_path, size, "cut")
    with upload_proxy(sandbox.url) as proxy:
        client = _client(make_client, reviewer, proxy.url)
        proxy.cut_at(int(size * 0.3), int(size * 0.6), int(size * 0.9))
        client.upload(sha, path)
        assert proxy.cut_done == 3
        assert proxy.sent < size + 4 * CHUNK + 40_000  # each cut costs at most a chunk
    assert _stored(sandbox, sha) == path.read_bytes()


def test_a_failed_upload_resumes_in_the_next_call_from_the_remembered_id(
        sandbox: Sandbox, make_client: Make, reviewer: str, tmp_path: Path) -> None:
    size = 10 * CHUNK
    path, sha = _photo(tmp_path, size, "next-call")
    memo = Memo()
    with upload_proxy(sandbox.url) as proxy:
        client = _client(make_client, reviewer, proxy.url, retries=0)
        proxy.cut_at(int(size * 0.55))
        with pytest.raises(RemoteError) as caught:
            client.upload(sha, path, resume=memo)
        assert caught.value.code == "remote.offline" and caught.value.transient
        assert sha in memo.ids  # the upload's id, kept for the next call
        progress: list[UploadProgress] = []
        client.upload(sha, path, resume=memo, progress=progress.append)
    assert progress[0].resumed_at == 5 * CHUNK  # five chunks were confirmed
    assert progress[-1].sent == 5 * CHUNK  # and only the other five went again
    assert memo.ids == {}
    assert _stored(sandbox, sha) == path.read_bytes()


def test_server_errors_and_a_wrong_checksum_are_retried_from_the_offset(
        sandbox: Sandbox, make_client: Make, reviewer: str, tmp_path: Path) -> None:
    path, sha = _photo(tmp_path, 3 * CHUNK, "5xx")
    client = _client(make_client, reviewer)
    sandbox.faults.fail(f"{API}/uploads/", method="PATCH", status=500)
    client.upload(sha, path)
    assert _stored(sandbox, sha) == path.read_bytes()
    assert [k for _, _, k in sandbox.faults.injected] == ["fail"]


def test_a_file_that_is_not_its_hash_is_refused_and_forgotten(
        sandbox: Sandbox, make_client: Make, reviewer: str, tmp_path: Path) -> None:
    path, _ = _photo(tmp_path, 3 * CHUNK, "liar")
    wrong = hashlib.sha256(b"something else").hexdigest()
    memo = Memo()
    with pytest.raises(RemoteError) as caught:
        _client(make_client, reviewer).upload(wrong, path, resume=memo)
    assert caught.value.code == "remote.rejected"
    assert caught.value.params["server_code"] == "file.hash_mismatch"
    assert memo.ids == {}
    assert files.FileStore.for_engine(sandbox.platform.engine).info(wrong) is None


def test_a_file_over_the_limit_is_refused_before_a_byte_is_sent(
        make_client: Make, reviewer: str, proxy: FaultProxy, tmp_path: Path) -> None:
    path = tmp_path / "huge.bin"
    with path.open("wb") as out:
        out.truncate(files.max_file_size() + 1)  # sparse: costs no disk
    with pytest.raises(RemoteError) as caught:
        _client(make_client, reviewer, proxy.url).upload("b" * 64, path)
    assert caught.value.code == "remote.rejected"
    assert caught.value.params["server_code"] == "file.too_large"
    assert _methods(proxy) == ["POST"]
    assert len(proxy.requests_seen[-1]) < 2000
