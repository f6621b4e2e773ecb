"""The site inspection as a record: :class:`Inspection` and the departments' answers.

One inspection per case and site, several departments together (9.5.2.3);
each department answers the organiser's proposed slot
(:class:`InspectionAnswer`). Its flow — requests, planning, the field
record — is :mod:`backoffice.domain.inspections`, which builds on this
module (the flow imports the record, never the other way).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import InitVar, dataclass

from backoffice.domain import clock
from backoffice.domain.guards import _require
from backoffice.domain.states import InspectionStatus

Names = Mapping[str, str]  # department code → its name, as people know it


class Answer(enum.StrEnum):
    """A participating department's answer to the organiser's proposed slot."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class InspectionAnswer:
    department_code: str
    answer: Answer = Answer.PENDING
    reason: str = ""  # why the department declined; the organiser plans again with it
    by: str = ""  # the user who answered
    # Words a refusal only, never kept: the record knows codes, whoever builds it
    # from a platform's record or a replayed command may know the names.
    department_names: InitVar[Names | None] = None

    def __post_init__(self, department_names: Names | None) -> None:
        _require(self.answer != Answer.DECLINED or bool(self.reason.strip()),
                 "inspection.decline_without_reason",
                 **said_department(self.department_code, department_names))


@dataclass(frozen=True, slots=True)
class Inspection:
    """现场勘察 / 联合勘察: departments go together, once (9.5.2.3).

    ``lead_department`` is the organiser: it proposes, reschedules and
    cancels. ``proposal`` counts the slots proposed, so an answer names the
    proposal it answers and a confirmation of an old slot never counts for
    a new one; ``answers`` are the departments' answers to the current one.
    ``originals``: what the applicant is told to bring (8.4.3). The flow is
    :mod:`backoffice.domain.inspections`.
    """

    id: str
    case_code: str
    lead_department: str
    departments: tuple[str, ...]
    site_address: str
    status: InspectionStatus = InspectionStatus.REQUESTED
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    inspectors: tuple[str, ...] = ()
    version: int = 0
    proposal: int = 0
    answers: tuple[InspectionAnswer, ...] = ()
    originals: tuple[str, ...] = ()
    reason: str = ""  # of the last reschedule or of the cancellation
    # Set when the organiser deliberately proposed a slot after the case's
    # deadline (the platform refuses one without it).
    after_deadline_reason: str = ""
    # Words a refusal only (code → name), never kept: see InspectionAnswer's.
    department_names: InitVar[Names | None] = None

    def __post_init__(self, department_names: Names | None) -> None:
        said = identified(self)
        _require(self.lead_department in self.departments, "inspection.lead_not_participant",
                 **said)
        answered = [a.department_code for a in self.answers]
        strangers = tuple(sorted(set(answered) - set(self.departments)))
        _require(not strangers and len(answered) == len(set(answered)),
                 "inspection.bad_answers", **said,
                 **said_departments(strangers, department_names))
        _require(self.proposal >= 0, "inspection.bad_answers", **said,
                 **said_departments((), department_names))
        twice = tuple(sorted({d for d in self.departments if self.departments.count(d) > 1}))
        _require(not twice, "inspection.duplicate_department", **said,
                 **said_departments(twice, department_names))
        _require(
            self.starts_at is None or self.ends_at is None or self.ends_at > self.starts_at,
            "inspection.ends_before_start", **said,
        )

    @property
    def joint(self) -> bool:
        return len(self.departments) > 1


def identified(inspection: Inspection) -> dict[str, str]:
    """The params that name ``inspection`` in a sentence: its case, site and time.

    A case has one inspection of a site open at a time (9.5.2.3), so that is
    how a person knows it, with its time (``slot``, Beijing time, "" while it
    has none); its id rides along for whatever reads it, never said.
    """
    slot = ""
    if inspection.starts_at is not None and inspection.ends_at is not None:
        tz = clock.shanghai_tz()
        start, end = inspection.starts_at.astimezone(tz), inspection.ends_at.astimezone(tz)
        slot = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return {"inspection": inspection.id, "case_code": inspection.case_code,
            "site": inspection.site_address, "slot": slot}


def said_department(code: str, names: Names | None) -> dict[str, str]:
    """The params naming a department in a sentence: its name (its code where the name
    is unknown, say a department not synced yet), the code kept in ``department_code``."""
    return {"department": (names or {}).get(code) or code, "department_code": code}


def said_departments(codes: tuple[str, ...], names: Names | None
                     ) -> dict[str, tuple[str, ...]]:
    """:func:`said_department` of several: ``departments`` said (a list the message
    says as its language lists), ``department_codes`` kept beside."""
    return {"departments": tuple(said_department(c, names)["department"] for c in codes),
            "department_codes": codes}


def said_again(params: Mapping[str, object], names: Names) -> dict[str, object]:
    """A refusal's ``params`` made knowing codes only (the store replaying a command),
    its departments said by ``names`` as :func:`said_department` says them."""
    out = dict(params)
    code, codes = params.get("department_code"), params.get("department_codes")
    if isinstance(code, str):
        out.update(said_department(code, names))
    if isinstance(codes, (tuple, list)) and all(isinstance(c, str) for c in codes):
        out.update(said_departments(tuple(str(c) for c in codes), names))
    return out
