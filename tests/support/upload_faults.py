"""The fault proxy, also breaking what the client *sends*: an upload cut mid-way.

:class:`~support.faultproxy.FaultProxy` breaks responses; an upload over a
flaky mobile link breaks while the request body is on its way. This one
counts every byte clients send through it (``sent``) and can reset the
connection once that count passes a mark (``cut_at``) — the upload dies at
that byte, wherever in a request it falls — and both sides see a reset. The
response faults of the base class still work.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from support.faultproxy import _BUFFER, FaultProxy, _abort, _close, _Exchange


class UploadProxy(FaultProxy):
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.sent = 0  # bytes clients sent through the proxy, headers included
        self.cuts: list[int] = []  # `sent` marks still to cut at, ascending
        self.cut_done = 0
        self._count_lock = threading.Lock()
        super().__init__(upstream_host, upstream_port)

    def cut_at(self, *marks: int) -> None:
        """Reset the connection that carries byte number ``mark`` of all bytes sent."""
        with self._count_lock:
            self.cuts = sorted([*self.cuts, *marks])

    def _upstream_pump(self, client: socket.socket, server: socket.socket,
                       exchange: _Exchange) -> None:
        try:
            while data := client.recv(_BUFFER):
                with exchange.lock:
                    exchange.asked = True
                with self._count_lock:
                    start = self.sent
                    mark = self.cuts[0] if self.cuts else None
                    if mark is not None and start + len(data) >= mark:
                        self.cuts.pop(0)
                        self.cut_done += 1
                        keep = max(0, mark - start)
                        self.sent += keep
                    else:
                        keep = -1
                        self.sent += len(data)
                if keep >= 0:
                    server.sendall(data[:keep])
                    _abort(client)
                    _abort(server)
                    return
                server.sendall(data)
        except OSError:
            pass
        _close(server)


@contextmanager
def upload_proxy(url: str) -> Iterator[UploadProxy]:
    """An :class:`UploadProxy` in front of ``url`` (``http://host:port``), closed afterwards."""
    host, _, port = url.removeprefix("http://").partition(":")
    proxy = UploadProxy(host, int(port))
    try:
        yield proxy
    finally:
        proxy.close()
