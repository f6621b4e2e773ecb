"""The applicant's materials and the review of them (9.5.1, 3.5).

A :class:`Material` carries the reviewing department's :class:`CheckVerdict`
for each of the three checks (:class:`Check`: authenticity, legality,
conformity); a :class:`DeferredMaterial` is one accepted without being handed
in, against the applicant's written commitment (容缺受理).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from backoffice.domain.guards import _require


class Check(enum.StrEnum):
    """The three checks of material review (9.5.1)."""

    AUTHENTICITY = "authenticity"  # 真实性
    LEGALITY = "legality"  # 合法性
    CONFORMITY = "conformity"  # 规范性


class Verdict(enum.StrEnum):
    PENDING = "pending"
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class CheckVerdict:
    check: Check
    verdict: Verdict = Verdict.PENDING
    note: str = ""

    def __post_init__(self) -> None:
        # A failed check must say why: the reason goes into the correction notice.
        _require(
            self.verdict != Verdict.FAIL or bool(self.note.strip()),
            "material.fail_without_reason",
            check=self.check.value,
        )


def _pending_checks() -> tuple[CheckVerdict, ...]:
    return tuple(CheckVerdict(c) for c in Check)


@dataclass(frozen=True, slots=True)
class Material:
    """申请材料, with the reviewing department's verdict per check."""

    id: str
    case_code: str
    name: str
    department_code: str
    required: bool = True
    original_required: bool = False  # originals to bring (8.4.2, 8.4.3)
    file_sha256: str | None = None
    from_shared_platform: bool = False  # e-licence looked up, not asked again (9.1.2)
    checks: tuple[CheckVerdict, ...] = field(default_factory=_pending_checks)
    version: int = 0

    def __post_init__(self) -> None:
        kinds = [c.check for c in self.checks]
        _require(
            len(kinds) == len(set(kinds)), "material.duplicate_check", material=self.id
        )

    def verdict(self, check: Check) -> CheckVerdict:
        for c in self.checks:
            if c.check == check:
                return c
        return CheckVerdict(check)

    def with_verdict(self, verdict: CheckVerdict) -> Material:
        others = tuple(c for c in self.checks if c.check != verdict.check)
        ordered = sorted((*others, verdict), key=lambda c: list(Check).index(c.check))
        return replace(self, checks=tuple(ordered))

    @property
    def overall(self) -> Verdict:
        verdicts = {c.verdict for c in self.checks} - {Verdict.NOT_APPLICABLE}
        if Verdict.FAIL in verdicts:
            return Verdict.FAIL
        if Verdict.PENDING in verdicts or not self.checks:
            return Verdict.PENDING
        return Verdict.PASS


@dataclass(frozen=True, slots=True)
class DeferredMaterial:
    """容缺受理 (3.5, 9.3.6): a non-key material accepted against a commitment."""

    id: str
    case_code: str
    material_name: str
    commitment: str  # the applicant's written commitment
    committed_on: dt.date
    due_date: dt.date
    fulfilled_on: dt.date | None = None
    version: int = 0
    # The department that reviews the material (the catalog's); "" when the
    # platform did not say (records of contract versions before it did).
    department_code: str = ""

    def __post_init__(self) -> None:
        _require(
            self.due_date >= self.committed_on,
            "deferred.due_before_commitment",
            material=self.material_name,
        )

    def outstanding(self, on: dt.date) -> bool:
        return self.fulfilled_on is None or self.fulfilled_on > on

    def overdue(self, on: dt.date) -> bool:
        """Not handed in by its due date: on ``on`` the commitment is broken.

        Only then is it a correction item. At acceptance the window already
        told the applicant, in one go, the material, its time limit and what
        happens when it is late (9.3.6): before the due date nothing is wrong
        with the application, and asking for it in the correction notice would
        tell the applicant again what they were told, with a shorter limit.
        """
        return self.outstanding(on) and self.due_date < on

    def owner(self, materials: Iterable[Material], lead_department: str) -> str:
        """The department that answers for this deferred material.

        The platform names it (``department_code``, from the catalog entry's
        material). A record without it falls back to what the platform sends
        anyway: the case's material of that name names the department that
        reviews it (and moves with a transferred task); failing that — the
        material is another department's, which we are not sent, or optional
        and not handed in — the lead department, which runs the case for the
        window that accepted the deferral.
        """
        if self.department_code:
            return self.department_code
        for m in materials:
            if m.case_code == self.case_code and m.name == self.material_name:
                return m.department_code
        return lead_department
