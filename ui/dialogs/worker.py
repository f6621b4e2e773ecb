"""Run one call off the GUI thread and hand its outcome back to the GUI thread.

The dialogs sign in and write the store, which may take seconds on a poor
network or behind the sync's write transaction; the window must not freeze
meanwhile. :class:`BackgroundCall` runs a plain function on a
``QThreadPool`` and emits ``succeeded(result)`` or ``failed(exception)``.

Why it is shaped like this (see the PySide6 pitfalls in the engineering
brief):

- the signals belong to a ``QObject`` created on the GUI thread and are
  emitted from the worker, so Qt queues them to the GUI thread; receivers
  are ``@Slot`` methods of GUI objects, never closures;
- the pool is given a Python callable (``QThreadPool.start(callable)``):
  PySide keeps the callable alive until it has run, so no ``QRunnable``
  subclass can be collected or deleted mid-run;
- the ``BackgroundCall`` is a child of its dialog, so its C++ object is
  owned by Qt and never deleted from the worker thread; if the dialog is
  destroyed while the call runs, the outcome has no one to go to and is
  dropped;
- the function must not touch widgets; it takes and returns plain values
  (strings, domain dataclasses).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from backoffice import messages
from backoffice.domain.errors import BackofficeError

_log = logging.getLogger(__name__)


class BackgroundCall(QObject):
    """One background call at a time; :attr:`running` while it is under way."""

    succeeded = Signal(object)
    failed = Signal(object)
    # Emitted from the worker and delivered (queued) to this object on the GUI
    # thread, which clears `running` before the public signal goes out, so a
    # slot may start the next call at once.
    _done = Signal(bool, object)

    def __init__(self, parent: QObject, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool if pool is not None else QThreadPool.globalInstance()
        self._running = False
        self._done.connect(self._deliver)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, fn: Callable[[], Any]) -> None:
        if self._running:
            raise RuntimeError("a background call is already running")
        self._running = True
        self._pool.start(lambda: self._run(fn))

    def _run(self, fn: Callable[[], Any]) -> None:
        # On the worker thread: no widgets here.
        try:
            outcome: tuple[bool, object] = (True, fn())
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which words it
            if not isinstance(exc, BackofficeError):
                # A BackofficeError is an answer (wrong password, a command that
                # no longer fits); anything else is a bug worth its traceback.
                _log.error("background call failed", exc_info=exc)
            outcome = (False, exc)
        try:
            self._done.emit(*outcome)
        except RuntimeError:
            # The dialog (and this object with it) was destroyed meanwhile.
            _log.info("background call finished after its dialog was closed")

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        self._running = False
        if ok:
            self.succeeded.emit(value)
        else:
            self.failed.emit(value)


def describe_failure(exc: object, lang: str) -> str:
    """The sentence to show for a failed call (:func:`backoffice.messages.describe`)."""
    return messages.describe(exc, lang)
