"""Entities and value objects of the back office, named by the glossary.

Plain frozen dataclasses: the store hands these to the rest of the app (never
ORM rows), the UI gets them across threads safely, and a change is a new
object made with :func:`dataclasses.replace` after the state machine agreed.
``version`` is the platform's record version; a command carries it as its
base so the platform can detect a stale edit (SYNC.md, principle 3).

This module is the one place to import them from; each part lives in its own
module (so that none of them grows into several things at once):

- :mod:`.cases` — catalog entry, department, applicant, the case, review tasks
- :mod:`.materials` — materials, the three checks and their verdicts, deferred materials
- :mod:`.corrections` — the one-time correction notice and its rule
- :mod:`.time_limits` — special procedures, clock suspensions, extensions
- :mod:`.inspection_model` — the site inspection and the departments' answers
- :mod:`.decision_model` — the decision
"""

from __future__ import annotations

from backoffice.domain.cases import (
    _CASE_CODE,
    Applicant,
    ApplicantKind,
    Case,
    CaseKind,
    Department,
    ReviewTask,
    ServiceItem,
)
from backoffice.domain.corrections import (
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    RemovedCorrectionItem,
    draft_correction,
    ensure_one_time_notice,
)
from backoffice.domain.decision_model import Decision, DecisionKind, DecisionStatus
from backoffice.domain.errors import DomainError
from backoffice.domain.guards import _require, _require_limits
from backoffice.domain.inspection_model import Answer, Inspection, InspectionAnswer
from backoffice.domain.materials import (
    Check,
    CheckVerdict,
    DeferredMaterial,
    Material,
    Verdict,
    _pending_checks,
)
from backoffice.domain.states import (
    CASE_MACHINE,
    TASK_MACHINE,
    CaseStatus,
    InspectionStatus,
    TaskStatus,
)
from backoffice.domain.time_limits import (
    Extension,
    ExtensionStatus,
    SpecialProcedure,
    SpecialProcedureKind,
    Suspension,
)

__all__ = [
    "Answer",
    "Applicant",
    "ApplicantKind",
    "Case",
    "CaseKind",
    "CaseStatus",
    "Check",
    "CheckVerdict",
    "CorrectionItem",
    "CorrectionNotice",
    "CorrectionNoticeStatus",
    "Decision",
    "DecisionKind",
    "DecisionStatus",
    "DeferredMaterial",
    "Department",
    "Extension",
    "ExtensionStatus",
    "Inspection",
    "InspectionAnswer",
    "InspectionStatus",
    "Material",
    "RemovedCorrectionItem",
    "ReviewTask",
    "ServiceItem",
    "SpecialProcedure",
    "SpecialProcedureKind",
    "Suspension",
    "TaskStatus",
    "Verdict",
    "draft_correction",
    "ensure_one_time_notice",
]

# Not the model's, but importable from here before the split, so kept
# (backoffice/api/fast_domain.py reads ``m._CASE_CODE``).
__all__ += [
    "CASE_MACHINE",
    "TASK_MACHINE",
    "_CASE_CODE",
    "DomainError",
    "_pending_checks",
    "_require",
    "_require_limits",
]
