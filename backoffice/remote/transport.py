"""Below the session: verified TLS, retries that respect a deadline, and a hard stop.

**TLS.** Government intranet platforms use certificates of their own CA,
which administrators install into the Windows certificate store; requests
alone would look only at certifi's bundle. ``truststore`` verifies against
the OS store (on Linux: OpenSSL's default paths), and the CAs of a
configured PEM file are added to the same context. :class:`TrustAdapter`
ignores requests' ``verify``, so neither ``verify=False`` nor
``REQUESTS_CA_BUNDLE`` can weaken or replace it.

**Deadlines.** requests' timeouts apply to each socket operation, so a
server that trickles a byte now and then — while the TLS handshake, the
headers or the body arrive — never times out. Each request gets a
:class:`Watch`: the sockets it uses are registered as they are opened or
reused, and when the deadline passes a timer shuts them down, which wakes
the blocked read at once. :class:`DeadlineRetry` gives up instead of
sleeping past the same deadline.

**The platform's clock.** Every response's ``Date`` header is compared with
this computer's clock (:func:`clock_offset`): a workstation whose clock is
far off computes deadlines and stamps comments wrongly, and the sync says
so. Nothing is corrected with the offset.

**Cancelling** (:mod:`backoffice.remote.cancel`): a request under a fired
``Cancel`` has its sockets shut down as a deadline's would be
(:meth:`Watch.cancel`), and ``DeadlineRetry`` neither sleeps nor tries again.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import requests
import truststore
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from backoffice.domain import clock
from backoffice.remote.cancel import cancelled, pause
from backoffice.remote.errors import RemoteError
from backoffice.system_reasons import NOT_CERTIFICATES, reason

_log = logging.getLogger("backoffice.remote")


class Deadline:
    """A point in monotonic time after which a request is abandoned."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0


