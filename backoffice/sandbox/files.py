"""Files: content-addressed by SHA-256, ranged download, verified upload.

``GET /api/v1/files/{sha256}`` and ``PUT /api/v1/files/{sha256}``.

Storage. Metadata is a ``files`` row (sha256, size, media type, created);
the bytes live in a blob directory, ``<db dir>/files/ab/cdef…`` for a SQLite
database file (the directory of :data:`ENV_BLOB_DIR` or a temporary one
otherwise). Blob names are built only from a validated lowercase hex digest.
Blobs are written to a temporary name and renamed, so a reader never sees a
partial file; the hash is checked before the rename.

Demo materials. Seeding records metadata and a per-file recipe only
(:mod:`backoffice.sandbox.recipes`); a file missing from the blob directory
is drawn from its recipe on request — that one page — checked against its
hash and cached. Another font draws other bytes: then 404.

Scope. A caller may download a file when a material their department sees
references it (the feed's rule: their department's materials of cases that
involve it), when it is a photo of an inspection part their department
sees (the participants of the joint inspection), or when their department
uploaded it. Otherwise — and for a
malformed id — the answer is 404 ``not_found``: existence is not leaked
across departments.

Download: ``ETag: "<sha256>"`` (``If-None-Match`` → 304), ``Range`` (one to
:data:`MAX_RANGES` ranges, served by Starlette's ``FileResponse``; an
unsatisfiable range → 416 ``file.range_not_satisfiable`` with
``Content-Range: bytes */size``; a malformed one is ignored → 200, and so is
a header with more ranges than that, as RFC 9110 §14.2 allows: a client
asking for many small pieces gets them in one read, and a crafted header
cannot make the server seek and write a multipart answer per piece).
``HEAD`` answers the same status and headers without the body. Responses are never
content-encoded: :class:`IdentityForFiles` hides ``Accept-Encoding`` from the
gzip middleware on file paths, so byte offsets are offsets in the file.

Upload: reviewers, inspectors and signers; the body is streamed to a temporary file
while hashed and counted; over the limit → 413 ``file.too_large`` (refused
up front by ``Content-Length`` or while streaming, see :class:`BodyLimits`);
a different hash → 422 ``file.hash_mismatch``; 201 with :class:`FileInfo`
when new, 200 with the stored metadata when already there (idempotent).
Large files go up resumably instead (tus 1.0): :mod:`backoffice.sandbox.uploads`,
which stores a finished upload with :meth:`FileStore.commit` like this one.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, and_, exists, or_, select
from starlette.responses import FileResponse, MalformedRangeHeader, RangeNotSatisfiable
from starlette.types import ASGIApp, Receive, Scope, Send

from backoffice.api import v1
from backoffice.sandbox import db, errors, recipes
from backoffice.sandbox.auth import User
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import visible
from backoffice.sandbox.limits import BodyLimit
from backoffice.sandbox.recipes import DEMO_MEDIA_TYPE, register_demo_files

__all__ = ["DEMO_MEDIA_TYPE", "FileStore", "register_demo_files", "router"]

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
# What the product stores: material scans and inspection photos, decision
# PDFs, archive packages; the app uploads as octet-stream. Nothing a browser
# would render as a page (text/html, image/svg+xml …): a file is the
# uploader's bytes, served to other departments.
MEDIA_TYPES = frozenset({"application/octet-stream", "application/pdf", "application/zip",
                         "image/jpeg", "image/png"})
OCTET_STREAM = "application/octet-stream"
PREFIX = f"{v1.API_PREFIX}/files/"
UPLOADS_PREFIX = f"{v1.API_PREFIX}/uploads/"  # resumable uploads: backoffice.sandbox.uploads
ENV_MAX_FILE = "BACKOFFICE_SANDBOX_MAX_FILE"  # bytes
ENV_BLOB_DIR = "BACKOFFICE_SANDBOX_FILES"  # blob directory for non-SQLite databases
UPLOAD_ROLES = ("reviewer", "inspector", "signer")  # signer: a locally sealed decision
MAX_RANGES = 8  # in one Range header; more and the whole file is sent (200)
_FILE_DRAIN_LIMIT = 64 * 1024 * 1024


def max_file_size() -> int:
    text = os.environ.get(ENV_MAX_FILE, "")
    return int(text) if text.isdigit() and int(text) > 0 else v1.MAX_FILE


def valid_sha(sha: str) -> bool:
    return SHA256_RE.fullmatch(sha) is not None


# --- storage ------------------------------------------------------------------

class FileStore:
    def __init__(self, engine: Engine, blob_dir: Path) -> None:
        self.engine, self.blob_dir = engine, blob_dir
        self._lock = threading.Lock()

    @classmethod
    def for_engine(cls, engine: Engine) -> FileStore:
        database = engine.url.database
        if engine.url.get_backend_name() == "sqlite" and database and database != ":memory:":
            blob_dir = Path(database).absolute().parent / "files"
        else:
            blob_dir = Path(os.environ.get(ENV_BLOB_DIR) or
                            Path(tempfile.gettempdir()) / "backoffice-sandbox-files")
        return cls(engine, blob_dir)

    def path(self, sha: str) -> Path:
        if not valid_sha(sha):  # never a name from unchecked input
            raise ValueError("not a SHA-256 hex digest")
        return self.blob_dir / sha[:2] / sha[2:]

    def info(self, sha: str) -> v1.FileInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(db.files).where(db.files.c.sha256 == sha)).first()
        return None if row is None else v1.FileInfo(sha256=row.sha256, size=row.size,
                                                     content_type=row.media_type)

    def readable(self, sha: str, department: str) -> bool:
        fr, r = db.file_refs.c, db.records.c
        # The department's own upload or archive package; a material's file, or
        # an inspection photo (every participant of the joint inspection sees
        # its parts, so their photos too).
        record = exists().where(and_(r.entity == fr.entity, r.id == fr.id, visible(department)))
        stmt = select(fr.sha256).where(fr.sha256 == sha, or_(
            and_(fr.entity.in_(("upload", "archive")), fr.id == department),
            and_(fr.entity.in_(("material", "inspection_part", "decision")), record))).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(stmt).first() is not None

    def materialise(self, sha: str) -> Path | None:
        """The blob's path, drawing a demo file from its recipe when it is not there yet."""
        path = self.path(sha)
        if path.is_file():
            return path
        with self.engine.connect() as conn:
            recipe = recipes.recipe_for(conn, sha)
        if recipe is None:
            return None
        content = recipes.render(recipe)
        if hashlib.sha256(content).hexdigest() != sha:  # another font, another generator
            return None
        self.write(sha, content)
        return path

    def write(self, sha: str, content: bytes) -> None:
        """Store a blob whose hash the caller has checked (no-op when it is there)."""
        path = self.path(sha)
        if path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)

    def temp(self) -> tuple[int, str]:
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=self.blob_dir, prefix=".upload-")

    def commit(self, sha: str, tmp: str, size: int, media_type: str,
               department: str) -> tuple[v1.FileInfo, bool]:
        """Move a verified upload in place; record it; (metadata, created)."""
        path = self.path(sha)
        with self._lock, self.engine.begin() as conn:
            row = conn.execute(select(db.files).where(db.files.c.sha256 == sha)).first()
            if not path.is_file():
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, path)
            else:
                os.unlink(tmp)
            if row is None:
                conn.execute(db.files.insert().values(
                    sha256=sha, size=size, media_type=media_type, content=None,
                    created_at=int(time.time())))
            _uploaded_by(conn, sha, department)
        info = v1.FileInfo(sha256=sha, size=size, content_type=media_type) if row is None else \
            v1.FileInfo(sha256=sha, size=row.size, content_type=row.media_type)
        return info, row is None


    def claim(self, sha: str, department: str) -> None:
        """Count a stored file as uploaded by ``department`` too, without its bytes.

        Only for a department that may read the file already (a resumable
        upload of a file the platform has: :mod:`backoffice.sandbox.uploads`):
        it grants no reading, and lets a part or a seal name the file as the
        department's (``inspection.photo_missing`` checks that).
        """
        with self._lock, self.engine.begin() as conn:
            _uploaded_by(conn, sha, department)


