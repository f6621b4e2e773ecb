"""Back online, photos upload resumably: the sync engine, the file cache and the real sandbox.

An upload cut mid-way by the network resumes at the next sync from the
platform's offset; so does one whose client process was killed (the upload's
id is in the cache's index) and one whose platform restarted meanwhile (the
platform keeps partial uploads on disk). A field photo taken offline goes up
that way and reaches the other department on the joint record.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import confirm_first_slot, request_both, staff, two_department_case
from PIL import Image
from support.platform_env import PASSWORD, settings
from support.sandbox_env import demo_clock
from support.sync_env import Device, serve
from support.upload_faults import upload_proxy
from support.visit_clock import go_to_visit
from test_unsaved_photo_stays_local import lead_part

from backoffice.domain.inspections import ChecklistLine, InspectionPhoto, InspectionResult
from backoffice.domain.model import Verdict
from backoffice.inspections import field, service
from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.uploads import UploadProgress
from backoffice.sandbox import files as platform_files
from backoffice.sandbox.server import Sandbox, running_sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import PIN_UPLOAD, FileCache

CHUNK = 64 * 1024
CHILD = Path(__file__).with_name("resumable_upload_child.py")
SUPPORT = Path(__file__).resolve().parents[1] / "support"
REPO = Path(__file__).resolve().parents[2]


def _noise(size: int, seed: str) -> bytes:
    block = hashlib.sha256(seed.encode()).digest()
    out, counter = bytearray(), 0
    while len(out) < size:  # incompressible, like a JPEG
        out += hashlib.sha256(block + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:size])


def _on_platform(sandbox: Sandbox, sha: str) -> bytes | None:
    store = platform_files.FileStore.for_engine(sandbox.platform.engine)
    return store.path(sha).read_bytes() if store.info(sha) is not None else None


class Recording(PlatformClient):
    """A client that keeps the progress of each upload it makes."""

    progress: list[UploadProgress]

    def upload(self, sha256: str, path: Path, **kwargs: Any) -> Any:
        self.progress = getattr(self, "progress", [])
        return super().upload(sha256, path, progress=self.progress.append, **kwargs)


def _recording(url: str, user: str, **changes: Any) -> Recording:
    client = Recording(url, settings=settings(upload_chunk=CHUNK, **changes))
    client.login(user, PASSWORD)
    return client


def test_an_upload_cut_mid_way_resumes_at_the_next_sync(
        sandbox: Sandbox, device: Device, tmp_path: Path) -> None:
    size = 5 * 1024 * 1024  # a 5 MB photo, broken at 90 %
    photo = _noise(size, "cut-at-90")
    user = staff_of_any_department()
    with upload_proxy(sandbox.url) as proxy, \
            FileCache(tmp_path / "files", limit_bytes=10**8) as cache:
        engine = device(user, url=proxy.url, http={"upload_chunk": 256 * 1024, "retries": 0},
                        files=cache)
        sha = cache.add_local(photo)
        _named_by_a_saved_part(engine, _other(device), sha)
        before = proxy.sent
        proxy.cut_at(before + int(size * 0.9))
        with pytest.raises(RemoteError) as caught:
            engine.sync_once()
        assert caught.value.code == "remote.offline" and proxy.cut_done == 1
        assert cache.pins(sha) == {PIN_UPLOAD}  # not confirmed: still pinned
        assert _on_platform(sandbox, sha) is None
        report = engine.sync_once()
        assert report.uploaded == 1
        sent = proxy.sent - before
        assert cache.pins(sha) == frozenset() and cache.pending_uploads() == []
    assert sent < 2 * size, sent
    assert sent < size + 256 * 1024 + 200_000  # the break cost at most one chunk
    assert _on_platform(sandbox, sha) == photo


def _named_by_a_saved_part(lead: SyncEngine, other: SyncEngine, sha: str) -> None:
    """A draft of the lead's part naming the file: only what a saved command names goes up."""
    user, mine = lead_part(lead, other)
    service.save_part(lead.store, user, replace(mine, photos=(InspectionPhoto(sha, sha),)))


def _other(device: Device) -> SyncEngine:
    _, _, other_dept = two_department_case()
    return device(staff(other_dept, "inspector"))


