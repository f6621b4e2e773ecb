"""Run the sandbox platform: in the foreground (``serve``) or in a thread.

:func:`running_sandbox` starts uvicorn in a daemon thread on a loopback
port (0 = any free port, read back from the bound socket), waits until it
accepts requests, yields the base URL and stops it cleanly — for tests and
for ``backoffice app --demo``. ``live=True`` (``serve --live``) runs the
:class:`~backoffice.sandbox.live.LiveDesk` next to the server and stops it
first on shutdown. Uvicorn's signal handlers are not installed
in the thread (they belong to the main thread of the host process).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

from backoffice.domain.errors import BackofficeError
from backoffice.sandbox.app import create_app
from backoffice.sandbox.faults import Faults
from backoffice.sandbox.live import LiveDesk
from backoffice.sandbox.platform import Clock, Platform
from backoffice.sandbox.platform_date import PlatformDate


class _ThreadServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # not the main thread
        pass


@dataclass(frozen=True, slots=True)
class Sandbox:
    url: str  # e.g. http://127.0.0.1:54321
    app: FastAPI
    live: LiveDesk | None = None  # running when started with live=True

    @property
    def platform(self) -> Platform:
        platform: Platform = self.app.state.platform
        return platform

    @property
    def faults(self) -> Faults:
        """Fault mode for tests (:mod:`backoffice.sandbox.faults`)."""
        faults: Faults = self.app.state.faults
        return faults


def _config(app: FastAPI, host: str, port: int, *, dated: bool = False) -> uvicorn.Config:
    # log_config=None: keep our logging (with its secret redaction) in charge.
    return uvicorn.Config(app, host=host, port=port, log_config=None, access_log=False,
                          lifespan="off", timeout_graceful_shutdown=5, date_header=not dated)


def serve(host: str, port: int, db_url: str, live: bool = False,
          live_seed: int | None = None, *,
          listening: Callable[[str], object] | None = None) -> None:
    """Serve until interrupted (``backoffice sandbox serve``); ``live``: with the desk.

    ``listening(url)`` is told the address once the port is bound — not
    before: a port already taken is ``sandbox.cannot_listen``, never a
    banner for a server that is not there.
    """
    sock = _listen(host, port)
    try:
        app = create_app(db_url)
    except BaseException:
        sock.close()
        raise
    if listening is not None:
        listening(f"http://{host}:{sock.getsockname()[1]}")
    desk = LiveDesk(app.state.platform, seed=live_seed).start() if live else None
    try:
        uvicorn.Server(_config(app, host, port)).run(sockets=[sock])
    finally:
        if desk is not None:
            desk.stop()


PORTS = range(65536)  # 0: any free port


def _listen(host: str, port: int) -> socket.socket:
    if port not in PORTS:
        # The socket layer raises OverflowError, not OSError, for these.
        raise BackofficeError("sandbox.port_out_of_range", port=port)
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        # SO_REUSEADDR on POSIX only (create_server's own rule): on Windows it
        # would let a second server take a port already in use.
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise BackofficeError("sandbox.cannot_listen", host=host, port=port,
                              reason=exc.strerror or type(exc).__name__) from None


@contextmanager
def running_sandbox(db_url: str, *, host: str = "127.0.0.1", port: int = 0,
                    clock: Clock | None = None, timeout: float = 10.0, live: bool = False,
                    live_seed: int | None = None, dated: bool = False) -> Iterator[Sandbox]:
    """``dated``: the answers' ``Date`` from ``clock`` (:mod:`.platform_date`)."""
    app = create_app(db_url, clock=clock)
    if dated:
        app.add_middleware(PlatformDate, now=app.state.platform.now)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    server = _ThreadServer(_config(app, host, bound, dated=dated))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="sandbox-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.01)
    desk = LiveDesk(app.state.platform, seed=live_seed, clock=clock).start() if live else None
    try:
        yield Sandbox(f"http://{host}:{bound}", app, desk)
    finally:
        if desk is not None:
            desk.stop(timeout)
        app.state.faults.clear()  # a stalled request would hold up the shutdown
        server.should_exit = True
        thread.join(timeout)
        sock.close()
