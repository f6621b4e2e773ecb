"""Confirmed state + pending commands = what the person sees (SYNC.md, 1).

Every function here runs inside the caller's write unit of work, so the
effective state, the outbox and the sync cursor always change together or
not at all. The invariant they keep, per record::

    effective columns == confirmed record, with its active outbox commands
                         (pending, sent) re-applied in sequence order

(an inspection also with the hand-overs of its case's active transfers,
:mod:`backoffice.store.handovers`).

After every pull (and every recompute) the record's active commands are
settled by these rules, in this order:

1. **Applied by the platform** (the pull says so): a command whose id the
   change feed lists in ``applied_command_ids`` is confirmed — removed from
   the outbox — in the same transaction, before the others are re-applied,
   since the pulled record already contains its effect.
2. **Sent, answer lost**: a ``sent`` command that does not fit a pulled
   record whose version is *above* the command's ``base_version`` is most
   likely already in that record (the platform applied it, its response
   was lost): it is left out of the effective state and stays ``sent``. It
   is neither a conflict nor dropped: the push's retry gets the platform's
   remembered answer for that command id (SYNC.md, principle 3), which
   confirms or refuses it. Commands after it are re-applied as usual.
3. **Otherwise a conflict**: a ``pending`` command (never sent, so the
   platform cannot have applied it) — or a ``sent`` one whose record has
   not moved past its base — becomes a ``conflict`` row carrying the
   server's record next to the base record it was made on; the effective
   state is the server's, since the platform's case state wins; commands
   queued after it on the same record are held back too
   (``outbox.blocked_by_conflict``), because they were made on top of a
   state that no longer exists. Nothing is deleted: a person resolves
   conflicts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backoffice.domain.commands import (
    APPEND_KINDS,
    COMMAND_ENTITIES,
    REVIEW_TASK,
    UNKEPT_TARGET_KINDS,
    Command,
    Payload,
    apply_command,
    check_case_in_review,
)
from backoffice.domain.errors import BackofficeError, StoreError
from backoffice.domain.inspection_model import said_again
from backoffice.domain.model import CorrectionItem, CorrectionNotice, Material, ReviewTask
from backoffice.domain.opinion_readiness import OPINION, check_ready_for_opinion
from backoffice.store import codec, handovers, mapping, search, task_rules
from backoffice.store.deadline_rules import check_deadline_rules
from backoffice.store.mapping import Entity, EntitySpec
from backoffice.store.outbox import ACTIVE, BLOCKED, OutboxEntry, OutboxState
from backoffice.store.uow import UnitOfWork
from backoffice.store.verdict_taker import VERDICT, check_taker

DEFAULT_CURSOR_KEY = "cursor"


@dataclass(frozen=True, slots=True)
class ApplyReport:
    written: int  # records stored as confirmed
    stale: int  # records older than the confirmed version we have: skipped
    reapplied: int  # pending commands re-applied on top of new records
    conflicts: tuple[str, ...]  # ids of commands that became conflicts
    confirmed: int = 0  # commands the page said the platform applied: removed
    # Sent commands left out of the effective state (rule 2 above): the
    # push's answer decides them.
    awaiting_answer: tuple[str, ...] = ()
    # Commands on records that left our scope: now refused (remove_records).
    left_scope: tuple[str, ...] = ()


@dataclass(slots=True)
class _Reapplied:
    applied: int
    conflicts: list[str]
    awaiting_answer: list[str]


# last_error of a command made on a version the record has left before it was queued:
# the platform's own conflict code, so it reads and is resolved as one.
MOVED_ON = "sync.conflict"


def queue_on_confirmed(uow: UnitOfWork, kind: str, entity_id: str, payload: Payload,
                       author: str, *, base_version: int | None = None) -> Entity:
    """A new command of ``kind`` on the record's confirmed version, read in this transaction.

    Read in the same transaction as the write: read before it, a sync
    finishing in between (a claim's push confirmed, say) moves the confirmed
    version and the command is refused as ``store.stale_command`` — a
    person's action failing for nothing they did.

    ``base_version``: the version the person's whole edit was made on (a form
    kept open, a draft from yesterday). When the record moved on since (a
    colleague saved it), the command is queued as a conflict against the
    newer record rather than written over it: shown, nothing lost (SYNC.md).
    """
    entity = COMMAND_ENTITIES[kind]
    repo = uow.repository(entity)
    confirmed = repo.confirmed(entity_id)
    if confirmed is None:
        raise StoreError("store.not_found", entity=entity, id=entity_id)
    version = repo.spec.version_of(confirmed)
    if base_version is None or base_version == version:
        return record_command(uow, Command.new(kind, entity_id, version, payload,
                                               author=author))
    command = Command.new(kind, entity_id, base_version, payload, author=author)
    uow.outbox.append(command, base_record=codec.dump(confirmed))
    uow.outbox.set_state(command.id, OutboxState.CONFLICT, last_error=MOVED_ON,
                         server_version=version, server_record=codec.dump(confirmed))
    current: Entity | None = repo.get(entity_id)
    return confirmed if current is None else current


def record_command(uow: UnitOfWork, command: Command) -> Entity:
    """Apply ``command`` to the effective state and queue it; returns the new state.

    Raises the state machine's error when the command does not fit (nothing
    is written then), ``store.not_found`` for an unknown record,
    ``store.stale_command`` when the command was made against another
    version than the one confirmed here, ``store.duplicate_command`` for a
    command id already queued.
    """
    repo = uow.repository(command.entity)
    current = repo.get(command.entity_id)
    if current is None:
        raise StoreError("store.not_found", entity=command.entity, id=command.entity_id)
    check_deadline_rules(uow, command)  # Art. 42/45 against the deadline shown, as the platform
    if command.kind in APPEND_KINDS:
        # Adds beside the target (a comment): the target stays as it is, the
        # outbox row is the pending record until the platform confirms it.
        apply_command(command, current)
        if uow.outbox.get(command.id) is not None:
            raise StoreError("store.duplicate_command", command=command.id)
        uow.outbox.append(command, base_record=None)
        unchanged: Entity = current
        return unchanged
    task_rules.check_roles(uow, command.kind, command.author)  # as the platform, before queuing
    task_rules.check_own_claim(uow, command.kind, command.payload, command.author, current)
    if command.entity == REVIEW_TASK:
        # The task's machine cannot tell a case past review (an issued one's
        # opinion reopened): refused here, nothing queued, as the platform would.
        case = uow.cases.get(current.case_code)
        if case is not None:
            check_case_in_review(command.kind, case.case_code, case.status)
    confirmed_version = repo.spec.version_of(current)
    if command.base_version != confirmed_version:
        raise StoreError(
            "store.stale_command",
            command=command.id,
            entity=command.entity,
            id=command.entity_id,
            base_version=command.base_version,
            confirmed_version=confirmed_version,
        )
    if uow.outbox.get(command.id) is not None:
        raise StoreError("store.duplicate_command", command=command.id)
    try:
        updated: Entity = apply_command(command, current)
    except BackofficeError as exc:
        _name_departments(uow, exc)
        task_rules.name_holder(uow, exc)
        raise
    if command.kind == VERDICT and isinstance(current, Material):
        check_taker(uow, current, command.author)  # the holder's, in review: as the platform
    if command.kind == OPINION and isinstance(current, ReviewTask):
        # Learnt offline, as the platform would refuse it: verdicts queued
        # before it count, since the store's materials carry them; so do items
        # queued for the draft notice, which the store's notices do not carry yet.
        check_ready_for_opinion(current, uow.materials.for_case(current.case_code),
                                [*uow.correction_notices.for_case(current.case_code),
                                 *_queued_items(uow, current)])
    confirmed = repo.confirmed(command.entity_id)
    assert confirmed is not None
    uow.outbox.append(command, base_record=codec.dump(confirmed))
    repo.hold_confirmed(confirmed)
    repo.write_effective(updated)
    follow_transfers(uow, [command])
    return updated


def _queued_items(uow: UnitOfWork, task: ReviewTask) -> list[CorrectionNotice]:
    """The task's items still in the outbox for the draft notice, as a draft of their own."""
    items: list[CorrectionItem] = []
    for entry in uow.outbox.entries(ACTIVE, entity=REVIEW_TASK, entity_id=task.id):
        queued = entry.command.payload.get("items")
        if entry.command.kind == "task.request_correction" and isinstance(queued, list):
            items += [CorrectionItem(str(i.get("material_name")), task.department_code, "queued")
                      for i in queued if isinstance(i, dict)]
    return [CorrectionNotice("queued", task.case_code, tuple(items))] if items else []