def _uploaded_by(conn: Any, sha: str, department: str) -> None:
    ref = {"sha256": sha, "entity": "upload", "id": department}
    if conn.execute(select(db.file_refs.c.sha256).where(
            *(db.file_refs.c[k] == v for k, v in ref.items()))).first() is None:
        conn.execute(db.file_refs.insert().values(**ref))


def _store(request: Request) -> FileStore:
    state = request.app.state
    store: FileStore | None = getattr(state, "files", None)
    if store is None:
        store = FileStore.for_engine(state.platform.engine)
        state.files = store
    return store


# --- ASGI helpers ---------------------------------------------------------------

def _is_file_path(scope: Scope) -> bool:
    return scope["type"] == "http" and str(scope.get("path", "")).startswith(PREFIX)


def _is_upload_path(scope: Scope) -> bool:
    """A chunk of a resumable upload (:mod:`backoffice.sandbox.uploads`)."""
    return scope["type"] == "http" and str(scope.get("path", "")).startswith(UPLOADS_PREFIX)


class IdentityForFiles:
    """Hide ``Accept-Encoding`` from the gzip middleware (inside) on file paths."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _is_file_path(scope):
            scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers", [])
                                          if k.lower() != b"accept-encoding"]}
        await self.app(scope, receive, send)


class BodyLimits:
    """``BodyLimit`` with the file limit (and ``file.too_large``) for file uploads
    (``PUT /files/…``) and the chunks of resumable ones (``PATCH /uploads/…``)."""

    def __init__(self, app: ASGIApp, limit: int, file_limit: int | None = None) -> None:
        self.general = BodyLimit(app, limit)
        self.files = BodyLimit(app, file_limit or max_file_size(), code="file.too_large",
                               drain_limit=_FILE_DRAIN_LIMIT)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        chosen = self.files if (_is_file_path(scope) and scope.get("method") == "PUT") or (
            _is_upload_path(scope) and scope.get("method") == "PATCH") else self.general
        await chosen(scope, receive, send)


# --- routes -----------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False)


def _user(request: Request,
          credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    user: User = request.app.state.platform.auth.authenticate(
        credentials.credentials if credentials else None)
    return user


Caller = Annotated[User, Depends(_user)]
router = APIRouter(tags=["files"])
_ERR: dict[int | str, dict[str, Any]] = {s: {"model": v1.ErrorResponse}
                                         for s in (401, 403, 404, 413, 416, 422)}
_BINARY = {"content": {"application/octet-stream": {"schema": {"type": "string",
                                                               "format": "binary"}}}}


class _File(FileResponse):
    """``FileResponse`` that may be told to ignore the request's ``Range``."""

    def __init__(self, *args: Any, ignore_range: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ignore_range = ignore_range

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.ignore_range:
            scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers", [])
                                          if k.lower() != b"range"]}
        await super().__call__(scope, receive, send)


