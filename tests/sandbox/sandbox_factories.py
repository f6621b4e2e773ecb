"""A tiny demo data set in the generator's shape, for the sandbox's own tests.

Three departments; every case is led by SCJ with tasks for SCJ and XF,
except every fourth, which belongs to WJ alone (nobody else may see it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from backoffice.domain import model as m
from backoffice.domain.states import CaseStatus, TaskStatus

UTC8 = dt.timezone(dt.timedelta(hours=8))
DEPARTMENTS = (
    m.Department("SCJ", "长春市市场监督管理局", "220100"),
    m.Department("XF", "长春市消防救援支队", "220100"),
    m.Department("WJ", "长春市卫生健康委员会", "220100"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    department_code: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class StepSpec:
    department_code: str
    step_days: int
    lead: bool = False
    needs_inspection: bool = False


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    department_code: str
    required: bool = True
    original_required: bool = False
    deferrable: bool = False


@dataclass(frozen=True)
class CatalogEntry:
    item: m.ServiceItem
    departments: tuple[StepSpec, ...]
    legal_basis: str
    checklist: tuple[str, ...]
    materials: tuple[MaterialSpec, ...]
    bundle: str | None = None


@dataclass
class Data:
    departments: tuple[m.Department, ...] = DEPARTMENTS
    users: list[DemoUser] = field(default_factory=list)
    catalog: list[CatalogEntry] = field(default_factory=list)
    cases: list[m.Case] = field(default_factory=list)
    tasks: list[m.ReviewTask] = field(default_factory=list)
    materials: list[m.Material] = field(default_factory=list)
    deferred: list[m.DeferredMaterial] = field(default_factory=list)
    correction_notices: list[m.CorrectionNotice] = field(default_factory=list)
    special_procedures: list[m.SpecialProcedure] = field(default_factory=list)
    extensions: list[m.Extension] = field(default_factory=list)
    decisions: list[m.Decision] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    calendar_years: list[dict[str, Any]] = field(default_factory=list)


def generate(*, cases: int, seed: int = 1, today: dt.date = dt.date(2025, 3, 3)) -> Data:
    del seed
    data = Data()
    data.users = [
        DemoUser("scj.reviewer1", "张审核（虚构）", "SCJ", ("reviewer",)),
        DemoUser("scj.reviewer2", "李审核（虚构）", "SCJ", ("reviewer",)),
        DemoUser("scj.signer", "王审批（虚构）", "SCJ", ("signer",)),
        DemoUser("xf.reviewer1", "赵审核（虚构）", "XF", ("reviewer", "inspector")),
        DemoUser("wj.reviewer1", "钱审核（虚构）", "WJ", ("reviewer",)),
    ]
    item = m.ServiceItem("SX-0001", "食品经营许可证核发", "SCJ", 10, 20,
                         material_names=("营业执照", "消防验收意见"))
    data.catalog = [CatalogEntry(
        item, (StepSpec("SCJ", 8, lead=True), StepSpec("XF", 6, needs_inspection=True)),
        "《食品经营许可管理办法》第十条", ("经营场所与申请一致",),
        (MaterialSpec("营业执照", "SCJ"), MaterialSpec("消防验收意见", "XF")))]
    accepted = dt.datetime.combine(today - dt.timedelta(days=3), dt.time(9), UTC8)
    for i in range(cases):
        code = f"DEMO{i:06d}"
        alone = i % 4 == 3
        lead = "WJ" if alone else "SCJ"
        depts = ("WJ",) if alone else ("SCJ", "XF")
        data.cases.append(m.Case(
            code, item.code, item.name, m.Applicant(f"测试申请人{i}（虚构）", f"DEMO-ID-{i}"),
            lead, m.CaseKind.PROMISED, CaseStatus.ROUTED, accepted, 10, 20, "220100"))
        for d in depts:
            data.tasks.append(m.ReviewTask(f"{code}-{d}", code, d, TaskStatus.UNCLAIMED, 6))
            data.materials.append(m.Material(f"{code}-{d}-M1", code, f"{d} 材料", d))
    return data
