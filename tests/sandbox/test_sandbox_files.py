"""Files over real HTTP: content-addressed download (ETag, Range), scope, verified upload."""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from support.sandbox_env import PASSWORD, TODAY, case_departments, demo_data, user

from backoffice.api import v1
from backoffice.sandbox import db, files, recipes
from backoffice.sandbox import demo as demo_package
from backoffice.sandbox.demo.cases import CaseFactory
from backoffice.sandbox.demo.files import MaterialImages, Recipe
from backoffice.sandbox.seed import seed
from backoffice.sandbox.server import Sandbox, running_sandbox

API = "/api/v1"
LIMIT = 2 * 1024 * 1024  # above the general 1 MiB body limit on purpose
_DEMO = demo_data()


def _material() -> Any:
    """A seeded material with a file, seen by its own (reviewing) department."""
    return next(m for m in _DEMO.materials if m.file_sha256 and
                m.department_code in case_departments(_DEMO, m.case_code) and
                len(case_departments(_DEMO, m.case_code)) > 1)


MATERIAL = _material()
SHA: str = MATERIAL.file_sha256
OWNER = user(_DEMO, MATERIAL.department_code)
# A department on the same case (it sees the case, not this department's material).
NEIGHBOUR = user(_DEMO, min(case_departments(_DEMO, MATERIAL.case_code)
                            - {MATERIAL.department_code}))
OUTSIDER = user(_DEMO, next(d.code for d in _DEMO.departments
                            if d.code not in case_departments(_DEMO, MATERIAL.case_code)))


@pytest.fixture(scope="module")
def files_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    path = tmp_path_factory.mktemp("files") / "platform.sqlite3"
    engine = db.make_engine(path)
    seed(engine, _DEMO, password=PASSWORD, today=TODAY)
    assert files.register_demo_files(engine, _DEMO) == len(_DEMO.files)
    engine.dispose()
    with pytest.MonkeyPatch.context() as env:
        env.setenv(files.ENV_MAX_FILE, str(LIMIT))
        with running_sandbox(str(path)) as running:
            yield running


def _token(sandbox: Sandbox, username: str) -> str:
    r = requests.post(f"{sandbox.url}{API}/auth/login",
                      json={"username": username, "password": PASSWORD}, timeout=10)
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def _get(sandbox: Sandbox, username: str, sha: str = SHA, **headers: str) -> requests.Response:
    return requests.get(f"{sandbox.url}{API}/files/{sha}", timeout=30, headers={
        "Authorization": f"Bearer {_token(sandbox, username)}", **headers})


def _put(sandbox: Sandbox, username: str, sha: str, body: Any,
         content_type: str = "image/png") -> requests.Response:
    return requests.put(f"{sandbox.url}{API}/files/{sha}", data=body, timeout=30, headers={
        "Authorization": f"Bearer {_token(sandbox, username)}", "Content-Type": content_type})


