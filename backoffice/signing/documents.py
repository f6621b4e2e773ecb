"""The decision document's input and its templates.

:class:`DocumentData` is plain data, so the decision desk (or a JSON file on
the command line) can fill it; :func:`from_case` fills it from the domain's
:class:`~backoffice.domain.model.Case`. The wording is not in the code: each
kind has a template in ``resources/documents/<kind>.toml`` — title, the
addressee line, and paragraphs with ``{field}`` placeholders. A paragraph may
be conditional (``when = "field"``: only when the field is not empty) or
repeated (``each = "corrections"``: once per item, with the item's fields and
``{n}``). :func:`fill` gives the finished text, :mod:`.layout` sets it.

The document number (文号) is allocated by the platform at sealing; until
then :attr:`DocumentData.document_number` is None and the document is a
draft that shows :data:`NUMBER_PLACEHOLDER` instead.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from backoffice import system_reasons
from backoffice.domain.clock import to_shanghai_date
from backoffice.domain.inspections import said_clock, said_time
from backoffice.domain.model import Case, Department
from backoffice.domain.payload_dates import EARLIEST_DAY, LATEST_DAY
from backoffice.signing.errors import SigningError
from backoffice.signing.resources import resource

NUMBER_PLACEHOLDER = "〔文号待签章时分配〕"
DAYS = ("application_date", "issued_on", "licence_valid_until", "report_by", "correction_due")
MOMENTS = ("inspection_start", "inspection_end")
# Every kind names them: the red head and signature, the addressee, the matter.
ALWAYS_REQUIRED = ("issuing_body", "applicant_name", "service_item_name")


class DocumentKind(enum.StrEnum):
    GRANT = "grant"  # 准予行政许可决定书
    REFUSE = "refuse"  # 不予行政许可决定书
    ESCALATE = "escalate"  # 上报
    REFUSE_ACCEPTANCE = "refuse_acceptance"  # 不予受理决定书
    CORRECTION_NOTICE = "correction_notice"  # 一次性告知书 (补正材料通知书)
    INSPECTION_NOTICE = "inspection_notice"  # 现场勘察通知书


@dataclass(frozen=True)
class CorrectionLine:
    material: str
    reason: str
    department: str = ""


@dataclass(frozen=True)
class DocumentData:
    """Everything a decision document says. Dates are dates; times carry a zone."""

    kind: DocumentKind
    issuing_body: str  # 发文机关: the department's name
    case_code: str
    service_item_name: str
    applicant_name: str
    application_date: dt.date
    issued_on: dt.date  # 成文日期
    document_number: str | None = None  # 文号; None → draft
    department_code: str = ""
    applicant_id: str = ""
    reasons: str = ""
    legal_basis: str = ""
    licence_number: str = ""
    licence_valid_until: dt.date | None = None
    upper_authority: str = ""
    report_by: dt.date | None = None
    corrections: tuple[CorrectionLine, ...] = ()
    correction_due: dt.date | None = None
    inspection_start: dt.datetime | None = None
    inspection_end: dt.datetime | None = None
    site_address: str = ""
    inspecting_departments: tuple[str, ...] = ()
    originals: tuple[str, ...] = ()  # originals to have ready on site (8.4.3)
    # Remedies of a refusal: reconsideration within 60 days, litigation within 6 months.
    # After the 2023 revision of the 行政复议法 a department's decision is reviewed by the
    # people's government at its level; the desk may name it exactly.
    reconsideration_body: str = "本级人民政府"
    court: str = "有管辖权的人民法院"
    contact: str = ""
    copies_to: tuple[str, ...] = ()  # 抄送

    @property
    def draft(self) -> bool:
        return not (self.document_number or "").strip()

    @property
    def number_text(self) -> str:
        return NUMBER_PLACEHOLDER if self.draft else str(self.document_number)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, default=str)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> DocumentData:
        """From JSON-like data (``document render --case-json``); unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise SigningError("document.unknown_field", field=", ".join(unknown))
        values: dict[str, Any] = dict(raw)
        missing = [f.name for f in fields(cls) if f.name not in values
                   and f.default is MISSING and f.default_factory is MISSING]
        if missing:
            # The fields in words (a term each), and the JSON's keys to write.
            raise SigningError("document.fields_missing", field=tuple(missing),
                               keys=", ".join(missing))
        for name in DAYS + MOMENTS:
            if values.get(name) is not None:
                values[name] = _when(name, values[name])
        try:
            values["kind"] = DocumentKind(values["kind"])
            values["corrections"] = tuple(CorrectionLine(**c) for c in
                                          values.get("corrections", ()))
            for name in ("inspecting_departments", "originals", "copies_to"):
                values[name] = tuple(values.get(name, ()))
            return cls(**values)
        except KeyError as exc:
            raise SigningError("document.field_missing", field=str(exc.args[0])) from exc
        except (TypeError, ValueError) as exc:
            raise SigningError("document.bad_input", reason=str(exc)) from exc

    def check(self, required: Sequence[str] = ()) -> None:
        """Refuse what no document may say: a required text that is blank (spaces and
        tabs are blank too), a date outside the years a person can mean (the commands'
        2000–2099), a document dated before its application.

        ``required``: the kind's own fields (its template's), besides :data:`ALWAYS_REQUIRED`.
        """
        for name in (*ALWAYS_REQUIRED, *required):
            if _blank(getattr(self, name, None)):
                raise SigningError("document.field_missing", field=name, kind=self.kind.value)
        for name in DAYS + MOMENTS:
            value = getattr(self, name)
            if value is None:
                continue
            day = value.date() if isinstance(value, dt.datetime) else value
            if not EARLIEST_DAY <= day <= LATEST_DAY:
                raise SigningError("document.date_out_of_range", field=name,
                                   value=day.isoformat())
        if self.issued_on < self.application_date:
            raise SigningError("document.issued_before_application",
                               issued_on=self.issued_on.isoformat(),
                               application_date=self.application_date.isoformat())

    @classmethod
    def from_json_file(cls, path: Path) -> DocumentData:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SigningError("signing.file_unreadable", path=str(path),
                               reason=system_reasons.reason(exc)) from exc
        if not isinstance(raw, dict):
            raise SigningError("document.bad_input", reason=f"{path}: not a JSON object")
        return cls.from_mapping(raw)