def staff_of_any_department() -> str:
    _, lead, _ = two_department_case()
    return staff(lead, "inspector")


@pytest.mark.timeout(300)
def test_a_killed_client_resumes_its_upload_after_a_restart(
        sandbox: Sandbox, device: Device, tmp_path: Path) -> None:
    size = 2 * 1024 * 1024
    photo = _noise(size, "killed")
    user = staff_of_any_department()
    root, log = tmp_path / "files", tmp_path / "log"
    lead = device(user)
    store_path = tmp_path / f"{user}.sqlite3"  # the device's store
    with FileCache(root) as cache:
        sha = cache.add_local(photo)
    _named_by_a_saved_part(lead, _other(device), sha)
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="file_keyring.FileKeyring",
               BACKOFFICE_TEST_KEYRING=str(tmp_path / "keyring.json"), PYTHONPATH=str(SUPPORT))
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(store_path), str(root), sandbox.url, user, PASSWORD,
         str(log)], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        until = time.monotonic() + 120
        offsets: list[int] = []
        while time.monotonic() < until and child.poll() is None:
            offsets = [int(x) for x in log.read_text().split()] if log.exists() else []
            if offsets and offsets[-1] >= 0.4 * size:
                break
            time.sleep(0.01)
        assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
        if child.stderr:
            child.stderr.close()
    confirmed = max(offsets)
    assert confirmed < size, "the child finished before it was killed"

    with FileCache(root) as cache:
        assert cache.pending_uploads() == [sha]  # the pin survived the kill
        client = _recording(sandbox.url, user)
        report = SyncEngine(lead.store, client, files=cache).sync_once()
        assert report.uploaded == 1 and cache.pending_uploads() == []
    (progress,) = {id(p): p for p in client.progress}.values()
    # Resumed where the platform was, which is at least where the child had got to.
    assert progress.resumed_at is not None and progress.resumed_at >= confirmed
    assert progress.sent == size - progress.resumed_at  # nothing confirmed went again
    assert _on_platform(sandbox, sha) == photo


