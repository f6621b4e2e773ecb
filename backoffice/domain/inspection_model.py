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
from dataclasses import dataclass

from backoffice.domain.guards import _require
from backoffice.domain.states import InspectionStatus


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

    def __post_init__(self) -> None:
        _require(self.answer != Answer.DECLINED or bool(self.reason.strip()),
                 "inspection.decline_without_reason", department=self.department_code)


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

    def __post_init__(self) -> None:
        _require(self.lead_department in self.departments, "inspection.lead_not_participant",
                 inspection=self.id)
        answered = [a.department_code for a in self.answers]
        strangers = sorted(set(answered) - set(self.departments))
        _require(not strangers and len(answered) == len(set(answered)),
                 "inspection.bad_answers", inspection=self.id, department=", ".join(strangers))
        _require(self.proposal >= 0, "inspection.bad_answers", inspection=self.id,
                 department="")
        twice = sorted({d for d in self.departments if self.departments.count(d) > 1})
        _require(not twice, "inspection.duplicate_department",
                 inspection=self.id, department=", ".join(twice))
        _require(
            self.starts_at is None or self.ends_at is None or self.ends_at > self.starts_at,
            "inspection.ends_before_start",
            inspection=self.id,
        )

    @property
    def joint(self) -> bool:
        return len(self.departments) > 1
