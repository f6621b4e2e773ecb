"""Photos left pinned for upload, named by nothing, are let go a day after they were found so.

Before a discarded change and a dropped draft let go of their photos, each
left them pinned for upload for ever: never uploaded, never evicted. At
sign-in the photos pinned for upload that no kept draft, no outbox command
and no stored record names are noted; found so again a day later,
untouched, they are unpinned. A photo attached again (the same bytes) or
viewed meanwhile starts again, so one on a form whose draft is not kept yet
is never let go. A real store file, a real file cache folder; the last test
signs in against the sandbox.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from inspections.joint import photo
from support.platform_env import PASSWORD
from test_dialog_conflicts import CASE_CODE, _case
from test_shell import sandbox, user  # noqa: F401 - the fixture

from backoffice.domain import clock
from backoffice.domain.commands import Command
from backoffice.domain.inspection_model import Inspection
from backoffice.domain.inspections import InspectionPart, InspectionPhoto, part_id
from backoffice.inspections import field
from backoffice.inspections import field_drafts as drafts
from backoffice.sandbox.server import Sandbox
from backoffice.store import OutboxState, Store
from backoffice.sync.files import PIN_UPLOAD, FileCache
from backoffice.sync.files_outbox import UNNAMED_KEY
from ui import session as sessions
from ui.planner.draft_photos import release_unnamed_photos
from ui.session import SyncOptions

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
INSPECTION_ID = "inspection-5b6c7d8e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.sqlite3")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def files(tmp_path: Path) -> Iterator[FileCache]:
    with FileCache(tmp_path / "files") as cache:
        yield cache


def _shot(files: FileCache, colour: str) -> InspectionPhoto:
    return field.attach_photo(files, photo(800, 600, colour), caption=colour)


def _sweep(store: Store, files: FileCache, at: dt.datetime,
           monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(clock, "now", lambda: at)
    return release_unnamed_photos(store, files)


def test_a_photo_nothing_names_is_let_go_a_day_after_it_was_found_so(
        store: Store, files: FileCache, monkeypatch: pytest.MonkeyPatch) -> None:
    orphan, drafted, queued, recorded = (_shot(files, c) for c in ("red", "blue", "green", "grey"))
    drafts.keep(store, {INSPECTION_ID: drafts.Draft((), "", (drafted,), "", None, False)}, files)
    conflicted = Command.new("inspection.record_part", "part-1", 1,
                             {"photos": [{"sha256": queued.sha256}]}, author="wangfang")
    with store.write() as uow:
        uow.outbox.append(conflicted, base_record=None)
        uow.outbox.set_state(conflicted.id, OutboxState.CONFLICT)
    # A saved record names it, though its upload failed: it may be the only copy.
    inspection = Inspection(INSPECTION_ID, CASE_CODE, "MSA-220100", ("MSA-220100",),
                            "长春市朝阳区人民大街 1 号", version=1)
    part = InspectionPart(part_id(INSPECTION_ID, "MSA-220100"), INSPECTION_ID, CASE_CODE,
                          "MSA-220100", photos=(recorded,), version=1)
    store.apply_confirmed([_case(), inspection, part], cursor="c1")

    assert _sweep(store, files, T0, monkeypatch) == []
    assert _sweep(store, files, T0 + dt.timedelta(hours=23), monkeypatch) == []
    late = _shot(files, "white")  # attached a day after the others were found unnamed
    assert _sweep(store, files, T0 + dt.timedelta(hours=25), monkeypatch) == [orphan.sha256]
    assert files.pins(orphan.sha256) == frozenset()
    assert set(files.pending_uploads()) == {drafted.sha256, queued.sha256, recorded.sha256,
                                            late.sha256}
    assert files.evict(target_bytes=0) == [orphan.sha256]
    # The late one is let go a day after it was first found, not before.
    assert _sweep(store, files, T0 + dt.timedelta(hours=26), monkeypatch) == []
    assert _sweep(store, files, T0 + dt.timedelta(hours=50), monkeypatch) == [late.sha256]


def test_a_photo_attached_again_or_named_meanwhile_starts_again(
        store: Store, files: FileCache, monkeypatch: pytest.MonkeyPatch) -> None:
    again, drafted = _shot(files, "red"), _shot(files, "blue")
    assert _sweep(store, files, T0, monkeypatch) == []
    # The same picture attached to a form again, its draft not kept yet: untouched.
    assert _shot(files, "red") == again
    # The other kept in a draft, then dropped: found unnamed afresh.
    drafts.keep(store, {INSPECTION_ID: drafts.Draft((), "", (drafted,), "", None, False)}, files)
    assert _sweep(store, files, T0 + dt.timedelta(days=2), monkeypatch) == []
    with store.write() as uow:  # dropped without letting go (as before the fix)
        uow.sync_state.set(drafts.DRAFTS_KEY, "{}")
    assert _sweep(store, files, T0 + dt.timedelta(days=2.5), monkeypatch) == []
    # Each a day after it was found unnamed and untouched, not a day after the first look.
    assert _sweep(store, files, T0 + dt.timedelta(days=3), monkeypatch) == [again.sha256]
    assert _sweep(store, files, T0 + dt.timedelta(days=3.5), monkeypatch) == [drafted.sha256]


def test_the_unpin_checks_the_mark_in_its_own_transaction(files: FileCache) -> None:
    shot = _shot(files, "red")
    mark = files.pin_marks(PIN_UPLOAD)[shot.sha256]
    assert _shot(files, "red") == shot  # attached again between the look and the unpin
    assert files.unpin_unchanged(shot.sha256, PIN_UPLOAD, mark) is False
    assert files.pins(shot.sha256) == {PIN_UPLOAD}
    assert files.unpin_unchanged(shot.sha256, PIN_UPLOAD,
                                 files.pin_marks(PIN_UPLOAD)[shot.sha256]) is True


def test_a_damaged_note_is_read_as_found_now(store: Store, files: FileCache,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shot = _shot(files, "red")
    with store.write() as uow:
        uow.sync_state.set(UNNAMED_KEY, json.dumps({shot.sha256: ["yesterday", 1]}))
    assert _sweep(store, files, T0, monkeypatch) == []
    assert _sweep(store, files, T0 + dt.timedelta(days=1), monkeypatch) == [shot.sha256]


@pytest.mark.usefixtures("data_dir")
def test_signing_in_lets_go_of_a_photo_nothing_named_for_a_day(sandbox: Sandbox) -> None:  # noqa: F811 - the fixture
    first = sessions.sign_in(sandbox.url, user(), PASSWORD, SyncOptions())
    try:
        shot = _shot(first.files, "red")
        mark = first.files.pin_marks(PIN_UPLOAD)[shot.sha256]
        found = (clock.now() - dt.timedelta(days=2)).isoformat()
        with first.store.write() as uow:  # found unnamed at a sign-in two days ago
            uow.sync_state.set(UNNAMED_KEY, json.dumps({shot.sha256: [found, *mark]}))
    finally:
        first.files.close()
        first.store.close()
    again = sessions.sign_in(sandbox.url, user(), PASSWORD, SyncOptions())
    try:
        assert again.files.pins(shot.sha256) == frozenset()
    finally:
        again.files.close()
        again.store.close()
