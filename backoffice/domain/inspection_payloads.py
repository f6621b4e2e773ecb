"""Site-inspection commands' payloads, applied alike by the store and the platform.

The payload is the command's, the rest is what the applier knows (author,
names for refusals). A malformed payload raises ``command.bad_payload``
naming the field; a payload that breaks a rule of the inspection raises
that rule's error (:mod:`backoffice.domain.inspections`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from backoffice.domain.errors import DomainError
from backoffice.domain.guards import _require
from backoffice.domain.inspection_model import Names
from backoffice.domain.inspections import (
    MAX_FINDINGS,
    MAX_LINES,
    MAX_NOTE,
    MAX_PHOTOS,
    MAX_REASON,
    MAX_TEAM,
    ChecklistLine,
    InspectionPart,
    InspectionPhoto,
    InspectionResult,
    OnSiteCorrection,
    Slot,
    answer,
    cancel,
    propose,
)
from backoffice.domain.model import Inspection, Verdict


def _bad(kind: str, name: str) -> DomainError:
    return DomainError("command.bad_payload", kind=kind, field=name)


def _str(kind: str, payload: Mapping[str, Any], name: str, *, required: bool,
         limit: int = MAX_REASON) -> str:
    value = payload.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise _bad(kind, name)
    return value


def _strings(kind: str, payload: Mapping[str, Any], name: str, *, limit: int) -> tuple[str, ...]:
    value = payload.get(name)
    if not isinstance(value, list) or len(value) > limit or not all(
            isinstance(v, str) and v.strip() and len(v) <= MAX_NOTE for v in value):
        raise _bad(kind, name)
    return tuple(value)


def _moment(kind: str, payload: Mapping[str, Any], name: str) -> dt.datetime:
    value = payload.get(name)
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _bad(kind, name)
    return moment


def _int(kind: str, payload: Mapping[str, Any], name: str) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _bad(kind, name)
    return value


def request_fields(kind: str, payload: Mapping[str, Any]) -> tuple[str, str, str, tuple[str, ...]]:
    """``inspection.request``: (department, site address or "", reason, checklist)."""
    department = _str(kind, payload, "department_code", required=True, limit=64)
    site = _str(kind, payload, "site_address", required=False)
    reason = _str(kind, payload, "reason", required=True)
    checklist = _strings(kind, payload, "checklist", limit=MAX_LINES)
    if len(set(checklist)) != len(checklist):
        raise _bad(kind, "checklist")
    _str(kind, payload, "task_id", required=False, limit=128)
    return department, site, reason, checklist


def slot_of(kind: str, payload: Mapping[str, Any]) -> Slot:
    inspectors = _strings(kind, payload, "inspectors", limit=MAX_TEAM)
    return Slot(_moment(kind, payload, "starts_at"), _moment(kind, payload, "ends_at"),
                inspectors)


def apply_to_inspection(kind: str, payload: Mapping[str, Any], inspection: Inspection,
                        *, author: str, department_names: Names | None = None) -> Inspection:
    """The inspection after ``inspection.propose|reschedule|confirm|decline|cancel``;
    ``department_names`` (code → name) words a refusal: see :func:`said_department`."""
    if kind in ("inspection.propose", "inspection.reschedule"):
        originals = (_strings(kind, payload, "originals", limit=MAX_LINES)
                     if payload.get("originals") is not None else None)
        return propose(
            inspection, slot_of(kind, payload), originals=originals,
            after_deadline_reason=_str(kind, payload, "after_deadline_reason", required=False),
            reason=_str(kind, payload, "reason", required=kind.endswith("reschedule")),
            action=kind.removeprefix("inspection."))
    if kind in ("inspection.confirm", "inspection.decline"):
        department = _str(kind, payload, "department_code", required=True, limit=64)
        confirmed = kind == "inspection.confirm"
        reason = "" if confirmed else _str(kind, payload, "reason", required=True)
        return answer(inspection, department, _int(kind, payload, "proposal"),
                      confirmed=confirmed, by=author, reason=reason,
                      department_names=department_names)
    if kind == "inspection.cancel":
        return cancel(inspection, _str(kind, payload, "reason", required=True))
    raise DomainError("command.unknown_kind", kind=kind)


def apply_to_part(kind: str, payload: Mapping[str, Any], part: InspectionPart, *,
                  author: str, at: dt.datetime) -> InspectionPart:
    """``inspection.record_part``: the department's whole part as saved, perhaps confirmed.

    The payload carries the part as the person left it (not a diff): the
    command is made on a version, and a save from an older version is a
    conflict for a person to resolve, never a merge nobody checked.
    """
    _require(not part.confirmed, "inspection.part_final", part=part.id,
             case_code=part.case_code)
    lines = _parts_of(kind, payload, "lines", MAX_LINES, _line)
    photos = _parts_of(kind, payload, "photos", MAX_PHOTOS, _photo)
    corrections = _parts_of(kind, payload, "corrections", MAX_LINES, _correction)
    raw_result = payload.get("result")
    try:
        result = None if raw_result is None else InspectionResult(str(raw_result))
    except ValueError:
        raise _bad(kind, "result") from None
    confirm = payload.get("confirm", False)
    if not isinstance(confirm, bool):
        raise _bad(kind, "confirm")
    return replace(
        part, lines=lines, photos=photos, corrections=corrections,
        findings=_str(kind, payload, "findings", required=False, limit=MAX_FINDINGS),
        result=result, recorded_by=author, confirmed_by=author if confirm else "",
        confirmed_at=at if confirm else None)


def _parts_of(kind: str, payload: Mapping[str, Any], name: str, limit: int,
              make: Any) -> tuple[Any, ...]:
    raw = payload.get(name, [])
    if not isinstance(raw, list) or len(raw) > limit or not all(isinstance(e, dict) for e in raw):
        raise _bad(kind, name)
    try:
        return tuple(make(e) for e in raw)
    except (TypeError, ValueError):
        raise _bad(kind, name) from None


def _line(entry: Mapping[str, Any]) -> ChecklistLine:
    return ChecklistLine(_plain(entry, "item"), Verdict(_plain(entry, "verdict")),
                         _plain(entry, "note", ""))


def _photo(entry: Mapping[str, Any]) -> InspectionPhoto:
    return InspectionPhoto(_plain(entry, "sha256"), _plain(entry, "original_sha256"),
                           _plain(entry, "caption", ""))


def _correction(entry: Mapping[str, Any]) -> OnSiteCorrection:
    return OnSiteCorrection(_plain(entry, "item"), _plain(entry, "requirement"))


def _plain(entry: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = entry.get(name, default)
    if not isinstance(value, str):
        raise TypeError(name)
    return value


def part_payload(part: InspectionPart, *, confirm: bool = False) -> dict[str, Any]:
    """The ``inspection.record_part`` payload that saves ``part`` as it is."""
    return {
        "lines": [{"item": x.item, "verdict": x.verdict.value, "note": x.note}
                  for x in part.lines],
        "findings": part.findings,
        "photos": [{"sha256": p.sha256, "original_sha256": p.original_sha256,
                    "caption": p.caption} for p in part.photos],
        "corrections": [{"item": c.item, "requirement": c.requirement}
                        for c in part.corrections],
        "result": None if part.result is None else part.result.value,
        "confirm": confirm,
    }
