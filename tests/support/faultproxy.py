"""A TCP proxy on loopback that breaks responses the way networks do.

Sits between a client and a server (the sandbox); bytes pass through
unchanged unless a fault is armed. A fault applies to the next response —
the first bytes the server sends after the client sent a request, on any
connection, new or kept alive — and is used up by it (``times`` responses,
after letting ``skip`` responses through):

- ``reset(after=N)``: forward N bytes of the response, then reset the
  connection (RST, as a crashed middlebox or a dropped VPN does);
- ``truncate(after=N)``: forward N bytes, then close cleanly (FIN) — a
  response cut short;
- ``stall(seconds=S)``: forward nothing for S seconds, then go on;
- ``slow(rate=K)``: trickle the response at K bytes per second.

Threads and blocking sockets: one thread accepts, two pump bytes per
connection. ``requests_seen`` keeps what clients sent and ``responses_seen``
the first bytes of each response (to check headers). With ``tls`` (a server
``SSLContext``) the proxy terminates TLS: an HTTPS front for the sandbox.
With ``http_proxy`` it plays a forward HTTP proxy: a request line in
absolute form (``GET http://host/path``) reaches the server as ``GET /path``.
"""

from __future__ import annotations

import re
import socket
import ssl
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_BUFFER = 65536
_ABSOLUTE = re.compile(rb"^([A-Z]+) http://[^/ ]+(/\S*) ")


@dataclass
class Fault:
    kind: str  # "reset" | "truncate" | "stall" | "slow"
    after: int = 0
    seconds: float = 0.0
    rate: int = 0
    left: int = 1
    skip: int = 0  # responses to let through untouched first


class _Exchange:
    """Per connection: has the client spoken since the last response began?"""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.asked = False


class FaultProxy:
    def __init__(self, upstream_host: str, upstream_port: int,
                 tls: ssl.SSLContext | None = None, http_proxy: bool = False) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.tls = tls
        self.http_proxy = http_proxy
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._stop = threading.Event()
        self._sockets: set[socket.socket] = set()
        self.requests_seen: list[bytes] = []
        self.responses_seen: list[bytes] = []
        self.applied: list[str] = []
        self.connections = 0
        self._thread = threading.Thread(target=self._accept, name="faultproxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    # --- arming ----------------------------------------------------------------------

    def reset(self, *, after: int = 0, times: int = 1, skip: int = 0) -> None:
        self._arm(Fault("reset", after=after, left=times, skip=skip))

    def truncate(self, *, after: int, times: int = 1, skip: int = 0) -> None:
        self._arm(Fault("truncate", after=after, left=times, skip=skip))

    def stall(self, *, seconds: float, times: int = 1, skip: int = 0) -> None:
        self._arm(Fault("stall", seconds=seconds, left=times, skip=skip))

    def slow(self, *, rate: int, times: int = 1, skip: int = 0) -> None:
        self._arm(Fault("slow", rate=rate, left=times, skip=skip))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def _arm(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take(self) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.left > 0 and fault.skip > 0:
                    fault.skip -= 1
                    return None
                if fault.left > 0:
                    fault.left -= 1
                    self.applied.append(fault.kind)
                    return fault
        return None

    # --- plumbing ---------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        try:
            if self.tls is not None:
                client.settimeout(10)
                client = self.tls.wrap_socket(client, server_side=True)
                client.settimeout(None)
            server = socket.create_connection(self.upstream, timeout=10)
        except OSError:  # also a handshake the client refused (ssl.SSLError)
            _abort(client)
            return
        server.settimeout(None)
        with self._lock:
            self.connections += 1
            self._sockets.update((client, server))
        exchange = _Exchange()
        threading.Thread(target=self._upstream_pump, args=(client, server, exchange),
                         daemon=True).start()
        self._downstream_pump(server, client, exchange)

    def _upstream_pump(self, client: socket.socket, server: socket.socket,
                       exchange: _Exchange) -> None:
        index = -1
        try:
            while data := client.recv(_BUFFER):
                with exchange.lock, self._lock:
                    if not exchange.asked:  # the first bytes of a new request
                        exchange.asked = True
                        self.requests_seen.append(b"")
                        index = len(self.requests_seen) - 1
                        forwarded = _ABSOLUTE.sub(rb"\1 \2 ", data, count=1) \
                            if self.http_proxy else data
                    else:
                        forwarded = data
                    self.requests_seen[index] += data  # as the client sent it
                server.sendall(forwarded)
        except OSError:
            pass
        _close(server)

    def _downstream_pump(self, server: socket.socket, client: socket.socket,
                         exchange: _Exchange) -> None:
        fault: Fault | None = None
        sent = 0
        try:
            while data := server.recv(_BUFFER):
                with exchange.lock:
                    if exchange.asked:  # the first bytes of a new response
                        exchange.asked = False
                        fault, sent = self._take(), 0
                        with self._lock:
                            self.responses_seen.append(data[:4096])
                if fault is None:
                    client.sendall(data)
                    continue
                if fault.kind in ("reset", "truncate"):
                    keep = max(0, fault.after - sent)
                    client.sendall(data[:keep])
                    sent += min(keep, len(data))
                    if sent >= fault.after:
                        (_abort if fault.kind == "reset" else _close)(client)
                        _close(server)
                        return
                elif fault.kind == "stall":
                    if self._stop.wait(fault.seconds):
                        break
                    client.sendall(data)
                    fault = None
                else:
                    self._trickle(client, data, fault.rate)
        except OSError:
            pass
        _close(client)

    def _trickle(self, client: socket.socket, data: bytes, rate: int) -> None:
        step = max(1, rate // 10)
        for start in range(0, len(data), step):
            if self._stop.wait(step / rate):
                raise OSError("proxy closed")
            client.sendall(data[start:start + step])

    def close(self) -> None:
        self._stop.set()
        _close(self._listener)
        with self._lock:
            for sock in self._sockets:
                _close(sock)
        self._thread.join(5)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def _abort(sock: socket.socket) -> None:
    """Close with a reset: SO_LINGER on, zero timeout.

    The other pump may be blocked in ``recv`` on this socket, which keeps it
    open past ``close``; shutting the reading side first wakes it up (and
    sends nothing), so the close that follows is the last one and resets.
    """
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    sock.close()


@contextmanager
def fault_proxy(url: str, tls: ssl.SSLContext | None = None,
                http_proxy: bool = False) -> Iterator[FaultProxy]:
    """A proxy in front of ``url`` (``http://host:port``), closed afterwards."""
    host, _, port = url.removeprefix("http://").partition(":")
    proxy = FaultProxy(host, int(port), tls, http_proxy)
    try:
        yield proxy
    finally:
        proxy.close()
