"""One call at a time off the GUI thread, for a dialog: the outcome as signals.

The dialogs sign in and write the store, which may take seconds on a poor
network or behind the sync's write transaction; the window must not freeze
meanwhile. :class:`BackgroundCall` is :class:`ui.background.Background` with
one thread, shaped for a dialog: ``succeeded(result)`` or ``failed(exception)``
as signals, ``running`` to grey out buttons, and a second call refused while
one runs. The function must not touch widgets; it takes and returns plain
values (strings, domain dataclasses).

A long read (a report over a large store) runs on :func:`reading_pool`, not
on the application's global pool of two threads: reads left running by
dialogs closed meanwhile would otherwise hold up every other dialog's call
(signing in, the conflicts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from ui.background import Background

_log = logging.getLogger(__name__)


_reading_pool: QThreadPool | None = None


def reading_pool() -> QThreadPool:
    """One thread for long reads, shared by the dialogs that make them.

    Not a dialog's own pool: destroying that would wait for its read as the
    dialog closes. A read abandoned by a closed dialog (it stops at its next
    step) delays only the next such read, never the global pool's calls.
    """
    global _reading_pool
    if _reading_pool is None:
        _reading_pool = QThreadPool()
        _reading_pool.setObjectName("readingPool")
        _reading_pool.setMaxThreadCount(1)
    return _reading_pool


class BackgroundCall(QObject):
    """One background call at a time; :attr:`running` while it is under way.

    ``pool``: the application's global pool unless given (:func:`reading_pool`).
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self, pool=pool or QThreadPool.globalInstance())

    @property
    def running(self) -> bool:
        # False again before the outcome's signal goes out: a slot may start the next call.
        return self._background.busy()

    def start(self, fn: Callable[[], Any]) -> None:
        if self.running:
            raise RuntimeError("a background call is already running")
        self._background.run(fn, self.succeeded.emit, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, BackofficeError):
            # A BackofficeError is an answer (wrong password, a command that
            # no longer fits); anything else is a bug worth its traceback.
            _log.error("background call failed", exc_info=exc)
        self.failed.emit(exc)


def describe_failure(exc: object, lang: str) -> str:
    """The sentence to show for a failed call (:func:`backoffice.messages.describe`)."""
    return messages.describe(exc, lang)
