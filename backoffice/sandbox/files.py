"""Files: content-addressed by SHA-256, ranged download, verified upload.

``GET /api/v1/files/{sha256}`` and ``PUT /api/v1/files/{sha256}``.

Storage. Metadata is a ``files`` row (sha256, size, media type, created);
the bytes live in a blob directory, ``<db dir>/files/ab/cdef…`` for a SQLite
database file (the directory of :data:`ENV_BLOB_DIR` or a temporary one
otherwise). Blob names are built only from a validated lowercase hex digest.
Blobs are written to a temporary name and renamed, so a reader never sees a
partial file; the hash is checked before the rename.

Demo materials. Seeding records metadata only (:func:`register_demo_files`):
the files (~5 KB each, ~800 MB for 20,000 cases) are rebuilt on the first
request from the generator's recipe — the generator is re-run from the seed
parameters kept in ``meta`` (``demo_seed``, ``demo_cases``, ``demo_today``),
once per process, and each requested file is checked against its hash and
cached in the blob directory. Cost: registering renders each file once to
learn its size (~3 s for 20,000 cases); the first demo download after a
server start waits for the generator (~35 s for 20,000 cases, ~0.1 s for a
test seed). The bytes depend on the CJK font: a server on a machine with
another font cannot rebuild them (404, logged nowhere yet).

Scope. A caller may download a file when a material their department sees
references it (the feed's rule: their department's materials of cases that
involve it), or when their department uploaded it. Otherwise — and for a
malformed id — the answer is 404 ``not_found``: existence is not leaked
across departments.

Download: ``ETag: "<sha256>"`` (``If-None-Match`` → 304), ``Range`` (one or
several ranges, served by Starlette's ``FileResponse``; an unsatisfiable
range → 416 ``file.range_not_satisfiable`` with ``Content-Range: bytes
*/size``; a malformed one is ignored → 200). Responses are never
content-encoded: :class:`IdentityForFiles` hides ``Accept-Encoding`` from the
gzip middleware on file paths, so byte offsets are offsets in the file.

Upload: reviewers and inspectors; the body is streamed to a temporary file
while hashed and counted; over the limit → 413 ``file.too_large`` (refused
up front by ``Content-Length`` or while streaming, see :class:`BodyLimits`);
a different hash → 422 ``file.hash_mismatch``; 201 with :class:`FileInfo`
when new, 200 with the stored metadata when already there (idempotent).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, and_, delete, exists, or_, select
from starlette.responses import FileResponse, MalformedRangeHeader, RangeNotSatisfiable
from starlette.types import ASGIApp, Receive, Scope, Send

from backoffice.api import v1
from backoffice.sandbox import db, errors
from backoffice.sandbox.auth import User
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.ledger import visible
from backoffice.sandbox.limits import BodyLimit

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_MEDIA_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,49}/[a-z0-9][a-z0-9!#$&^_.+-]{0,49}$")
PREFIX = f"{v1.API_PREFIX}/files/"
ENV_MAX_FILE = "BACKOFFICE_SANDBOX_MAX_FILE"  # bytes
ENV_BLOB_DIR = "BACKOFFICE_SANDBOX_FILES"  # blob directory for non-SQLite databases
UPLOAD_ROLES = ("reviewer", "inspector")
DEMO_MEDIA_TYPE = "image/png"
_DEMO_KEYS = ("demo_seed", "demo_cases", "demo_today")
_FILE_DRAIN_LIMIT = 64 * 1024 * 1024


def max_file_size() -> int:
    text = os.environ.get(ENV_MAX_FILE, "")
    return int(text) if text.isdigit() and int(text) > 0 else v1.MAX_FILE


def valid_sha(sha: str) -> bool:
    return SHA256_RE.fullmatch(sha) is not None


# --- demo files ---------------------------------------------------------------

class DemoFilesLike(Protocol):
    """What :func:`register_demo_files` needs of ``DemoData``."""

    @property
    def seed(self) -> int: ...
    @property
    def today(self) -> dt.date: ...
    @property
    def cases(self) -> Any: ...
    @property
    def materials(self) -> Any: ...
    @property
    def files(self) -> Mapping[str, bytes]: ...


_demo_cache: dict[tuple[int, int, str], Mapping[str, bytes]] = {}
_demo_lock = threading.Lock()


def register_demo_files(engine: Engine, data: DemoFilesLike) -> int:
    """Record the seeded materials' file metadata (not their bytes); returns the count.

    Walks ``data.files`` in its order (each file is rendered once, to learn its
    size, and dropped), links every material to its file, and keeps the seed
    parameters so the server can rebuild a file on request.
    """
    key = (int(data.seed), len(data.cases), data.today.isoformat())
    rows = [{"sha256": sha, "size": len(content), "media_type": DEMO_MEDIA_TYPE,
             "content": None, "created_at": None} for sha, content in data.files.items()]
    refs = [{"sha256": mat.file_sha256, "entity": "material", "id": mat.id}
            for mat in data.materials if mat.file_sha256]
    with engine.begin() as conn:
        db.metadata.create_all(conn, tables=[db.files, db.file_refs])
        conn.execute(delete(db.file_refs).where(db.file_refs.c.entity == "material"))
        known = set(conn.execute(select(db.files.c.sha256)).scalars())
        fresh = [r for r in rows if r["sha256"] not in known]
        for start in range(0, len(fresh), 5000):
            conn.execute(db.files.insert(), fresh[start:start + 5000])
        for start in range(0, len(refs), 5000):
            conn.execute(db.file_refs.insert(), refs[start:start + 5000])
        conn.execute(delete(db.meta).where(db.meta.c.key.in_(_DEMO_KEYS)))
        conn.execute(db.meta.insert(), [{"key": k, "value": str(v)}
                                        for k, v in zip(_DEMO_KEYS, key, strict=True)])
    with _demo_lock:
        _demo_cache[key] = data.files
    return len(rows)


def _demo_files(key: tuple[int, int, str]) -> Mapping[str, bytes]:
    with _demo_lock:
        if key not in _demo_cache:
            from backoffice.sandbox.demo import generate  # heavy: only when needed
            seed, cases, today = key
            _demo_cache[key] = generate(cases=cases, seed=seed,
                                        today=dt.date.fromisoformat(today)).files
        return _demo_cache[key]


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
        material = exists().where(and_(r.entity == "material", r.id == fr.id, visible(department)))
        stmt = select(fr.sha256).where(fr.sha256 == sha, or_(
            and_(fr.entity == "upload", fr.id == department),
            and_(fr.entity == "material", material))).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(stmt).first() is not None

    def materialise(self, sha: str) -> Path | None:
        """The blob's path, rebuilding a demo file when it is not there yet."""
        path = self.path(sha)
        if path.is_file():
            return path
        with self.engine.connect() as conn:
            found = {str(k): str(v) for k, v in conn.execute(
                select(db.meta.c.key, db.meta.c.value).where(db.meta.c.key.in_(_DEMO_KEYS)))}
        if len(found) != len(_DEMO_KEYS):
            return None
        files = _demo_files((int(found["demo_seed"]), int(found["demo_cases"]),
                             found["demo_today"]))
        if sha not in files:
            return None
        content = files[sha]
        if hashlib.sha256(content).hexdigest() != sha:  # another font, another generator
            return None
        self._write(path, content)
        return path

    def _write(self, path: Path, content: bytes) -> None:
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
            ref = {"sha256": sha, "entity": "upload", "id": department}
            if conn.execute(select(db.file_refs.c.sha256).where(
                    *(db.file_refs.c[k] == v for k, v in ref.items()))).first() is None:
                conn.execute(db.file_refs.insert().values(**ref))
        info = v1.FileInfo(sha256=sha, size=size, content_type=media_type) if row is None else \
            v1.FileInfo(sha256=sha, size=row.size, content_type=row.media_type)
        return info, row is None


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
    """``BodyLimit`` with the file limit (and ``file.too_large``) for file uploads."""

    def __init__(self, app: ASGIApp, limit: int, file_limit: int | None = None) -> None:
        self.general = BodyLimit(app, limit)
        self.files = BodyLimit(app, file_limit or max_file_size(), code="file.too_large",
                               drain_limit=_FILE_DRAIN_LIMIT)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        chosen = self.files if _is_file_path(scope) and scope.get("method") == "PUT" \
            else self.general
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
    headers = {"ETag": etag, "Cache-Control": "private, max-age=31536000, immutable",
               "Accept-Ranges": "bytes"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    path = store.materialise(sha256)
    if path is None:
        raise _not_found(sha256)
    ignore_range = False
    wanted = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if wanted is not None and (if_range is None or if_range == etag):
        try:
            FileResponse._parse_range_header(wanted, info.size)
        except RangeNotSatisfiable:
            return JSONResponse(
                {"error": errors.body("file.range_not_satisfiable", {"size": info.size})},
                status_code=416, headers={**headers, "Content-Range": f"bytes */{info.size}"})
        except MalformedRangeHeader:
            ignore_range = True  # RFC 9110 §14.2: a server may ignore an invalid Range
    return _File(path, media_type=info.content_type, headers=headers,
                 ignore_range=ignore_range)


@router.put(f"{PREFIX}{{sha256}}", response_model=v1.FileInfo, status_code=201,
            responses={200: {"model": v1.FileInfo, "description": "Already stored"}, **_ERR},
            openapi_extra={"requestBody": {"required": True, **_BINARY}})
async def upload(sha256: str, request: Request, caller: Caller) -> JSONResponse:
    if not any(role in caller.roles for role in UPLOAD_ROLES):
        raise ApiError(403, "role.missing", role="/".join(UPLOAD_ROLES))
    if not valid_sha(sha256):
        raise _not_found(sha256)
    store = _store(request)
    limit = max_file_size()
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    media = media if _MEDIA_RE.fullmatch(media) else "application/octet-stream"
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
