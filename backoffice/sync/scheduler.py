"""When to sync: at start-up, after local actions, on an interval, on demand.

One background thread runs every sync, so there is never more than one at
a time. While the platform cannot be reached it retries with exponential
back-off and jitter, and recovers by itself when the network returns — the
failure mode PouchDB's live replication had for years (SYNC.md). An expired
sign-in stops automatic syncing until :meth:`signed_in`; the queue stays.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable

from backoffice.remote.errors import CANCELLED, SIGNED_OUT, RemoteError
from backoffice.sync.engine import SyncEngine

_log = logging.getLogger("backoffice.sync")

NEVER = float("inf")
RETRY_AFTER_CAP = 3600  # seconds: the longest a platform's Retry-After holds the next sync back


class SyncScheduler:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval: float = 300.0,
        debounce: float = 2.0,
        backoff_initial: float = 5.0,
        backoff_max: float = 300.0,
        jitter: float = 0.2,
        rng: random.Random | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.debounce = debounce
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.jitter = jitter
        self._rng = rng or random.Random()
        self._now = monotonic
        self._cond = threading.Condition()
        self._due = 0.0  # start-up: sync at once
        self._stopping = False
        self._failures = 0
        self._thread: threading.Thread | None = None
        self.runs = 0  # completed attempts, successful or not

    def start(self) -> SyncScheduler:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop syncing for good: the round under way ends at its next request.

        Its requests are cancelled (:meth:`SyncEngine.stop`), so this waits
        for the local work under way — a page being applied — not for the
        network. True when the sync thread ended within ``timeout``; the
        thread is a daemon either way, so it never holds the process open.
        """
        self.engine.stop()
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            _log.warning("the sync thread did not stop within %.0f s", timeout)
            return False
        return True

    def sync_now(self) -> None:
        self._schedule(0.0, reset=True)

    def set_interval(self, interval: float) -> None:
        """A new interval (Settings): the next sync comes by it if that is sooner than planned."""
        with self._cond:
            self.interval = interval
            due = self._now() + interval
            if self._due != NEVER and due < self._due:  # never wakes a parked scheduler
                self._due = due
            self._cond.notify_all()

    def local_action(self) -> None:
        """Something was queued: show it now, push it soon (a burst is one sync)."""
        self.engine.refresh_counts()
        self._schedule(self.debounce, reset=False)

    def signed_in(self) -> None:
        """The person signed in again: resume automatic syncing now."""
        self._schedule(0.0, reset=True)

    def _schedule(self, delay: float, *, reset: bool) -> None:
        with self._cond:
            if reset:
                self._failures = 0
            due = self._now() + delay
            # A later request never postpones an earlier one, but a local
            # action does wake a scheduler parked after a sign-out.
            if due < self._due or self._due == NEVER:
                self._due = due
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and self._now() < self._due:
                    wait = self._due - self._now()
                    self._cond.wait(None if wait == NEVER else wait)
                if self._stopping:
                    return
                self._due = NEVER  # requests made while syncing schedule the next one
            delay = self._run_once()
            with self._cond:
                self._due = min(self._due, self._now() + delay)

    def _run_once(self) -> float:
        """One sync; returns the delay before the next one."""
        try:
            self.engine.sync_once()
        except RemoteError as exc:
            if exc.code == CANCELLED:
                _log.info("sync stopped: the session is closing")
                return NEVER
            if exc.code == SIGNED_OUT:
                _log.warning("sync stopped: the sign-in expired; the queue is kept")
                return NEVER
            return self._back_off(exc.code, exc.params.get("retry_after"))
        except Exception as exc:  # noqa: BLE001 - a bug must not end syncing for the day
            _log.exception("sync failed")
            return self._back_off(type(exc).__name__)
        finally:
            self.runs += 1
        self._failures = 0
        return self.interval

    def _back_off(self, code: str, retry_after: object = None) -> float:
        self._failures += 1
        base = min(self.backoff_max, self.backoff_initial * 2.0 ** (self._failures - 1))
        delay: float = base * (1 + self._rng.uniform(-self.jitter, self.jitter))
        if isinstance(retry_after, int) and retry_after > 0:
            # The platform said when to come back (429, 503): asking sooner only
            # adds to its load. Capped, so one wrong header cannot stop syncing
            # for the day; Sync now still asks at once.
            delay = max(delay, float(min(retry_after, RETRY_AFTER_CAP)))
        next_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay)
        self.engine.status.update(next_attempt=next_at)
        _log.info("sync failed (%s); next attempt in %.1f s", code, delay)
        return delay
