"""A network link simulated on loopback, for benchmarks: round-trip time and bandwidth.

    with Link(("127.0.0.1", port), rtt_ms=60, down_mbit=20, up_mbit=5) as link:
        ... talk to link.url ...

A TCP proxy whose two directions are delay lines: a chunk read from one side
leaves the other side when the link would have carried it — after the bytes
queued before it (one bandwidth per direction, shared by every connection,
as one mobile link is) plus half the round trip. The kernel's ``tc netem``
does this properly, but it needs a kernel module this machine does not
have. TCP's own windows and slow start are not modelled, so the figures
are a little kind to long transfers.
"""

from __future__ import annotations

import queue
import socket
import threading
import time
from types import TracebackType
from typing import Self

_CHUNK = 16384  # small enough that a chunk's serialization time stays a few ms


class _Direction:
    """One way of the link: when a chunk queued now would arrive at the far end."""

    def __init__(self, mbit: float, delay_s: float) -> None:
        self.bytes_per_s = mbit * 1e6 / 8
        self.delay_s = delay_s
        self._free_at = 0.0
        self._lock = threading.Lock()

    def arrival(self, size: int) -> float:
        with self._lock:
            start = max(time.monotonic(), self._free_at)
            self._free_at = start + size / self.bytes_per_s
            return self._free_at + self.delay_s


class Link:
    def __init__(self, upstream: tuple[str, int], *, rtt_ms: float, down_mbit: float,
                 up_mbit: float) -> None:
        self.upstream = upstream
        self.down = _Direction(down_mbit, rtt_ms / 2000)
        self.up = _Direction(up_mbit, rtt_ms / 2000)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for sock in [self._listener, *self._sockets]:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sockets += [client, server]
            _pipe(client, server, self.up)
            _pipe(server, client, self.down)


def _pipe(source: socket.socket, target: socket.socket, direction: _Direction) -> None:
    """Carry ``source``'s bytes to ``target`` as ``direction`` would (two threads)."""
    line: queue.Queue[tuple[float, bytes]] = queue.Queue()

    def read() -> None:
        try:
            while data := source.recv(_CHUNK):
                line.put((direction.arrival(len(data)), data))
        except OSError:
            pass
        line.put((0.0, b""))

    def write() -> None:
        while True:
            due, data = line.get()
            if not data:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                target.sendall(data)
            except OSError:
                break
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=write, daemon=True).start()
