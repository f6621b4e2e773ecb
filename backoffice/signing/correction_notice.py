"""The one-time correction notice (一次性告知书, 6.9, 9.3.3; 行政许可法 Art. 32) as written.

One text for everybody: the platform sends it to the applicant when the lead
department issues the notice (``backoffice.sandbox.review.issue_notice``),
the lead's preview shows it before issuing and the issued notice shows it
afterwards (``ui.inbox.detail_case_data.notice_text``). Both build it here,
from the case, the notice's items and the departments' names, through the
``correction_notice`` document template (``resources/documents/
correction_notice.toml``): what the lead reads is what the applicant gets.

A written notice says who issues it (the lead department), its number, the
date, the legal basis, every item, by when and where the corrections are
handed in and what follows when they are not. The number is the case's code
and the notice's place among the case's notices (a second notice, allowed
only for a defective supplement, gets ``-2``): both sides know it without
asking anyone. The applicant's time runs :data:`CORRECTION_DAYS` calendar
days from the day of issue, so a preview made on the day of issue says the
same date as the notice sent.

Nothing is ever cut: a notice longer than the platform carries
(:data:`MAX_NOTICE_TEXT`) is refused before it is issued
(:func:`check_length`, on the client before queuing and on the platform).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from backoffice.api.records import MAX_NOTICE_TEXT
from backoffice.domain.corrections import CorrectionNotice, CorrectionNoticeStatus
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Case, Department
from backoffice.signing.documents import (
    CorrectionLine,
    DocumentData,
    DocumentKind,
    FilledDocument,
    fill,
    from_case,
)

__all__ = ["CORRECTION_DAYS", "MAX_NOTICE_TEXT", "check_length", "notice_document",
           "notice_number", "notice_ordinal", "notice_pdf", "notice_text", "plain_text"]

# The applicant's time to hand in the corrections, in calendar days from the day of issue.
CORRECTION_DAYS = 30


def notice_ordinal(notices: Sequence[CorrectionNotice], notice: CorrectionNotice) -> int:
    """The notice's place among the case's notices that went out (a draft: the next one)."""
    sent = sorted((n for n in notices if n.status != CorrectionNoticeStatus.DRAFT
                   and n.id != notice.id),
                  key=lambda n: (n.issued_on or dt.date.min, n.id))
    if notice.status == CorrectionNoticeStatus.DRAFT or notice.issued_on is None:
        return len(sent) + 1
    return 1 + sum(1 for n in sent if (n.issued_on or dt.date.min, n.id)
                   < (notice.issued_on, notice.id))


def notice_number(case_code: str, ordinal: int, issued_on: dt.date) -> str:
    return f"补正告知〔{issued_on.year}〕{case_code}-{ordinal}号"


def _lines(notice: CorrectionNotice, departments: Mapping[str, str]) -> tuple[CorrectionLine, ...]:
    """Every item, grouped by the department that asked (in the order they came)."""
    order: list[str] = []
    for item in notice.items:
        if item.department_code not in order:
            order.append(item.department_code)
    return tuple(
        CorrectionLine(item.material_name, item.reason, departments.get(code) or code)
        for code in order for item in notice.items if item.department_code == code)


def notice_document(case: Case, notice: CorrectionNotice, departments: Mapping[str, str], *,
                    issued_on: dt.date, ordinal: int) -> DocumentData:
    """The notice as a document of the lead department, issued on ``issued_on``.

    ``departments``: code → name; the applicant reads names, not codes.
    """
    lead = case.lead_department
    issuer = Department(lead, departments.get(lead) or lead, "")
    return from_case(
        case, issuer, DocumentKind.CORRECTION_NOTICE, issued_on=issued_on,
        document_number=notice_number(case.case_code, ordinal, issued_on),
        corrections=_lines(notice, departments),
        correction_due=issued_on + dt.timedelta(days=CORRECTION_DAYS))


def plain_text(doc: FilledDocument) -> str:
    """A filled document as plain text, in the order the printed page has it."""
    return "\n".join([doc.issuing_body, doc.title, doc.number_text, "", doc.addressee,
                      *doc.paragraphs, "", doc.signature, doc.date_text])


def notice_text(case: Case, notice: CorrectionNotice, departments: Mapping[str, str], *,
                issued_on: dt.date, ordinal: int) -> str:
    """The notice as the applicant reads it, in Chinese (the platform's text)."""
    return plain_text(fill(notice_document(case, notice, departments,
                                           issued_on=issued_on, ordinal=ordinal)))


def notice_pdf(case: Case, notice: CorrectionNotice, departments: Mapping[str, str], *,
               issued_on: dt.date, ordinal: int) -> bytes:
    """The notice as a PDF (A4, GB/T 9704 letter format), for a paper copy.

    Marked as not sealed (the layout's draft mark), as the printed inspection
    notice is: the client seals nothing, and the copy must not pass for the
    sealed original.
    """
    from backoffice.signing.layout import layout  # reportlab: only when printing

    filled = fill(notice_document(case, notice, departments,
                                  issued_on=issued_on, ordinal=ordinal))
    return layout(dataclasses.replace(filled, draft=True)).pdf


def check_length(case_code: str, text: str) -> None:
    """Refuse a notice longer than the platform carries: a cut notice would hide items
    that, the notice being one-time, could never be told afterwards."""
    if len(text) > MAX_NOTICE_TEXT:
        raise DomainError("correction.notice_too_long", case_code=case_code,
                          length=len(text), limit=MAX_NOTICE_TEXT)
