"""Pages of the change feed asked for before the pull needs them.

Each feed request needs the previous page's cursor, so fetched one after
another a first pull is a chain: the platform builds a page, the link
carries it, the client decodes it, and only then goes the next request.
Over a mobile link (60 ms, 20 Mbit/s) that chain doubled the time to
fetch a 20,000-case first pull (``docs/benchmarks.md``). The platform names
the next page in the answer's headers (``Link: <…>; rel="next"``), which
arrive before the body: :class:`PagesAhead` asks for that page at once, on
a second thread, while the body of this one is still arriving.

What the pull sees does not change: it takes pages strictly in order, by
the cursor the previous page's *body* gave, and an error stops it after the
pages before. A page asked for under a header's cursor that the body then
contradicts is dropped and asked for again; a platform without the header
gets the next page asked for once the previous one has arrived, as before.
At most ``depth`` pages are asked for and not yet taken, so a slow store
does not fill the memory with pages. Closing (the pull's end, or an error)
cancels the requests still under way (``remote.cancelled``): a pull that
failed does not leave them running to their deadline, which at exit the
interpreter would wait for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack

from backoffice.remote.cancel import Cancel, cancel_scope, current_cancels
from backoffice.remote.validate import PulledPage

# (cursor, on_next) → the page after cursor; on_next is told the next cursor early.
Fetch = Callable[[str | None, Callable[[str], None]], PulledPage]


class PagesAhead:
    """The pages after a cursor, in order, each asked for as early as the platform allows."""

    def __init__(self, fetch: Fetch, *, depth: int = 2) -> None:
        if depth < 1:
            raise ValueError("depth must be at least 1")
        self._fetch = fetch
        self._depth = depth
        # The page being taken may still be arriving while ``depth`` more are asked for.
        self._pool = ThreadPoolExecutor(max_workers=depth + 1, thread_name_prefix="sync-pull")
        self._cancel = Cancel()  # each fetch runs under it, inside the caller's scopes
        self._scopes = current_cancels()  # the caller's (the engine's), for the helpers
        self._lock = threading.Lock()
        self._asked: dict[str | None, Future[PulledPage]] = {}  # not yet taken, in chain order
        self._waiting: str | None = None  # named by a header when there was no room
        self._round = 0  # asked under an older round: off the chain, ignored

    def take(self, cursor: str | None) -> PulledPage:
        """The page after ``cursor``: the one asked for ahead, or asked for now.

        Raises what fetching it raised; the pages asked for beyond it are
        then dropped (the pull stops here, as with pages one by one).
        """
        with self._lock:
            future = self._asked.pop(cursor, None)
            if future is None:  # off the chain (or the first page): start it again from here
                self._drop_all()
                future = self._ask(cursor)
                del self._asked[cursor]  # taken: what is asked for beyond it may fill the room
            elif self._waiting is not None and len(self._asked) < self._depth:
                self._ask(self._waiting)
        try:
            page = future.result()
        except BaseException:
            with self._lock:
                self._drop_all()
            raise
        if page.has_more:
            with self._lock:
                if page.next_cursor not in self._asked:
                    # No header, or one the body contradicts: what was asked is off the chain.
                    self._drop_all()
                    self._ask(page.next_cursor)
        return page

    def close(self) -> None:
        """Drop what was asked for and not taken, and cancel a fetch still under way."""
        with self._lock:
            self._drop_all()
        self._cancel.fire()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, cursor: str | None, told: Callable[[str], None]) -> PulledPage:
        with ExitStack() as scopes:  # on a helper thread: the caller's scopes, then ours
            for cancel in (*self._scopes, self._cancel):
                scopes.enter_context(cancel_scope(cancel))
            return self._fetch(cursor, told)

    def _ask(self, cursor: str | None) -> Future[PulledPage]:
        """Ask for the page after ``cursor`` (the caller holds the lock)."""
        if self._waiting == cursor:
            self._waiting = None
        asked_in = self._round

        def told(next_cursor: str) -> None:
            with self._lock:
                if asked_in != self._round or next_cursor in self._asked:
                    return  # off the chain now, or told twice (an answer asked for again)
                if len(self._asked) < self._depth:
                    self._ask(next_cursor)
                else:
                    self._waiting = next_cursor

        future = self._pool.submit(self._run, cursor, told)
        self._asked[cursor] = future
        return future

    def _drop_all(self) -> None:
        for future in self._asked.values():
            future.cancel()  # one under way finishes and is forgotten
        self._asked.clear()
        self._waiting = None
        self._round += 1
