"""The photos the kept field drafts hold, for what lets photos go outside the planner.

The conflict list's discard and the sweep at sign-in read them before the
outbox (``files_outbox``): a save records its command before it drops its
draft, so a photo moving from one to the other is seen in one or the other.
"""

from __future__ import annotations

import logging
import sqlite3

from backoffice.domain.errors import BackofficeError
from backoffice.store import Store
from backoffice.sync.files import FileCache
from backoffice.sync.files_outbox import release_unnamed
from ui.planner import drafts

_log = logging.getLogger("ui.planner.draft_photos")


def draft_photos(store: Store) -> set[str]:
    """The photos the kept field drafts hold: they stay pinned, the draft may be saved."""
    return {p.sha256 for d in drafts.load(store).values() for p in d.photos}


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
