"""What the conflict list shows of one outbox entry, as plain strings.

Kept apart from the dialog (:mod:`ui.dialogs.conflicts`) so the wording — the
fields of a record side by side, the command in words, why it stopped — can
be read and tested without widgets. :func:`load_conflicts` runs on a worker
thread (it reads the store and decodes the stored records); the rest is
cheap and runs where it is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from backoffice import messages
from backoffice.domain.commands import Command
from backoffice.domain.decision_model import Decision
from backoffice.domain.errors import IllegalTransition
from backoffice.domain.inspection_model import Answer, Inspection
from backoffice.domain.inspections import (
    ChecklistLine,
    InspectionPart,
    InspectionPhoto,
    InspectionResult,
    OnSiteCorrection,
)
from backoffice.domain.materials import Material, Verdict
from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TASK_MACHINE
from backoffice.domain.time_limits import SpecialProcedure
from backoffice.store.mapping import Entity
from backoffice.store.outbox import OutboxEntry
from backoffice.store.store import Store
from backoffice.sync.case_view import command_kind, conflict_reason, delivery_word
from backoffice.sync.colleagues import cached
from ui.inbox.detail_text import beijing, local_time
from ui.inbox.people import person_text
from ui.planner.field_words import verdict_word
from ui.widgets.listing import listed

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConflictItem:
    """One conflicted or refused command with both records decoded."""

    entry: OutboxEntry
    base: Entity | None  # the confirmed record the person's command was made on
    server: Entity | None  # the platform's record now
    unreadable: bool = False  # a stored record could not be decoded (an older format)
    # The department's staff by login, from the list the last sync kept: values that
    # are people are shown by name, as the inbox shows them.
    names: Mapping[str, str] = field(default_factory=dict)
    # Department names by code (the store's reference list): departments by name too.
    departments: Mapping[str, str] = field(default_factory=dict)

    @property
    def command_id(self) -> str:
        return self.entry.command.id


def load_conflicts(store: Store) -> list[ConflictItem]:
    """The store's conflicts, decoded; on a worker thread (it reads the store)."""
    items = []
    names = {c.username: c.display_name for c in cached(store) if c.display_name}
    with store.read() as uow:
        departments = {d.code: d.name for d in uow.departments.all() if d.name}
    for entry in store.conflicts():
        try:
            items.append(ConflictItem(entry, entry.base(), entry.server(), names=names,
                                      departments=departments))
        except Exception:  # noqa: BLE001 - still listed, so it can be discarded
            _log.warning("cannot decode the records of command %s", entry.command.id, exc_info=True)
            items.append(ConflictItem(entry, None, None, unreadable=True, names=names,
                                      departments=departments))
    return items


# Fields of records and commands whose values are logins.
PEOPLE = frozenset({"approved_by", "assignee", "author", "confirmed_by", "drafted_by",
                    "inspectors", "recorded_by", "requested_by", "sealed_by", "to_user"})


def person(user: str, names: Mapping[str, str]) -> str:
    """A colleague as the task detail names them (``名字（login）``); a login the kept
    staff list does not know (before the first sync, another department's) as it is."""
    return person_text(names.get(user, ""), user)


# Fields of records whose values are department codes: shown by name.
DEPARTMENT_FIELDS = frozenset({"department_code", "departments", "lead_department",
                               "to_department"})


def _departments(value: object, departments: Mapping[str, str]) -> str:
    if isinstance(value, str) and value:
        return departments.get(value, value)
    if isinstance(value, (tuple, list)) and value:
        return listed(_departments(v, departments) for v in value)
    return NONE


def _people(value: object, names: Mapping[str, str]) -> str:
    if isinstance(value, str) and value:
        return person(value, names)
    if isinstance(value, (tuple, list)) and value:
        return listed(_people(v, names) for v in value)
    return NONE


