"""The photos the field drafts hold, for what lets photos go outside the planner.

The conflict list's discard and the sweep at sign-in read them before the
outbox (``files_outbox``): a save records its command before it drops its
draft, so a photo moving from one to the other is seen in one or the other.

Kept drafts are not all: the field form keeps its entries a few seconds after
the last edit (``field.AUTOSAVE_MS``), so a photo on screen may be in no kept
draft yet. A discard in that pause let go of a photo the form still showed,
and the draft kept a moment later named a photo nothing kept pinned. So the
form says what it holds (:func:`hold`) as it changes, and :func:`draft_photos`
counts that too.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from collections.abc import Iterable

from backoffice.domain.errors import BackofficeError
from backoffice.inspections import field_drafts as drafts
from backoffice.store import Store
from backoffice.sync.files import FileCache
from backoffice.sync.files_outbox import release_unnamed

_log = logging.getLogger("ui.planner.draft_photos")

# What each live form holds, by the holder's id, with a weak reference to it (a
# holder gone holds nothing); read on worker threads.
_held: dict[int, tuple[weakref.ref[object], frozenset[str]]] = {}
_lock = threading.Lock()


def hold(holder: object, photos: Iterable[str]) -> None:
    """``holder`` (a form, or its photo list) holds ``photos`` now, in place of what it
    held before."""
    now = frozenset(photos)
    with _lock:
        for key in [k for k, (ref, _p) in _held.items() if ref() is None]:
            del _held[key]
        _held[id(holder)] = (weakref.ref(holder), now)


def held_photos() -> frozenset[str]:
    """The photos the live forms of this process hold, kept in a draft or not yet."""
    with _lock:
        return frozenset().union(*(p for ref, p in _held.values() if ref() is not None))


def draft_photos(store: Store) -> set[str]:
    """The photos the field drafts hold, kept or on a form: they stay pinned, the draft
    may be saved."""
    return drafts.kept_photos(store) | held_photos()


def release_unnamed_photos(store: Store, files: FileCache) -> list[str]:
    """At sign-in: let go of the photos left pinned, named by nothing for a day
    (``files_outbox.release_unnamed``). A failure is logged, never in the way of
    the sign-in: the photos stay pinned until the next one."""
    try:
        released = release_unnamed(store, files, draft_photos(store))
    except (BackofficeError, OSError, sqlite3.Error) as exc:
        _log.warning("could not look for photos nothing names: %s", exc)
        return []
    if released:
        _log.info("let go of %d photo(s) nothing named for a day", len(released))
    return released
