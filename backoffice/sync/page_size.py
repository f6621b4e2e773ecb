"""How many records the pull asks the change feed for: as many as the link carries quickly.

Large pages make a first pull fast: each page costs a request, a platform
query and a write transaction whatever its size, and at 1,000 records a
page those fixed costs were a third of a 20,000-case first pull (16.6 s at
1,000 a page, 11–13 s at 5,000; ``docs/benchmarks.md``). But a field
laptop on a weak mobile link may need a minute for 5,000 records, and one
API call has a hard deadline (``HttpSettings.total_timeout``, 60 s): a
page that never arrives in time would stop every sync at the same cursor.

So the size adapts: it starts at the largest the platform serves, halves
after a page that took longer than ``slow_s`` and drops to a quarter after
a page that timed out (the pull stops there as on any error; the next one
asks for less), and doubles again after a full page that came within
``fast_s``. The engine keeps the size in the store (``sync.page_size``),
so a scheduled ``backoffice sync --once`` — a new engine each time — on a
weak link does not start too large again, time out and stop at the same
cursor every time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from backoffice.remote.errors import TIMEOUT, RemoteError

if TYPE_CHECKING:
    from backoffice.remote.validate import PulledPage
    from backoffice.store import Store
    from backoffice.store.uow import UnitOfWork

KEY = "sync.page_size"  # sync_state: the size learned for this store's link


class PageSize:
    """The next page's size for one link; thread-safe (fetches run on a helper thread)."""

    def __init__(self, largest: int, *, smallest: int = 100, slow_s: float = 10.0,
                 fast_s: float = 3.0) -> None:
        if not 1 <= smallest <= largest:
            raise ValueError(f"page sizes must be 1 <= smallest <= largest, not {smallest}, "
                             f"{largest}")
        self.largest = largest
        self.smallest = smallest
        self.slow_s = slow_s
        self.fast_s = fast_s
        self._current = largest
        self._lock = threading.Lock()

    @property
    def current(self) -> int:
        with self._lock:
            return self._current

    def resume(self, size: int) -> None:
        """Go on from a size learned before, within the bounds."""
        with self._lock:
            self._current = min(self.largest, max(self.smallest, size))

    def resume_kept(self, store: Store) -> None:
        """Go on from the size :meth:`keep` left in ``store``, if any."""
        with store.read() as uow:
            kept = uow.sync_state.get(KEY)
        if kept is not None and kept.isdigit():
            self.resume(int(kept))

    def keep(self, uow: UnitOfWork) -> None:
        """Write the current size into the store, in the caller's transaction (if it changed)."""
        size = str(self.current)
        if uow.sync_state.get(KEY) != size:
            uow.sync_state.set(KEY, size)

    def fetch(self, changes: Callable[[str | None, int], PulledPage],
              cursor: str | None) -> PulledPage:
        """``changes(cursor, size)`` at the current size, timed, and what it teaches."""
        asked = self.current
        started = time.monotonic()
        try:
            page = changes(cursor, asked)
        except RemoteError as exc:
            if exc.code == TIMEOUT:
                self.timed_out(asked)
            raise
        self.fetched(asked, len(page.changes) + len(page.rejected), time.monotonic() - started)
        return page

    def fetched(self, asked: int, got: int, seconds: float) -> None:
        """A page of ``got`` records (``asked`` for) arrived in ``seconds``."""
        with self._lock:
            if seconds > self.slow_s:
                self._current = max(self.smallest, min(self._current, asked) // 2)
            elif seconds < self.fast_s and got >= asked:
                self._current = min(self.largest, max(self._current, asked * 2))

    def timed_out(self, asked: int) -> None:
        """A page of ``asked`` records did not arrive within the call's deadline."""
        with self._lock:
            self._current = max(self.smallest, min(self._current, asked) // 4)