def queue_without_target(uow: UnitOfWork, command: Command) -> None:
    """Queue a command on a record the store does not keep (``UNKEPT_TARGET_KINDS``).

    Nothing changes locally until the platform answers: its answer (the
    approved extension) is stored as confirmed. ``store.not_found`` for
    another kind, since every other command's target is kept.
    """
    if command.kind not in UNKEPT_TARGET_KINDS:
        raise StoreError("store.not_found", entity=command.entity, id=command.entity_id)
    if uow.outbox.get(command.id) is not None:
        raise StoreError("store.duplicate_command", command=command.id)
    uow.outbox.append(command, base_record=None)


def apply_confirmed(
    uow: UnitOfWork,
    records: Iterable[Entity],
    *,
    cursor: str | None = None,
    cursor_key: str = DEFAULT_CURSOR_KEY,
    applied_command_ids: Iterable[str] = (),
    removed: Iterable[tuple[str, str]] = (),
    whatever_version: Collection[tuple[str, str]] = (),
) -> ApplyReport:
    """Store the platform's records as confirmed and re-apply pending commands.

    With ``cursor``, the sync cursor is written in the same transaction, so a
    crash leaves either the page and its cursor, or neither (SYNC.md, 2).
    A record older than the one we have (lower version) is skipped: pages
    may arrive out of order after a retry, and versions only go up.
    ``applied_command_ids``: commands the platform says it applied; they
    leave the outbox before the rest is re-applied (module docstring, rule 1).
    Unknown ids are ignored: the command was confirmed already.
    ``removed``: ``(entity, id)`` of records that left the caller's scope or
    were deleted; see :func:`remove_records`. ``whatever_version``:
    ``(entity, id)`` of records stored even when older than ours — a
    re-sync's first copy of each, the platform's state after a restore.
    """
    with search.deferred(uow.session):
        return _apply_confirmed(uow, records, cursor=cursor, cursor_key=cursor_key,
                                applied_command_ids=applied_command_ids, removed=removed,
                                whatever_version=whatever_version)


