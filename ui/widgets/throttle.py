"""A call made once at the end of an interval, however often it was asked for in it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# How often a view follows a pull's pages (the inbox list's rows, the shown
# task's detail): a first pull stores pages for several seconds.
PULL_PROGRESS_MS = 2000


class Throttle(QObject):
    """Trailing only: a request starts an interval unless one is running, and
    ``action`` runs once at its end. For work that follows a stream of events
    — a pull's pages — without running for each, nor twice when the stream is
    one event followed by a fuller update (an everyday pull's one page, then
    the round's end): that update calls :meth:`cancel`.
    """

    def __init__(self, action: Callable[[], None], interval_ms: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._action = action
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._action)

    def request(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def cancel(self) -> None:
        """Nothing runs for the requests so far (a fuller update came)."""
        self._timer.stop()
