"""Between the contract and the store: pulled changes in, queued commands out.

Every record is validated twice before it may touch the store: against the
contract by the REST client (:mod:`backoffice.remote.validate`), then
against the domain's own rules by :func:`backoffice.api.convert.to_domain`.
A record that fails either is *quarantined* — kept with its reason in the
same transaction as the page — never half-applied and never a reason to
stop the sync.

Cases, materials and review tasks decoded as structs (:mod:`backoffice.api.fast`)
whose rules :func:`backoffice.api.fast_domain.admissible` vouches for stay
structs (:attr:`PageOps.bulk`): a snapshot page stores them as they are, any
other page takes them through ``to_domain`` (:meth:`PageOps.domain_records`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from backoffice.api import convert, fast
from backoffice.api.fast_domain import BULK_ENTITIES, admissible
from backoffice.api.records import WireRecord
from backoffice.api.v1 import Change, CommandIn
from backoffice.domain.commands import Command
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Case
from backoffice.store.mapping import BY_CLASS, Entity
from backoffice.store.uow import UnitOfWork

_log = logging.getLogger("backoffice.sync")


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
    skipped: int = 0  # records the store does not keep (no domain object for them)
    # Records of fast_domain.BULK_ENTITIES still as their wire structs, their
    # domain rules checked: a snapshot page stores them as they are, any other
    # takes them through to_domain (domain_records()).
    bulk: list[fast.FastRecord] = field(default_factory=list)
    # id() of each admitted record → its change: what a record quarantined
    # after all (quarantine_orphans) is kept as.
    sources: dict[int, Change | fast.FastChange] = field(default_factory=dict, repr=False)

    def domain_records(self) -> list[Entity]:
        """Every record of the page as the store's domain object."""
        return [*self.records, *map(to_entity, self.bulk)]


def to_entity(record: fast.FastRecord) -> Entity:
    """The domain object of a ``bulk`` struct (its rules were checked: never None)."""
    obj = domain_record(record)
    if obj is None:
        raise AssertionError(f"no domain object for a bulk {record.entity}")
    return obj


def domain_record(record: WireRecord | fast.FastRecord) -> Entity | None:
    """The store's object for a wire record; ``None`` when it keeps none.

    Raises :class:`BackofficeError` when the record breaks a domain rule.
    """
    obj = convert.to_domain(record)
    if obj is None or type(obj) not in BY_CLASS:
        return None
    return obj


def dump(change: Change | fast.FastChange) -> Any:
    """A change as JSON-able builtins (for the quarantine)."""
    if isinstance(change, BaseModel):
        return change.model_dump(mode="json")
    return fast.to_builtins(change)


def page_ops(changes: Sequence[Change | fast.FastChange],
             rejected: Iterable[Rejected]) -> PageOps:
    ops = PageOps()
    sources = ops.sources
    for bad in rejected:
        ops.quarantined.append(
            Quarantine("changes", bad.reason, bad.raw, bad.entity, bad.id)
        )
    for change in changes:
        if change.change != "upsert":
            ops.removed.append((change.entity, change.id))
            continue
        assert change.record is not None  # the model guarantees it for upserts
        record = change.record
        if (isinstance(record, fast.FastRecord) and record.entity in BULK_ENTITIES
                and admissible(record)):
            ops.bulk.append(record)
            sources[id(record)] = change
            continue
        try:
            obj = domain_record(change.record)
        except BackofficeError as exc:
            ops.quarantined.append(
                Quarantine(
                    "changes",
                    f"{exc.code}: {exc.params}",
                    dump(change),
                    change.entity,
                    change.id,
                )
            )
            continue
        if obj is None:
            ops.skipped += 1
        else:
            ops.records.append(obj)
            sources[id(obj)] = change
    return ops


def _case_of(record: object) -> str | None:
    """The case a record belongs to (None for case-less records)."""
    code = getattr(record, "case_code", None)
    return code if isinstance(code, str) else None


def quarantine_orphans(ops: PageOps, stored_cases: Callable[[set[str]], set[str]]) -> set[str]:
    """Quarantine the records of a case neither stored nor admitted on this page.

    ``stored_cases``: which of the given case codes the store holds. Such a
    record's case was quarantined (here or on an earlier page): stored, the
    record would break the store's foreign key and fail the page — and with
    it every later pull: one malformed case would stop the department's feed.
    Returns the codes of the cases the page admits.
    """
    bulk: list[Any] = ops.bulk  # cases, materials and tasks, each with its case_code
    admitted: set[str] = {r.case_code for r in bulk if r.entity == "case"}
    admitted.update(r.case_code for r in ops.records if isinstance(r, Case))
    wanted: set[str] = {r.case_code for r in bulk if r.entity != "case"}
    wanted.update(c for r in ops.records if not isinstance(r, Case)
                  and (c := _case_of(r)) is not None)
    missing = wanted - admitted
    if missing:
        missing -= stored_cases(missing)
    if not missing:
        return admitted

    def keep(record: Any) -> bool:
        if isinstance(record, Case) or getattr(record, "entity", None) == "case":
            return True
        code = _case_of(record)
        if code not in missing:
            return True
        change = ops.sources[id(record)]
        ops.quarantined.append(Quarantine(
            "changes", f"record.case_missing: {{'case_code': {code!r}}}", dump(change),
            change.entity, change.id))
        return False

    ops.records = [r for r in ops.records if keep(r)]
    ops.bulk = [r for r in ops.bulk if keep(r)]
    return admitted


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


def keep_quarantined(uow: UnitOfWork, items: Sequence[Quarantine]) -> None:
    """Keep ``items`` with their reasons, in the transaction of ``uow`` (and log each)."""
    for q in items:
        _log.warning("quarantined a %s record %s/%s from %s: %s",
                     q.entity or "?", q.entity, q.entity_id, q.source, q.reason)
        uow.quarantine.add(q.source, q.reason, q.raw, entity=q.entity, entity_id=q.entity_id)


def result_record(uow: UnitOfWork, record: WireRecord | None) -> Entity | None:
    """A result's record for the store; quarantined (and ``None``) when it breaks a rule."""
    if record is None:
        return None
    try:
        return domain_record(record)
    except BackofficeError as exc:
        entity, key = record.entity, getattr(record, "id", None) or getattr(record, "case_code", "")
        keep_quarantined(uow, [Quarantine("push", f"{exc.code}: {exc.params}",
                                     record.model_dump(mode="json"), entity, str(key))])
        return None
