"""Sample entities for the store tests (fictional people, realistic shapes)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from backoffice.domain.model import (
    Applicant,
    ApplicantKind,
    Case,
    CaseKind,
    Check,
    CheckVerdict,
    Material,
    ReviewTask,
    Verdict,
)
from backoffice.domain.states import CaseStatus, TaskStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")


def case_code(n: int) -> str:
    return f"220100-2025-{n:06d}"


def make_case(
    n: int = 1,
    *,
    applicant: str = "王芳（虚构）",
    item: str = "食品经营许可证核发",
    status: CaseStatus = CaseStatus.IN_REVIEW,
    accepted_day: int = 1,
    version: int = 1,
    **changes: object,
) -> Case:
    values: dict[str, object] = {
        "case_code": case_code(n),
        "service_item_code": "SI-FOOD-01",
        "service_item_name": item,
        "applicant": Applicant(
            applicant, f"22010119900101{n % 10000:04d}", ApplicantKind.PERSON, "0431-0000000"
        ),
        "lead_department": "MSA-220100",
        "kind": CaseKind.PROMISED,
        "status": status,
        "accepted_at": dt.datetime(2025, 3, accepted_day, 9, 30, tzinfo=SHANGHAI),
        "promised_days": 10,
        "statutory_days": 20,
        "division_code": "220100",
        "site_address": "长春市朝阳区人民大街1号（虚构）",
        "version": version,
    }
    values.update(changes)
    return Case(**values)  # type: ignore[arg-type]


def make_task(
    n: int = 1,
    *,
    case: int = 1,
    status: TaskStatus = TaskStatus.UNCLAIMED,
    department: str = "MSA-220100",
    version: int = 1,
    **changes: object,
) -> ReviewTask:
    values: dict[str, object] = {
        "id": f"T-{n:06d}",
        "case_code": case_code(case),
        "department_code": department,
        "status": status,
        "step_days": 5,
        "version": version,
    }
    values.update(changes)
    return ReviewTask(**values)  # type: ignore[arg-type]


def make_material(
    n: int = 1, *, case: int = 1, name: str = "营业执照", version: int = 1, **changes: object
) -> Material:
    values: dict[str, object] = {
        "id": f"M-{n:06d}",
        "case_code": case_code(case),
        "name": name,
        "department_code": "MSA-220100",
        "checks": (
            CheckVerdict(Check.AUTHENTICITY, Verdict.PASS),
            CheckVerdict(Check.LEGALITY, Verdict.FAIL, "印章不清晰"),
            CheckVerdict(Check.CONFORMITY),
        ),
        "version": version,
    }
    values.update(changes)
    return Material(**values)  # type: ignore[arg-type]
