"""The decision (审查决定, 9.5.4) as a record: its kind, status and what it must say.

Its life cycle and the checks before it may be made are
:mod:`backoffice.domain.decisions`, which builds on this module (the flow
imports the record, never the other way).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from backoffice.domain.guards import _require


class DecisionKind(enum.StrEnum):
    GRANT = "grant"  # 准予
    REFUSE = "refuse"  # 不予
    ESCALATE = "escalate"  # 上报
    REFUSE_ACCEPTANCE = "refuse_acceptance"  # 不予受理


class DecisionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SEALED = "sealed"
    ISSUED = "issued"


# How the result reaches the applicant (9.7 便捷送达; 8.4.1 a)): handed over at the
# window (窗口领取), posted by courier (邮寄送达), or downloaded online (网上下载, 电子送达).
WINDOW, COURIER, ONLINE = "window", "courier", "online"
DELIVERY_METHODS = (WINDOW, COURIER, ONLINE)


@dataclass(frozen=True, slots=True)
class Decision:
    """审查决定 (9.5.4)."""

    id: str
    case_code: str
    department_code: str
    kind: DecisionKind
    status: DecisionStatus = DecisionStatus.DRAFT
    reasons: str = ""
    legal_basis: str = ""
    decided_on: dt.date | None = None
    document_number: str | None = None  # 文号, allocated by the platform at sealing
    report_by: dt.date | None = None  # escalation: reported by this date
    version: int = 0
    # The lead department's joint decision gathering every department's opinion (9.5.4.1).
    joint: bool = False
    public_notice: bool = False  # 公示 where the law requires it (9.5.4.5)
    notice_days: int = 0  # the public notice's period, working days
    overdue_reason: str = ""  # decided after the deadline: why (recorded, not refused)
    document_sha256: str | None = None  # the sealed decision document
    archive_sha256: str | None = None  # the archive package, once issued (9.8)
    drafted_by: str = ""
    sealed_by: str = ""
    delivery: str = ""  # one of DELIVERY_METHODS, set when issued
    delivery_address: str = ""  # by courier: where it is posted

    def __post_init__(self) -> None:
        # A refusal is a written notice with reasons and legal basis (9.5.4.4, 6.7).
        if self.kind in (DecisionKind.REFUSE, DecisionKind.REFUSE_ACCEPTANCE):
            _require(bool(self.reasons.strip()), "decision.refusal_without_reasons",
                     decision=self.id)
            _require(bool(self.legal_basis.strip()), "decision.refusal_without_legal_basis",
                     decision=self.id)
        if self.kind == DecisionKind.ESCALATE:
            _require(self.report_by is not None, "decision.escalation_without_report_date",
                     decision=self.id)
        _require(not self.public_notice or 0 < self.notice_days <= 60,
                 "decision.notice_period_missing", decision=self.id)