class Watch:
    """Shuts down the sockets of one request when its deadline passes, or when cancelled."""

    def __init__(self, deadline: Deadline, on_write: Callable[[], None] | None = None) -> None:
        """``on_write``: called once, on this thread, right before the first byte of
        the request goes onto a connection that is up (not while connecting)."""
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._done = False
        self.fired = False
        self.cancelled = False
        # Over all of urllib3's attempts: whether one set out to connect, and
        # whether any byte of the request itself then went onto a connection.
        # Opened but never written, the platform cannot have the request.
        self.connecting = False
        self.wrote = False
        self.on_write = on_write
        self._timer = threading.Timer(max(0.0, deadline.remaining()), self._fire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        with self._lock:
            self._done = True
            self._sockets.clear()
        self._timer.cancel()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if self._done:
                return
            if self.fired:
                _shutdown(sock)
            else:
                self._sockets.append(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        """End the request now: its sockets are shut down, and any it opens after."""
        with self._lock:
            self.cancelled = True
        self._fire()


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


# urllib3 opens, reuses and retries connections in the calling thread; this is
# how its connections and its Retry find the request they belong to.
_current = threading.local()


def current_deadline() -> Deadline | None:
    found: Deadline | None = getattr(_current, "deadline", None)
    return found


def watching(deadline: Deadline | None, watch: Watch | None) -> None:
    """Make ``deadline`` and ``watch`` those of this thread's request (None: no request)."""
    _current.deadline, _current.watch = deadline, watch


def _watch(sock: socket.socket | None) -> None:
    watch: Watch | None = getattr(_current, "watch", None)
    if watch is not None and sock is not None:
        watch.add(sock)


def _note(*, wrote: bool) -> None:
    watch: Watch | None = getattr(_current, "watch", None)
    if watch is not None:
        watch.connecting = True
        if wrote and not watch.wrote:
            watch.wrote = True
            # The request's first byte: the sync marks its commands sent here, so
            # the mark is in the store before anything of it can reach the platform.
            if watch.on_write is not None:
                watch.on_write()


class _WatchedHTTPConnection(HTTPConnection):
    _opening = False

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)  # before any byte: the TLS handshake is covered too
        return sock

    def connect(self) -> None:
        # What connecting sends (a proxy's CONNECT, the TLS handshake) is not
        # the request: a connection that fails here never carried it.
        _note(wrote=False)
        self._opening = True
        try:
            super().connect()
        finally:
            self._opening = False

    def send(self, data: Any) -> None:
        if self.sock is None:
            self.connect()  # as http.client would, but before the write is noted
        if not self._opening:
            _note(wrote=True)
        super().send(data)

    def getresponse(self) -> Any:  # a reused connection: registered again
        _watch(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    pass


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


class DeadlineRetry(Retry):
    """``Retry`` that gives up rather than sleep past the request's deadline."""

    def _wait(self, response: Any) -> float:
        if self.respect_retry_after_header and response is not None:
            after = self.get_retry_after(response)
            if after:
                return after
        return self.get_backoff_time()

    def increment(self, method: str | None = None, url: str | None = None,
                  response: Any = None, error: Exception | None = None,
                  _pool: Any = None, _stacktrace: Any = None) -> DeadlineRetry:
        if cancelled():
            raise MaxRetryError(_pool, url or "", error)  # the request reports it cancelled
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        deadline = current_deadline()
        if deadline is not None and new._wait(response) >= deadline.remaining():
            # Raised like exhaustion: urllib3 hands back the last response (a
            # 503 with its Retry-After) or raises the last connection error.
            raise MaxRetryError(_pool, url or "", error)
        return new

    def sleep(self, response: Any = None) -> None:
        deadline = current_deadline()
        wait = self._wait(response)
        if deadline is not None:
            wait = min(wait, max(0.0, deadline.remaining()))
        pause(wait)  # cancelled: the request's sockets are shut, so its next try fails at once


_offsets_lock = threading.Lock()
_offsets: dict[str, float] = {}  # origin → seconds this computer is ahead (negative: behind)


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def note_platform_date(url: str, date: str | None) -> None:
    """Keep how far this computer's clock is from the clock of ``url``'s server.

    ``date`` is the response's ``Date`` header (whole seconds); a missing or
    malformed one changes nothing. This computer's time is :func:`clock.now`'s,
    the time deadlines and timestamps are computed with.
    """
    if not date:
        return
    try:
        server = parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return
    offset = clock.now().timestamp() - server
    with _offsets_lock:
        _offsets[_origin(url)] = offset


def clock_offset(url: str) -> float | None:
    """Seconds this computer's clock is ahead of the last answer from ``url``'s server
    (negative: behind); ``None`` before any answer with a ``Date``."""
    with _offsets_lock:
        return _offsets.get(_origin(url))


def tls_context(ca_bundle: Path | str | None = None) -> ssl.SSLContext:
    """The OS trust store plus ``ca_bundle``'s CAs (a PEM path); TLS 1.2 or newer."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_bundle is not None:
        try:
            context.load_verify_locations(cafile=str(ca_bundle))
        except (OSError, ssl.SSLError) as exc:
            # An SSLError is an OSError whose errno is OpenSSL's, not the system's.
            why = NOT_CERTIFICATES if isinstance(exc, ssl.SSLError) else reason(exc)
            _log.info("CA bundle %s refused: %s: %s", ca_bundle, type(exc).__name__, exc)
            raise RemoteError("remote.bad_ca_bundle", path=str(ca_bundle), reason=why) from exc
    return context


class TrustAdapter(HTTPAdapter):
    """Every connection verified against one SSL context, and watched for its deadline."""

    def __init__(self, context: ssl.SSLContext, retry: Retry, pool_maxsize: int = 4) -> None:
        self._context = context
        super().__init__(max_retries=retry, pool_maxsize=pool_maxsize)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pool_kwargs["ssl_context"] = self._context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._context
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS has connection classes of its own
            manager.pool_classes_by_scheme = dict(_POOLS)
        return manager

    def build_connection_pool_key_attributes(self, request: requests.PreparedRequest,
                                             verify: Any, cert: Any = None
                                             ) -> tuple[dict[str, Any], dict[str, Any]]:
        host, pool = super().build_connection_pool_key_attributes(request, True, cert)
        # urllib3 would set the shared context's verify_mode from these.
        pool["cert_reqs"] = "CERT_REQUIRED"
        pool.pop("ca_certs", None)
        pool.pop("ca_cert_dir", None)
        return host, pool

    def build_response(self, req: requests.PreparedRequest, resp: Any) -> requests.Response:
        response = super().build_response(req, resp)
        note_platform_date(str(req.url), response.headers.get("Date"))
        return response

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # requests would point the pool at certifi's bundle (or turn checks off
        # for verify=False); the context already holds the trust we want.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None
