"""Wire records ↔ ``backoffice.domain`` dataclasses.

The client validates a response with the models of :mod:`backoffice.api`
and turns each record into the domain object its store keeps with
:func:`to_domain`; the domain constructor re-checks the domain's own rules,
so a record that passes both is safe to store. The platform goes the other
way with :func:`to_wire`.

Wire-only fields (a case's ``departments`` and ``clock_stopped``, a task's
``view``, a notice's ``second_notice_reason``, an extension's request
fields) have no place in the domain object and are dropped. An extension
comes over whole, requested or approved (its ``status``): a signer approves
a requested one from the store, and only an approved one moves a deadline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import operator
import typing
from collections.abc import Mapping
from typing import Any, cast

from pydantic import TypeAdapter

from backoffice.api import records as r
from backoffice.domain import inspections as i
from backoffice.domain import model as m
from backoffice.domain import notes as n
from backoffice.domain.errors import DomainError

DomainRecord = (
    m.Department | m.ServiceItem | m.Case | m.ReviewTask | m.Material | m.DeferredMaterial
    | m.CorrectionNotice | m.SpecialProcedure | m.Extension | m.Decision
    | n.Comment | n.Notification | m.Inspection | i.InspectionRequest | i.InspectionPart
)

_ADAPTER: TypeAdapter[r.WireRecord] = TypeAdapter(r.WireRecord)

_DOMAIN_OF: dict[str, type[Any]] = {
    "department": m.Department, "service_item": m.ServiceItem, "case": m.Case,
    "review_task": m.ReviewTask, "material": m.Material,
    "deferred_material": m.DeferredMaterial, "correction_notice": m.CorrectionNotice,
    "special_procedure": m.SpecialProcedure, "extension": m.Extension, "decision": m.Decision,
    "comment": n.Comment, "notification": n.Notification, "inspection": m.Inspection,
    "inspection_request": i.InspectionRequest, "inspection_part": i.InspectionPart,
}
ENTITY_OF: dict[type[Any], str] = {cls: name for name, cls in _DOMAIN_OF.items()}


def parse_record(data: Any) -> r.WireRecord:
    """Validate one record (a dict from JSON); raises pydantic's ValidationError."""
    return _ADAPTER.validate_python(data)


_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    cls = type(value)
    names = _FIELDS.get(cls)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


def to_wire(obj: DomainRecord, **extra: Any) -> dict[str, Any]:
    """The JSON-able wire dict of a domain object; ``extra`` sets wire-only fields."""
    data: dict[str, Any] = _plain(obj)
    entity = ENTITY_OF[type(obj)]
    data["entity"] = entity
    if isinstance(obj, m.Case):
        data["due_date"] = data.pop("platform_due_date")
    data.update({k: _plain(v) for k, v in extra.items()})
    return data


# (wire record type, domain class) → the wire fields the domain class has, and
# one getter for them. A record is a pydantic model of :mod:`.records` or the
# struct :mod:`.fast` derived from it: both have the fields as attributes.
_SHARED: dict[tuple[type[Any], type[Any]], tuple[tuple[str, ...], Any]] = {}


def _wire_fields(kind: type[Any]) -> tuple[str, ...]:
    if hasattr(kind, "__struct_fields__"):
        return tuple(kind.__struct_fields__)
    return tuple(kind.model_fields)


def _fields(model: Any, cls: type[Any]) -> dict[str, Any]:
    # Cached: dataclasses.fields() and model_fields cost more than the copy
    # itself, and a first pull converts a few hundred thousand records.
    found = _SHARED.get((type(model), cls))
    if found is None:
        own = {f.name for f in dataclasses.fields(cls)}
        names = tuple(k for k in _wire_fields(type(model)) if k in own)
        getter = operator.attrgetter(*names) if len(names) > 1 else \
            (lambda obj, _get=operator.attrgetter(*names): (_get(obj),))
        found = _SHARED[(type(model), cls)] = (names, getter)
    names, getter = found
    return dict(zip(names, getter(model), strict=True))


# Verdicts are few distinct values (3 checks × 4 verdicts, mostly without a
# note) repeated on every material: each distinct one is built — and so
# checked by the domain — once, then shared (it is frozen). Bounded, since
# notes are free text.
_VERDICTS: dict[tuple[Any, Any, str], m.CheckVerdict] = {}
_MAX_VERDICTS = 4096


def _verdict(check: Any, verdict: Any, note: str) -> m.CheckVerdict:
    key = (check, verdict, note)
    found = _VERDICTS.get(key)
    if found is None:
        found = m.CheckVerdict(check, verdict, note)  # raises on a broken rule: never cached
        if len(_VERDICTS) >= _MAX_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[key] = found
    return found