def _when(name: str, raw: object) -> dt.date | dt.datetime:
    """A day (``DAYS``) or a moment with its zone (``MOMENTS``) from JSON, or
    ``document.bad_date`` naming the field: "day is out of range for month" is
    Python's sentence, not the person's."""
    text = str(raw)
    try:
        if name in DAYS:
            return dt.date.fromisoformat(text)
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise SigningError("document.bad_date", field=name, value=text[:64]) from exc
    if moment.tzinfo is None:
        raise SigningError("document.bad_date", field=name, value=text[:64])
    return moment


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, CorrectionLine):
        return _blank(value.material) and _blank(value.reason)
    if isinstance(value, tuple):
        return all(_blank(v) for v in value)
    return False


def from_case(case: Case, department: Department, kind: DocumentKind, *,
              issued_on: dt.date, **more: Any) -> DocumentData:
    """A document of ``kind`` for ``case``, issued by ``department``; ``more`` fills the rest."""
    return DocumentData(
        kind=kind,
        issuing_body=department.name,
        department_code=department.code,
        case_code=case.case_code,
        service_item_name=case.service_item_name,
        applicant_name=case.applicant.name,
        applicant_id=case.applicant.id_number,
        # The day in Beijing, where it was accepted: not the day the stored UTC instant falls on.
        application_date=to_shanghai_date(case.accepted_at),
        issued_on=issued_on,
        site_address=more.pop("site_address", case.site_address),
        **more,
    )


# --- templates -----------------------------------------------------------------


