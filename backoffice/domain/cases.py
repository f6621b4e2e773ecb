"""The case as the window accepted and routed it (9.3, 9.4).

The catalog entry it is for (:class:`ServiceItem`, offered by a
:class:`Department`), the :class:`Applicant`, the :class:`Case` itself with
its kind (即办件 / 承诺件 / 上报件), and the departments' :class:`ReviewTask`
records (one per department per case). Case and review task are the two
records whose life cycles :mod:`backoffice.domain.states` lists.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, replace

from backoffice.domain.errors import IllegalTransition
from backoffice.domain.guards import _require, _require_limits
from backoffice.domain.states import CASE_MACHINE, TASK_MACHINE, CaseStatus, TaskStatus


class CaseKind(enum.StrEnum):
    IMMEDIATE = "immediate"  # 即办件: done on the spot
    PROMISED = "promised"  # 承诺件: within the promised working days
    ESCALATED = "escalated"  # 上报件: decided by the upper-level authority


class ApplicantKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"


# The bulk pull's admission check (backoffice/api/fast_domain.py) reads this
# pattern, not a copy of it, so that it can never be laxer than Case.
_CASE_CODE = re.compile(r"^[0-9A-Za-z-]{6,64}$")


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    division_code: str  # administrative division, e.g. 220100 长春市


@dataclass(frozen=True, slots=True)
class ServiceItem:
    """An entry of the catalog (事项目录)."""

    code: str
    name: str
    department_code: str
    promised_days: int
    statutory_days: int
    kind: CaseKind = CaseKind.PROMISED
    material_names: tuple[str, ...] = ()
    needs_inspection: bool = False

    def __post_init__(self) -> None:
        _require_limits(
            self.promised_days,
            self.statutory_days,
            "service_item.promised_exceeds_statutory",
            item=self.code,
        )


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str
    id_number: str  # 身份证号 / 统一社会信用代码; demo data is fictional and marked
    kind: ApplicantKind = ApplicantKind.PERSON
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    """办件: one application accepted at one window."""

    case_code: str
    service_item_code: str
    service_item_name: str
    applicant: Applicant
    lead_department: str
    kind: CaseKind
    status: CaseStatus
    accepted_at: dt.datetime
    promised_days: int
    statutory_days: int
    division_code: str = ""
    site_address: str = ""
    # The platform's own computed deadline is authoritative when present.
    platform_due_date: dt.date | None = None
    version: int = 0

    def __post_init__(self) -> None:
        _require(
            bool(_CASE_CODE.match(self.case_code)), "case.bad_code", case_code=self.case_code
        )
        _require(
            self.accepted_at.tzinfo is not None,
            "case.naive_accepted_at",
            case_code=self.case_code,
        )
        _require_limits(
            self.promised_days,
            self.statutory_days,
            "case.promised_exceeds_statutory",
            case_code=self.case_code,
        )

    def apply(self, action: str) -> Case:
        return replace(self, status=CASE_MACHINE.apply(self.status, action))


# A reviewer has the task: claimed, and not yet given its opinion or moved on.
HELD = frozenset({TaskStatus.IN_REVIEW, TaskStatus.AWAITING_APPLICANT, TaskStatus.SUSPENDED})


@dataclass(frozen=True, slots=True)
class ReviewTask:
    """审核任务: one per department per case, each with its own step limit."""

    id: str
    case_code: str
    department_code: str
    status: TaskStatus
    step_days: int
    assignee: str | None = None
    opinion: str = ""
    step_due_date: dt.date | None = None  # platform's, when it sent one
    version: int = 0

    def __post_init__(self) -> None:
        _require(self.step_days >= 0, "task.negative_step_days", task=self.id)

    def apply(self, action: str, *, assignee: str | None = None) -> ReviewTask:
        if action == "claim" and self.assignee and self.status in HELD:
            # Who has it is what the person needs to hear (a colleague to ask,
            # or their own claim already made), not the state machine's rule;
            # still an illegal transition, with the machine's params.
            said = {"case_code": self.case_code, "task": self.id, "entity": "review_task",
                    "current": self.status.value, "action": action}
            if assignee == self.assignee:
                raise IllegalTransition("task.already_yours", **said)
            raise IllegalTransition("task.already_claimed", holder=self.assignee, **said)
        status = TASK_MACHINE.apply(self.status, action)
        who = self.assignee
        if action == "claim":
            _require(bool(assignee), "task.claim_without_assignee", task=self.id)
            who = assignee
        elif action in ("release", "transfer"):
            who = None
        return replace(self, status=status, assignee=who)
