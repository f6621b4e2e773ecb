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

from collections.abc import Collection, Iterable, Mapping

from backoffice.store import OutboxEntry, OutboxState, Store, outcomes
from backoffice.sync.files import PIN_UPLOAD, FileCache, FilesError


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
