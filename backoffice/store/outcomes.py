"""What becomes of a queued command once it left the active set.

The platform refused it, reported a conflict, or failed on it too often; or
a person discarded or re-applied it. Each runs inside the caller's write
unit of work, like :mod:`backoffice.store.pending`, whose effective state
it recomputes: commands queued after it on the same record are held back
(``outbox.blocked_by_conflict``), and nothing is deleted but what a person
discards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from backoffice.domain.commands import Command
from backoffice.domain.errors import BackofficeError, StoreError
from backoffice.store import codec, mapping, stopped
from backoffice.store.mapping import Entity
from backoffice.store.outbox import ACTIVE, BLOCKED, OutboxEntry, OutboxState
from backoffice.store.pending import (
    apply_confirmed,
    follow_transfers,
    recompute,
    record_command,
)
from backoffice.store.uow import UnitOfWork

# With the sync's back-off (5 s doubling) five rounds span a few minutes — longer
# than a platform hiccup, short enough not to hide a command it cannot apply.
PLATFORM_FAILURES_TO_GIVE_UP = 5
# The codes of a command the platform failed on, gave up on, or that a resolved
# conflict released (backoffice.store.stopped words them all; here for their callers).
PLATFORM_FAILED, GAVE_UP, RELEASED = stopped.PLATFORM_FAILED, stopped.GAVE_UP, stopped.RELEASED


def mark_platform_failed(uow: UnitOfWork, command_id: str) -> bool:
    """The platform failed on the command (``server.error``); True when it is queued again.

    Its failure is no verdict on the command, so it is sent again next
    round; after :data:`PLATFORM_FAILURES_TO_GIVE_UP` such answers in a row
    it is refused as :data:`GAVE_UP`, so a command the platform can never
    apply does not go round forever (a person re-applies or discards it).
    """
    _require(uow, command_id)
    if uow.outbox.failed_on_platform(command_id, PLATFORM_FAILED) < PLATFORM_FAILURES_TO_GIVE_UP:
        return True
    mark_refused(uow, command_id, GAVE_UP)
    return False


def mark_refused(uow: UnitOfWork, command_id: str, code: str,
                 details: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The platform refused the command (e.g. not permitted); it stops counting.

    ``details``: the refusal's, for its sentence (only plain ones are kept).
    """
    entry = _require(uow, command_id)
    uow.outbox.set_state(command_id, OutboxState.REFUSED, last_error=code,
                         error_details=details)
    return _settle(uow, entry, None)


def mark_conflict(
    uow: UnitOfWork, command_id: str, code: str, *, server_record: Entity | None = None,
    details: Mapping[str, Any] | None = None,
) -> tuple[str, ...]:
    """The platform reported a conflict, usually with its current record."""
    entry = _require(uow, command_id)
    spec = mapping.BY_KIND[entry.command.entity]
    uow.outbox.set_state(
        command_id,
        OutboxState.CONFLICT,
        last_error=code,
        error_details=details,
        server_version=None if server_record is None else spec.version_of(server_record),
        server_record=None if server_record is None else codec.dump(server_record),
    )
    return _settle(uow, entry, server_record)


def discard_command(uow: UnitOfWork, command_id: str) -> bool:
    """A person gives up a command (any state); the effective state follows."""
    entry = uow.outbox.get(command_id)
    if entry is None:
        return False
    uow.outbox.delete(command_id)
    if entry.state in ACTIVE:
        recompute(uow, entry.command.entity, entry.command.entity_id)
        follow_transfers(uow, [entry.command])
    else:
        judge_held_back(uow, entry.command.entity, entry.command.entity_id)
    return True


