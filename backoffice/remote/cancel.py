"""Cancelling requests: a session that closes must not wait for the network.

A :class:`Cancel` ends the requests made under it (:func:`cancel_scope`,
per thread; scopes nest, and any of them firing counts) at once, whatever
their deadline: their sockets are shut down (the deadline watch's way, in
:mod:`backoffice.remote.transport`), their retry pauses end
(:func:`pause`), and they and any request started later under it raise
``remote.cancelled``. Each platform client runs its requests under its own
(``PlatformClient.cancel_requests``), the sync engine its rounds under
another (``SyncEngine.stop``), the sign-in dialog its sign-in under a third.

Nothing here imports the network stack: the GUI thread makes a ``Cancel``
(the sign-in dialog) without paying for requests' import.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_current = threading.local()


class Cancel:
    """Ends, at once and for good, the requests made under it (:func:`cancel_scope`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fired = False
        self._listeners: dict[int, Callable[[], None]] = {}
        self._ids = itertools.count()

    @property
    def fired(self) -> bool:
        return self._fired

    def fire(self) -> None:
        with self._lock:
            if self._fired:
                return
            self._fired = True
            listeners, self._listeners = list(self._listeners.values()), {}
        for listener in listeners:
            listener()

    def listen(self, callback: Callable[[], None]) -> Callable[[], None] | None:
        """Call ``callback`` when fired; returns how to stop listening (None: fired already)."""
        with self._lock:
            if self._fired:
                return None
            key = next(self._ids)
            self._listeners[key] = callback

        def stop() -> None:
            with self._lock:
                self._listeners.pop(key, None)

        return stop


def current_cancels() -> tuple[Cancel, ...]:
    found: tuple[Cancel, ...] = getattr(_current, "cancels", ())
    return found


@contextmanager
def cancel_scope(cancel: Cancel | None) -> Iterator[None]:
    """Requests made by this thread inside the block end when ``cancel`` fires.

    Scopes nest: a request ends when the cancel of any scope around it fires
    (the sync engine's, inside the platform client's own).
    """
    outer = current_cancels()
    _current.cancels = outer if cancel is None else (*outer, cancel)
    try:
        yield
    finally:
        _current.cancels = outer


def cancelled() -> bool:
    return any(c.fired for c in current_cancels())


def listen_all(callback: Callable[[], None]) -> list[Callable[[], None]] | None:
    """``callback`` when any of this thread's scopes is cancelled; None if one is already.

    Returns the functions that stop listening, to be called when the work ends.
    """
    stops: list[Callable[[], None]] = []
    for cancel in current_cancels():
        stop = cancel.listen(callback)
        if stop is None:
            for done in stops:
                done()
            return None
        stops.append(stop)
    return stops


def pause(seconds: float) -> bool:
    """Sleep between attempts; cut short (True) when this thread's scope is cancelled."""
    if not current_cancels():
        if seconds > 0:
            time.sleep(seconds)
        return False
    woken = threading.Event()
    stops = listen_all(woken.set)
    if stops is None:
        return True
    try:
        if seconds > 0:
            woken.wait(seconds)
    finally:
        for stop in stops:
            stop()
    return woken.is_set()