# Ids of the platform's own making (``inspection-<uuid>``, its part's
# ``…--<department>``, a task's ``<case code>-T1``): nobody knows a record by
# them; the case code and department rows say which it is, as the list's line
# does (record_text).
_INTERNAL_IDS: dict[type, frozenset[str]] = {
    Inspection: frozenset({"id"}), InspectionPart: frozenset({"id", "inspection_id"}),
    ReviewTask: frozenset({"id"}), Decision: frozenset({"id"}),
    SpecialProcedure: frozenset({"id"}), Material: frozenset({"id"})}


@dataclass(frozen=True)
class FieldRow:
    name: str  # the field's identifier
    label: str  # its name for the person
    base: str  # the value in the record the command was made on
    server: str  # the value on the platform now
    differs: bool


def _field_labels() -> dict[str, str]:
    return {
        "id": QCoreApplication.translate("ConflictField", "Id"),
        "case_code": QCoreApplication.translate("ConflictField", "Case code"),
        "department_code": QCoreApplication.translate("ConflictField", "Department"),
        "status": QCoreApplication.translate("ConflictField", "State"),
        "step_days": QCoreApplication.translate("ConflictField", "Step time limit (working days)"),
        "assignee": QCoreApplication.translate("ConflictField", "Reviewer"),
        "opinion": QCoreApplication.translate("ConflictField", "Opinion"),
        "step_due_date": QCoreApplication.translate("ConflictField", "Step deadline"),
        "version": QCoreApplication.translate("ConflictField", "Version"),
        "name": QCoreApplication.translate("ConflictField", "Name"),
        "required": QCoreApplication.translate("ConflictField", "Required"),
        "original_required": QCoreApplication.translate("ConflictField", "Original to bring"),
        "from_shared_platform": QCoreApplication.translate("ConflictField", "From the shared platform"),
        "checks": QCoreApplication.translate("ConflictField", "Checks"),
        "service_item_code": QCoreApplication.translate("ConflictField", "Service item code"),
        "service_item_name": QCoreApplication.translate("ConflictField", "Service item"),
        "applicant": QCoreApplication.translate("ConflictField", "Applicant"),
        "lead_department": QCoreApplication.translate("ConflictField", "Lead department"),
        "kind": QCoreApplication.translate("ConflictField", "Kind"),
        "accepted_at": QCoreApplication.translate("ConflictField", "Accepted at"),
        "promised_days": QCoreApplication.translate("ConflictField", "Promised time limit (working days)"),
        "statutory_days": QCoreApplication.translate("ConflictField", "Statutory time limit (working days)"),
        "division_code": QCoreApplication.translate("ConflictField", "Division"),
        "site_address": QCoreApplication.translate("ConflictField", "Site address"),
        "platform_due_date": QCoreApplication.translate("ConflictField", "Deadline (platform)"),
        "author": QCoreApplication.translate("ConflictField", "Author"),
        "requested_by": QCoreApplication.translate("ConflictField", "Requested by"),
        "approved_by": QCoreApplication.translate("ConflictField", "Approved by"),
        "recorded_by": QCoreApplication.translate("ConflictField", "Recorded by"),
        "confirmed_by": QCoreApplication.translate("ConflictField", "Confirmed by"),
        "drafted_by": QCoreApplication.translate("ConflictField", "Drafted by"),
        "sealed_by": QCoreApplication.translate("ConflictField", "Sealed by"),
        "file_sha256": QCoreApplication.translate("ConflictField", "File (SHA-256)"),
        "removed": QCoreApplication.translate("ConflictField", "Items taken out"),
        "issued_on": QCoreApplication.translate("ConflictField", "Issued on"),
        "answered_on": QCoreApplication.translate("ConflictField", "Answered on"),
        "reasons": QCoreApplication.translate("ConflictField", "Reasons"),
        "legal_basis": QCoreApplication.translate("ConflictField", "Legal basis"),
        "decided_on": QCoreApplication.translate("ConflictField", "Decided on"),
        "report_by": QCoreApplication.translate("ConflictField", "Escalate by"),
        "delivery": QCoreApplication.translate("ConflictField", "Delivery"),
        "delivery_address": QCoreApplication.translate("ConflictField", "Postal address"),
        "joint": QCoreApplication.translate("ConflictField", "Joint decision"),
        "public_notice": QCoreApplication.translate("ConflictField", "Public notice"),
        "notice_days": QCoreApplication.translate("ConflictField", "Notice period (days)"),
        "overdue_reason": QCoreApplication.translate("ConflictField", "Reason for lateness"),
        "document_sha256": QCoreApplication.translate("ConflictField", "Document (SHA-256)"),
        "archive_sha256": QCoreApplication.translate("ConflictField", "Archive package (SHA-256)"),
        "approved_on": QCoreApplication.translate("ConflictField", "Approved on"),
        "requested_on": QCoreApplication.translate("ConflictField", "Requested on"),
        "answers": QCoreApplication.translate("ConflictField", "Departments' answers"),
        "inspection_id": QCoreApplication.translate("ConflictField", "Inspection"),
        "lines": QCoreApplication.translate("ConflictField", "Checklist points"),
        "confirmed_at": QCoreApplication.translate("ConflictField", "Confirmed at"),
        "applicant_notified_on": QCoreApplication.translate(
            "ConflictField", "Applicant told on"),
    }


