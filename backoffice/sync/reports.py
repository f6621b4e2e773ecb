"""What one sync round did: the reports of its push, its pull and the whole round."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class PullReport:
    pages: int = 0
    records: int = 0
    removed: int = 0
    quarantined: int = 0
    confirmed: int = 0  # own commands the feed said were applied
    conflicts: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # commands whose record left our scope
    resynced: bool = False


@dataclass(slots=True)
class PushReport:
    requests: int = 0
    sent: int = 0
    applied: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    unanswered: int = 0  # no valid answer: stay sent, resent next time
    not_mine: int = 0  # queued under another user name: never pushed by this sign-in


@dataclass(slots=True)
class SyncReport:
    push: PushReport
    pull: PullReport
    calendar_changed: bool = False
    uploaded: int = 0  # local files (photos) sent to the platform
    prefetched: int = 0  # material files brought into the cache
    followed: bool = False  # a follower (sealing) changed something this round


def add_push(into: PushReport, more: PushReport) -> None:
    into.requests += more.requests
    into.sent += more.sent
    into.applied += more.applied
    into.conflicts += more.conflicts
    into.refused += more.refused


def add_pull(into: PullReport, more: PullReport) -> None:
    into.pages += more.pages
    into.records += more.records
    into.removed += more.removed
    into.quarantined += more.quarantined
    into.confirmed += more.confirmed
    into.conflicts += more.conflicts
    into.held += more.held
    into.resynced = into.resynced or more.resynced
