"""One ``requests.Session`` per platform: TLS, retries, and a hard deadline per request.

- **TLS** is always verified, against the operating system's certificate
  store plus an optional CA bundle (:mod:`backoffice.remote.transport`).
- **Retries** are urllib3's ``Retry``: exponential backoff with jitter, on
  connect and read errors and on 429/502/503/504, honouring ``Retry-After``.
  POST is retried too — see :data:`RETRIED_METHODS` for why that is safe.
- **A hard deadline per request** (:func:`fetch`): connecting, retries and
  their pauses, headers and body all end by it, however slowly the bytes
  come; the body is read here, raw, in chunks, and capped in size.
"""

from __future__ import annotations

import ipaddress
import logging
import platform
import random
import time
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any, Protocol

import requests
import urllib3

from backoffice import __version__
from backoffice.remote.cancel import listen_all, pause
from backoffice.remote.errors import (
    BAD_PAYLOAD,
    CANCELLED,
    PROXY_UNREACHABLE,
    TIMEOUT,
    RemoteError,
    from_exception,
)
from backoffice.remote.transport import (
    Deadline,
    DeadlineRetry,
    TrustAdapter,
    Watch,
    tls_context,
    watching,
)

_log = logging.getLogger("backoffice.remote")

# Every POST of this contract may be sent twice without a second effect, so
# urllib3 may repeat it after a lost response: a command is applied at most
# once per client-generated id (a repeat answers `duplicate`); a login only
# opens one more session; a refresh repeated within the platform's 60 s grace
# returns another fresh pair from the same session (after the grace it
# revokes the session: auth.refresh_reused, never a silent double effect);
# a logout revokes what is already revoked. PUT of a file is addressed by its
# hash. A repeated POST /uploads opens a second, empty upload that expires
# unused; PATCH (a chunk) is not retried here: the upload asks for the offset.
# Before adding a POST to the contract, check that this still holds.
RETRIED_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST"})
RETRIED_STATUSES = frozenset({429, 502, 503, 504})
CHUNK = 64 * 1024
MiB = 1024 * 1024


def _user_agent() -> str:
    return (f"OneVisitBackOffice/{__version__} ({platform.system()}; "
            f"Python {platform.python_version()}) requests/{version('requests')}")


@dataclass(frozen=True)
class HttpSettings:
    """How the client talks HTTP; every field has a default that suits a workstation."""

    connect_timeout: float = 5.0  # seconds to open a connection
    read_timeout: float = 30.0  # seconds of silence tolerated while waiting for bytes
    total_timeout: float = 60.0  # hard deadline of one API call: retries, waits, body
    transfer_timeout: float = 900.0  # the same for a file upload or download
    retries: int = 3  # extra attempts after a failed one
    backoff_factor: float = 0.5  # sleeps 0.5 s, 1 s, 2 s … before the 2nd, 3rd … retry
    backoff_max: float = 10.0
    backoff_jitter: float = 0.5  # up to this many seconds added at random
    ca_bundle: Path | None = None  # extra trusted CAs (PEM), on top of the OS store
    # None: the environment's HTTP(S)_PROXY/NO_PROXY (and the OS settings on
    # Windows, as requests reads them); a mapping replaces them.
    proxies: Mapping[str, str] | None = None
    user_agent: str = field(default_factory=_user_agent)
    max_body: int = 64 * MiB  # of a JSON answer, after decompression
    max_file: int = 256 * MiB  # of a downloaded file
    # One PATCH of a resumable upload: what a break costs at most. 256 KiB–1 MiB
    # suits a mobile link; larger files than this go up resumably (docs/remote.md).
    upload_chunk: int = 512 * 1024

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout", "transfer_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive")
        if self.retries < 0 or self.backoff_factor < 0 or self.backoff_jitter < 0:
            raise ValueError("retries and back-off must not be negative")
        if not 1024 <= self.upload_chunk <= 64 * MiB:
            raise ValueError("upload_chunk must be 1 KiB–64 MiB")