def _error(r: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = v1.ErrorResponse.model_validate(r.json())
    assert body.error.code == code
    return r.json()["error"]  # type: ignore[no-any-return]


def test_full_download_is_the_generators_file(files_sandbox: Sandbox) -> None:
    r = _get(files_sandbox, OWNER)
    assert r.status_code == 200, r.text
    assert r.content == _DEMO.files[SHA]
    assert hashlib.sha256(r.content).hexdigest() == SHA
    assert r.headers["Content-Type"] == "image/png"
    assert r.headers["ETag"] == f'"{SHA}"'
    assert r.headers["Accept-Ranges"] == "bytes"
    assert int(r.headers["Content-Length"]) == len(r.content)
    assert "Content-Encoding" not in r.headers
    assert (files.FileStore.for_engine(files_sandbox.platform.engine).path(SHA)).is_file()


def test_a_restarted_sandbox_draws_one_file_without_the_generator(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "platform.sqlite3"
    engine = db.make_engine(path)
    seed(engine, _DEMO, password=PASSWORD, today=TODAY)
    files.register_demo_files(engine, _DEMO)
    engine.dispose()
    whole = _DEMO.files[SHA]
    recipes.images.cache_clear()  # as in a new process: no page drawer yet

    def no_generator(*_: object, **__: object) -> Any:
        raise AssertionError("the generator ran")

    generator = importlib.import_module("backoffice.sandbox.demo.generate")
    for owner, name in ((demo_package, "generate"), (generator, "generate"),
                        (CaseFactory, "build")):
        monkeypatch.setattr(owner, name, no_generator)
    drawn: list[Recipe] = []
    page = MaterialImages.page

    def counted(self: MaterialImages, recipe: Recipe) -> bytes:
        drawn.append(recipe)
        return page(self, recipe)

    monkeypatch.setattr(MaterialImages, "page", counted)
    with running_sandbox(str(path)) as sandbox:
        r = _get(sandbox, OWNER)
        assert r.status_code == 200 and r.content == whole
        assert _get(sandbox, OWNER).content == whole  # the cached blob: not drawn again
    case = next(c for c in _DEMO.cases if c.case_code == MATERIAL.case_code)
    assert drawn == [Recipe(MATERIAL.name, case.case_code, case.applicant.name)]
    blobs = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert [b.parent.name + b.name for b in blobs] == [SHA]


def test_etag_if_none_match_gives_304(files_sandbox: Sandbox) -> None:
    r = _get(files_sandbox, OWNER, **{"If-None-Match": f'"{SHA}"'})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["ETag"] == f'"{SHA}"'
    assert _get(files_sandbox, OWNER, **{"If-None-Match": '"other"'}).status_code == 200


def test_range_resume_concatenates_to_the_whole(files_sandbox: Sandbox) -> None:
    whole = _DEMO.files[SHA]
    size = len(whole)
    assert size > 1000
    first = _get(files_sandbox, OWNER, Range="bytes=0-999")
    assert first.status_code == 206
    assert first.headers["Content-Range"] == f"bytes 0-999/{size}"
    assert first.headers["Content-Length"] == "1000" and len(first.content) == 1000
    rest = _get(files_sandbox, OWNER, Range="bytes=1000-", **{"If-Range": f'"{SHA}"'})
    assert rest.status_code == 206
    assert rest.headers["Content-Range"] == f"bytes 1000-{size - 1}/{size}"
    joined = first.content + rest.content
    assert joined == whole and hashlib.sha256(joined).hexdigest() == SHA


def test_suffix_range(files_sandbox: Sandbox) -> None:
    whole = _DEMO.files[SHA]
    r = _get(files_sandbox, OWNER, Range="bytes=-100")
    assert r.status_code == 206 and r.content == whole[-100:]
    assert r.headers["Content-Range"] == f"bytes {len(whole) - 100}-{len(whole) - 1}/{len(whole)}"


def _head(sandbox: Sandbox, username: str, sha: str = SHA, **headers: str) -> requests.Response:
    return requests.head(f"{sandbox.url}{API}/files/{sha}", timeout=30, headers={
        "Authorization": f"Bearer {_token(sandbox, username)}", **headers})


def test_head_gives_the_headers_without_the_body(files_sandbox: Sandbox) -> None:
    size = len(_DEMO.files[SHA])
    r = _head(files_sandbox, OWNER)
    assert r.status_code == 200 and r.content == b""
    assert r.headers["Content-Length"] == str(size) and r.headers["ETag"] == f'"{SHA}"'
    assert r.headers["Content-Type"] == "image/png" and r.headers["Accept-Ranges"] == "bytes"
    part = _head(files_sandbox, OWNER, Range="bytes=100-199")
    assert part.status_code == 206 and part.content == b""
    assert part.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert part.headers["Content-Length"] == "100"
    assert _head(files_sandbox, OWNER, **{"If-None-Match": f'"{SHA}"'}).status_code == 304
    hidden = _head(files_sandbox, OUTSIDER)
    assert hidden.status_code == 404 and hidden.content == b""
    assert requests.head(f"{files_sandbox.url}{API}/files/{SHA}", timeout=10).status_code == 401


def test_more_than_eight_ranges_get_the_whole_file(files_sandbox: Sandbox) -> None:
    whole = _DEMO.files[SHA]
    eight = ", ".join(f"{100 * i}-{100 * i + 9}" for i in range(files.MAX_RANGES))
    r = _get(files_sandbox, OWNER, Range=f"bytes={eight}")
    assert r.status_code == 206 and r.headers["Content-Type"].startswith("multipart/byteranges")
    for i in range(files.MAX_RANGES):
        assert whole[100 * i:100 * i + 10] in r.content
    r = _get(files_sandbox, OWNER, Range=f"bytes={eight}, 2000-2009")
    assert r.status_code == 200 and r.content == whole and "Content-Range" not in r.headers


def test_unsatisfiable_range_is_416(files_sandbox: Sandbox) -> None:
    size = len(_DEMO.files[SHA])
    r = _get(files_sandbox, OWNER, Range=f"bytes={size}-")
    error = _error(r, 416, "file.range_not_satisfiable")
    assert r.headers["Content-Range"] == f"bytes */{size}"
    assert error["details"]["size"] == size


def test_malformed_range_is_ignored(files_sandbox: Sandbox) -> None:
    r = _get(files_sandbox, OWNER, Range="lines=1-2")
    assert r.status_code == 200 and r.content == _DEMO.files[SHA]


def test_gzip_is_never_applied_to_files(files_sandbox: Sandbox) -> None:
    whole = _DEMO.files[SHA]
    for headers in ({"Range": "bytes=10-2009"}, {}):
        r = requests.get(f"{files_sandbox.url}{API}/files/{SHA}", timeout=30, stream=True,
                         headers={"Authorization": f"Bearer {_token(files_sandbox, OWNER)}",
                                  "Accept-Encoding": "gzip", **headers})
        raw = r.raw.read(decode_content=False)
        assert "Content-Encoding" not in r.headers
        assert r.headers["Content-Length"] == str(len(raw))
        if headers:
            assert r.status_code == 206 and raw == whole[10:2010]
            assert r.headers["Content-Range"] == f"bytes 10-2009/{len(whole)}"
        else:
            assert r.status_code == 200 and raw == whole


def test_other_departments_get_404(files_sandbox: Sandbox) -> None:
    for who in (NEIGHBOUR, OUTSIDER):
        error = _error(_get(files_sandbox, who), 404, "not_found")
        assert error["details"] == {"entity": "file", "id": SHA}
    # Unknown and known-but-invisible look the same.
    _error(_get(files_sandbox, OWNER, "0" * 64), 404, "not_found")


def test_bad_id_and_no_token(files_sandbox: Sandbox) -> None:
    for bad in ("ABC", SHA.upper(), SHA[:-1], SHA + "0", "..%2F..%2Fetc"):
        _error(_get(files_sandbox, OWNER, bad), 404, "not_found")
    r = requests.get(f"{files_sandbox.url}{API}/files/{SHA}", timeout=10)
    _error(r, 401, "auth.token_missing")


def test_upload_happy_path_is_idempotent(files_sandbox: Sandbox) -> None:
    body = os.urandom(1536 * 1024)  # over the general 1 MiB body limit, under the file limit
    sha = hashlib.sha256(body).hexdigest()
    r = _put(files_sandbox, OWNER, sha, body, "application/pdf")
    assert r.status_code == 201, r.text
    assert r.json() == {"sha256": sha, "size": len(body), "content_type": "application/pdf"}
    again = _put(files_sandbox, user(_DEMO, MATERIAL.department_code, "inspector"), sha, body)
    assert again.status_code == 200 and again.json() == r.json()
    got = _get(files_sandbox, OWNER, sha, **{"Accept-Encoding": "gzip"})
    assert got.status_code == 200 and got.content == body
    assert got.headers["Content-Type"] == "application/pdf"
    _error(_get(files_sandbox, OUTSIDER, sha), 404, "not_found")


def test_upload_hash_mismatch(files_sandbox: Sandbox) -> None:
    body = b"scanned page"
    wrong = hashlib.sha256(b"something else").hexdigest()
    error = _error(_put(files_sandbox, OWNER, wrong, body), 422, "file.hash_mismatch")
    assert error["details"] == {"expected": wrong,
                                "actual": hashlib.sha256(body).hexdigest()}
    _error(_get(files_sandbox, OWNER, wrong), 404, "not_found")


def test_upload_too_large(files_sandbox: Sandbox) -> None:
    body = b"x" * (LIMIT + 1)
    sha = hashlib.sha256(body).hexdigest()
    error = _error(_put(files_sandbox, OWNER, sha, body), 413, "file.too_large")
    assert error["details"] == {"limit": LIMIT}

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused while streaming
        for _ in range(LIMIT // 65536 + 2):
            yield b"y" * 65536
    _error(_put(files_sandbox, OWNER, "1" * 64, chunks()), 413, "file.too_large")


def test_upload_needs_reviewer_or_inspector(files_sandbox: Sandbox) -> None:
    # A signer uploads the decisions it seals locally (issue #10); a coordinator does not.
    other = next((u.username for u in _DEMO.users
                  if not {"reviewer", "inspector", "signer"} & set(u.roles)), None)
    assert other is not None
    body = b"not mine to upload"
    error = _error(_put(files_sandbox, other, hashlib.sha256(body).hexdigest(), body),
                   403, "role.missing")
    assert error["details"] == {"role": "reviewer/inspector/signer"}
    r = requests.put(f"{files_sandbox.url}{API}/files/{'2' * 64}", data=b"x", timeout=10)
    _error(r, 401, "auth.token_missing")


HOSTILE_PAGE = b"<html><script>alert(document.cookie)</script></html>"


def test_only_the_products_file_types_are_taken_and_files_come_as_downloads(
        files_sandbox: Sandbox) -> None:
    # Another department downloads what one uploaded: a page with a script,
    # served as text/html, would run in a browser pointed at the platform.
    sha = hashlib.sha256(HOSTILE_PAGE).hexdigest()
    for declared in ("text/html", "text/html; charset=utf-8", "image/svg+xml",
                     "application/xhtml+xml", "text/plain"):
        error = _error(_put(files_sandbox, OWNER, sha, HOSTILE_PAGE, declared), 415,
                       "file.media_type")
        assert error["details"]["media_type"] == declared.partition(";")[0]
    token = _token(files_sandbox, OWNER)
    tus = requests.post(f"{files_sandbox.url}{API}/uploads", timeout=10, headers={
        "Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0",
        "Upload-Length": str(len(HOSTILE_PAGE)),
        "Upload-Metadata": f"sha256 {base64.b64encode(sha.encode()).decode()},"
                           f"content_type {base64.b64encode(b'text/html').decode()}"})
    _error(tus, 415, "file.media_type")
    _error(_get(files_sandbox, OWNER, sha), 404, "not_found")  # nothing was stored

    for declared in ("image/jpeg", "application/zip", "application/octet-stream"):
        body = os.urandom(64)
        r = _put(files_sandbox, OWNER, hashlib.sha256(body).hexdigest(), body, declared)
        assert r.status_code == 201 and r.json()["content_type"] == declared, r.text

    got = _get(files_sandbox, OWNER)
    assert got.status_code == 200 and got.headers["Content-Type"] == "image/png"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Disposition"] == f'attachment; filename="{SHA}"'
    ranged = _get(files_sandbox, OWNER, Range="bytes=0-9,20-29")
    assert ranged.status_code == 206 and ranged.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_stored_with_another_type_before_goes_out_as_bytes(
        files_sandbox: Sandbox, tmp_path: Any) -> None:
    store = files.FileStore.for_engine(files_sandbox.platform.engine)
    body = HOSTILE_PAGE + os.urandom(8)
    sha = hashlib.sha256(body).hexdigest()
    tmp = tmp_path / "page.html"
    tmp.write_bytes(body)
    store.commit(sha, str(tmp), len(body), "text/html", MATERIAL.department_code)
    got = _get(files_sandbox, OWNER, sha)
    assert got.status_code == 200 and got.content == body
    assert got.headers["Content-Type"] == "application/octet-stream"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Disposition"].startswith("attachment")