def _apply_confirmed(
    uow: UnitOfWork,
    records: Iterable[Entity],
    *,
    cursor: str | None,
    cursor_key: str,
    applied_command_ids: Iterable[str],
    removed: Iterable[tuple[str, str]],
    whatever_version: Collection[tuple[str, str]],
) -> ApplyReport:
    dropped = remove_records(uow, removed)
    groups: dict[str, list[Entity]] = {}
    for record in records:
        groups.setdefault(mapping.spec_of(record).kind, []).append(record)
    applied = {e.command.id: e for e in map(uow.outbox.get, set(applied_command_ids)) if e}
    n_confirmed = len(applied)
    # Asked once: a page's keys looked up per kind cost more than the page's rows.
    queued = bool(applied) or uow.outbox.any_active()
    written = stale = reapplied = 0
    conflicts: list[str] = []
    awaiting: list[str] = []
    confirmed_here: list[Command] = []
    # Parents first (departments, cases, then children) so foreign keys hold.
    for kind in sorted(groups, key=lambda k: mapping.BY_KIND[k].rank):
        repo = uow.repository(kind)
        spec: EntitySpec[Any] = repo.spec
        latest = _latest_per_key(spec, groups[kind])
        fresh = latest
        if spec.versioned:
            have = repo.confirmed_versions(spec.key_of(r) for r in latest)
            fresh = [r for r in latest if spec.version_of(r) >= have.get(spec.key_of(r), -1)
                     or (kind, spec.key_of(r)) in whatever_version]
        stale += len(groups[kind]) - len(fresh)
        by_key = {spec.key_of(r): r for r in fresh}
        for entry in list(applied.values()):
            # Its record is in this page: the new confirmed state contains it.
            if entry.command.entity == kind and entry.command.entity_id in by_key:
                uow.outbox.delete(entry.command.id)
                del applied[entry.command.id]
                confirmed_here.append(entry.command)
        repo.upsert_many(fresh)
        written += len(fresh)
        active = uow.outbox.active_for(kind, by_key) if queued else {}
        if queued and kind == "inspection":
            # A transfer queued on the case hands the pulled inspection over too.
            for key in handovers.affected(uow, by_key.values()):
                active.setdefault(key, [])
        for key, entries in active.items():
            outcome = _reapply(uow, spec, by_key[key], entries)
            reapplied += outcome.applied
            conflicts.extend(outcome.conflicts)
            awaiting.extend(outcome.awaiting_answer)
    for command_id in sorted(applied, key=lambda i: applied[i].sequence):
        # Its record is not in this page (or the page's copy was stale): fold
        # the command into the confirmed copy we have, as an answer would.
        confirm_command(uow, command_id)
    follow_transfers(uow, confirmed_here)
    if cursor is not None:
        uow.sync_state.set(cursor_key, cursor)
    return ApplyReport(
        written, stale, reapplied, tuple(conflicts), n_confirmed, tuple(awaiting), dropped
    )


