"""The outbox: the person's commands the platform has not confirmed yet.

A command enters as ``pending`` in the same transaction that changes the
effective state (:func:`backoffice.store.pending.record_command`). The push
marks it ``sent``; the platform's answer either confirms it (the row goes
away), refuses it (``refused``, with the platform's error code), or reports
a conflict (``conflict``, with the server's record). A pull that makes a
pending command inapplicable also marks it ``conflict``. Conflicted and
refused rows are never deleted behind the person's back: they stay until
someone discards them (SYNC.md, principle 4).

A command the platform failed on (``server.error``: rolled back, not
remembered) goes back to ``pending`` with that code as ``last_error`` and is
sent again next round; ``attempts`` then counts the answers in a row
(:meth:`OutboxRepository.failed_on_platform`).

Beside the code, ``error_details`` keeps what its sentence needs (which
department, which date, which limit). They come from the platform, so only
a short mapping of short plain values is kept (``reason_details``);
anything else is dropped, never stored raw, and the reason is then said
by its general sentence (``backoffice.sync.reasons``).

``pending`` and ``sent`` are *active*: they shape the effective state and
are re-applied after every pull. ``sent`` stays active because a sent
command whose answer was lost may well have been applied by the platform.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from backoffice.domain.commands import APPEND_KINDS, Command, JSONValue
from backoffice.store import codec
from backoffice.store.mapping import BY_KIND, Entity, RowLike
from backoffice.store.reason_details import Detail, plain_details
from backoffice.store.repositories import chunks
from backoffice.store.schema import OutboxRow, table_of
from backoffice.store.stopped import BLOCKED as _BLOCKED


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CONFLICT = "conflict"
    REFUSED = "refused"


ACTIVE = (OutboxState.PENDING, OutboxState.SENT)

# Held back behind a conflict (defined with the other stop codes, kept here for its importers).
BLOCKED = _BLOCKED


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    sequence: int
    command: Command
    state: OutboxState
    attempts: int
    last_error: str | None
    # The confirmed record the command was made against, and — after a
    # conflict — the server's record that it no longer fits.
    base_record: Mapping[str, JSONValue] | None
    server_version: int | None
    server_record: Mapping[str, JSONValue] | None
    # What the sentence of ``last_error`` needs, as kept (:func:`plain_details`).
    error_details: Mapping[str, Detail] | None = None

    def base(self) -> Entity | None:
        return self._decode(self.base_record)

    def server(self) -> Entity | None:
        return self._decode(self.server_record)

    def _decode(self, data: Mapping[str, JSONValue] | None) -> Entity | None:
        if data is None:
            return None
        entity: Entity = codec.load(BY_KIND[self.command.entity].cls, data)
        return entity


_t = table_of(OutboxRow)


def _entry(row: RowLike) -> OutboxEntry:
    created: dt.datetime = row["created_at"]
    return OutboxEntry(
        sequence=row["sequence"],
        command=Command(
            id=row["id"],
            kind=row["kind"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            base_version=row["base_version"],
            created_at=created,
            payload=row["payload"],
            author=row["author"],
            format_version=row["format_version"],
        ),
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        base_record=row["base_record"],
        server_version=row["server_version"],
        server_record=row["server_record"],
        # Checked again: the file may have been written by hand, or by a later build.
        error_details=plain_details(row["error_details"]),
    )


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, command: Command, *, base_record: Mapping[str, Any] | None) -> int:
        result = self.session.execute(
            _t.insert().values(
                id=command.id,
                kind=command.kind,
                entity=command.entity,
                entity_id=command.entity_id,
                base_version=command.base_version,
                payload=dict(command.payload),
                created_at=command.created_at,
                author=command.author,
                format_version=command.format_version,
                state=OutboxState.PENDING.value,
                attempts=0,
                base_record=None if base_record is None else dict(base_record),
            )
        )
        (sequence,) = cast(CursorResult[Any], result).inserted_primary_key or (0,)
        return int(sequence)

    def get(self, command_id: str) -> OutboxEntry | None:
        row = self.session.execute(select(_t).where(_t.c.id == command_id)).mappings().first()
        return None if row is None else _entry(row)

    def get_many(self, command_ids: Iterable[str]) -> dict[str, OutboxEntry]:
        """The entries of these ids that exist (one query per chunk, not one per id)."""
        out: dict[str, OutboxEntry] = {}
        for part in chunks(list(dict.fromkeys(command_ids))):
            for row in self.session.execute(select(_t).where(_t.c.id.in_(part))).mappings():
                out[row["id"]] = _entry(row)
        return out

    def delete_many(self, command_ids: Iterable[str]) -> None:
        for part in chunks(list(dict.fromkeys(command_ids))):
            self.session.execute(delete(_t).where(_t.c.id.in_(part)))

    def entries(
        self,
        states: Iterable[OutboxState] | None = None,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
    ) -> list[OutboxEntry]:
        stmt = select(_t).order_by(_t.c.sequence)
        if states is not None:
            stmt = stmt.where(_t.c.state.in_([s.value for s in states]))
        if entity is not None:
            stmt = stmt.where(_t.c.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(_t.c.entity_id == entity_id)
        return [_entry(r) for r in self.session.execute(stmt).mappings()]

    def any_active(self) -> bool:
        """Whether any command is pending or sent (usually not, when a page is pulled)."""
        found = self.session.scalar(
            select(_t.c.id).where(_t.c.state.in_([s.value for s in ACTIVE])).limit(1)
        )
        return found is not None

    def active_for(self, entity: str, entity_ids: Iterable[str]) -> dict[str, list[OutboxEntry]]:
        """Active commands per record that shape it, in sequence order (others: absent).

        Append commands (a comment on a case) are left out: they add a record
        beside their target and never change it, so there is nothing to
        re-apply and nothing for them to conflict with.
        """
        out: dict[str, list[OutboxEntry]] = defaultdict(list)
        ids = list(dict.fromkeys(entity_ids))
        for part in chunks(ids):
            stmt = (
                select(_t)
                .where(
                    _t.c.entity == entity,
                    _t.c.entity_id.in_(part),
                    _t.c.state.in_([s.value for s in ACTIVE]),
                    _t.c.kind.not_in(sorted(APPEND_KINDS)),
                )
                .order_by(_t.c.sequence)
            )
            for row in self.session.execute(stmt).mappings():
                out[row["entity_id"]].append(_entry(row))
        return dict(out)

    def set_state(
        self,
        command_id: str,
        state: OutboxState,
        *,
        last_error: str | None = None,
        error_details: Mapping[str, Any] | None = None,
        server_version: int | None = None,
        server_record: Mapping[str, Any] | None = None,
        attempted: bool = False,
        attempts: int | None = None,
    ) -> bool:
        # The details go with their code: a new code never keeps the old one's.
        values: dict[str, Any] = {"state": state.value, "last_error": last_error,
                                  "error_details": plain_details(error_details)}
        if server_record is not None:
            values["server_record"] = dict(server_record)
            values["server_version"] = server_version
        if attempted:
            values["attempts"] = _t.c.attempts + 1
        elif attempts is not None:  # put back as it was (a send that never left)
            values["attempts"] = attempts
        result = self.session.execute(update(_t).where(_t.c.id == command_id).values(**values))
        return bool(cast(CursorResult[Any], result).rowcount)

    def failed_on_platform(self, command_id: str, code: str) -> int:
        """The platform failed on the command (rolled back, not remembered): queued again.

        Returns how many answers in a row were ``code``, this one included:
        ``attempts`` restarts at 1 with the first such answer and every
        resend adds one (a resend left unanswered counts too: it is no
        evidence that the platform got any better).
        """
        entry = self.get(command_id)
        if entry is None:
            return 0
        streak = entry.attempts if entry.last_error == code else 1
        # Pending, not sent: the platform said it kept nothing of it.
        self.session.execute(update(_t).where(_t.c.id == command_id).values(
            state=OutboxState.PENDING.value, last_error=code, error_details=None,
            attempts=streak))
        return streak

    def rebase(self, command_id: str, base_version: int, base_record: Mapping[str, Any]) -> None:
        """Move a queued command onto a newer confirmed version (see ``pending.confirm_command``)."""
        self.session.execute(
            update(_t)
            .where(_t.c.id == command_id)
            .values(base_version=base_version, base_record=dict(base_record))
        )

    def delete(self, command_id: str) -> bool:
        result = self.session.execute(delete(_t).where(_t.c.id == command_id))
        return bool(cast(CursorResult[Any], result).rowcount)

    def counts(self) -> dict[OutboxState, int]:
        out = dict.fromkeys(OutboxState, 0)
        for state, n in self.session.execute(select(_t.c.state, func.count()).group_by(_t.c.state)):
            out[OutboxState(state)] = n
        return out