def _not_found(sha: str) -> ApiError:
    return ApiError(404, "not_found", entity="file", id=sha[:64])


def _matches(header: str | None, etag: str) -> bool:
    if header is None:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


@router.head(f"{PREFIX}{{sha256}}", response_class=Response, responses={
    200: {"description": "The whole file's headers, no body"},
    206: {"description": "The requested range's headers, no body"},
    304: {"description": "Not modified (If-None-Match)"},
    **{s: {"description": "The error's status and headers, no body"} for s in _ERR}})
@router.get(f"{PREFIX}{{sha256}}", response_class=Response, responses={
    200: {"description": "The whole file", **_BINARY},
    206: {"description": "The requested range(s)", **_BINARY},
    304: {"description": "Not modified (If-None-Match)"}, **_ERR})
def download(sha256: str, request: Request, caller: Caller) -> Response:
    store = _store(request)
    if not valid_sha(sha256):
        raise _not_found(sha256)
    info = store.info(sha256)
    if info is None or not store.readable(sha256, caller.department_code):
        raise _not_found(sha256)
    etag = f'"{sha256}"'
    # Saved, never shown in place: a browser pointed at a file neither
    # renders it nor guesses another type from its bytes.
    headers = {"ETag": etag, "Cache-Control": "private, max-age=31536000, immutable",
               "Accept-Ranges": "bytes", "X-Content-Type-Options": "nosniff",
               "Content-Disposition": f'attachment; filename="{sha256}"'}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    path = store.materialise(sha256)
    if path is None:
        raise _not_found(sha256)
    ignore_range = False
    wanted = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if wanted is not None and wanted.count(",") >= MAX_RANGES:
        ignore_range = True  # many ranges in one request: one sequential read serves them
    elif wanted is not None and (if_range is None or if_range == etag):
        try:
            FileResponse._parse_range_header(wanted, info.size)
        except RangeNotSatisfiable:
            return JSONResponse(
                {"error": errors.body("file.range_not_satisfiable", {"size": info.size})},
                status_code=416, headers={**headers, "Content-Range": f"bytes */{info.size}"})
        except MalformedRangeHeader:
            ignore_range = True  # RFC 9110 §14.2: a server may ignore an invalid Range
    # A type stored before the list was kept (text/html …) goes out as bytes.
    served = info.content_type if info.content_type in MEDIA_TYPES else OCTET_STREAM
    return _File(path, media_type=served, headers=headers, ignore_range=ignore_range)


def media_type(declared: str) -> str:
    """The stored type of an upload declared as ``declared`` (a Content-Type).

    None declared → ``application/octet-stream``; one of :data:`MEDIA_TYPES`
    → itself (parameters dropped); anything else → 415 ``file.media_type``.
    """
    media = declared.partition(";")[0].strip().lower()
    if not media:
        return OCTET_STREAM
    if media not in MEDIA_TYPES:
        raise ApiError(415, "file.media_type", media_type=media[:100],
                       allowed=", ".join(sorted(MEDIA_TYPES)))
    return media


@router.put(f"{PREFIX}{{sha256}}", response_model=v1.FileInfo, status_code=201,
            responses={200: {"model": v1.FileInfo, "description": "Already stored"}, **_ERR,
                       415: {"model": v1.ErrorResponse}},
            openapi_extra={"requestBody": {"required": True, **_BINARY}})
async def upload(sha256: str, request: Request, caller: Caller) -> JSONResponse:
    if not any(role in caller.roles for role in UPLOAD_ROLES):
        raise ApiError(403, "role.missing", role="/".join(UPLOAD_ROLES))
    if not valid_sha(sha256):
        raise _not_found(sha256)
    store = _store(request)
    limit = max_file_size()
    media = media_type(request.headers.get("content-type", ""))
    fd, tmp = store.temp()
    hasher, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, "file.too_large", limit=limit)
                hasher.update(chunk)
                out.write(chunk)
        actual = hasher.hexdigest()
        if actual != sha256:
            raise ApiError(422, "file.hash_mismatch", expected=sha256, actual=actual)
        info, created = store.commit(sha256, tmp, size, media, caller.department_code)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return JSONResponse(info.model_dump(mode="json"), status_code=201 if created else 200)