def make_retry(settings: HttpSettings) -> DeadlineRetry:
    n = settings.retries
    return DeadlineRetry(
        total=n, connect=n, read=n, status=n,
        other=0,  # TLS failures and the like: another try would fail the same way
        allowed_methods=RETRIED_METHODS, status_forcelist=RETRIED_STATUSES,
        backoff_factor=settings.backoff_factor, backoff_max=settings.backoff_max,
        backoff_jitter=settings.backoff_jitter,
        respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False,
    )


def loopback(host: str | None) -> bool:
    """Whether ``host`` is this computer (``localhost`` or a loopback address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


class _Session(requests.Session):
    """A session whose proxies are not for a platform on this computer.

    A loopback platform (the training sandbox, a local test platform) is
    reached directly, as NO_PROXY conventions have it for localhost, wherever
    the proxy comes from (Settings, ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``
    without a NO_PROXY, the system's settings): a proxy elsewhere could not
    reach it, and one that is down must not stop it. A proxy for that very
    host (``{"http://127.0.0.1": …}``) is still used.
    """

    def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any,
                                   cert: Any) -> dict[str, Any]:
        merged: dict[str, Any] = super().merge_environment_settings(
            url, proxies, stream, verify, cert)
        if loopback(urllib.parse.urlsplit(str(url)).hostname):
            merged["proxies"] = {k: v for k, v in (merged.get("proxies") or {}).items()
                                 if "://" in k}
        return merged


def proxy_source(session: requests.Session) -> str:
    """Where ``session``'s proxies come from: ``proxy_from.settings``, ``.environment`` or ``.system``.

    A proxy that is down is looked for there, so its error says which
    (``remote.proxy_unreachable``): not Settings when nothing is set there.
    """
    if not session.trust_env:
        return "proxy_from.settings"  # build_session: configured proxies replace the rest
    # NO_PROXY alone (common on corporate machines) sets no proxy: it only
    # exempts hosts from the system's one.
    from_environment = any(scheme != "no" for scheme in urllib.request.getproxies_environment())
    return "proxy_from.environment" if from_environment else "proxy_from.system"


def build_session(settings: HttpSettings) -> requests.Session:
    session = _Session()
    adapter = TrustAdapter(tls_context(settings.ca_bundle), make_retry(settings))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = settings.user_agent
    session.headers["Accept"] = "application/json"
    # requests' default adds deflate, and br/zstd when those modules happen to
    # be installed; fetch() decodes gzip itself, under the body-size cap.
    session.headers["Accept-Encoding"] = "gzip"
    if settings.proxies is not None:
        session.trust_env = False
        session.proxies.update(settings.proxies)
    return session


# --- one request ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched:
    status: int
    headers: Mapping[str, str]
    body: bytes  # decoded; empty when the body went to a sink
    written: int  # bytes written to the sink
    retries: int


def _arm(raw: Any, deadline: Deadline, read_timeout: float) -> None:
    """Let the next socket read wait no longer than the deadline allows.

    The watch would stop it anyway; this makes the error a plain read
    timeout rather than a connection shut under our feet.
    """
    conn = getattr(raw, "connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        sock.settimeout(max(0.01, min(read_timeout, deadline.remaining())))


def _decode(data: bytes, encoding: str, limit: int, host: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip"):
        raise RemoteError(BAD_PAYLOAD, host=host, reason="encoding")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise RemoteError(BAD_PAYLOAD, host=host, reason="corrupt") from None
    if len(out) > limit:
        raise RemoteError(BAD_PAYLOAD, host=host, reason="too_large", limit=limit)
    if not inflater.eof:
        raise RemoteError(BAD_PAYLOAD, host=host, reason="truncated")
    return out


def _read(response: requests.Response, deadline: Deadline, settings: HttpSettings,
          limit: int, sink: Writable | None, host: str) -> tuple[bytes, int]:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise RemoteError(BAD_PAYLOAD, host=host, reason="too_large", limit=limit)
    raw = response.raw
    parts: list[bytes] = []
    total = 0
    while True:
        if deadline.expired():
            raise RemoteError(TIMEOUT, host=host)
        _arm(raw, deadline, settings.read_timeout)
        chunk = raw.read1(CHUNK, decode_content=False)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise RemoteError(BAD_PAYLOAD, host=host, reason="too_large", limit=limit)
        if sink is not None:
            try:
                sink.write(chunk)
            except OSError as exc:  # our disk, not the network: not a RemoteError
                raise SinkFailed(exc) from exc
        else:
            parts.append(chunk)
    return b"".join(parts), total


def host_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url[:100]


class Writable(Protocol):
    def write(self, data: bytes, /) -> Any: ...


# Where a body goes, decided from the status and headers: a stream, or None to keep it.
Sink = Callable[[int, Mapping[str, str]], Writable | None]


class SinkFailed(Exception):
    """The body could not be written into the sink's stream (a full disk, say).

    Raised as it is, never as a :class:`RemoteError`: the platform and the
    link are fine, and telling the person "offline" would send them looking
    in the wrong place.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or type(error).__name__)
        self.error = error