def _enum_words() -> dict[str, str]:
    # Values that backoffice.messages.TERMS does not word (it covers states, actions,
    # checks, verdicts and kinds of record).
    return {
        "immediate": QCoreApplication.translate("ConflictField", "immediate case"),
        "promised": QCoreApplication.translate("ConflictField", "promised case"),
        "escalated": QCoreApplication.translate("ConflictField", "escalated case"),
        "person": QCoreApplication.translate("ConflictField", "person"),
        "company": QCoreApplication.translate("ConflictField", "company"),
    }


# Enums whose values mean other things elsewhere ("pass": a check's 通过, an
# inspection's 符合): TERMS qualifies them by what they are of.
_QUALIFIED: dict[type[enum.Enum], str] = {Verdict: "verdict", InspectionResult: "result", Answer: "answer"}


NONE = "—"


def _joined(shown: list[str], values: object) -> str:
    """Several values in one cell: words and names as the language lists them (甲、乙 /
    A, B); whole entries of their own (a checklist point with its verdict and note,
    an answer) apart by "; ", as a list of words would run them together."""
    simple = isinstance(values, (tuple, list)) and all(
        isinstance(v, (str, int, float, enum.Enum, dt.date)) for v in values)
    return (listed(shown) if simple else "; ".join(shown)) or NONE


def _delivery(value: object, lang: str) -> str:
    """The desk's words for the method (ui.decisions.delivery); none yet: none."""
    return delivery_word(value, lang) if isinstance(value, str) and value else NONE


# Fields whose identifiers are worded by a mapping of their own, the one the app uses.
_WORDED = {"delivery": _delivery}