def test_an_upload_resumes_after_the_platform_restarted(tmp_path: Path) -> None:
    path = tmp_path / "platform.sqlite3"
    size = 1024 * 1024
    photo = _noise(size, "restart")
    user = staff_of_any_department()
    clock = demo_clock()
    running = serve(path, clock)  # seeded, served; closing the generator stops it
    try:
        first = next(running)
        port = int(first.url.rsplit(":", 1)[1])
        with upload_proxy(first.url) as proxy, FileCache(tmp_path / "files") as cache, \
                Store.open(tmp_path / "client.sqlite3") as store, \
                Store.open(tmp_path / "other.sqlite3") as other_store:
            client = _recording(proxy.url, user, retries=0)
            engine = SyncEngine(store, client, files=cache)
            sha = cache.add_local(photo)
            _, _, other_dept = two_department_case()
            other = SyncEngine(other_store, _recording(first.url, staff(other_dept, "inspector")))
            _named_by_a_saved_part(engine, other, sha)
            proxy.cut_at(proxy.sent + size // 2)
            with pytest.raises(RemoteError):
                engine.sync_once()
            cut_at = client.progress[-1].offset  # the chunk that broke started here
            # The platform goes down and comes back on the same address.
            running.close()
            with running_sandbox(str(path), port=port, clock=clock) as second:
                client.progress = []
                assert engine.sync_once().uploaded == 1
                progress = client.progress[-1]
                assert progress.resumed_at == cut_at  # kept on the platform's disk
                assert progress.sent == size - cut_at
                assert _on_platform(second, sha) == photo
                assert cache.pending_uploads() == []
    finally:
        running.close()


def _photo(seed: str) -> bytes:
    """A camera-like photo: noise, so the downscaled JPEG is large (many chunks)."""
    image = Image.frombytes("RGB", (1600, 1200), _noise(1600 * 1200 * 3, seed))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_field_photo_goes_up_resumably_and_reaches_the_other_department(
        sandbox: Sandbox, device: Device, tmp_path: Path) -> None:
    code, lead_dept, other_dept = two_department_case()
    with upload_proxy(sandbox.url) as proxy, \
            FileCache(tmp_path / "lead-files", limit_bytes=10**8) as lead_files, \
            FileCache(tmp_path / "other-files", limit_bytes=10**8) as other_files:
        lead = device(staff(lead_dept, "inspector"), url=proxy.url, files=lead_files,
                      http={"upload_chunk": CHUNK, "retries": 0})
        other = device(staff(other_dept, "inspector"), files=other_files)
        request_both(lead, other, code, lead_dept, other_dept)
        visit = confirm_first_slot(lead, other, code, lead_dept, other_dept)
        go_to_visit(sandbox, visit.id)  # the part is confirmed on site
        lead.sync_once()  # signed in again: the tokens of before have expired

        # On site, offline: the lead's inspector records the part with a photo.
        user = lead.client.username
        assert user is not None
        with lead.store.read() as uow:
            mine = next(p for p in uow.inspection_parts.for_case(code)
                        if p.department_code == lead_dept)
        picture = field.attach_photo(lead_files, _photo("site"), caption="现场全景")
        local = lead_files.path(picture.sha256)
        assert local is not None
        size = local.stat().st_size
        assert size > 4 * CHUNK, size
        service.save_part(lead.store, user, replace(
            mine, lines=tuple(ChecklistLine(x.item, Verdict.PASS) for x in mine.lines),
            findings="现场与申报一致", photos=(picture,), result=InspectionResult.PASS),
            confirm=True)

        # Back online on a flaky link: the photo breaks mid-way, the part waits for it.
        before = proxy.sent
        proxy.cut_at(before + size // 2)
        with pytest.raises(RemoteError):
            lead.sync_once()
        assert lead_files.pending_uploads() == [picture.sha256]
        assert lead.store.pending_commands()  # not pushed without its photo
        report = lead.sync_once()
        assert report.uploaded == 1 and report.push.applied == 1, report
        assert proxy.sent - before < 2 * size

        # The other department sees the whole joint record, photo included.
        other.sync_once()
        with other.store.read() as uow:
            part = next(p for p in uow.inspection_parts.for_case(code)
                        if p.department_code == lead_dept)
        assert part.confirmed and part.photos == (picture,)
        fetched = other_files.fetch(other.client, picture.sha256)  # type: ignore[arg-type]
        assert fetched.read_bytes() == local.read_bytes()


def test_a_local_copy_that_no_longer_matches_is_reported_and_kept(
        sandbox: Sandbox, tmp_path: Path) -> None:
    photo = _noise(4 * CHUNK, "rotten")
    with FileCache(tmp_path / "files") as cache:
        sha = cache.add_local(photo)
        path = cache.path(sha)
        assert path is not None
        damaged = bytearray(photo)
        damaged[-1] ^= 0xFF  # the disk changed a byte: same size, another hash
        path.write_bytes(bytes(damaged))
        report = cache.upload_pending(_recording(sandbox.url, staff_of_any_department()),
                                      named={sha})
        assert report.failed[sha].code == "files.upload_corrupt"
        assert cache.pending_uploads() == [sha]  # kept, pinned: maybe the only copy
    assert _on_platform(sandbox, sha) is None


def test_a_file_uploaded_alone_resumes_across_calls(sandbox: Sandbox, tmp_path: Path) -> None:
    """FileCache.upload (a locally sealed decision's PDF): cut, then resumed by a new call."""
    size = 1024 * 1024
    document = _noise(size, "sealed-pdf")
    user = staff_of_any_department()
    with upload_proxy(sandbox.url) as proxy, \
            FileCache(tmp_path / "files", limit_bytes=10**8) as cache:
        client = _recording(proxy.url, user, retries=0)
        sha = cache.add_local(document, pin=None)
        before = proxy.sent
        proxy.cut_at(before + size // 2)
        with pytest.raises(RemoteError):
            cache.upload(client, sha)
        assert _on_platform(sandbox, sha) is None
        cache.upload(_recording(proxy.url, user), sha)  # a later call, as after a restart
        sent = proxy.sent - before
    assert _on_platform(sandbox, sha) == document
    assert sent < size + CHUNK + 200_000  # only the rest went up the second time
