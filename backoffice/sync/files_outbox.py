"""Which local files the outbox names: the only ones a sync may upload.

A photo is added to the file cache the moment it is attached, before the
person saves anything. Until a saved command names it, it is the person's
and stays on this machine: a form closed without saving, or an app killed
with its form open, must not have put the photo on the platform.

Such a photo is pinned for upload, so eviction never takes it while a draft
may still be saved with it. Once the draft is dropped and nothing else
names it, :func:`release_dropped` lets it go: kept pinned, it would stay on
disk for ever, never uploaded and never evicted. The same holds for a saved
command a person discards from the conflicts (:func:`discard_and_release`):
nothing will upload its photos any more.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping

from backoffice.domain import clock
from backoffice.store import OutboxEntry, OutboxState, Store, outcomes
from backoffice.sync.files import PIN_UPLOAD, FileCache, FilesError

# Photos pinned for upload that nothing named when last looked at: hash →
# [first seen so (ISO), its mark then, as two numbers]. In the store, not the
# file cache, as the drafts and the outbox that name photos are.
UNNAMED_KEY = "files.unnamed_upload_pins"
# How long a photo stays pinned, unnamed and untouched, before it is let go:
# far longer than any draft takes to be kept (seconds after the last edit).
UNNAMED_GRACE = dt.timedelta(days=1)


def _photos(entries: Iterable[OutboxEntry]) -> frozenset[str]:
    named: set[str] = set()
    for entry in entries:
        photos = entry.command.payload.get("photos")
        if not isinstance(photos, list):
            continue
        for photo in photos:
            sha = photo.get("sha256") if isinstance(photo, Mapping) else None
            if isinstance(sha, str):
                named.add(sha)
    return frozenset(named)


def files_to_send(store: Store) -> frozenset[str]:
    """The hashes of the photos named by commands waiting to be pushed (pending or sent)."""
    return _photos(store.pending_commands())


def files_held(store: Store) -> frozenset[str]:
    """The photos any command the outbox keeps names: waiting to be pushed, or in the
    conflicts (re-applied, it goes up with its photos)."""
    with store.read() as uow:
        return _photos(uow.outbox.entries(list(OutboxState)))


def release_dropped(store: Store, files: FileCache, dropped: Iterable[str],
                    kept: Collection[str]) -> list[str]:
    """Unpin for upload each photo of a dropped draft that nothing still holds; those unpinned.

    ``kept``: the photos of the drafts still kept. A photo one of them names,
    or a command the outbox keeps, stays pinned: the photo was unsaved, so
    the copy here may be the only one.
    """
    held = files_held(store) | frozenset(kept)
    released = []
    for sha in dict.fromkeys(dropped):
        if sha in held:
            continue
        try:
            if files.unpin(sha, PIN_UPLOAD):
                released.append(sha)
        except FilesError:  # not a hash (a damaged draft): nothing of ours to release
            continue
    return released


def discard_and_release(store: Store, files: FileCache, command_id: str,
                        kept: Collection[str]) -> bool:
    """Discard a command (``Store.discard_command``) and unpin its photos nothing still holds.

    ``kept``: the photos of the drafts still kept, read *before* this call:
    a save records its command before it drops its draft, so a photo moving
    from one to the other is seen in one or the other. False, and nothing
    released, when the command was gone already (the sync confirmed it: its
    photos went up with it).
    """
    with store.write() as uow:
        entry = uow.outbox.get(command_id)
        if entry is None or not outcomes.discard_command(uow, command_id):
            return False
    release_dropped(store, files, _photos([entry]), kept)
    return True


def release_unnamed(store: Store, files: FileCache, kept: Collection[str], *,
                    now: dt.datetime | None = None) -> list[str]:
    """Unpin the photos pinned for upload that nothing has named for a day; those unpinned.

    For the photos a discard or a dropped draft left pinned before either let
    them go. ``kept``: the kept drafts' photos, read *before* this call (see
    :func:`discard_and_release`). Besides them, a photo a command of the
    outbox or a record of the store names (its upload may have failed) stays.

    A photo is let go only at a later call than the one that first found it
    unnamed, at least :data:`UNNAMED_GRACE` after it, if its file's mark has
    not moved since: a photo attached again (the same bytes) or viewed meanwhile
    starts again, and the mark is checked in the unpin's own transaction, so a
    photo attached this instant — on a form whose draft is not kept yet, in
    this app or another sharing the folder — is never let go.
    """
    at = clock.now() if now is None else now
    held = frozenset(kept) | files_held(store) | _recorded(store)
    marks = files.pin_marks(PIN_UPLOAD)
    with store.read() as uow:
        seen = _unnamed(uow.sync_state.get(UNNAMED_KEY))
    released: list[str] = []
    still: dict[str, tuple[dt.datetime, tuple[int, int]]] = {}
    for sha, mark in marks.items():
        if sha in held:
            continue
        first, then = seen.get(sha, (at, mark))
        if then != mark:
            first = at
        elif at - first >= UNNAMED_GRACE and files.unpin_unchanged(sha, PIN_UPLOAD, mark):
            released.append(sha)
            continue
        still[sha] = (first, mark)
    text = json.dumps({sha: [first.isoformat(), *mark] for sha, (first, mark)
                       in sorted(still.items())})
    with store.write() as uow:
        uow.sync_state.set(UNNAMED_KEY, text)
    return released


def _recorded(store: Store) -> frozenset[str]:
    with store.read() as uow:
        return frozenset(p.sha256 for part in uow.inspection_parts.all() for p in part.photos)


def _unnamed(text: str | None) -> dict[str, tuple[dt.datetime, tuple[int, int]]]:
    """The photos found unnamed before; a damaged entry is dropped (found again now)."""
    out: dict[str, tuple[dt.datetime, tuple[int, int]]] = {}
    try:
        kept = json.loads(text) if text else {}
    except ValueError:
        return out
    for sha, raw in kept.items() if isinstance(kept, dict) else ():
        try:
            first, used, seq = raw
            when = dt.datetime.fromisoformat(first)
            if when.tzinfo is not None:
                out[str(sha)] = (when, (int(used), int(seq)))
        except (TypeError, ValueError):
            continue
    return out
