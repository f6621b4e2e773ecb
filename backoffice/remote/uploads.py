"""Uploads that resume: the tus 1.0 protocol over our own transport.

A file larger than one chunk goes up as a tus upload (``docs/platform-api.md``,
"Resumable uploads"): ``POST /uploads`` creates it (or answers 200: the
platform has the file and the caller may read it, nothing to send), then
``PATCH`` sends chunks of ``HttpSettings.upload_chunk`` bytes, each with its
``Upload-Offset`` and ``Upload-Checksum: sha256 …``. After a failure — reset,
timeout, 5xx, a lost answer, a chunk refused for its checksum — the next try
asks ``HEAD`` for the platform's offset and goes on from there, so nothing the
platform confirmed is sent again. The upload's id is handed to an
:class:`UploadMemo` (the file cache's index) as soon as it exists, so an app
killed mid-way resumes the same upload after its restart.

Why not ``tuspy``: its requests go through module-level ``requests`` calls
with a static header dict — outside our session (truststore TLS, the CA
bundle, proxies, the hard deadline per request, User-Agent) and without the
access token's refresh, which a 15-minute token needs during a long upload;
it persists URLs in its own TinyDB file and pulls aiohttp in. The protocol is
four small requests; they go through :meth:`PlatformClient._authed` here.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from backoffice.api import v1
from backoffice.remote.cancel import pause
from backoffice.remote.errors import (
    BAD_PAYLOAD,
    CANCELLED,
    NOT_FOUND,
    OFFLINE,
    TIMEOUT,
    RemoteError,
    from_response,
)
from backoffice.remote.http import Fetched, HttpSettings, backoff

_log = logging.getLogger("backoffice.remote")

# send(method, path under /api/v1, headers, body) -> the answer, any status
Send = Callable[[str, str, Mapping[str, str], bytes | None], Fetched]
_ID = re.compile(v1.UPLOAD_ID_PATTERN)
_DIGITS = re.compile(r"^[0-9]{1,15}$")
# Statuses after which the chunk is sent again from the platform's offset.
_AGAIN = frozenset({409, 423, 460})


class UploadMemo(Protocol):
    """Where the id of an unfinished upload is kept between attempts and app restarts."""

    def recall(self, sha256: str) -> str | None: ...

    def remember(self, sha256: str, upload_id: str) -> None: ...

    def forget(self, sha256: str) -> None: ...


@dataclass(slots=True)
class UploadProgress:
    """One upload call: where it started, where it is, what it sent (chunk bytes)."""

    sha256: str
    length: int
    resumed_at: int | None = None  # the platform's offset when an earlier upload was resumed
    offset: int = 0
    sent: int = 0


Progress = Callable[[UploadProgress], None]


def _tus(**more: str) -> dict[str, str]:
    return {"Tus-Resumable": v1.TUS_VERSION, **more}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("ascii")).decode("ascii")


def _header_int(fetched: Fetched, name: str, host: str) -> int:
    value = fetched.headers.get(name, "").strip()
    if not _DIGITS.fullmatch(value):
        raise RemoteError(BAD_PAYLOAD, host=host, reason="wrong_offset")
    return int(value)


def _upload_id(location: str, host: str) -> str:
    """The id from a ``Location`` (outside input): only ``…/api/v1/uploads/<id>``."""
    path = urllib.parse.urlsplit(location.strip()).path
    head, _, upload_id = path.rpartition("/")
    if not head.endswith(f"{v1.API_PREFIX}/uploads") or not _ID.fullmatch(upload_id):
        raise RemoteError(BAD_PAYLOAD, host=host, reason="no_location")
    return upload_id


def _again(error: RemoteError) -> bool:
    """A failure after which asking for the offset and going on may work."""
    if error.code == CANCELLED:
        return False
    return error.transient or error.code in (OFFLINE, TIMEOUT) or (
        error.code == BAD_PAYLOAD and error.params.get("reason") in ("truncated", "wrong_offset"))


class Resumable:
    """One file's tus upload; :meth:`run` does it, resuming as far as retries allow."""

    def __init__(self, send: Send, sha256: str, path: Path, *, settings: HttpSettings,
                 host: str, media_type: str, memo: UploadMemo | None,
                 progress: Progress | None) -> None:
        self.send, self.sha256, self.path = send, sha256, path
        self.settings, self.host, self.media_type = settings, host, media_type
        self.memo, self.on_progress = memo, progress
        self.length = path.stat().st_size
        self.state = UploadProgress(sha256, self.length)

    # --- the four requests --------------------------------------------------------------

    def _fail(self, fetched: Fetched) -> RemoteError:
        return from_response(fetched.status, fetched.headers, fetched.body, host=self.host)

    def _create(self) -> str | None:
        """A new upload's id; None when the platform has the file already (no-op)."""
        meta = f"sha256 {_b64(self.sha256)},content_type {_b64(self.media_type)}"
        fetched = self.send("POST", "/uploads", _tus(**{
            "Upload-Length": str(self.length), "Upload-Metadata": meta}), None)
        if fetched.status == 200:
            return None
        if fetched.status != 201:
            raise self._fail(fetched)
        upload_id = _upload_id(fetched.headers.get("Location", ""), self.host)
        if self.memo is not None:
            self.memo.remember(self.sha256, upload_id)
        return upload_id

    def _offset(self, upload_id: str) -> int | None:
        """The platform's offset; None if the upload is gone (expired, refused, deleted)."""
        fetched = self.send("HEAD", f"/uploads/{upload_id}", _tus(), None)
        if fetched.status in (404, 410):
            return None
        if fetched.status != 200:
            raise self._fail(fetched)
        if _header_int(fetched, "Upload-Length", self.host) != self.length:
            return None  # not this file's upload (a stale memo): start another
        offset = _header_int(fetched, "Upload-Offset", self.host)
        if offset > self.length:
            raise RemoteError(BAD_PAYLOAD, host=self.host, reason="wrong_offset")
        return offset

    def _patch(self, upload_id: str, offset: int, chunk: bytes) -> Fetched:
        checksum = base64.b64encode(hashlib.sha256(chunk).digest()).decode("ascii")
        self.state.sent += len(chunk)
        return self.send("PATCH", f"/uploads/{upload_id}", _tus(**{
            "Content-Type": v1.UPLOAD_MEDIA, "Upload-Offset": str(offset),
            "Upload-Checksum": f"{v1.UPLOAD_CHECKSUM} {checksum}"}), chunk)

    # --- the loop -------------------------------------------------------------------------

    def _start(self) -> tuple[str | None, int]:
        """(id, offset) of the upload to go on with; id None: nothing to send."""
        remembered = self.memo.recall(self.sha256) if self.memo is not None else None
        if remembered is not None and _ID.fullmatch(remembered):
            offset = self._offset(remembered)
            if offset is not None:
                self.state.resumed_at = offset
                _log.info("resuming the upload of %s at %d of %d bytes", self.sha256[:12],
                          offset, self.length)
                return remembered, offset
            _log.info("the upload of %s is no longer on the platform: starting again",
                      self.sha256[:12])
        if self.memo is not None and remembered is not None:
            self.memo.forget(self.sha256)
        return self._create(), 0

    def run(self) -> v1.FileInfo:
        upload_id, known = self._start()
        offset: int | None = known  # None: ask the platform before the next chunk
        failures = 0
        with self.path.open("rb") as source:
            while upload_id is not None and (offset is None or offset < self.length):
                failure: RemoteError | None = None
                if offset is None:
                    try:
                        offset = self._offset(upload_id)
                    except RemoteError as error:
                        if not _again(error):
                            raise
                        failure = error
                    else:
                        if offset is None:  # expired or deleted meanwhile: start again
                            _log.info("the upload of %s is gone: starting again",
                                      self.sha256[:12])
                            if self.memo is not None:
                                self.memo.forget(self.sha256)
                            upload_id, offset = self._create(), 0
                        continue
                else:
                    failure = self._chunk(source, upload_id, offset)
                    if failure is None:
                        offset, failures = self.state.offset, 0
                        continue
                failures += 1
                if failures > self.settings.retries:
                    raise failure
                _log.info("upload of %s broke at %s (%s): asking the platform for its offset",
                          self.sha256[:12], offset, failure.code)
                if pause(backoff(self.settings, failures)):
                    raise RemoteError(CANCELLED, host=self.host)
                offset = None
        self._report(self.length)
        if self.memo is not None:
            self.memo.forget(self.sha256)
        return v1.FileInfo(sha256=self.sha256, size=self.length, content_type=self.media_type)

    def _chunk(self, source: IO[bytes], upload_id: str, offset: int) -> RemoteError | None:
        """Send the chunk at ``offset``: None when the platform took it, else why not."""
        self._report(offset)
        source.seek(offset)
        chunk = source.read(min(self.settings.upload_chunk, self.length - offset))
        if not chunk:
            raise FileNotFoundError(self.path)  # shrank under us: not this file any more
        try:
            fetched = self._patch(upload_id, offset, chunk)
        except RemoteError as error:
            if not _again(error):
                raise
            return error
        if fetched.status == 204:
            new = _header_int(fetched, "Upload-Offset", self.host)
            if not offset < new <= offset + len(chunk):
                raise RemoteError(BAD_PAYLOAD, host=self.host, reason="wrong_offset")
            self._report(new)
            return None
        if fetched.status in (404, 410):  # gone: HEAD says so too, and a new one starts
            return RemoteError(NOT_FOUND, host=self.host, status=fetched.status)
        failure = self._fail(fetched)
        if fetched.status == 422 and self.memo is not None:
            # The whole file did not hash to its name: the platform dropped the upload.
            self.memo.forget(self.sha256)
        if fetched.status in _AGAIN or _again(failure):
            return failure  # offset mismatch, busy, checksum, 5xx: ask and go on
        raise failure

    def _report(self, offset: int) -> None:
        self.state.offset = offset
        if self.on_progress is not None:
            self.on_progress(self.state)
