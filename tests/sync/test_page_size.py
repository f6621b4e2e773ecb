"""The pull's page size follows the link (``backoffice/sync/page_size.py``).

Large pages for a fast link; half after a slow page, a quarter after one
that missed the call's deadline, so a weak link still makes progress; and
whatever the sizes, the store ends as a normal pull leaves it.
"""

from __future__ import annotations

import pytest
from support.faultproxy import fault_proxy
from support.store_tables import tables
from support.sync_env import Device, busiest_unclaimed_department, reviewers

from backoffice.api import v1
from backoffice.remote.errors import RemoteError
from backoffice.sandbox.server import Sandbox
from backoffice.sync.engine import LAST_SUCCESS_KEY
from backoffice.sync.page_size import KEY as PAGE_SIZE_KEY
from backoffice.sync.page_size import PageSize

CHANGES = "/api/v1/changes"


def test_a_fast_link_asks_for_the_largest_pages() -> None:
    pages = PageSize(v1.MAX_PAGE)
    assert pages.current == v1.MAX_PAGE
    pages.fetched(v1.MAX_PAGE, v1.MAX_PAGE, 0.2)
    assert pages.current == v1.MAX_PAGE  # never above the largest


def test_slow_pages_halve_and_fast_full_ones_double() -> None:
    pages = PageSize(4000, smallest=100, slow_s=10, fast_s=3)
    pages.fetched(4000, 4000, 12.0)
    assert pages.current == 2000
    pages.fetched(2000, 2000, 5.0)  # neither slow nor fast: as it is
    assert pages.current == 2000
    pages.fetched(2000, 700, 0.5)  # fast but not full (the feed's end): no proof
    assert pages.current == 2000
    pages.fetched(2000, 2000, 0.5)
    assert pages.current == 4000
    for _ in range(10):
        pages.fetched(pages.current, pages.current, 30.0)
    assert pages.current == 100  # never below the smallest


def test_a_timeout_asks_for_a_quarter() -> None:
    pages = PageSize(5000, smallest=100)
    pages.timed_out(5000)
    assert pages.current == 1250
    pages.timed_out(1250)
    pages.timed_out(312)
    assert pages.current == 100


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError):
        PageSize(50, smallest=100)


def test_a_slow_page_halves_the_next_and_the_pull_still_completes(
    sandbox: Sandbox, device: Device
) -> None:
    user = reviewers(busiest_unclaimed_department())[0]
    # fast_s=0: never grows back, so what the slow page did stays visible.
    engine = device(user, "adapting", pages=PageSize(40, smallest=5, slow_s=1.0, fast_s=0.0))
    normal = device(user, "normal", page_size=40)
    sandbox.faults.stall(CHANGES, seconds=1.5)  # the first page: slow
    report = engine.sync_once()
    assert engine.pages.current <= 20 and report.pull.pages > 1
    normal.sync_once()
    skip = {LAST_SUCCESS_KEY, "cursor", PAGE_SIZE_KEY}  # pages ended at other seqs
    assert tables(engine.store, skip_state=skip) == tables(normal.store, skip_state=skip)


def test_a_page_that_misses_the_deadline_is_asked_for_smaller(
    sandbox: Sandbox, device: Device
) -> None:
    user = reviewers(busiest_unclaimed_department())[0]
    with fault_proxy(sandbox.url) as proxy:
        engine = device(user, url=proxy.url, pages=PageSize(400, smallest=100),
                        http={"total_timeout": 2.0, "read_timeout": 1.5, "retries": 0})
        proxy.slow(rate=50, times=5, skip=1)  # after the calendar: no page in time
        with pytest.raises(RemoteError) as info:
            engine.sync_once()
        assert info.value.code == "remote.timeout"
        assert engine.pages.current == 100
        proxy.clear()
        assert engine.sync_once().pull.records > 0


def test_the_size_learned_is_kept_for_the_next_engine_on_the_store(
    sandbox: Sandbox, device: Device
) -> None:
    """A scheduled ``sync --once`` makes a new engine each time: it must not start large again."""
    user = reviewers(busiest_unclaimed_department())[0]
    with fault_proxy(sandbox.url) as proxy:
        engine = device(user, "weak", url=proxy.url,
                        http={"total_timeout": 2.0, "read_timeout": 1.5, "retries": 0})
        proxy.slow(rate=50, times=5, skip=1)
        with pytest.raises(RemoteError):
            engine.sync_once()
        assert engine.pages.current == v1.MAX_PAGE // 4
    again = device(user, "weak")  # the same store, a new engine
    assert again.pages.current == v1.MAX_PAGE // 4
    again.sync_once()  # fast: full pages (or none left) from here on
    assert device(user, "weak").pages.current >= v1.MAX_PAGE // 4
