"""Run slow work off the GUI thread; success and failure come back on it.

Like Anki's ``CollectionOp``: the function runs on a worker thread of a
small pool; its result (or exception) travels back by a signal emitted from
the worker to a relay object living on the GUI thread, whose slot calls the
caller's callback there. So callbacks may touch widgets; the function must
not. The pool is given a Python callable, which PySide keeps alive until it
has run (a QRunnable subclass or its callbacks could be collected mid-flight).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

_log = logging.getLogger("ui.background")

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


def _run(token: int, fn: Callable[[], Any], relay: _Relay) -> None:
    # On a worker thread: no widgets here.
    try:
        result = fn()
    except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
        delivered = emit_if_alive(relay.failed, token, exc)
    else:
        delivered = emit_if_alive(relay.finished, token, result)
    if not delivered:  # its owner (and the relay with it) was closed meanwhile
        _log.info("background job finished after its owner was closed")


def emit_if_alive(signal: Any, *args: object) -> bool:
    """Emit ``signal``; False when its object was deleted meanwhile.

    Nobody is left to hear it then, and PySide raises ("Signal source has
    been deleted") rather than drop it — in a worker, or at quit.
    """
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True


class Background(QObject):
    """A worker pool; ``threads=1`` serializes its jobs (one store writer).

    ``pool``: run on that pool instead of one of its own — the application's
    global pool for a dialog, which may then close while its call still runs
    (destroying an own pool would wait for the call).
    """

    def __init__(self, parent: QObject | None = None, *, threads: int = 2,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
        self.pool = pool
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._tokens = itertools.count(1)
        self._jobs: dict[int, tuple[Success, Failure | None]] = {}

    def run(self, fn: Callable[[], Any], on_success: Success,
            on_failure: Failure | None = None) -> None:
        token = next(self._tokens)
        self._jobs[token] = (on_success, on_failure)
        relay = self._relay
        # A plain callable, not a QRunnable: PySide keeps it (and what it holds)
        # alive until it has run, whatever happens to this object meanwhile.
        self.pool.start(lambda: _run(token, fn, relay))

    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_finished(self, token: int, result: object) -> None:
        on_success, on_failure = self._jobs.pop(token)
        try:
            on_success(result)
        except Exception as exc:
            # Whatever the success handler broke on is a failure of the whole
            # operation: start-up must hear of it, not wait forever.
            if on_failure is None:
                raise
            _log.error("handling a background result failed", exc_info=exc)
            on_failure(exc)

    @Slot(int, object)
    def _on_failed(self, token: int, exc: object) -> None:
        _, on_failure = self._jobs.pop(token)
        assert isinstance(exc, BaseException)
        if on_failure is None:
            _log.error("background job failed", exc_info=exc)
        else:
            on_failure(exc)
