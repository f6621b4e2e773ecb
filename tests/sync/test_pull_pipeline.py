"""The pull fetches the next page while it applies one: the guarantees stay.

Pages are applied in feed order, each with its cursor in its transaction;
an error — fetching a page or applying one — stops the pull after the
pages before it, and a page fetched ahead is never applied out of turn.
A scripted platform (no sandbox) makes each case exact.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from backoffice.api import convert, v1
from backoffice.api.records import record_key
from backoffice.domain.errors import StoreError
from backoffice.domain.model import Applicant, ApplicantKind, Case, CaseKind, Material
from backoffice.domain.states import CaseStatus
from backoffice.remote.errors import CURSOR_EXPIRED, OFFLINE, RemoteError
from backoffice.remote.validate import PulledPage
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def case_code(n: int) -> str:
    return f"220100-2025-{n:06d}"


def make_case(n: int) -> Case:
    return Case(case_code(n), "SI-1", "食品经营许可证核发",
                Applicant("王芳（虚构）", f"2201011990010{n:05d}", ApplicantKind.PERSON),
                "MSA-220100", CaseKind.PROMISED, CaseStatus.IN_REVIEW,
                dt.datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI), 10, 20, version=1)


def make_material(n: int, *, case: int) -> Material:
    return Material(f"M-{n:06d}", case_code(case), "营业执照", "MSA-220100", version=1)


def _change(seq: int, obj: convert.DomainRecord) -> v1.Change:
    record = convert.parse_record(convert.to_wire(obj))
    entity, key = record_key(record)
    return v1.Change(seq=seq, entity=entity, id=key, version=record.version, change="upsert",
                     record=record)


class Scripted:
    """``changes`` answers page i for cursor str(i) (None: page 0), or raises."""

    username = "reviewer"

    def __init__(self, pages: list[list[v1.Change]], fail: dict[str | None, str] | None = None,
                 *, headers: bool = False):
        self.pages = pages
        self.fail = fail or {}
        self.headers = headers  # name the next page before the body, as the platform does
        self.asked: list[str | None] = []
        self.threads: set[str] = set()
        self.early: list[bool] = []  # per page told ahead: was the next asked for before its body
        self._asked_for = {str(at): threading.Event() for at in range(len(pages))}

    def changes(self, cursor: str | None, limit: int = v1.DEFAULT_PAGE, *,
                on_next: Callable[[str], None] | None = None) -> PulledPage:
        self.asked.append(cursor)
        if cursor in self._asked_for:
            self._asked_for[cursor].set()
        self.threads.add(threading.current_thread().name)
        if cursor in self.fail:
            raise RemoteError(self.fail[cursor])
        at = 0 if cursor is None else int(cursor)
        more = at + 1 < len(self.pages)
        if self.headers and more and on_next is not None:
            on_next(str(at + 1))
            # The body "arrives" once the next page was asked for (or after 10 s).
            self.early.append(self._asked_for[str(at + 1)].wait(10))
        return PulledPage(self.pages[at], [], str(at + 1), more, [])

    def push(self, commands: list[v1.CommandIn]) -> object:
        raise AssertionError("not pushed in these tests")

    def calendar(self, year: int | None = None) -> list[v1.CalendarYear]:
        return []


def _pages() -> list[list[v1.Change]]:
    return [
        [_change(1, make_case(1)), _change(2, make_material(1, case=1))],
        [_change(3, make_case(2)), _change(4, make_material(2, case=2))],
        [_change(5, make_case(3))],
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite")
    try:
        yield opened
    finally:
        opened.close()


def _case_codes(store: Store) -> list[str]:
    with store.read() as uow:
        return [c.case_code for c in uow.cases.all()]


def test_every_page_is_applied_in_order_with_its_cursor(store: Store) -> None:
    platform = Scripted(_pages())
    report = SyncEngine(store, platform).pull()  # type: ignore[arg-type]
    assert platform.asked == [None, "1", "2"]  # nothing asked beyond the last page
    assert (report.pages, report.records) == (3, 5)
    assert _case_codes(store) == [case_code(1), case_code(2), case_code(3)]
    assert store.cursor() == "3"
    assert platform.threads and threading.current_thread().name not in platform.threads


def test_the_page_the_headers_name_is_asked_for_before_the_body_is_in(store: Store) -> None:
    platform = Scripted(_pages(), headers=True)
    report = SyncEngine(store, platform).pull()  # type: ignore[arg-type]
    assert platform.early == [True, True]
    assert sorted(map(str, platform.asked)) == ["1", "2", "None"]  # each page once
    assert report.pages == 3 and store.cursor() == "3"
    assert _case_codes(store) == [case_code(1), case_code(2), case_code(3)]


def test_a_failed_fetch_keeps_the_pages_before_it(store: Store) -> None:
    platform = Scripted(_pages(), fail={"2": OFFLINE})
    with pytest.raises(RemoteError) as caught:
        SyncEngine(store, platform).pull()  # type: ignore[arg-type]
    assert caught.value.code == OFFLINE
    assert _case_codes(store) == [case_code(1), case_code(2)]
    assert store.cursor() == "2"  # the next pull starts at the page that failed
    again = Scripted(_pages())
    SyncEngine(store, again).pull()  # type: ignore[arg-type]
    assert again.asked == ["2"]
    assert _case_codes(store) == [case_code(1), case_code(2), case_code(3)]


def test_a_page_that_cannot_be_applied_stops_the_pull_before_the_next(store: Store) -> None:
    # The database refuses the second page's material (as a full disk or a
    # damaged file would refuse a write).
    with store.write() as uow:
        uow.session.execute(text(
            "CREATE TRIGGER refuse BEFORE INSERT ON materials "
            f"WHEN NEW.case_code = '{case_code(2)}' BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    platform = Scripted(_pages())
    with pytest.raises(StoreError) as caught:
        SyncEngine(store, platform).pull()  # type: ignore[arg-type]
    assert caught.value.code == "store.integrity"
    assert _case_codes(store) == [case_code(1)]  # page 2 rolled back, page 3 never applied
    assert store.cursor() == "1"


def test_a_record_of_a_case_the_store_does_not_have_is_quarantined_not_fatal(
        store: Store) -> None:
    pages = _pages()
    # A material of a case neither stored nor on its page (the case was
    # quarantined, or the platform erred): stored, it would break the foreign key.
    pages[1] = [*pages[1], _change(9, make_material(9, case=99))]
    report = SyncEngine(store, Scripted(pages)).pull()  # type: ignore[arg-type]
    assert _case_codes(store) == [case_code(1), case_code(2), case_code(3)]
    assert report.quarantined == 1 and store.cursor() == "3"
    with store.read() as uow:
        (kept,) = uow.quarantine.entries()
    assert kept.reason.startswith("record.case_missing") and kept.entity == "material"


def test_an_expired_cursor_starts_again_from_the_snapshot(store: Store) -> None:
    with store.write() as uow:
        uow.sync_state.set("cursor", "stale")
    platform = Scripted(_pages(), fail={"stale": CURSOR_EXPIRED})
    report = SyncEngine(store, platform).pull()  # type: ignore[arg-type]
    assert report.resynced
    assert platform.asked == ["stale", None, "1", "2"]
    assert _case_codes(store) == [case_code(1), case_code(2), case_code(3)]
    assert store.cursor() == "3"


def test_a_resync_counts_what_it_swept_as_removed(store: Store) -> None:
    # Case 4 and its material left the department's scope while the cursor
    # was too old for the feed to say so: the re-sync's sweep drops them.
    before = [*_pages(), [_change(6, make_case(4)), _change(7, make_material(4, case=4))]]
    SyncEngine(store, Scripted(before)).pull()  # type: ignore[arg-type]
    with store.write() as uow:
        uow.sync_state.set("cursor", "stale")
    platform = Scripted(_pages(), fail={"stale": CURSOR_EXPIRED})
    report = SyncEngine(store, platform).pull()  # type: ignore[arg-type]
    assert report.resynced
    assert _case_codes(store) == [case_code(1), case_code(2), case_code(3)]
    assert report.removed == 2  # the case and its material, as the summary tells