@dataclass(frozen=True)
class FilledDocument:
    """The text of a document, ready for layout."""

    issuing_body: str
    number_text: str
    title: str
    addressee: str
    paragraphs: tuple[str, ...]
    signature: str  # 发文机关署名
    date_text: str  # 成文日期
    copies_to: tuple[str, ...] = ()
    draft: bool = False
    kind: str = ""
    case_code: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def chinese_date(day: dt.date) -> str:
    # GB/T 9704-2012 7.3.5.1: the date in Arabic numerals, no leading zeros.
    return f"{day.year}年{day.month}月{day.day}日"


def _chinese_time(moment: dt.datetime) -> str:
    # The visit's time as its text message says it: one way for the applicant to read it.
    return said_time(moment)


def _values(data: DocumentData) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in fields(data):
        value = getattr(data, f.name)
        if value is None:
            out[f.name] = ""
        elif isinstance(value, dt.datetime):
            out[f.name] = _chinese_time(value)
        elif isinstance(value, dt.date):
            out[f.name] = chinese_date(value)
        elif isinstance(value, tuple):
            out[f.name] = "、".join(str(v) for v in value if not isinstance(v, CorrectionLine))
        else:
            out[f.name] = str(value)
    out["document_number"] = data.number_text
    out["inspection_end_time"] = said_clock(data.inspection_end) if data.inspection_end else ""
    return out


def _item_values(item: object) -> dict[str, str]:
    if isinstance(item, CorrectionLine):
        # Combined notices name the department that asked, so the applicant knows whom to ask.
        note = f"（{item.department}）" if item.department else ""
        return {"material": item.material, "reason": item.reason, "department_note": note}
    return {"item": str(item)}


def _own_paragraph(value: str) -> str:
    """A value of several lines starts a paragraph of its own.

    Templates put a field after a colon (理由如下：{reasons}); reasons typed as
    一、… 二、… on lines of their own would have their first run on into the
    template's sentence while the others stand apart (each line break is a
    paragraph in the layout). A one-line value stays in the sentence.
    """
    lines = [line for line in value.splitlines() if line.strip(" \u3000\t")]
    return "\n" + value if len(lines) > 1 else value


def _format(text: str, values: Mapping[str, str], kind: str) -> str:
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name not in values:
            raise SigningError("document.template_unknown_field", kind=kind, field=name)
    return text.format_map(values)


def load_template(kind: DocumentKind, folder: Path | None = None) -> dict[str, Any]:
    path = folder / f"{kind.value}.toml" if folder else resource("documents", f"{kind.value}.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SigningError("document.template_unreadable", path=str(path), reason=str(exc)) \
            from exc


def fill(data: DocumentData, *, template_dir: Path | None = None) -> FilledDocument:
    """The document's text: ``data`` poured into its kind's template."""
    template = load_template(data.kind, template_dir)
    kind = data.kind.value
    data.check(template.get("required", ()))
    values = _values(data)
    body = {name: _own_paragraph(value) for name, value in values.items()}
    paragraphs: list[str] = []
    for para in template.get("paragraph", ()):
        when = para.get("when")
        if when and not getattr(data, when, None):
            continue
        each = para.get("each")
        if each:
            items: Sequence[Any] = getattr(data, each)
            for n, item in enumerate(items, start=1):
                own = _item_values(item)
                paragraphs.append(_format(para["text"], {**body, **own, "n": str(n)}, kind))
        else:
            paragraphs.append(_format(para["text"], body, kind))
    return FilledDocument(
        issuing_body=data.issuing_body,
        number_text=data.number_text,
        title=_format(template["title"], values, kind),
        addressee=_format(template.get("addressee", "{applicant_name}："), values, kind),
        paragraphs=tuple(paragraphs),
        signature=data.issuing_body,
        date_text=chinese_date(data.issued_on),
        copies_to=data.copies_to,
        draft=data.draft,
        kind=kind,
        case_code=data.case_code,
    )
