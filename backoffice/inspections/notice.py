"""The applicant's notice of a site inspection (8.4.3) as a printable document.

The platform sends the notice as a text message on the last confirmation
(:func:`backoffice.domain.inspections.appointment_text`); the organiser may
also hand or post it on paper. This builds the ``inspection_notice`` kind of
document (现场勘察通知书, ``resources/documents/inspection_notice.toml``) from
the inspection and its case as the store has them — time, address, the
participating departments, the originals to bring — and lays it out like
every other document of ours (:mod:`backoffice.signing.render`, GB/T 9704).

Issued by the organiser (the inspection's lead department). No document
number is allocated by the client, so the printout is marked as not sealed
(the layout's draft mark), which is the truth.
"""

from __future__ import annotations

import datetime as dt

from backoffice.domain import clock
from backoffice.domain.errors import StoreError
from backoffice.domain.inspections import SHANGHAI, check_notice
from backoffice.domain.model import Department
from backoffice.signing.documents import DocumentData, DocumentKind, fill, from_case
from backoffice.signing.layout import layout
from backoffice.store import Store

__all__ = ["notice_document", "notice_pdf"]


def notice_document(store: Store, inspection_id: str, *,
                    issued_on: dt.date | None = None) -> DocumentData:
    """The notice's data: refused unless every department confirmed the time (``check_notice``)."""
    with store.read() as uow:
        inspection = uow.inspections.get(inspection_id)
        if inspection is None:
            raise StoreError("store.not_found", entity="inspection", id=inspection_id)
        case = uow.cases.get(inspection.case_code)
        if case is None:
            raise StoreError("store.not_found", entity="case", id=inspection.case_code)
        names = {d.code: d.name for d in uow.departments.all()}
    check_notice(inspection)  # a confirmed time only: never one merely proposed
    assert inspection.starts_at is not None and inspection.ends_at is not None
    organiser = Department(inspection.lead_department,
                           names.get(inspection.lead_department, inspection.lead_department),
                           "")
    return from_case(
        case, organiser, DocumentKind.INSPECTION_NOTICE,
        issued_on=issued_on or clock.today(),
        inspection_start=inspection.starts_at.astimezone(SHANGHAI),
        inspection_end=inspection.ends_at.astimezone(SHANGHAI),
        site_address=inspection.site_address or case.site_address,
        inspecting_departments=tuple(names.get(d, d) for d in inspection.departments),
        originals=inspection.originals)


def notice_pdf(store: Store, inspection_id: str, *, issued_on: dt.date | None = None) -> bytes:
    """The notice as a PDF (A4, GB/T 9704 letter format; text extractable)."""
    return layout(fill(notice_document(store, inspection_id, issued_on=issued_on))).pdf