class NotSent(RemoteError):
    """The request failed before any byte of it went out: the platform cannot have it.

    No attempt — urllib3's retries included — got past connecting (refused,
    no such host, a connect timeout, a failed TLS handshake or proxy
    tunnel), or the request was cancelled before it started. Its code is
    the one the failure would have without this (``remote.offline``…).
    A request that was written, even if its answer was lost or a retry then
    could not connect, is a plain :class:`RemoteError`.
    """


class _BodyFailed(Exception):
    """The answer started but its body could not be read to the end."""

    def __init__(self, error: RemoteError, *, into_stream: bool) -> None:
        super().__init__(error.code)
        self.error = error
        self.into_stream = into_stream  # part of it is in the sink's stream already


def _once(session: requests.Session, method: str, url: str, settings: HttpSettings,
          deadline: Deadline, headers: Mapping[str, str] | None, data: bytes | IO[bytes] | None,
          sink: Sink | None, on_write: Callable[[], None] | None = None) -> Fetched:
    host = host_of(url)
    watch = Watch(deadline, on_write)
    unlisten = listen_all(watch.cancel)
    if unlisten is None:
        raise NotSent(CANCELLED, host=host)
    watching(deadline, watch)
    watch.start()
    response: requests.Response | None = None
    try:
        try:
            response = session.request(
                method, url, headers=dict(headers or {}), data=data, stream=True,
                timeout=(min(settings.connect_timeout, max(0.01, deadline.remaining())),
                         min(settings.read_timeout, max(0.01, deadline.remaining()))))
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            error = _failure(exc, watch, host, _proxy_host(session, url))
            if error.code == PROXY_UNREACHABLE:
                error = RemoteError(PROXY_UNREACHABLE, **error.params,
                                    proxy_from=proxy_source(session))
            if watch.connecting and not watch.wrote:
                # Only watched connections note their writes; without that
                # note (a SOCKS proxy's own connection, say) it may have left.
                error = NotSent(error.code, **error.params)
            raise error from exc
        encoding = response.headers.get("Content-Encoding", "")
        out = sink(response.status_code, response.headers) if sink is not None else None
        if out is not None and encoding.strip().lower() not in ("", "identity"):
            raise RemoteError(BAD_PAYLOAD, host=host, reason="encoding")
        limit = settings.max_file if out is not None else settings.max_body
        try:
            raw_body, written = _read(response, deadline, settings, limit, out, host)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise _BodyFailed(_failure(exc, watch, host), into_stream=out is not None) from exc
        if watch.cancelled:  # a shut socket may read as the end of the body
            raise RemoteError(CANCELLED, host=host)
        body = b"" if out is not None else _decode(raw_body, encoding, settings.max_body, host)
        history = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
        return Fetched(response.status_code, response.headers, body,
                       written if out is not None else 0, len(history))
    finally:
        watch.stop()
        watching(None, None)
        for stop in unlisten:
            stop()
        if response is not None:
            response.close()