def format_value(value: object, lang: str) -> str:
    """A field's value as one line of plain text."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return (QCoreApplication.translate("ConflictField", "yes") if value
                else QCoreApplication.translate("ConflictField", "no"))
    if isinstance(value, enum.Enum):
        raw = str(value.value)
        qualified = f"{_QUALIFIED.get(type(value), '')}.{raw}"
        if qualified in messages.TERMS:
            return messages.term(qualified, lang)
        return _enum_words().get(raw) or messages.term(raw, lang)
    if isinstance(value, dt.datetime):  # Beijing time, as everywhere in the app
        return beijing(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(v, InspectionPhoto) for v in value):
            return _photos([v.caption for v in value])
        return _joined([format_value(v, lang) for v in value], value)
    if isinstance(value, ChecklistLine):
        return _checklist_line(value.item, value.verdict, value.note)
    if isinstance(value, OnSiteCorrection):
        return _correction(value.item, value.requirement)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = (format_value(getattr(value, f.name), lang) for f in dataclasses.fields(value))
        return " ".join(p for p in parts if p != NONE) or NONE
    return str(value)


def field_rows(base: Entity | None, server: Entity | None, lang: str,
               names: Mapping[str, str] | None = None,
               departments: Mapping[str, str] | None = None, *,
               command: Command | None = None) -> list[FieldRow]:
    """Every field of the record, the two versions side by side (either may be missing);
    ``names``: the staff by login (:attr:`ConflictItem.names`); ``departments``: names
    by code; ``command``: the person's change, which says whose the first side is and
    when it was seen (:func:`_version_words`)."""
    sample = base if base is not None else server
    if sample is None:
        return []
    labels = {**_payload_labels(), **_field_labels()}
    internal = _INTERNAL_IDS.get(type(sample), frozenset())
    rows = []
    for f in dataclasses.fields(sample):
        if f.name in internal:
            continue
        mine = getattr(base, f.name) if base is not None else None
        theirs = getattr(server, f.name) if server is not None else None
        if f.name == "version":
            shown = _version_words(mine, theirs, command, names or {})
        elif f.name in PEOPLE:
            shown = _people(mine, names or {}), _people(theirs, names or {})
        elif f.name in DEPARTMENT_FIELDS:
            shown = _departments(mine, departments or {}), _departments(theirs, departments or {})
        elif f.name in _WORDED:
            shown = _WORDED[f.name](mine, lang), _WORDED[f.name](theirs, lang)
        else:
            shown = format_value(mine, lang), format_value(theirs, lang)
        rows.append(FieldRow(
            f.name, labels.get(f.name, f.name), *shown,
            differs=base is not None and server is not None and mine != theirs))
    return rows


def _version_words(mine: object, theirs: object, command: Command | None,
                   names: Mapping[str, str]) -> tuple[str, str]:
    """The two sides of the record in words, not the platform's version numbers.

    "1" beside "2" said nothing to a reviewer. The first side is the person's:
    the record as they had it when they made the change (who and when, from the
    command). The platform sends no author or time with its record, so the
    second side says only whether it changed after that.
    """
    yours = NONE
    if mine is not None:
        yours = QCoreApplication.translate(
            "ConflictField", "Yours: as you had it when you made the change")
        if command is not None:
            who = person(command.author, names) if command.author else NONE
            yours = QCoreApplication.translate(
                "ConflictField",
                "Yours: as {who} had it when making the change, {when}").format(
                who=who, when=beijing(command.created_at))
    if theirs is None:
        return yours, NONE
    if isinstance(mine, int) and isinstance(theirs, int) and theirs == mine:
        return yours, QCoreApplication.translate(
            "ConflictField", "The platform's now: unchanged since then")
    if isinstance(mine, int) and isinstance(theirs, int) and theirs > mine:
        return yours, QCoreApplication.translate(
            "ConflictField",
            "The platform's now: changed on the platform after that (by whom and when, "
            "the platform does not say)")
    return yours, QCoreApplication.translate("ConflictField", "The platform's now")


def kind_text(command: Command, lang: str) -> str:
    """The command's kind in words, as the CLI says it (``case_view.command_kind``).

    Every kind of ``COMMAND_ENTITIES`` has words (tests/ui/test_dialog_conflicts.py
    walks them); an unknown one (a newer client's queue) is shown as it is.
    """
    return command_kind(command.kind, lang, command.payload)


def record_text(item: ConflictItem, lang: str) -> str:
    """The record the command was on, as the person knows it: its kind and case code,
    and what tells it apart within the case — a department's task or part by the
    department's name, a material by its name, a special procedure by its kind and
    first day, an inspection by its site and the time proposed (or held). Never the
    platform's internal id, unless no record of it was kept."""
    command = item.entry.command
    entity = messages.term(command.entity, lang)
    record = item.base if item.base is not None else item.server
    case_code = getattr(record, "case_code", "")
    if record is None or not case_code:
        return f"{entity} {command.entity_id}"
    parts = [f"{entity} {case_code}"]
    if isinstance(record, Inspection):
        parts += [record.site_address,
                  local_time(command.payload.get("starts_at")) or beijing(record.starts_at)]
    elif isinstance(record, SpecialProcedure):
        parts += [messages.term(record.kind.value, lang), record.started_on.isoformat()]
    elif isinstance(record, Material):
        parts.append(record.name)
    elif isinstance(record, (ReviewTask, InspectionPart, Decision)):
        parts.append(_departments(record.department_code, item.departments))
    return " · ".join(part for part in parts if part)


def reason_text(item: ConflictItem, lang: str) -> str:
    """Why the command stopped, in the words of ``backoffice.messages``."""
    entry = item.entry
    code = entry.last_error or ""
    command = entry.command
    params: dict[str, object] = {
        "author": person(command.author, item.names) if command.author else NONE, "command": command.id, "kind": command.kind,
        "entity": command.entity, "entity_id": command.entity_id,
        "action": command.kind.removeprefix("task."),
    }
    if code == IllegalTransition.code and isinstance(item.server, ReviewTask):
        # The states as the platform has the record now: the state machine says
        # them again (details an older build kept no record of, or now stale).
        try:
            TASK_MACHINE.apply(item.server.status, command.kind.removeprefix("task."))
        except IllegalTransition as exc:
            params.update(exc.params)
    # A sentence whose details were not kept gets the general one, with the code.
    return conflict_reason(entry, lang, params)


def _payload_labels() -> dict[str, str]:
    """The fields commands carry that records do not have (those are in _field_labels)."""
    return {
        "reason": QCoreApplication.translate("ConflictField", "Reason"),
        "text": QCoreApplication.translate("ConflictField", "Text"),
        "note": QCoreApplication.translate("ConflictField", "Note"),
        "check": QCoreApplication.translate("ConflictField", "Check"),
        "verdict": QCoreApplication.translate("ConflictField", "Verdict"),
        "result": QCoreApplication.translate("ConflictField", "Result"),
        "working_days": QCoreApplication.translate("ConflictField", "Working days"),
        "to_department": QCoreApplication.translate("ConflictField", "To department"),
        "to_user": QCoreApplication.translate("ConflictField", "To colleague"),
        "channel": QCoreApplication.translate("ConflictField", "Channel"),
        "items": QCoreApplication.translate("ConflictField", "Items"),
        "material_name": QCoreApplication.translate("ConflictField", "Material"),
        "second_notice_reason": QCoreApplication.translate(
            "ConflictField", "Reason for a second notice"),
        "after_deadline_reason": QCoreApplication.translate(
            "ConflictField", "Reason for a time after the deadline"),
        "starts_at": QCoreApplication.translate("ConflictField", "Starts at"),
        "ends_at": QCoreApplication.translate("ConflictField", "Ends at"),
        "inspectors": QCoreApplication.translate("ConflictField", "Inspectors"),
        "checklist": QCoreApplication.translate("ConflictField", "Checklist"),
        "proposal": QCoreApplication.translate("ConflictField", "Proposal"),
        "task_id": QCoreApplication.translate("ConflictField", "Review task"),
        "procedure": QCoreApplication.translate("ConflictField", "Special procedure"),
        "started_on": QCoreApplication.translate("ConflictField", "Started on"),
        "ended_on": QCoreApplication.translate("ConflictField", "Ended on"),
        "due_date": QCoreApplication.translate("ConflictField", "Due date"),
        "departments": QCoreApplication.translate("ConflictField", "Departments"),
        "findings": QCoreApplication.translate("ConflictField", "Findings"),
        "corrections": QCoreApplication.translate("ConflictField", "Corrections"),
        "photos": QCoreApplication.translate("ConflictField", "Photos"),
        "originals": QCoreApplication.translate("ConflictField", "Originals"),
        "document_number": QCoreApplication.translate("ConflictField", "Document number"),
        "confirm": QCoreApplication.translate("ConflictField", "Confirmed"),
        "item": QCoreApplication.translate("ConflictField", "Checklist point"),
        "requirement": QCoreApplication.translate("ConflictField", "Requirement"),
        "caption": QCoreApplication.translate("ConflictField", "Caption"),
    }


def _checklist_line(item: str, verdict: Verdict, note: str) -> str:
    # The field form's words (符合), not a material review's (通过).
    if note:
        return QCoreApplication.translate("ConflictField", "{item}: {verdict} ({note})").format(
            item=item, verdict=verdict_word(verdict), note=note)
    return QCoreApplication.translate("ConflictField", "{item}: {verdict}").format(
        item=item, verdict=verdict_word(verdict))


def _correction(item: str, requirement: str) -> str:
    return QCoreApplication.translate("ConflictField", "{item}: {requirement}").format(
        item=item, requirement=requirement)


def _photos(captions: list[str]) -> str:
    """Photos by caption (their hashes say nothing to a person), numbered when untitled."""
    return "; ".join(caption or QCoreApplication.translate(
        "ConflictField", "photo {n} (no caption)").format(n=n)
        for n, caption in enumerate(captions, 1)) or NONE


def _text(entry: Mapping[str, object], name: str) -> str:
    value = entry.get(name)
    return value if isinstance(value, str) else ""


def _field_part(key: str, value: list[object]) -> str | None:
    """A field part's lines, corrections or photos as the record shows them; None if
    ``value`` is not such a list (a malformed payload falls back to its fields)."""
    entries = [e for e in value if isinstance(e, Mapping)]
    if len(entries) != len(value):
        return None
    if key == "photos":
        return _photos([_text(e, "caption") for e in entries])
    if key == "corrections":
        return "; ".join(_correction(_text(e, "item"), _text(e, "requirement"))
                         for e in entries) or NONE
    try:
        lines = [(_text(e, "item"), Verdict(_text(e, "verdict")), _text(e, "note"))
                 for e in entries]
    except ValueError:
        return None
    return "; ".join(_checklist_line(*line) for line in lines) or NONE


def _payload_value(key: str, value: object, lang: str, names: Mapping[str, str],
                   departments: Mapping[str, str]) -> str:
    """A value a command carried: identifiers in words (``"verdict": "pass"`` 通过),
    colleagues and departments by name, the person's own words as typed."""
    if key in ("lines", "photos", "corrections") and isinstance(value, list):
        shown = _field_part(key, value)
        if shown is not None:
            return shown
    if key in PEOPLE:
        return _people(value, names)
    if key in DEPARTMENT_FIELDS:
        return _departments(value, departments)
    if isinstance(value, str):
        qualified = f"{key}.{value}"
        if qualified in messages.TERMS:
            return messages.term(qualified, lang)
        if key in ("check", "kind", "procedure", "channel") and value in messages.TERMS:
            return messages.term(value, lang)
    if key.endswith("_at") and isinstance(value, str):
        return local_time(value)  # an ISO time as the record's own: Beijing time
    if key in _WORDED:
        return _WORDED[key](value, lang)
    if isinstance(value, Mapping):
        return listed(_field_line(k, v, lang, names, departments)
                      for k, v in value.items()) or NONE
    if isinstance(value, (tuple, list)):
        return _joined([_payload_value(key, v, lang, names, departments) for v in value], value)
    return format_value(value, lang)


def _field_line(key: str, value: object, lang: str, names: Mapping[str, str],
                departments: Mapping[str, str]) -> str:
    label = _payload_labels().get(key) or _field_labels().get(key) or messages.term(key, lang)
    return QCoreApplication.translate("ConflictListDialog", "{field}: {value}").format(
        field=label, value=_payload_value(key, value, lang, names, departments))


def payload_text(payload: Mapping[str, object], lang: str,
                 names: Mapping[str, str] | None = None,
                 departments: Mapping[str, str] | None = None) -> str:
    """What the command carried, a "field: value" line each, in the words of the table of
    fields above it (the person's own words stay as typed; colleagues by ``names``,
    departments by ``departments``)."""
    if not payload:
        return QCoreApplication.translate("ConflictListDialog", "(no details)")
    return "\n".join(_field_line(key, payload[key], lang, names or {}, departments or {})
                     for key in sorted(payload))
