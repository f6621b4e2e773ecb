"""A dropped field draft lets go of its photos; a kept one keeps them.

An attached photo is pinned for upload: never evicted while a draft may
still be saved with it. A draft dropped unsaved left it pinned for ever —
never uploaded (no command names it), never evicted: disk lost for each
photo taken and dropped. Now the draft's drop unpins the photos nothing
else names: not a photo another draft holds, nor one a command in the
outbox names (waiting, or in the conflicts to re-apply). A real file cache
folder and a real store file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inspections.joint import photo

from backoffice.domain.commands import Command
from backoffice.domain.inspections import InspectionPhoto
from backoffice.inspections import field
from backoffice.inspections import field_drafts as drafts
from backoffice.store import OutboxState, Store
from backoffice.sync.files import PIN_UPLOAD, FileCache


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def files(tmp_path: Path) -> Iterator[FileCache]:
    with FileCache(tmp_path / "files") as cache:
        yield cache


def _draft(*photos: InspectionPhoto) -> drafts.Draft:
    return drafts.Draft((), "现场记录", photos, "", None, False)


def _queued(store: Store, shot: InspectionPhoto, state: OutboxState) -> None:
    """A saved part naming ``shot``, in the outbox in ``state``."""
    command = Command.new("inspection.record_part", "part-1", 1,
                          {"photos": [{"sha256": shot.sha256}]}, author="inspector")
    with store.write() as uow:
        uow.outbox.append(command, base_record=None)
        uow.outbox.set_state(command.id, state)


def test_a_dropped_draft_releases_the_photos_nothing_else_holds(
        store: Store, files: FileCache) -> None:
    alone, shared, saved, conflicted = (
        field.attach_photo(files, photo(800, 600, colour), caption=colour)
        for colour in ("red", "blue", "green", "yellow"))
    _queued(store, saved, OutboxState.PENDING)
    _queued(store, conflicted, OutboxState.CONFLICT)
    both = {"i-1": _draft(alone, shared, saved, conflicted), "i-2": _draft(shared)}
    assert drafts.keep(store, both, files) == []
    assert files.evict(target_bytes=0) == []  # every one is held by a kept draft

    # The first draft dropped: its own photo goes; the other draft's and the
    # commands' stay, and only the released one can be evicted.
    assert drafts.keep(store, {"i-2": both["i-2"]}, files) == [alone.sha256]
    assert files.pins(alone.sha256) == frozenset()
    for held in (shared, saved, conflicted):
        assert files.pins(held.sha256) == {PIN_UPLOAD}
    assert files.evict(target_bytes=0) == [alone.sha256]
    assert not files.has(alone.sha256)
    assert all(files.has(p.sha256) for p in (shared, saved, conflicted))

    assert drafts.keep(store, {}, files) == [shared.sha256]  # the last draft too
    assert set(files.pending_uploads()) == {saved.sha256, conflicted.sha256}
    assert drafts.load(store) == {}


def test_a_photo_removed_from_a_kept_draft_is_released(store: Store,
                                                        files: FileCache) -> None:
    kept, removed = (field.attach_photo(files, photo(800, 600, colour), caption=colour)
                     for colour in ("red", "blue"))
    drafts.keep(store, {"i-1": _draft(kept, removed)}, files)
    assert drafts.keep(store, {"i-1": _draft(kept)}, files) == [removed.sha256]
    assert files.evict(target_bytes=0) == [removed.sha256]
    assert files.has(kept.sha256) and files.pins(kept.sha256) == {PIN_UPLOAD}


def test_a_draft_kept_after_a_discard_elsewhere_pins_its_photo_again(
        store: Store, files: FileCache) -> None:
    """Discarded on the command line while the app's form had the photo on screen, its
    entries not kept yet (the command line cannot see them): kept a moment later, the
    draft pins its photo again — it may be saved with it."""
    shown = field.attach_photo(files, photo(800, 600, "red"), caption="入口")
    _queued(store, shown, OutboxState.CONFLICT)
    (conflict,) = store.conflicts()
    assert drafts.discard_command(store, files, conflict.command.id)  # what the CLI runs
    assert files.pins(shown.sha256) == frozenset()
    drafts.keep(store, {"i-1": _draft(shown)}, files)  # the form's autosave
    assert files.pins(shown.sha256) == {PIN_UPLOAD}
    assert files.evict(target_bytes=0) == []
