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

from backoffice.remote.errors import SIGNED_OUT, RemoteError
from backoffice.sync.engine import SyncEngine

_log = logging.getLogger("backoffice.sync")

NEVER = float("inf")


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

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the sync under way, if any (it is never cut in half)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        self._schedule(0.0, reset=True)

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
            if exc.code == SIGNED_OUT:
                _log.warning("sync stopped: the sign-in expired; the queue is kept")
                return NEVER
            return self._back_off(exc.code)
        except Exception as exc:  # a bug must not end syncing for the day
            _log.exception("sync failed")
            return self._back_off(type(exc).__name__)
        finally:
            self.runs += 1
        self._failures = 0
        return self.interval

    def _back_off(self, code: str) -> float:
        self._failures += 1
        base = min(self.backoff_max, self.backoff_initial * 2.0 ** (self._failures - 1))
        delay: float = base * (1 + self._rng.uniform(-self.jitter, self.jitter))
        next_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay)
        self.engine.status.update(next_attempt=next_at)
        _log.info("sync failed (%s); next attempt in %.1f s", code, delay)
        return delay
