"""What moves a case's deadline: special procedures, clock suspensions, extensions.

A :class:`SpecialProcedure` (特别程序, 行政许可法 Art. 45) causes a
:class:`Suspension` of the clock; an :class:`Extension` (延期, Art. 42) adds
working days. The arithmetic over them is :mod:`backoffice.domain.deadlines`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from backoffice.domain.errors import DomainError


class SpecialProcedureKind(enum.StrEnum):
    """特别程序 (9.3.4, 9.5.3; 行政许可法 Art. 45): time not counted."""

    HEARING = "hearing"  # 听证
    BIDDING = "bidding"  # 招标
    AUCTION = "auction"  # 拍卖
    TESTING = "testing"  # 检验 / 检测
    QUARANTINE = "quarantine"  # 检疫
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审


@dataclass(frozen=True, slots=True)
class SpecialProcedure:
    """特别程序: its duration is not counted (行政许可法 Art. 45)."""

    id: str
    case_code: str
    kind: SpecialProcedureKind
    started_on: dt.date
    ended_on: dt.date | None = None
    applicant_notified_on: dt.date | None = None  # Art. 45: told in writing
    version: int = 0

    def __post_init__(self) -> None:
        # The same rule as the suspension it causes, checked when the record is
        # made: stored wrong, it would break every deadline of the case later.
        self.suspension()

    def suspension(self) -> Suspension:
        """The clock suspension this procedure causes."""
        return Suspension(self.started_on, self.ended_on, reason=self.kind.value)


@dataclass(frozen=True, slots=True)
class Suspension:
    """中止计时: an inclusive range of dates that does not count; ``end=None`` runs."""

    start: dt.date
    end: dt.date | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise DomainError(
                "deadline.suspension_ends_before_start", start=str(self.start), end=str(self.end)
            )

    @property
    def running(self) -> bool:
        return self.end is None


class ExtensionStatus(enum.StrEnum):
    """Art. 42: a department's reviewer asks, a signer (for the head of the body) approves."""

    REQUESTED = "requested"
    APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class Extension:
    """延期 (行政许可法 Art. 42): approved by the head of the body, reason told.

    A *requested* one is kept too, so a signer can approve it from the case
    (its id and version are the approval's target); only an approved one
    moves a deadline: whoever adds days asks :attr:`approved`.
    """

    working_days: int
    reason: str
    approved_by: str  # "" while requested
    approved_on: dt.date | None  # None while requested
    case_code: str = ""
    # The platform's id and record version: the store and the sync need an
    # identity to update a stored extension in place.
    id: str = ""
    version: int = 0
    status: ExtensionStatus = ExtensionStatus.APPROVED
    requested_by: str = ""  # older records of the platform have none
    requested_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.working_days <= 0:
            raise DomainError("deadline.extension_not_positive", working_days=self.working_days)
        if not self.reason.strip():
            raise DomainError("deadline.extension_reason_missing")
        if not self.approved:
            return
        if not self.approved_by.strip():
            raise DomainError("deadline.extension_approver_missing")
        if self.approved_on is None:
            raise DomainError("deadline.extension_approval_date_missing")

    @property
    def approved(self) -> bool:
        return self.status == ExtensionStatus.APPROVED
