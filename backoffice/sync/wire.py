"""Between the contract and the store: pulled changes in, queued commands out.

Every record is validated twice before it may touch the store: against the
contract by the REST client (pydantic), then against the domain's own rules
by :func:`backoffice.api.convert.to_domain`. A record that fails either is
*quarantined* — kept with its reason in the same transaction as the page —
never half-applied and never a reason to stop the sync.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from backoffice.api import convert
from backoffice.api.records import WireRecord
from backoffice.api.v1 import Change, CommandIn
from backoffice.domain.commands import Command
from backoffice.domain.errors import BackofficeError
from backoffice.store.mapping import BY_CLASS, Entity


class Rejected(Protocol):
    """What the REST client hands back for a change or result it could not validate."""

    @property
    def raw(self) -> Any: ...
    @property
    def reason(self) -> str: ...
    @property
    def entity(self) -> str | None: ...
    @property
    def id(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Quarantine:
    source: str
    reason: str
    raw: Any
    entity: str | None = None
    entity_id: str | None = None


@dataclass(slots=True)
class PageOps:
    """One pulled page as the store applies it, in one transaction."""

    records: list[Entity] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    quarantined: list[Quarantine] = field(default_factory=list)
    skipped: int = 0  # records the store does not keep (a requested extension)


def domain_record(record: WireRecord) -> Entity | None:
    """The store's object for a wire record; ``None`` when it keeps none.

    Raises :class:`BackofficeError` when the record breaks a domain rule.
    """
    obj = convert.to_domain(record)
    if obj is None or type(obj) not in BY_CLASS:
        return None
    return obj


def page_ops(changes: Sequence[Change], rejected: Iterable[Rejected]) -> PageOps:
    ops = PageOps()
    for bad in rejected:
        ops.quarantined.append(
            Quarantine("changes", bad.reason, bad.raw, bad.entity, bad.id)
        )
    for change in changes:
        if change.change != "upsert":
            ops.removed.append((change.entity, change.id))
            continue
        assert change.record is not None  # the model guarantees it for upserts
        try:
            obj = domain_record(change.record)
        except BackofficeError as exc:
            ops.quarantined.append(
                Quarantine(
                    "changes",
                    f"{exc.code}: {exc.params}",
                    change.model_dump(mode="json"),
                    change.entity,
                    change.id,
                )
            )
            continue
        if obj is None:
            ops.skipped += 1
        else:
            ops.records.append(obj)
    return ops


def command_in(command: Command) -> CommandIn:
    return CommandIn.model_validate(
        {
            "id": command.id,
            "kind": command.kind,
            "format_version": command.format_version,
            "author": command.author,
            "entity": command.entity,
            "entity_id": command.entity_id,
            "base_version": command.base_version,
            "payload": dict(command.payload),
            "created_at": command.created_at,
        }
    )
