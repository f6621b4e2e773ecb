"""Run slow work off the GUI thread; success and failure come back on it.

Like Anki's ``CollectionOp``: the function runs on a worker thread of a
small pool; its result (or exception) travels back by a signal emitted from
the worker to a relay object living on the GUI thread, whose slot calls the
caller's callback there. So callbacks may touch widgets; the function must
not. Jobs keep a Python reference until they finish (PySide6 would
otherwise let a QRunnable or its callbacks be collected mid-flight).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_log = logging.getLogger("ui.background")

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.token, self.fn, self.relay = token, fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.relay.failed.emit(self.token, exc)
        else:
            self.relay.finished.emit(self.token, result)


class Background(QObject):
    """A worker pool; ``threads=1`` serializes its jobs (one store writer)."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._tokens = itertools.count(1)
        self._jobs: dict[int, tuple[_Job, Success, Failure | None]] = {}

    def run(self, fn: Callable[[], Any], on_success: Success,
            on_failure: Failure | None = None) -> None:
        token = next(self._tokens)
        job = _Job(token, fn, self._relay)
        self._jobs[token] = (job, on_success, on_failure)
        self.pool.start(job)

    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_finished(self, token: int, result: object) -> None:
        _job, on_success, on_failure = self._jobs.pop(token)
        try:
            on_success(result)
        except Exception as exc:  # noqa: BLE001 - the caller's failure path, not a lost error
            # Whatever the success handler broke on is a failure of the whole
            # operation: start-up must hear of it, not wait forever.
            if on_failure is None:
                raise
            _log.error("handling a background result failed", exc_info=exc)
            on_failure(exc)

    @Slot(int, object)
    def _on_failed(self, token: int, exc: object) -> None:
        _job, _, on_failure = self._jobs.pop(token)
        assert isinstance(exc, BaseException)
        if on_failure is None:
            _log.error("background job failed", exc_info=exc)
        else:
            on_failure(exc)
