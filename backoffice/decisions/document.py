"""The decision document's data, the same on the client (preview) and the platform (seal).

Both render from the records they hold, so the platform seals exactly what
the desk previewed, with the document number (文号) it allocates at sealing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from backoffice.domain.model import Case, Decision, DecisionKind, Department
from backoffice.signing.documents import DocumentData, DocumentKind, fill, from_case
from backoffice.signing.errors import SigningError
from backoffice.signing.render import render_document

UPPER_AUTHORITY = "上级行政机关"


def document_data(decision: Decision, case: Case, department: Department, *,
                  issued_on: dt.date, number: str | None = None,
                  department_names: Mapping[str, str] | None = None,
                  case_departments: Iterable[str] = ()) -> DocumentData:
    """``number`` None: a draft (the document says the number comes at sealing)."""
    names = dict(department_names or {})
    copies: tuple[str, ...] = ()
    if decision.joint:
        # The joint decision goes out under the lead's name; every department
        # whose opinion it gathers gets a copy (抄送).
        copies = tuple(names.get(c, c) for c in sorted(set(case_departments))
                       if c != department.code)
    extra: dict[str, object] = {}
    if decision.kind == DecisionKind.ESCALATE:
        extra = {"upper_authority": UPPER_AUTHORITY, "report_by": decision.report_by}
    return from_case(case, department, DocumentKind(decision.kind.value), issued_on=issued_on,
                     document_number=number, reasons=decision.reasons,
                     legal_basis=decision.legal_basis, copies_to=copies, **extra)


def render(decision: Decision, case: Case, department: Department, *, issued_on: dt.date,
           number: str | None = None, department_names: Mapping[str, str] | None = None,
           case_departments: Iterable[str] = ()) -> bytes:
    return render_document(document_data(
        decision, case, department, issued_on=issued_on, number=number,
        department_names=department_names, case_departments=case_departments))


def unprintable(decision: Decision, case: Case, department: Department, *, issued_on: dt.date,
                department_names: Mapping[str, str] | None = None,
                case_departments: Iterable[str] = ()) -> tuple[str, ...]:
    """The characters of the decision's document no font can show, without drawing it.

    The desk tells them while the decision is drafted, not when the signer
    seals and the document is drawn for the first time. A missing field
    leaves the document unfillable: that has a finding of its own.
    """
    from backoffice.signing.layout import unprintable as of_filled  # reportlab: lazily

    try:
        filled = fill(document_data(decision, case, department, issued_on=issued_on,
                                    department_names=department_names,
                                    case_departments=case_departments))
    except SigningError:
        return ()
    return of_filled(filled)
