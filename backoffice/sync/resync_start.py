"""Where a pull starts: the stored cursor, or from scratch when a re-sync is due.

From scratch when the platform's cursor expired, and when the store asks
for it (:mod:`backoffice.store.resync`): a migration that keeps what older
builds dropped, or an upgrade while the quarantine holds records an older
contract could not read. Either way the re-sync's pages carry their
cursors and the store its marker, so one cut short goes on at the next
start; the queued commands are re-applied on top of every page, as always.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging

import msgspec

from backoffice import __version__
from backoffice.store import Store, migrate, resync

_log = logging.getLogger("backoffice.sync")

CURSOR_EXPIRED = "cursor_expired"  # the reason logged for a re-sync the platform forced


@functools.cache
def this_build() -> str:
    """What tells this build's contract from another's: version, schema, and the contract.

    The contract's own fingerprint (the JSON schemas of the change feed's
    page, as the pull decodes and as it validates it): a build that reads a
    record it refused before is a new build, even when nobody bumped the
    version and no migration came with it.
    """
    from backoffice.api.fast import FastPage
    from backoffice.api.v1 import ChangesPage

    schemas = json.dumps([msgspec.json.schema(FastPage), ChangesPage.model_json_schema()],
                         sort_keys=True)
    contract = hashlib.sha256(schemas.encode()).hexdigest()[:12]
    return f"{__version__}+{migrate.head_revision()}+{contract}"


def cursor_to_pull(store: Store) -> tuple[str | None, str | None]:
    """The cursor to pull from, and why the pull starts from scratch (None: it does not)."""
    build = this_build()
    with store.read() as uow:
        due = resync.may_be_due(uow, build)
    reason = None
    if due:
        with store.write() as uow:
            reason = resync.start_if_due(uow, build)
    if reason is not None:
        _log.warning("syncing again from scratch (%s)", reason)
    return store.cursor(), reason


def start_over(store: Store, reason: str) -> None:
    """Begin a re-sync now (the cursor expired under the pull)."""
    _log.warning("syncing again from scratch (%s)", reason)
    with store.write() as uow:
        resync.begin(uow)
