"""What the store's efficiency tests share (beside :mod:`store_factories`, as its cases do).

March 2025, department MSA-220100 (the factories' lead department); the
work calendar is the default one (chinesecalendar: no holiday in March).
A case accepted Mon 3 March with ten working days is due Mon 17 March.
"""

from __future__ import annotations

import datetime as dt

from store_factories import SHANGHAI, case_code

from backoffice.domain.model import Decision, DecisionKind, DecisionStatus
from backoffice.supervision import Period

D = dt.date  # the tests write many days
LEAD = "MSA-220100"
MARCH = Period(D(2025, 3, 1), D(2025, 3, 31))
TODAY = D(2025, 4, 2)  # the reading's day, after March


def at(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    """``day`` at ``hour``:``minute``, Beijing time (the periods are Beijing days)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def decision(n: int, on: dt.date, *, kind: DecisionKind = DecisionKind.GRANT,
             status: DecisionStatus = DecisionStatus.SEALED, reason: str = "",
             department: str = LEAD, reasons: str | None = None,
             legal_basis: str = "《食品经营许可管理办法》第十条") -> Decision:
    """Case ``n``'s decision sealed (or as ``status`` says) ``on``; ``reason``: why late.

    An escalation promises its report by the day it is sealed."""
    if reasons is None:
        reasons = "不符合条件" if kind != DecisionKind.GRANT else ""
    return Decision(f"decision-{n}", case_code(n), department, kind, status=status,
                    reasons=reasons, legal_basis=legal_basis, decided_on=on,
                    overdue_reason=reason, report_by=on if kind == DecisionKind.ESCALATE else None,
                    version=1)