# Error code on a command whose record the platform took out of our scope.
LEFT_SCOPE = "sync.left_scope"


def remove_records(uow: UnitOfWork, removed: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Drop records that left our scope (a task transferred away, a withdrawn case).

    A case goes with everything under it (foreign-key cascade). The person's
    commands on what was dropped are not deleted with it: they become
    ``refused`` with :data:`LEFT_SCOPE`, keeping the record they were made
    on, so the person sees what did not reach the platform and discards it
    (SYNC.md, principle 4). Returns the ids of those commands.
    """
    held: list[str] = []
    for entity, key in dict.fromkeys(removed):
        if entity not in mapping.BY_KIND:
            continue  # a kind this store does not keep: nothing to drop
        targets = [(entity, key)]
        if entity == "case":
            for kind in ("review_task", "material"):
                targets += [(kind, k) for k in uow.repository(kind).keys_for_case(key)]
        stopped: list[Command] = []
        for kind, k in targets:
            for entry in uow.outbox.entries(list(OutboxState), entity=kind, entity_id=k):
                if entry.state in ACTIVE:
                    uow.outbox.set_state(entry.command.id, OutboxState.REFUSED,
                                         last_error=LEFT_SCOPE)
                    held.append(entry.command.id)
                    stopped.append(entry.command)
        follow_transfers(uow, stopped)
        uow.repository(entity).delete(key)
    return tuple(held)


def _latest_per_key(spec: EntitySpec[Any], records: Sequence[Entity]) -> list[Entity]:
    latest: dict[str, Entity] = {}
    for r in records:
        key = spec.key_of(r)
        if key not in latest or spec.version_of(r) >= spec.version_of(latest[key]):
            latest[key] = r
    return list(latest.values())


def _reapply(
    uow: UnitOfWork, spec: EntitySpec[Any], record: Entity, entries: Sequence[OutboxEntry]
) -> _Reapplied:
    """Effective = ``record`` + ``entries``, by the rules of the module docstring."""
    state: Any = record
    version = spec.version_of(record)
    outcome = _Reapplied(0, [], [])
    server = codec.dump(record)
    error: str | None = None
    details: Mapping[str, Any] | None = None
    for entry in entries:
        if error is None:
            try:
                state = apply_command(entry.command, state)
                outcome.applied += 1
                continue
            except BackofficeError as exc:
                if _maybe_applied(entry, version):
                    outcome.awaiting_answer.append(entry.command.id)
                    continue
                _name_departments(uow, exc)
                task_rules.name_holder(uow, exc)  # a lost claim race: who won it
                error = exc.code
                code, details = exc.code, exc.params
        else:
            code, details = BLOCKED, None
        uow.outbox.set_state(
            entry.command.id,
            OutboxState.CONFLICT,
            last_error=code,
            error_details=details,
            server_version=version,
            server_record=server,
        )
        outcome.conflicts.append(entry.command.id)
    if spec.kind == "inspection":
        state = handovers.overlay(uow, state)
    repo = uow.repository(spec.kind)
    if outcome.applied or state != record:
        repo.hold_confirmed(record)
        repo.write_effective(state)
    else:
        repo.write_effective(record)
        repo.release_confirmed(spec.key_of(record))
    stopped = set(outcome.conflicts)
    follow_transfers(uow, [e.command for e in entries if e.command.id in stopped])
    return outcome


def _name_departments(uow: UnitOfWork, exc: BackofficeError) -> None:
    """The domain refused a command knowing department codes: said by the store's names."""
    if "department_code" in exc.params or "department_codes" in exc.params:
        exc.params = said_again(exc.params, {d.code: d.name for d in uow.departments.all()})


def follow_transfers(uow: UnitOfWork, commands: Iterable[Command]) -> None:
    """A transfer queued or out of the queue: its case's inspections are shown anew.

    Their effective state includes the hand-overs of the case's active
    transfers (:mod:`backoffice.store.handovers`), so it changes with them.
    """
    for command in commands:
        case_code = handovers.case_of(uow, command) if handovers.moves_department(command) \
            else None
        for key in uow.inspections.keys_for_case(case_code) if case_code else ():
            recompute(uow, "inspection", key)


def _maybe_applied(entry: OutboxEntry, server_version: int) -> bool:
    """Rule 2: sent, and the record moved on since — perhaps by this very command.

    A pending command was never sent, so the platform cannot have applied it;
    a record still at the command's base version has not been changed by it.
    """
    return entry.state == OutboxState.SENT and server_version > entry.command.base_version


def recompute(uow: UnitOfWork, entity: str, entity_id: str) -> tuple[str, ...]:
    """Effective = confirmed + active commands again; returns new conflicts."""
    repo = uow.repository(entity)
    confirmed = repo.confirmed(entity_id)
    if confirmed is None:
        return ()
    entries = uow.outbox.active_for(entity, [entity_id]).get(entity_id, [])
    return tuple(_reapply(uow, repo.spec, confirmed, entries).conflicts)


def confirm_command(uow: UnitOfWork, command_id: str, *, record: Entity | None = None) -> bool:
    """The platform applied the command: drop it from the outbox.

    With ``record`` (the platform's record after the command), it is stored as
    confirmed in the same transaction, so the effective state never falls
    back to the old version in between. False if the id is unknown (already
    confirmed: a repeated answer is harmless).
    """
    entry = uow.outbox.get(command_id)
    if entry is None:
        return False
    uow.outbox.delete(command_id)
    if record is not None:
        _rebase_followers(uow, entry, record)
        apply_confirmed(uow, [record])
    elif entry.state in ACTIVE:
        _fold_into_confirmed(uow, entry)
    # Confirmed, the transfer is in the platform's records (the answer's, the
    # next pull's): no longer shown on top of the confirmed inspections.
    follow_transfers(uow, [entry.command])
    return True


def _rebase_followers(uow: UnitOfWork, entry: OutboxEntry, record: Entity) -> None:
    """Commands queued on top of a confirmed one now stand on its result.

    A person who claims a task and then gives an opinion queues two commands
    made on the same confirmed version ``v`` (the second on top of the
    first). The platform applied the first exactly on ``v`` (it checks the
    base), so its answer ``record`` is ``v`` + that command and nothing
    else: the second command was made on precisely that state, and is sent
    with ``record``'s version as its base. Without this the platform would
    see a stale base and report a conflict the person never had.
    """
    spec = mapping.spec_of(record)
    if spec.kind != entry.command.entity or spec.key_of(record) != entry.command.entity_id:
        return
    new_version = spec.version_of(record)
    for later in uow.outbox.active_for(entry.command.entity, [entry.command.entity_id]).get(
        entry.command.entity_id, []
    ):
        if later.sequence > entry.sequence and later.command.base_version == (
            entry.command.base_version
        ):
            uow.outbox.rebase(later.command.id, new_version, codec.dump(record))


def _fold_into_confirmed(uow: UnitOfWork, entry: OutboxEntry) -> None:
    """The platform applied exactly this command: so does our confirmed copy.

    Otherwise a recompute before the next pull (another command discarded,
    say) would show the record without the command the platform confirmed.
    Only for the oldest active command: the platform applies them in order.
    """
    cmd = entry.command
    earlier = [
        e
        for e in uow.outbox.active_for(cmd.entity, [cmd.entity_id]).get(cmd.entity_id, [])
        if e.sequence < entry.sequence
    ]
    repo = uow.repository(cmd.entity)
    confirmed = repo.confirmed(cmd.entity_id)
    if earlier or confirmed is None:
        return
    try:
        folded = apply_command(cmd, confirmed)
    except BackofficeError:
        # The confirmed copy already contains it: a pull brought the record
        # after the platform applied the command (its answer was lost).
        return
    repo.hold_confirmed(folded)
    recompute(uow, cmd.entity, cmd.entity_id)


def pending_commands(uow: UnitOfWork) -> list[OutboxEntry]:
    """The commands to push, in the order they were made."""
    return uow.outbox.entries(ACTIVE)
