"""A fault proxy whose port closes — the platform gone — and opens again.

``fall()`` stops listening and drops every connection (kept-alive ones
too), so the next connection attempt is refused as with a platform that
is down; ``come_back()`` listens on the same port again. With
``fall_with_fault`` it falls the moment it applies a fault, before the
broken answer reaches the client: a retry then finds the port closed.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from support.faultproxy import Fault, FaultProxy, _abort


class FallingProxy(FaultProxy):
    fall_with_fault = False
    _pump = threading.local()  # the connection whose answer this thread forwards

    def _downstream_pump(self, server: socket.socket, client: socket.socket,
                         exchange: Any) -> None:
        self._pump.sockets = (server, client)
        super()._downstream_pump(server, client, exchange)

    def _take(self) -> Fault | None:
        fault = super()._take()
        if fault is not None and self.fall_with_fault:
            # The answer being broken still gets its fault; every other
            # connection goes at once.
            self.fall(spare=getattr(self._pump, "sockets", ()))
        return fault

    def fall(self, spare: tuple[socket.socket, ...] = ()) -> None:
        listener = self._listener
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        except OSError:
            pass
        listener.close()
        with self._lock:
            open_sockets = [s for s in self._sockets if s not in spare]
            self._sockets = set(spare)
        for sock in open_sockets:  # reset, as a machine that went away
            _abort(sock)

    def come_back(self) -> None:
        self.fall_with_fault = False
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        self._thread = threading.Thread(target=self._accept, name="faultproxy", daemon=True)
        self._thread.start()


@contextmanager
def falling_proxy(url: str) -> Iterator[FallingProxy]:
    """A falling proxy in front of ``url`` (``http://host:port``), closed afterwards."""
    host, _, port = url.removeprefix("http://").partition(":")
    proxy = FallingProxy(host, int(port))
    try:
        yield proxy
    finally:
        proxy.close()
