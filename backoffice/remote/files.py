"""Downloads that resume: ``Range`` from where the bytes stopped, ``If-Range`` on the ETag.

Files are content-addressed (the id is the SHA-256), so the ETag of a file
never changes; ``If-Range`` still guards against a platform that serves
something else under the id — it answers 200 with the whole file, and the
partial copy is thrown away. ``Accept-Encoding: identity`` because a
compressed answer has no byte offsets to resume from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import IO

from backoffice.remote.cancel import pause
from backoffice.remote.errors import (
    BAD_PAYLOAD,
    CANCELLED,
    OFFLINE,
    PROXY_UNREACHABLE,
    TIMEOUT,
    RemoteError,
    from_response,
)
from backoffice.remote.http import Fetched, HttpSettings, Sink, Writable, backoff

Request = Callable[[Mapping[str, str], Sink], Fetched]
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_UNSATISFIED = re.compile(r"^bytes \*/(\d+)$")


class _Attempt:
    """One request of a download: where its bytes go, and how many came."""

    def __init__(self, out: IO[bytes], pos: int, host: str) -> None:
        self.out, self.pos, self.host = out, pos, host
        self.count = 0
        self.end: int | None = None  # the last byte the answer promises, once known

    def write(self, data: bytes) -> int:
        self.out.write(data)
        self.count += len(data)
        return len(data)

    def sink(self, status: int, headers: Mapping[str, str]) -> Writable | None:
        if status == 206:
            found = _RANGE.match(headers.get("Content-Range", "").strip())
            if found is None or int(found.group(1)) != self.pos:
                raise RemoteError(BAD_PAYLOAD, host=self.host, reason="wrong_range")
            self.end = int(found.group(2))
            return self
        if status == 200:
            if self.pos > 0:  # the whole file after all: start over
                self.out.seek(self.out.tell() - self.pos)
                self.out.truncate()
                self.pos = 0
            length = headers.get("Content-Length", "")
            if length.isdigit():
                self.end = int(length) - 1
            return self
        return None


def _resumable(error: RemoteError) -> bool:
    # A proxy that dropped is a broken link like any other: the part kept resumes.
    return error.code in (OFFLINE, TIMEOUT, PROXY_UNREACHABLE) or (
        error.code == BAD_PAYLOAD and error.params.get("reason") == "truncated")


def download_to(request: Request, sha256: str, out: IO[bytes], offset: int, *,
                settings: HttpSettings, host: str) -> None:
    """Fetch the file into ``out`` from byte ``offset`` on, resuming after breaks.

    Attempts that bring no new byte are limited by ``settings.retries``; a
    transfer that keeps moving goes on until the file is complete.
    """
    pos = offset  # where the next byte belongs in the file
    failures = 0
    while True:
        attempt = _Attempt(out, pos, host)
        headers = {"Accept-Encoding": "identity"}
        if pos > 0:
            headers.update({"Range": f"bytes={pos}-", "If-Range": f'"{sha256}"'})
        failure: RemoteError | None = None
        try:
            fetched = request(headers, attempt.sink)
        except RemoteError as error:
            failure = error
        pos = attempt.pos + attempt.count
        if failure is None and fetched.status in (200, 206) and attempt.end is not None \
                and pos != attempt.end + 1:
            failure = RemoteError(BAD_PAYLOAD, host=host, reason="truncated")
        if failure is not None:
            failures = 0 if attempt.count else failures + 1
            if not _resumable(failure) or failures > settings.retries:
                raise failure
            if pause(backoff(settings, failures)):
                raise RemoteError(CANCELLED, host=host)
            continue
        if fetched.status in (200, 206):
            return
        if fetched.status == 416 and pos > 0:
            found = _UNSATISFIED.match(fetched.headers.get("Content-Range", "").strip())
            if found is not None and int(found.group(1)) == pos:
                return  # nothing was missing
        raise from_response(fetched.status, fetched.headers, fetched.body, host=host)