def _proxy_host(session: requests.Session, url: str) -> str:
    """The host of the proxy ``session`` sends ``url`` through ("" for none)."""
    try:
        proxies = session.merge_environment_settings(url, {}, False, None, None)["proxies"]
        chosen = requests.utils.select_proxy(url, proxies)
    except (ValueError, KeyError, OSError):
        return ""
    return host_of(chosen) if chosen else ""


def _failure(exc: BaseException, watch: Watch, host: str, proxy: str = "") -> RemoteError:
    if watch.cancelled:
        return RemoteError(CANCELLED, host=host)
    if watch.fired:  # the sockets were shut down because time was up
        return RemoteError(TIMEOUT, host=host)
    return from_exception(exc, host=host, proxy=proxy)


def fetch(session: requests.Session, method: str, url: str, *, settings: HttpSettings,
          timeout: float | None = None, headers: Mapping[str, str] | None = None,
          data: bytes | IO[bytes] | None = None, sink: Sink | None = None,
          on_write: Callable[[], None] | None = None) -> Fetched:
    """Send one request and read its whole answer before ``timeout`` (default: total_timeout).

    The body is read raw, capped (``max_body``, or ``max_file`` for a sink),
    and gzip-decoded here. ``sink`` is asked, once the status and headers
    are in, where the body goes: a stream (the body must not be
    content-encoded, and is capped by ``max_file``) or None (returned; a
    sink may just look at the headers). Transport failures raise
    :class:`RemoteError`; any HTTP status is returned. An answer cut off in
    its body is asked for again (urllib3 retries only until the headers
    arrive), and the sink asked again — but not when the body went into the
    sink's stream, which already holds part of it: the caller resumes from
    there. ``on_write`` is called right before an attempt writes the first
    byte of the request onto a connection that is up — never while
    connecting — on this thread (again for a cut answer asked again): what
    it raises ends the request unsent.
    """
    deadline = Deadline(timeout or settings.total_timeout)
    path = urllib.parse.urlsplit(url).path
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            fetched = _once(session, method, url, settings, deadline, headers, data, sink,
                            on_write)
        except _BodyFailed as failed:
            error = failed.error
            attempt += 1
            wait = backoff(settings, attempt)
            if failed.into_stream or attempt > settings.retries \
                    or error.code in (TIMEOUT, CANCELLED) \
                    or wait >= deadline.remaining() or not _rewind(data):
                _log.log(_level(error), "%s %s failed after %.3f s: %s", method, path,
                         time.monotonic() - started, error.code)
                raise error from failed
            _log.info("%s %s: answer cut off (%s), asking again", method, path, error.code)
            if pause(wait):
                raise RemoteError(CANCELLED, host=host_of(url)) from failed
            continue
        except RemoteError as error:
            _log.log(_level(error), "%s %s failed after %.3f s: %s", method, path,
                     time.monotonic() - started, error.code)
            if attempt and isinstance(error, NotSent):
                # An earlier attempt's answer had begun: that request arrived.
                raise RemoteError(error.code, **error.params) from error
            raise
        _log.debug("%s %s -> %d in %.3f s (%d retries)", method, path, fetched.status,
                   time.monotonic() - started, fetched.retries + attempt)
        return fetched


def _level(error: RemoteError) -> int:
    return logging.INFO if error.code == CANCELLED else logging.WARNING  # we asked for it


def _rewind(data: bytes | IO[bytes] | None) -> bool:
    """Make ``data`` ready to be sent again; False if it cannot be."""
    if data is None or isinstance(data, bytes):
        return True
    try:
        data.seek(0)
    except (OSError, AttributeError):
        return False
    return True


def backoff(settings: HttpSettings, attempt: int) -> float:
    """The pause before retry number ``attempt`` (1, 2 …), as urllib3's Retry counts it."""
    if attempt <= 1:
        return 0.0
    base = settings.backoff_factor * 2 ** (attempt - 1) + random.random() * settings.backoff_jitter
    return float(min(settings.backoff_max, base))
