"""A call made at once, then at most once an interval however often it is asked for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# How often a view follows a pull's pages (the inbox list's rows, the shown
# task's detail): a first pull stores pages for several seconds.
PULL_PROGRESS_MS = 2000


class Throttle(QObject):
    """Leading and trailing: the first request runs ``action`` now; requests
    within the next ``interval_ms`` make one more run at its end (and that
    run opens a new interval). For work that follows a stream of events —
    a first pull's pages — without running for each one.
    """

    def __init__(self, action: Callable[[], None], interval_ms: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._action = action
        self._due = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._interval_over)

    def request(self) -> None:
        if self._timer.isActive():
            self._due = True
            return
        self._action()
        self._timer.start()

    def cancel(self) -> None:
        """Nothing more runs for the requests so far (a fuller update came)."""
        self._timer.stop()
        self._due = False

    def _interval_over(self) -> None:
        if self._due:
            self._due = False
            self._action()
            self._timer.start()
