"""Files: whole and ranged downloads, resuming after a break, uploads."""

from __future__ import annotations

import errno
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from support.faultproxy import FaultProxy
from support.platform_env import PASSWORD, Make, demo_data, snapshot

from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.http import SinkFailed


def a_file(client: PlatformClient) -> str:
    """The SHA-256 of a material file the client's department may download."""
    for change in snapshot(client).values():
        if change.entity == "material" and change.record and change.record.file_sha256:
            return change.record.file_sha256
    raise AssertionError("no material with a file in the department's feed")


def download(client: PlatformClient, sha: str, out: io.BytesIO | None = None,
             offset: int = 0) -> bytes:
    out = out or io.BytesIO()
    client.download(sha, out, offset=offset)
    return out.getvalue()


def test_a_whole_download_hashes_to_its_name(signed_in: PlatformClient) -> None:
    sha = a_file(signed_in)
    content = download(signed_in, sha)
    assert len(content) > 1000
    assert hashlib.sha256(content).hexdigest() == sha


def test_a_download_resumes_from_an_offset(make_client: Make, proxy: FaultProxy,
                                           reviewer: str) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    sha = a_file(client)
    whole = download(client, sha)
    half = len(whole) // 2
    partial = io.BytesIO(whole[:half])
    partial.seek(0, io.SEEK_END)
    assert hashlib.sha256(download(client, sha, partial, half)).hexdigest() == sha
    asked = proxy.requests_seen[-1].lower()
    assert f"range: bytes={half}-".encode() in asked
    assert f'if-range: "{sha}"'.encode() in asked
    assert b"accept-encoding: identity" in asked
    answer = proxy.responses_seen[-1].lower()
    assert answer.startswith(b"http/1.1 206") and b"content-encoding" not in answer


class _FullDisk(io.RawIOBase):
    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_download_onto_a_full_disk_is_the_disk_not_the_network(
        signed_in: PlatformClient) -> None:
    """Not ``remote.offline``: that would send the person to check a link that works."""
    with pytest.raises(SinkFailed) as caught:
        signed_in.download(a_file(signed_in), _FullDisk(), offset=0)
    assert caught.value.error.errno == errno.ENOSPC


def test_a_complete_file_needs_nothing_more(signed_in: PlatformClient) -> None:
    sha = a_file(signed_in)
    whole = download(signed_in, sha)
    done = io.BytesIO(whole)
    done.seek(0, io.SEEK_END)
    assert download(signed_in, sha, done, len(whole)) == whole
    with pytest.raises(RemoteError) as caught:
        download(signed_in, sha, io.BytesIO(whole + b"x"), len(whole) + 1)
    assert caught.value.params["server_code"] == "file.range_not_satisfiable"


@pytest.mark.parametrize("fault", ["reset", "truncate"])
def test_a_broken_download_resumes_where_it_stopped(
        make_client: Make, proxy: FaultProxy, reviewer: str, fault: str) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    sha = a_file(client)
    # Headers and the first bytes pass, then the connection breaks — twice.
    getattr(proxy, fault)(after=700, times=2)
    content = download(client, sha)
    assert hashlib.sha256(content).hexdigest() == sha
    assert proxy.applied == [fault, fault]
    ranges = [r for r in proxy.requests_seen if b"range: bytes=" in r.lower()]
    if fault == "truncate":
        assert len(ranges) == 2
    else:
        # A reset (RST) may make the kernel drop bytes that arrived but were not
        # read yet: a retry that got nothing honestly starts again from 0. The
        # download still ends in a ranged request from what it kept (CI saw 1).
        assert 1 <= len(ranges) <= 2
        assert proxy.responses_seen[-1].lower().startswith(b"http/1.1 206")


def test_a_download_that_keeps_breaking_without_progress_fails(
        make_client: Make, proxy: FaultProxy, reviewer: str) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    sha = a_file(client)
    proxy.reset(after=0, times=50)
    with pytest.raises(RemoteError) as caught:
        download(client, sha)
    assert caught.value.code == "remote.offline"


def test_an_unknown_file_is_not_found(signed_in: PlatformClient) -> None:
    with pytest.raises(RemoteError) as caught:
        download(signed_in, "0" * 64)
    assert caught.value.code == "remote.not_found"
    with pytest.raises(ValueError):
        download(signed_in, "not-a-hash")


def test_upload_is_idempotent_and_checked(signed_in: PlatformClient, tmp_path: Path) -> None:
    content = "现场照片".encode() + bytes(range(256)) * 40
    sha = hashlib.sha256(content).hexdigest()
    path = tmp_path / "photo.bin"
    path.write_bytes(content)
    first = signed_in.upload(sha, path)
    assert (first.sha256, first.size) == (sha, len(content))
    assert signed_in.upload(sha, path) == first
    assert download(signed_in, sha) == content
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(RemoteError) as caught:
        signed_in.upload(wrong, path)
    assert caught.value.code == "remote.rejected"
    assert caught.value.params["server_code"] == "file.hash_mismatch"


def test_an_upload_without_the_role_is_forbidden(make_client: Make, tmp_path: Path) -> None:
    # Reviewers, inspectors and signers upload (a signer: decisions sealed locally).
    client = make_client()
    client.login(next(u.username for u in demo_data().users
                      if not {"reviewer", "inspector", "signer"} & set(u.roles)), PASSWORD)
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    with pytest.raises(RemoteError) as caught:
        client.upload(hashlib.sha256(b"x").hexdigest(), path)
    assert caught.value.code == "remote.forbidden"
    assert caught.value.params["server_code"] == "role.missing"


def test_a_download_broken_at_the_proxy_resumes_from_what_it_kept() -> None:
    """A proxy that drops mid-file is a broken link: the next request asks for the rest.

    The request is the download's own seam to the network (a proxy that
    accepts a connection and then fails it cannot be set up on loopback).
    """
    from backoffice.remote.errors import PROXY_UNREACHABLE
    from backoffice.remote.files import download_to
    from backoffice.remote.http import Fetched, HttpSettings

    content = bytes(range(256)) * 40
    sha = hashlib.sha256(content).hexdigest()
    asked: list[str] = []

    def request(headers: Any, sink: Any) -> Fetched:
        asked.append(headers.get("Range", ""))
        if len(asked) == 1:  # half the file, then the proxy is gone
            out = sink(200, {"Content-Length": str(len(content))})
            out.write(content[:4000])
            raise RemoteError(PROXY_UNREACHABLE, host="platform", proxy="proxy:3128")
        start = int(headers["Range"].removeprefix("bytes=").rstrip("-"))
        out = sink(206, {"Content-Range": f"bytes {start}-{len(content) - 1}/{len(content)}"})
        out.write(content[start:])
        return Fetched(206, {}, b"", len(content) - start, 0)

    out = io.BytesIO()
    download_to(request, sha, out, 0, settings=HttpSettings(backoff_factor=0,
                                                            backoff_jitter=0), host="platform")
    assert out.getvalue() == content
    assert asked == ["", "bytes=4000-"]
