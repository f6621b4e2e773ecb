"""Pages asked for as soon as the platform names them, taken strictly in order.

A scripted feed (cursor "i" gives page i, and names page i+1 in its
"headers" before its "body") makes each case exact: what is asked for
ahead, what is dropped, and the bound on pages waiting to be taken.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from backoffice.remote.cancel import Cancel, cancel_scope, pause
from backoffice.remote.errors import CANCELLED, OFFLINE, RemoteError
from backoffice.remote.validate import PulledPage
from backoffice.sync.pages_ahead import PagesAhead

WAIT = 10.0  # seconds a test waits for what must happen before it fails


class Feed:
    """``fetch(cursor, on_next)`` of a feed of ``size`` pages, recording what is asked."""

    def __init__(self, size: int, *, header: Callable[[int], str | None] | None = None,
                 fail: str | None = None) -> None:
        self.size = size
        self.header = header or (lambda at: str(at + 1) if at + 1 < size else None)
        self.fail = fail
        self.asked: list[str | None] = []
        self.done: dict[str | None, threading.Event] = {}
        self.bodies: dict[str | None, threading.Event] = {}  # set: the body may arrive
        self.lock = threading.Lock()

    def body_arrives(self, cursor: str | None) -> threading.Event:
        with self.lock:
            return self.bodies.setdefault(cursor, threading.Event())

    def finished(self, cursor: str | None) -> threading.Event:
        with self.lock:
            return self.done.setdefault(cursor, threading.Event())

    def __call__(self, cursor: str | None, on_next: Callable[[str], None]) -> PulledPage:
        with self.lock:
            self.asked.append(cursor)
        try:
            at = 0 if cursor is None else int(cursor)
            named = self.header(at)
            if named is not None:
                on_next(named)  # the headers are in
            if self.fail is not None and cursor == self.fail:
                raise RemoteError(OFFLINE)
            assert self.body_arrives(cursor).wait(WAIT), f"page {cursor} held too long"
            more = at + 1 < self.size
            return PulledPage([], [], str(at + 1) if more else str(at), more, [])
        finally:
            self.finished(cursor).set()


@pytest.fixture
def opened() -> Iterator[Callable[[Feed], PagesAhead]]:
    made: list[PagesAhead] = []

    def make(feed: Feed) -> PagesAhead:
        made.append(PagesAhead(feed, depth=2))
        return made[-1]

    yield make
    for ahead in made:
        ahead.close()


def _release_all(feed: Feed) -> None:
    for cursor in [None, *map(str, range(feed.size))]:
        feed.body_arrives(cursor).set()


def _pull(ahead: PagesAhead, cursor: str | None = None) -> list[str | None]:
    """Take every page in order from ``cursor``; the cursors taken."""
    taken: list[str | None] = []
    while True:
        taken.append(cursor)
        page = ahead.take(cursor)
        if not page.has_more:
            return taken
        cursor = page.next_cursor


def test_the_next_page_is_asked_for_while_the_body_of_this_one_is_on_the_way(
        opened: Callable[[Feed], PagesAhead]) -> None:
    feed = Feed(3)
    ahead = opened(feed)
    taking = threading.Thread(target=lambda: ahead.take(None))
    taking.start()
    # Page 0's body has not arrived, yet page 1 — and, named by page 1's
    # headers, page 2 — are asked for.
    assert _eventually(lambda: {"1", "2"} <= set(feed.asked)), feed.asked
    assert not feed.finished(None).is_set()
    _release_all(feed)
    taking.join(WAIT)
    assert ahead.take("1").next_cursor == "2"
    assert not ahead.take("2").has_more
    assert sorted(map(str, feed.asked)) == ["1", "2", "None"]  # each page once


def test_no_more_than_depth_pages_wait_to_be_taken(opened: Callable[[Feed], PagesAhead]) -> None:
    feed = Feed(6)
    _release_all(feed)
    ahead = opened(feed)
    ahead.take(None)
    # Pages 1 and 2 are asked for and arrive; page 2's headers name page 3,
    # but two pages already wait: it is not asked for yet.
    assert feed.finished("1").wait(WAIT) and feed.finished("2").wait(WAIT)
    assert sorted(map(str, feed.asked)) == ["1", "2", "None"]
    ahead.take("1")  # room again: page 3 is asked for now, and page 4 waits its turn
    assert feed.finished("3").wait(WAIT)
    assert "4" not in feed.asked
    assert _pull(ahead, "2") == ["2", "3", "4", "5"]
    assert sorted(map(str, feed.asked)) == ["1", "2", "3", "4", "5", "None"]


def test_a_header_the_body_contradicts_is_not_followed(
        opened: Callable[[Feed], PagesAhead]) -> None:
    # Page 0's headers name page 2; its body says page 1 comes next.
    feed = Feed(3, header=lambda at: "2" if at == 0 else (str(at + 1) if at < 2 else None))
    _release_all(feed)
    ahead = opened(feed)
    assert _pull(ahead) == [None, "1", "2"]
    # Page 2 was asked for on the header's word, dropped, and asked for again in turn.
    assert sorted(map(str, feed.asked)) == ["1", "2", "2", "None"]


def test_an_answer_asked_for_again_tells_the_same_page_once() -> None:
    feed = Feed(3)
    _release_all(feed)
    ahead = PagesAhead(lambda cursor, on_next: feed(cursor, _doubled(on_next)), depth=2)
    try:
        assert _pull(ahead) == [None, "1", "2"]
    finally:
        ahead.close()
    assert sorted(map(str, feed.asked)) == ["1", "2", "None"]


def test_a_platform_without_the_header_is_asked_page_after_page(
        opened: Callable[[Feed], PagesAhead]) -> None:
    feed = Feed(4, header=lambda at: None)
    _release_all(feed)
    assert _pull(opened(feed)) == [None, "1", "2", "3"]
    assert feed.asked == [None, "1", "2", "3"]


def test_a_failed_page_drops_the_pages_asked_beyond_it(
        opened: Callable[[Feed], PagesAhead]) -> None:
    feed = Feed(4, fail="1")
    _release_all(feed)
    ahead = opened(feed)
    ahead.take(None)
    with pytest.raises(RemoteError) as caught:
        ahead.take("1")
    assert caught.value.code == OFFLINE
    # The next pull starts again from the page that failed.
    feed.fail = None
    assert ahead.take("1").next_cursor == "2"
    assert feed.asked.count("1") == 2


def _doubled(on_next: Callable[[str], None]) -> Callable[[str], None]:
    def tell(cursor: str) -> None:
        on_next(cursor)
        on_next(cursor)  # a cut answer, asked for again, names its next page again

    return tell


def _eventually(check: Callable[[], bool]) -> bool:
    done = threading.Event()
    for _ in range(int(WAIT / 0.01)):
        if check():
            return True
        done.wait(0.01)
    return check()


def _until(condition: Callable[[], bool]) -> None:
    for _ in range(int(WAIT * 100)):
        if condition():
            return
        threading.Event().wait(0.01)


def test_closing_cancels_a_fetch_still_under_way_and_keeps_the_callers_scope() -> None:
    """A pull that failed must not leave a stalled request running to its deadline."""
    started = threading.Event()
    woken: list[bool] = []

    def fetch(cursor: str | None, on_next: Callable[[str], None]) -> PulledPage:
        if cursor is None:
            on_next("1")
            return PulledPage([], [], "1", True, [])
        started.set()
        woken.append(pause(60 * WAIT))  # a request waiting on a stalled link
        raise RemoteError(CANCELLED)

    ahead = PagesAhead(fetch)
    assert ahead.take(None).next_cursor == "1"
    assert started.wait(WAIT)
    ahead.close()
    _until(lambda: bool(woken))
    assert woken == [True]

    # The caller's own scope (the engine's) reaches the helper threads too.
    engine_scope = Cancel()
    started.clear()
    woken.clear()
    with cancel_scope(engine_scope):
        again = PagesAhead(fetch)
    try:
        again.take(None)
        assert started.wait(WAIT)
        engine_scope.fire()
        _until(lambda: bool(woken))
        assert woken == [True]
    finally:
        again.close()
