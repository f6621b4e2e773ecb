"""What the sync is doing, pushed to whoever listens (the status bar, the CLI).

Observers subscribe once and are called on every change; nobody polls the
database to find out whether a sync ran. Callbacks run on the thread that
published (the sync thread): a Qt adapter re-emits them as a queued signal.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backoffice.store import Store

_log = logging.getLogger("backoffice.sync")

# When the store last held what the platform had: the end of a round whose
# pull went through, even if the platform failed on some of its commands.
LAST_SUCCESS_KEY = "sync.last_success"


class SyncState(enum.StrEnum):
    # No round has answered yet (a start offline with a saved sign-in): not
    # known to be online, nor offline. Said as such rather than guessed.
    CONNECTING = "connecting"
    IDLE = "idle"  # online, nothing running
    SYNCING = "syncing"
    OFFLINE = "offline"  # the platform cannot be reached; retrying by itself
    SIGNED_OUT = "signed_out"  # the sign-in expired: the person must sign in again
    ERROR = "error"  # something else failed (see ``error``); retried on schedule


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: SyncState = SyncState.CONNECTING
    last_success: dt.datetime | None = None
    pending: int = 0  # commands not yet confirmed (pending + sent)
    conflicts: int = 0  # conflicted or refused commands waiting for a person
    quarantined: int = 0
    error: str | None = None  # the last failure's code, e.g. "remote.offline"
    error_params: dict[str, Any] = field(default_factory=dict)
    next_attempt: dt.datetime | None = None  # when the scheduler tries again
    # Records the round under way has stored and removed so far, page by page:
    # a long first pull shows its progress, and the inbox fills as it goes.
    received: int = 0
    # Material files the round's prefetch has brought into the cache so far:
    # after a first pull, the prefetch may take seconds of the same round.
    files_fetched: int = 0
    # Seconds this computer's clock is ahead of the platform's (negative:
    # behind), to the minute, when more than CLOCK_SKEW_LIMIT: deadlines and
    # timestamps computed here are off by as much. None: within the limit.
    clock_skew: int | None = None
    # The pull under way (or cut short, to go on at the next) is a re-sync
    # from scratch after an upgrade: every record comes again, as in a first
    # pull (backoffice.sync.resync_start).
    resync_after_upgrade: bool = False

    def progressed_from(self, previous: SyncStatus | None) -> bool:
        """Whether this status differs from ``previous`` only in the round's progress.

        A page stored or a chunk of files fetched: what reloads on every
        status (the detail pane, the planner) need not reload for these.
        """
        return (previous is not None and previous != self
                and replace(previous, received=self.received,
                            files_fetched=self.files_fetched) == self)


def mark_current(store: Store) -> dt.datetime:
    """Record now as the store's last sync (:data:`LAST_SUCCESS_KEY`); returns it."""
    now = dt.datetime.now(dt.UTC)
    with store.write() as uow:
        uow.sync_state.set(LAST_SUCCESS_KEY, now.isoformat())
    return now


CLOCK_SKEW_LIMIT = 5 * 60  # seconds; the Date header and the way there blur a few


def clock_skew(offset: float | None) -> int | None:
    """``offset`` (seconds) to the minute when past :data:`CLOCK_SKEW_LIMIT`, else None."""
    if offset is None or abs(offset) <= CLOCK_SKEW_LIMIT:
        return None
    return round(offset / 60) * 60


def clock_skew_message(skew: int) -> tuple[str, dict[str, Any]]:
    """The code and params (``backoffice.messages``) warning of a clock ``skew`` seconds off.

    In minutes up to two hours, then hours up to two days, then days: never
    "1 hours", and no plural forms to translate.
    """
    minutes = abs(skew) // 60
    if minutes < 120:
        return "sync.clock_skew_minutes", {"n": minutes}
    if minutes < 48 * 60:
        return "sync.clock_skew_hours", {"n": round(minutes / 60)}
    return "sync.clock_skew_days", {"n": f"{round(minutes / (24 * 60)):,}"}


Listener = Callable[[SyncStatus], None]


class StatusHub:
    def __init__(self, initial: SyncStatus | None = None) -> None:
        self._lock = threading.Lock()
        self._status = initial or SyncStatus()
        self._listeners: list[Listener] = []

    @property
    def current(self) -> SyncStatus:
        with self._lock:
            return self._status

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on every change (and once now); returns the unsubscribe."""
        with self._lock:
            self._listeners.append(listener)
            status = self._status
        listener(status)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: Any) -> SyncStatus:
        with self._lock:
            status = self._status = replace(self._status, **changes)
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # noqa: BLE001 - a broken observer must not stop the sync
                _log.exception("a sync status listener failed")
        return status