def judge_held_back(uow: UnitOfWork, entity: str, entity_id: str) -> None:
    """The commands a resolved conflict held back get reasons of their own.

    Held back (:data:`BLOCKED`) because they were made on top of a command
    that no longer fits; once the person discarded or re-applied that one,
    "resolve that one first" points at nothing. Each is tried in order as a
    re-apply would queue it (:func:`record_command`, every check the queue
    makes, on the record as it now stands), inside a savepoint undone
    afterwards: nothing is queued unasked, since each was made on a state
    that never reached the platform. One that would fit says so
    (:data:`RELEASED`: re-apply or discard); the first that would not gets
    its own reason (a lost claim race names the holder), and the ones after
    it stay held back by it.
    """
    held: list[OutboxEntry] = []
    for e in uow.outbox.entries([OutboxState.CONFLICT, OutboxState.REFUSED],
                                entity=entity, entity_id=entity_id):
        if e.last_error != BLOCKED:
            if not held:
                return  # a conflict of its own, unresolved: what follows it stays held back
            break
        held.append(e)
    tried: dict[str, BackofficeError | None] = {}
    trial = uow.session.begin_nested()
    try:
        for e in held:
            cmd = e.command
            repo = uow.repository(cmd.entity)
            confirmed = repo.confirmed(cmd.entity_id)
            if confirmed is None:
                break
            try:
                record_command(uow, Command.new(cmd.kind, cmd.entity_id,
                                                repo.spec.version_of(confirmed), cmd.payload,
                                                author=cmd.author))
            except BackofficeError as exc:
                tried[cmd.id] = exc
                break
            tried[cmd.id] = None
    finally:
        trial.rollback()
    for e in held:
        if e.command.id not in tried:
            return
        refused = tried[e.command.id]
        uow.outbox.set_state(
            e.command.id, e.state,
            last_error=RELEASED if refused is None else refused.code,
            error_details=None if refused is None else refused.params,
            server_version=e.server_version, server_record=e.server_record)


def reapply_command(
    uow: UnitOfWork, command_id: str, *, now: dt.datetime | None = None
) -> Command:
    """A person re-applies a conflicted or refused command on the current version.

    The old row goes and a *new* command (new id, same kind and payload, the
    record's current confirmed version as base) is queued in its place, in
    one transaction: the platform remembers the old id's answer, so
    resending it would only repeat that answer. If the command does not fit
    the current record (the state machine refuses it), nothing changes and
    the error says why; the person can still discard it.
    """
    entry = _require(uow, command_id)
    if entry.state in ACTIVE:
        raise StoreError("store.not_conflicted", command=command_id)
    cmd = entry.command
    repo = uow.repository(cmd.entity)
    confirmed = repo.confirmed(cmd.entity_id)
    if confirmed is None:
        raise StoreError("store.not_found", entity=cmd.entity, id=cmd.entity_id)
    fresh = Command.new(
        cmd.kind, cmd.entity_id, repo.spec.version_of(confirmed), cmd.payload,
        author=cmd.author, now=now,
    )
    uow.outbox.delete(command_id)
    record_command(uow, fresh)
    judge_held_back(uow, cmd.entity, cmd.entity_id)
    return fresh


def _require(uow: UnitOfWork, command_id: str) -> OutboxEntry:
    entry = uow.outbox.get(command_id)
    if entry is None:
        raise StoreError("store.unknown_command", command=command_id)
    return entry


def _settle(uow: UnitOfWork, entry: OutboxEntry, server_record: Entity | None) -> tuple[str, ...]:
    """After a command left the active set: hold back the ones made on top of it."""
    cmd = entry.command
    later = [
        e
        for e in uow.outbox.active_for(cmd.entity, [cmd.entity_id]).get(cmd.entity_id, [])
        if e.sequence > entry.sequence
    ]
    for e in later:
        uow.outbox.set_state(e.command.id, OutboxState.CONFLICT, last_error=BLOCKED)
    held = tuple(e.command.id for e in later)
    if server_record is not None:
        # Stored as confirmed unless older than ours; either way recompute
        # below, so the effective state no longer includes the command.
        apply_confirmed(uow, [server_record])
    conflicts = recompute(uow, cmd.entity, cmd.entity_id)
    follow_transfers(uow, [cmd, *(e.command for e in later)])
    return held + conflicts
