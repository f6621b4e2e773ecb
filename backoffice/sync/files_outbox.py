"""Which local files the outbox names: the only ones a sync may upload.

A photo is added to the file cache the moment it is attached, before the
person saves anything. Until a saved command names it, it is the person's
and stays on this machine: a form closed without saving, or an app killed
with its form open, must not have put the photo on the platform.
"""

from __future__ import annotations

from collections.abc import Mapping

from backoffice.store import Store


def files_to_send(store: Store) -> frozenset[str]:
    """The hashes of the photos named by commands waiting to be pushed (pending or sent)."""
    named: set[str] = set()
    for entry in store.pending_commands():
        photos = entry.command.payload.get("photos")
        if not isinstance(photos, list):
            continue
        for photo in photos:
            sha = photo.get("sha256") if isinstance(photo, Mapping) else None
            if isinstance(sha, str):
                named.add(sha)
    return frozenset(named)
