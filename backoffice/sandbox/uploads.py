"""Resumable uploads: the tus 1.0 core protocol, content-addressed at the end.

``/api/v1/uploads`` speaks `tus 1.0.0 <https://tus.io/protocols/resumable-upload>`_
with the extensions ``creation``, ``termination``, ``checksum`` (``sha256``
per chunk) and ``expiration``; ``docs/platform-api.md`` ("Resumable
uploads") is the contract, and this is the sandbox's implementation:

- ``OPTIONS /uploads``: discovery (no sign-in): ``Tus-Version``,
  ``Tus-Extension``, ``Tus-Max-Size``, ``Tus-Checksum-Algorithm``.
- ``POST /uploads`` (roles :data:`~backoffice.sandbox.files.UPLOAD_ROLES`):
  ``Upload-Length`` and ``Upload-Metadata: sha256 <b64>[,content_type <b64>]``.
  Over the file limit → 413 ``file.too_large`` at once, before a byte is
  sent. A file the platform already has **and the caller's department may
  read** → 200 with its :class:`~backoffice.api.v1.FileInfo` and no upload
  (a no-op); knowing a hash alone never grants a file — anyone else sends
  the bytes, which are verified like all others. Otherwise 201 with
  ``Location: /api/v1/uploads/<id>``.
- ``HEAD /uploads/<id>``: ``Upload-Offset`` (what the platform has, on
  disk), ``Upload-Length``, ``Upload-Expires``; ``Cache-Control: no-store``.
- ``PATCH /uploads/<id>``: ``Content-Type: application/offset+octet-stream``,
  ``Upload-Offset`` equal to the platform's (else 409
  ``upload.offset_mismatch`` with the real one), optional ``Upload-Checksum:
  sha256 <b64>`` of this chunk (a mismatch → 460 ``upload.checksum_mismatch``
  and the chunk is dropped). A chunk cut off by a broken connection is kept
  up to where it broke — unless it came with a checksum, which it can then
  not match: dropped, the offset stays where it was. When the last byte
  arrives the whole file is hashed: the SHA-256 of the metadata → stored
  (as ``PUT /files`` stores it) and 204; any other → 422
  ``file.hash_mismatch`` and the partial upload is deleted.
- ``DELETE /uploads/<id>``: termination, 204.

Storage. ``<blob dir>/.uploads/<id>.json`` (who, what, how long) and
``<id>.part`` (the bytes so far, whose size is the offset), ``<id>`` being 32
random hex digits made here and checked against :data:`_ID_RE` before it
becomes a path. Both are on disk, so an upload survives a restart of the
sandbox with its offset. An upload is its department's: another
department's id is 404, like a file it may not see. At most
:data:`MAX_OPEN` unfinished uploads per department (429 ``upload.too_many``).
An upload expires :data:`EXPIRES_AFTER` after its last write (the janitor
deletes it; a request for it is 404); a finished one's record is kept as long,
so a client whose last answer was lost learns from ``HEAD`` that its file is
stored (``Upload-Offset`` = ``Upload-Length``).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from email.utils import formatdate
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

from backoffice.api import v1
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.files import (
    UPLOAD_ROLES,
    Caller,
    FileStore,
    _store,
    max_file_size,
    media_type,
    valid_sha,
)

_log = logging.getLogger("backoffice.sandbox")

TUS_VERSION = v1.TUS_VERSION
TUS_EXTENSIONS = ",".join(v1.TUS_EXTENSIONS)
OFFSET_MEDIA = v1.UPLOAD_MEDIA
PREFIX = f"{v1.API_PREFIX}/uploads"
UPLOAD_DIR = ".uploads"  # under the blob directory
EXPIRES_AFTER = 7 * 24 * 3600  # seconds after the last write: a field laptop may be away days
MAX_OPEN = 100  # unfinished uploads per department
_ID_RE = re.compile(r"^[0-9a-f]{32}$")
_DIGITS = re.compile(r"^[0-9]{1,15}$")
_LOCK_WAIT = 10.0  # seconds a PATCH waits for one still being received on the same upload
_WRITE = 256 * 1024


@dataclass(slots=True)
class Upload:
    id: str
    sha256: str
    length: int
    media_type: str
    department: str
    username: str
    created_at: int
    stored: bool = False


def _tus(**more: str) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **more}


def error_headers(request: Request) -> dict[str, str]:
    """What an error answer to ``request`` must carry: tus wants its version on every
    answer of an upload resource (OPTIONS, the discovery, aside)."""
    if request.url.path.startswith(PREFIX) and request.method != "OPTIONS":
        return _tus()
    return {}


def _expires(mtime: float) -> str:
    return formatdate(mtime + EXPIRES_AFTER, usegmt=True)


class UploadStore:
    """The partial uploads under ``<blob dir>/.uploads``; one per app (``app.state``)."""

    def __init__(self, files: FileStore) -> None:
        self.files = files
        self.dir = files.blob_dir / UPLOAD_DIR
        self._locks: dict[str, asyncio.Lock] = {}

    # --- paths: only from a checked id ---------------------------------------------

    def _paths(self, upload_id: str) -> tuple[Path, Path]:
        if not _ID_RE.fullmatch(upload_id):
            raise ValueError("not an upload id")
        return self.dir / f"{upload_id}.json", self.dir / f"{upload_id}.part"

    def lock(self, upload_id: str) -> asyncio.Lock:
        return self._locks.setdefault(upload_id, asyncio.Lock())

    # --- records ----------------------------------------------------------------------

    def _save(self, upload: Upload) -> None:
        meta, _ = self._paths(upload.id)
        tmp = meta.with_suffix(".json-tmp")
        tmp.write_text(json.dumps(asdict(upload)), encoding="utf-8")
        os.replace(tmp, meta)

    def create(self, upload: Upload) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        _, part = self._paths(upload.id)
        part.touch(exist_ok=False)
        self._save(upload)

    def load(self, upload_id: str) -> Upload | None:
        """The upload if it exists and has not expired (an expired one is deleted)."""
        if not _ID_RE.fullmatch(upload_id):
            return None
        meta, _ = self._paths(upload_id)
        try:
            upload = Upload(**json.loads(meta.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if upload.id != upload_id:
            return None
        if time.time() - self.touched(upload) > EXPIRES_AFTER:
            self.delete(upload_id)
            return None
        return upload

    def touched(self, upload: Upload) -> float:
        """When the upload was last written (its expiry counts from there)."""
        meta, part = self._paths(upload.id)
        times = []
        for path in (meta, part):
            with contextlib.suppress(OSError):
                times.append(path.stat().st_mtime)
        return max(times, default=0.0)

    def offset(self, upload: Upload) -> int:
        if upload.stored:
            return upload.length
        _, part = self._paths(upload.id)
        try:
            return part.stat().st_size
        except FileNotFoundError:
            return 0

    def delete(self, upload_id: str) -> None:
        for path in self._paths(upload_id):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self._locks.pop(upload_id, None)

    def open_count(self, department: str) -> int:
        count = 0
        for meta in self.dir.glob("*.json"):
            upload = self.load(meta.stem)
            if upload is not None and not upload.stored and upload.department == department:
                count += 1
        return count

    def truncate(self, upload: Upload, offset: int) -> None:
        _, part = self._paths(upload.id)
        with part.open("r+b") as out:
            out.truncate(offset)
            out.flush()
            os.fsync(out.fileno())

    def finish(self, upload: Upload) -> tuple[v1.FileInfo, bool]:
        """Hash the complete part; store it under its SHA-256, or delete it (422)."""
        _, part = self._paths(upload.id)
        digest = hashlib.sha256()
        with part.open("rb") as f:
            for chunk in iter(lambda: f.read(1024 * 1024), b""):
                digest.update(chunk)
        actual = digest.hexdigest()
        if actual != upload.sha256:
            self.delete(upload.id)
            raise ApiError(422, "file.hash_mismatch", expected=upload.sha256, actual=actual)
        info, created = self.files.commit(upload.sha256, str(part), upload.length,
                                          upload.media_type, upload.department)
        upload.stored = True
        self._save(upload)  # kept until it expires: a lost last answer is found by HEAD
        return info, created

    async def recover(self, upload: Upload) -> None:
        """All bytes there, not stored: the server stopped between the two. Finish now."""
        if not upload.stored and self.offset(upload) >= upload.length:
            if self.offset(upload) > upload.length:
                self.truncate(upload, upload.length)
            await run_in_threadpool(self.finish, upload)


def _uploads(request: Request) -> UploadStore:
    state = request.app.state
    uploads: UploadStore | None = getattr(state, "uploads", None)
    if uploads is None:
        uploads = UploadStore(_store(request))
        state.uploads = uploads
    return uploads


# --- header parsing ------------------------------------------------------------------

def _check_tus(value: str | None) -> None:
    if value != TUS_VERSION:
        raise ApiError(412, "upload.tus_version", headers={"Tus-Version": TUS_VERSION},
                       supported=TUS_VERSION)


def _number(name: str, value: str | None) -> int:
    if value is None or not _DIGITS.fullmatch(value.strip()):
        raise ApiError(400, "upload.bad_header", header=name)
    return int(value.strip())


def _b64(value: str) -> str | None:
    try:
        return base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, ValueError):
        return None


def _metadata(value: str | None) -> tuple[str, str]:
    """(sha256, media type) from ``Upload-Metadata`` (tus: ``key b64,key b64``)."""
    pairs: dict[str, str | None] = {}
    for item in (value or "").split(",")[:16]:
        key, _, encoded = item.strip().partition(" ")
        if key:
            pairs[key] = _b64(encoded.strip()) if encoded.strip() else ""
    sha = pairs.get("sha256")
    if sha is None or not valid_sha(sha):
        raise ApiError(400, "upload.bad_header", header="Upload-Metadata")
    return sha, media_type(pairs.get("content_type") or "")


def _checksum(value: str | None) -> bytes | None:
    if value is None:
        return None
    algorithm, _, encoded = value.strip().partition(" ")
    if algorithm.lower() != v1.UPLOAD_CHECKSUM:
        raise ApiError(400, "upload.checksum_unsupported", algorithm=algorithm[:20])
    try:
        digest = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != 32:
        raise ApiError(400, "upload.bad_header", header="Upload-Checksum")
    return digest


def _may_upload(caller: Any) -> None:
    if not any(role in caller.roles for role in UPLOAD_ROLES):
        raise ApiError(403, "role.missing", role="/".join(UPLOAD_ROLES))


def _not_found(upload_id: str) -> ApiError:
    return ApiError(404, "not_found", entity="upload", id=upload_id[:64])


def _find(uploads: UploadStore, upload_id: str, caller: Any) -> Upload:
    upload = uploads.load(upload_id)
    if upload is None or upload.department != caller.department_code:
        raise _not_found(upload_id)
    return upload


def _state(uploads: UploadStore, upload: Upload, status: int = 204) -> Response:
    return Response(status_code=status, headers=_tus(**{
        "Upload-Offset": str(uploads.offset(upload)), "Upload-Length": str(upload.length),
        "Upload-Expires": _expires(uploads.touched(upload)), "Cache-Control": "no-store"}))


# --- routes ----------------------------------------------------------------------------

router = APIRouter(tags=["files"])
TusHeader = Annotated[str | None, Header(alias="Tus-Resumable", description="`1.0.0`")]
_ERR = {"model": v1.ErrorResponse}
_OFFSET = {"description": "The platform's offset", "schema": {"type": "integer"}}
_TUS = {"Tus-Resumable": {"description": "`1.0.0`", "schema": {"type": "string"}}}


@router.options(PREFIX, status_code=204, response_class=Response, responses={
    204: {"description": "What the platform supports (tus discovery)"}})
def discover() -> Response:
    return Response(status_code=204, headers=_tus(**{
        "Tus-Version": TUS_VERSION, "Tus-Extension": TUS_EXTENSIONS,
        "Tus-Max-Size": str(max_file_size()), "Tus-Checksum-Algorithm": v1.UPLOAD_CHECKSUM}))


@router.post(PREFIX, status_code=201, response_class=Response, responses={
    201: {"description": "Upload created; `Location` is its URL",
          "headers": {"Location": {"schema": {"type": "string"}}, **_TUS}},
    200: {"model": v1.FileInfo, "description": "Already stored and readable: nothing to send"},
    **{s: _ERR for s in (400, 401, 403, 412, 413, 415, 422, 429)}})
async def create(request: Request, caller: Caller, tus: TusHeader = None,
                 upload_length: Annotated[str | None, Header(
                     alias="Upload-Length", description="The file's size in bytes")] = None,
                 upload_metadata: Annotated[str | None, Header(
                     alias="Upload-Metadata",
                     description="`sha256 <base64 of the hex digest>`, optionally "
                                 "`,content_type <base64>`")] = None) -> Response:
    _may_upload(caller)
    _check_tus(tus)
    length = _number("Upload-Length", upload_length)
    sha, media = _metadata(upload_metadata)
    limit = max_file_size()
    if length > limit:
        raise ApiError(413, "file.too_large", limit=limit)
    uploads = _uploads(request)
    files = uploads.files
    info = files.info(sha)
    if info is not None and files.readable(sha, caller.department_code) \
            and await run_in_threadpool(files.materialise, sha) is not None:
        files.claim(sha, caller.department_code)  # as if sent: a part may name it
        return JSONResponse(info.model_dump(mode="json"), status_code=200, headers=_tus())
    if uploads.open_count(caller.department_code) >= MAX_OPEN:
        raise ApiError(429, "upload.too_many", limit=MAX_OPEN)
    upload = Upload(id=secrets.token_hex(16), sha256=sha, length=length, media_type=media,
                    department=caller.department_code, username=caller.username,
                    created_at=int(time.time()))
    uploads.create(upload)
    if length == 0:
        await run_in_threadpool(uploads.finish, upload)
    return Response(status_code=201, headers=_tus(**{
        "Location": f"{PREFIX}/{upload.id}", "Upload-Offset": str(uploads.offset(upload)),
        "Upload-Expires": _expires(uploads.touched(upload))}))


@router.head(f"{PREFIX}/{{upload_id}}", response_class=Response, responses={
    200: {"description": "The upload's offset and length, no body",
          "headers": {"Upload-Offset": _OFFSET, "Upload-Length": _OFFSET, **_TUS}},
    **{s: {"description": "The error's status, no body"} for s in (401, 404, 412, 422)}})
async def offset(upload_id: str, request: Request, caller: Caller,
                 tus: TusHeader = None) -> Response:
    _check_tus(tus)
    uploads = _uploads(request)
    upload = _find(uploads, upload_id, caller)
    async with uploads.lock(upload.id):
        try:
            await uploads.recover(upload)
        except ApiError:  # not its hash after all: deleted
            raise _not_found(upload_id) from None
        if uploads.load(upload.id) is None:
            raise _not_found(upload_id)
        return _state(uploads, upload, 200)


@router.patch(f"{PREFIX}/{{upload_id}}", status_code=204, response_class=Response, responses={
    204: {"description": "Chunk stored; `Upload-Offset` is the new offset (= length: the "
                         "file is stored)", "headers": {"Upload-Offset": _OFFSET, **_TUS}},
    **{s: _ERR for s in (400, 401, 403, 404, 409, 412, 413, 415, 422, 423)},
    460: {"model": v1.ErrorResponse, "description": "Checksum mismatch (tus): chunk dropped"}},
    openapi_extra={"requestBody": {"required": True, "content": {OFFSET_MEDIA: {
        "schema": {"type": "string", "format": "binary"}}}}})
async def append(upload_id: str, request: Request, caller: Caller, tus: TusHeader = None,
                 upload_offset: Annotated[str | None, Header(
                     alias="Upload-Offset", description="Where this chunk starts")] = None,
                 upload_checksum: Annotated[str | None, Header(
                     alias="Upload-Checksum",
                     description="`sha256 <base64 digest of this chunk>`")] = None) -> Response:
    _may_upload(caller)
    _check_tus(tus)
    uploads = _uploads(request)
    upload = _find(uploads, upload_id, caller)
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media != OFFSET_MEDIA:
        raise ApiError(415, "upload.media_type", expected=OFFSET_MEDIA)
    start = _number("Upload-Offset", upload_offset)
    expected = _checksum(upload_checksum)
    lock = uploads.lock(upload.id)
    try:
        await asyncio.wait_for(lock.acquire(), _LOCK_WAIT)
    except TimeoutError:
        raise ApiError(423, "upload.busy") from None
    try:
        await uploads.recover(upload)
        current = uploads.load(upload.id)
        if current is None:
            raise _not_found(upload_id)
        upload = current
        have = uploads.offset(upload)
        if start != have:
            raise ApiError(409, "upload.offset_mismatch", offset=have,
                           headers=_tus(**{"Upload-Offset": str(have)}))
        if upload.stored:
            return _state(uploads, upload)  # an empty PATCH at the end: nothing to do
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and have + int(declared) > upload.length:
            raise ApiError(413, "upload.beyond_length", length=upload.length)
        await _receive(request, uploads, upload, have, expected)
        if uploads.offset(upload) == upload.length:
            await run_in_threadpool(uploads.finish, upload)
        return _state(uploads, upload)
    finally:
        lock.release()


async def _receive(request: Request, uploads: UploadStore, upload: Upload, start: int,
                   expected: bytes | None) -> None:
    """Append the body at ``start``; keep what came of a broken one (unless checksummed)."""
    _, part = uploads._paths(upload.id)
    digest, size, broken = hashlib.sha256(), start, False
    with part.open("r+b") as out:
        out.seek(start)
        out.truncate()
        try:
            async for data in request.stream():
                if size + len(data) > upload.length:
                    out.truncate(start)
                    raise ApiError(413, "upload.beyond_length", length=upload.length)
                size += len(data)
                digest.update(data)
                out.write(data)
        except ClientDisconnect:
            broken = True  # what came is kept: the client asks for the offset next time
        # A checksummed chunk cut short cannot match: dropped whole, like a wrong one.
        mismatch = expected is not None and digest.digest() != expected
        if mismatch:
            out.truncate(start)
        out.flush()
        os.fsync(out.fileno())
    if broken:
        _log.info("upload %s: the chunk at %d broke after %d bytes (%s)", upload.id, start,
                  size - start, "dropped" if mismatch else "kept")
    elif mismatch:
        raise ApiError(460, "upload.checksum_mismatch")


@router.delete(f"{PREFIX}/{{upload_id}}", status_code=204, response_class=Response,
               responses={204: {"description": "Upload deleted (tus termination)"},
                          **{s: _ERR for s in (401, 403, 404, 412, 422)}})
async def terminate(upload_id: str, request: Request, caller: Caller,
                    tus: TusHeader = None) -> Response:
    _may_upload(caller)
    _check_tus(tus)
    uploads = _uploads(request)
    upload = _find(uploads, upload_id, caller)
    async with uploads.lock(upload.id):
        uploads.delete(upload.id)
    return Response(status_code=204, headers=_tus())