# A time the store (UTC) and the UI (any local zone, offsets under a day) can
# always convert: a day inside datetime's range each way. The contract takes
# any ISO time, say 0001-01-01T00:00:00+14:00, whose UTC is before year 1.
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC) + dt.timedelta(days=1)
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(days=1)


def convertible(moment: dt.datetime) -> bool:
    """True when an aware ``moment`` lies between :data:`EARLIEST` and :data:`LATEST`."""
    return EARLIEST <= moment <= LATEST  # aware comparison: no conversion, no overflow


def _datetime_fields(model: type[Any]) -> tuple[str, ...]:
    found = []
    for name, info in model.model_fields.items():
        kinds = typing.get_args(info.annotation) or (info.annotation,)
        if dt.datetime in kinds:
            found.append(name)
    return tuple(found)


# entity → its records' datetime fields (all top level).
_TIMES: dict[str, tuple[str, ...]] = {
    model.model_fields["entity"].default: _datetime_fields(model)
    for model in typing.get_args(typing.get_args(r.WireRecord)[0])
}


def _check_times(record: Any, entity: str, *, naive: bool) -> None:
    # Out of range: checked before the domain object is built (its rules may
    # convert). Naive (``naive=True``): after, so the domain's own code
    # (``comment.naive_time`` …) comes first; this catches what it lets by.
    for name in _TIMES[entity]:
        moment = getattr(record, name)
        if moment is None or (moment.tzinfo is None) != naive:
            continue
        if naive or not convertible(moment):
            key = getattr(record, "id", None) or getattr(record, "case_code", None) or \
                getattr(record, "code", "")
            raise DomainError("record.naive_time" if naive else "record.time_out_of_range",
                              entity=entity, id=str(key), field=name, value=moment.isoformat())


def to_domain(wire: r.WireRecord | Any, *,
              department_names: Mapping[str, str] | None = None) -> DomainRecord | None:
    """The domain object of ``record``; ``None`` when the domain has none.

    ``department_names`` (code → name): an inspection broken by its own rules is
    refused naming its departments by them (else by code).

    ``record``: a pydantic record of :mod:`.records` or its :mod:`.fast`
    struct (the same fields). Raises
    :class:`backoffice.domain.errors.DomainError` when the record breaks a
    domain rule or holds a time no store or clock can take
    (``record.time_out_of_range``): the client quarantines it.
    """
    record: Any = wire  # by ``entity`` below, not by class: a struct is no model
    entity = record.entity
    _check_times(record, entity, naive=False)
    if entity == "extension":
        return m.Extension(
            working_days=record.working_days, reason=record.reason,
            approved_by=record.approved_by, approved_on=record.approved_on,
            case_code=record.case_code, id=record.id, version=record.version,
            status=m.ExtensionStatus(record.status), requested_by=record.requested_by,
            requested_on=record.requested_on,
        )
    cls = _DOMAIN_OF[entity]
    kwargs = _fields(record, cls)
    if entity == "material":
        kwargs["checks"] = tuple(_verdict(c.check, c.verdict, c.note) for c in record.checks)
    elif entity == "case":
        kwargs["applicant"] = m.Applicant(**_fields(record.applicant, m.Applicant))
        kwargs["platform_due_date"] = record.due_date
    elif entity == "correction_notice":
        kwargs["items"] = tuple(
            m.CorrectionItem(i.material_name, i.department_code, i.reason) for i in record.items
        )
        kwargs["removed"] = tuple(
            m.RemovedCorrectionItem(i.material_name, i.department_code, i.reason,
                                    i.dropped_reason)
            for i in record.removed
        )
    elif entity == "inspection":
        kwargs["answers"] = tuple(
            m.InspectionAnswer(a.department_code, a.answer, a.reason, a.by,
                               department_names=department_names) for a in record.answers
        )
        kwargs["department_names"] = department_names
    elif entity == "inspection_part":
        kwargs["lines"] = tuple(i.ChecklistLine(x.item, x.verdict, x.note) for x in record.lines)
        kwargs["photos"] = tuple(
            i.InspectionPhoto(p.sha256, p.original_sha256, p.caption) for p in record.photos
        )
        kwargs["corrections"] = tuple(
            i.OnSiteCorrection(c.item, c.requirement) for c in record.corrections
        )
    built = cls(**kwargs)
    _check_times(record, entity, naive=True)
    return cast(DomainRecord, built)
