"""Where a pull starts: the stored cursor, or from scratch when a re-sync is due.

From scratch when the platform's cursor expired, and when the store asks
for it (:mod:`backoffice.store.resync`): a migration that keeps what older
builds dropped, or an upgrade while the quarantine holds records an older
contract could not read. Either way the re-sync's pages carry their
cursors and the store its marker, so one cut short goes on at the next
start; the queued commands are re-applied on top of every page, as always.

A re-sync after an upgrade is announced (:func:`after_upgrade`): it pulls
every record again and takes as long as a first pull, which "records
received" alone does not explain. Its reason is kept as the value of the
store's marker (``resync.ACTIVE_KEY``), so a re-sync cut short is still
told for what it is at the next start; the marker goes with the sweep of
its last page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from typing import TYPE_CHECKING

import msgspec

from backoffice import __version__
from backoffice.store import Store, migrate, resync
from backoffice.store.pending import DEFAULT_CURSOR_KEY

if TYPE_CHECKING:
    from backoffice.store.uow import UnitOfWork
    from backoffice.sync.status import StatusHub

_log = logging.getLogger("backoffice.sync")

CURSOR_EXPIRED = "cursor_expired"  # the reason logged for a re-sync the platform forced
# The marker's value as ``resync.begin`` writes it: a re-sync begun by a
# build before this one, its reason not kept.
_NO_REASON = "1"
# ``upgrade_resync``: what ``backoffice status`` says of a re-sync after an upgrade.
UNDER_WAY = "under_way"
DUE = "due"


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


def cursor_to_pull(store: Store, status: StatusHub | None = None) -> tuple[str | None, str | None]:
    """The cursor to pull from, and why the pull starts from scratch (None: it does not).

    ``status`` hears whether the pull is (or goes on with) a re-sync after an upgrade.
    """
    build = this_build()
    with store.read() as uow:
        due = resync.may_be_due(uow, build)
        announced = after_upgrade(uow)
    reason = None
    if due:
        with store.write() as uow:
            reason = resync.start_if_due(uow, build)
            if reason is not None:
                # Kept, to be said: an upgrade's reason (a migration's revision,
                # records an older build set aside), or the person's own ask.
                uow.sync_state.set(resync.ACTIVE_KEY, reason)
                announced = after_upgrade(uow)
    if reason is not None:
        _log.warning("syncing again from scratch (%s)", reason)
    if status is not None:
        announce(status, announced)
    return store.cursor(), reason


def announce(status: StatusHub, under_way: bool) -> None:
    """Tell ``status`` whether a re-sync after an upgrade is under way (only a change:
    every status published reloads what listens to it)."""
    if status.current.resync_after_upgrade != under_way:
        status.update(resync_after_upgrade=under_way)


def start_over(store: Store, reason: str) -> None:
    """Begin a re-sync now (the cursor expired under the pull).

    A re-sync after an upgrade that the platform makes start again is still
    one: its reason stays.
    """
    _log.warning("syncing again from scratch (%s)", reason)
    with store.write() as uow:
        kept = uow.sync_state.get(resync.ACTIVE_KEY) if after_upgrade(uow) else None
        resync.begin(uow)
        uow.sync_state.set(resync.ACTIVE_KEY, kept or reason)


def after_upgrade(uow: UnitOfWork) -> bool:
    """Whether the re-sync under way (if any) is one after an upgrade."""
    why = uow.sync_state.get(resync.ACTIVE_KEY)
    return why is not None and why not in (_NO_REASON, CURSOR_EXPIRED, resync.ASKED)


def upgrade_resync(uow: UnitOfWork) -> str | None:
    """A re-sync after an upgrade :data:`UNDER_WAY`, :data:`DUE` at the next pull, or None.

    Read only, as :func:`cursor_to_pull` would decide (``resync.start_if_due``):
    for ``backoffice status``, which says it before a sync has run.
    """
    if after_upgrade(uow):
        return UNDER_WAY
    if resync.active(uow) or uow.sync_state.get(DEFAULT_CURSOR_KEY) is None:
        return None  # the platform's re-sync, or a first pull: nothing an upgrade did
    if uow.sync_state.get(resync.WANTED_KEY) not in (None, resync.ASKED):
        return DUE
    if (uow.quarantine.count(source=resync.FEED)
            and uow.sync_state.get(resync.BUILD_KEY) != this_build()):
        return DUE
    return None
