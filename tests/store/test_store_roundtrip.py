"""Every entity written and read back equal; repositories hand out dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from store_factories import SHANGHAI, make_case, make_material, make_task

from backoffice.domain.inspections import (
    ChecklistLine,
    InspectionPart,
    InspectionPhoto,
    InspectionRequest,
    InspectionResult,
    OnSiteCorrection,
)
from backoffice.domain.model import (
    Answer,
    Applicant,
    ApplicantKind,
    CaseKind,
    CorrectionItem,
    CorrectionNotice,
    CorrectionNoticeStatus,
    Decision,
    DecisionKind,
    DecisionStatus,
    DeferredMaterial,
    Department,
    Extension,
    Inspection,
    InspectionAnswer,
    InspectionStatus,
    Material,
    ServiceItem,
    SpecialProcedure,
    SpecialProcedureKind,
    Verdict,
)
from backoffice.domain.notes import Comment, Notification
from backoffice.domain.states import TaskStatus
from backoffice.store import Store, codec
from backoffice.store.mapping import SPECS, VERSION_COLUMN, Entity, spec_of

DAY = dt.date(2025, 3, 3)

SAMPLES: list[Entity] = [
    Department("MSA-220100", "长春市市场监督管理局", "220100"),
    ServiceItem(
        "SI-FOOD-01",
        "食品经营许可证核发",
        "MSA-220100",
        promised_days=10,
        statutory_days=20,
        kind=CaseKind.PROMISED,
        material_names=("营业执照", "食品安全管理制度"),
        needs_inspection=True,
    ),
    make_case(
        1,
        applicant="长春味道餐饮有限公司（虚构）",
        platform_due_date=dt.date(2025, 3, 17),
    ),
    dataclasses.replace(
        make_case(2),
        applicant=Applicant("李雷（虚构）", "220102199001011234", ApplicantKind.COMPANY, ""),
    ),
    make_material(1),
    make_material(2, name="消防安全检查合格证", checks=(), file_sha256="ab" * 32),
    DeferredMaterial(
        "D-1", make_case(1).case_code, "健康证明", "承诺10日内补交", DAY, DAY + dt.timedelta(10)
    ),
    DeferredMaterial(
        "D-2",
        make_case(1).case_code,
        "房屋租赁合同",
        "承诺补交",
        DAY,
        DAY + dt.timedelta(5),
        fulfilled_on=DAY + dt.timedelta(2),
        version=4,
    ),
    make_task(1),
    make_task(
        2,
        status=TaskStatus.OPINION_GIVEN,
        assignee="wangfang",
        opinion="同意",
        step_due_date=dt.date(2025, 3, 10),
    ),
    CorrectionNotice(
        "N-1",
        make_case(1).case_code,
        (
            CorrectionItem("营业执照", "MSA-220100", "复印件不清晰"),
            CorrectionItem("平面图", "FIRE-220100", "未标注疏散通道"),
        ),
        CorrectionNoticeStatus.ISSUED,
        issued_on=DAY,
        version=2,
    ),
    CorrectionNotice("N-2", make_case(1).case_code, ()),
    SpecialProcedure(
        "P-1",
        make_case(1).case_code,
        SpecialProcedureKind.EXPERT_REVIEW,
        DAY,
        ended_on=None,
        applicant_notified_on=DAY,
    ),
    Extension(
        10,
        "需专家评审",
        "张局长（虚构）",
        DAY,
        case_code=make_case(1).case_code,
        id="X-1",
        version=1,
    ),
    Inspection(
        "I-1",
        make_case(1).case_code,
        "MSA-220100",
        ("MSA-220100", "FIRE-220100", "HEALTH-220100"),
        "长春市朝阳区人民大街1号（虚构）",
        InspectionStatus.CONFIRMED,
        starts_at=dt.datetime(2025, 3, 5, 9, 0, tzinfo=SHANGHAI),
        ends_at=dt.datetime(2025, 3, 5, 11, 0, tzinfo=SHANGHAI),
        inspectors=("赵一（虚构）", "钱二（虚构）"),
        proposal=2,
        answers=(InspectionAnswer("MSA-220100", Answer.CONFIRMED, by="zhao"),
                 InspectionAnswer("FIRE-220100", Answer.DECLINED, "当天另有任务", "qian"),
                 InspectionAnswer("HEALTH-220100")),
        originals=("营业执照",),
        reason="申请人要求改期",
    ),
    InspectionRequest(
        "IR-1", make_case(1).case_code, "FIRE-220100", "长春市朝阳区人民大街1号（虚构）",
        "核查消防通道", ("疏散通道畅通", "灭火器配置"), "qian",
        dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI), inspection_id="I-1", version=1,
    ),
    InspectionPart(
        "I-1--FIRE-220100", "I-1", make_case(1).case_code, "FIRE-220100",
        lines=(ChecklistLine("疏散通道畅通", Verdict.FAIL, "后门堆放杂物"),
               ChecklistLine("灭火器配置", Verdict.PASS)),
        findings="现场整改后复查合格", photos=(InspectionPhoto("a" * 64, "b" * 64, "后门"),),
        corrections=(OnSiteCorrection("疏散通道畅通", "清理后门杂物"),),
        result=InspectionResult.PASS_WITH_CORRECTIONS, recorded_by="qian", confirmed_by="qian",
        confirmed_at=dt.datetime(2025, 3, 5, 10, 40, tzinfo=SHANGHAI), version=3,
    ),
    Decision(
        "DEC-1",
        make_case(1).case_code,
        "MSA-220100",
        DecisionKind.REFUSE,
        DecisionStatus.SEALED,
        reasons="经营场所不符合要求",
        legal_basis="《食品经营许可管理办法》第十一条",
        decided_on=DAY,
        document_number="长市监食许〔2025〕1号",
    ),
    Decision(
        "DEC-2",
        make_case(2).case_code,
        "MSA-220100",
        DecisionKind.ESCALATE,
        report_by=DAY,
    ),
    Comment(
        "0b9e3c1e-7c1d-4b51-9a1e-2f5d7e0a8c11",
        make_case(1).case_code,
        "MSA-220100",
        "wangfang",
        "请消防支队先看场所平面图。",
        dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        version=1,
    ),
    Notification(
        "N-1",
        make_case(1).case_code,
        "MSA-220100",
        "sms",
        "correction_notice",
        "请于5个工作日内补正以下材料：健康证明。",
        dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC),
        "wangfang",
    ),
]


def _write_all(store: Store) -> None:
    with store.write() as uow:
        for obj in SAMPLES:
            uow.repository_for(obj).upsert(obj)


def test_samples_cover_every_entity() -> None:
    assert {type(o) for o in SAMPLES} == {s.cls for s in SPECS}


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: f"{type(o).__name__}")
def test_round_trip(store: Store, obj: Entity) -> None:
    _write_all(store)
    spec = spec_of(obj)
    with store.read() as uow:
        back = uow.repository(spec.kind).get(spec.key_of(obj))
        confirmed = uow.repository(spec.kind).confirmed(spec.key_of(obj))
    assert back == obj
    assert type(back) is type(obj)
    assert confirmed == obj  # the JSON copy of the server's record, too


def test_round_trip_survives_reopening(store_path: Any) -> None:
    with Store.open(store_path) as s:
        _write_all(s)
    with Store.open(store_path) as s, s.read() as uow:
        for obj in SAMPLES:
            spec = spec_of(obj)
            assert uow.repository(spec.kind).get(spec.key_of(obj)) == obj


def test_repositories_hand_out_domain_dataclasses_only(store: Store) -> None:
    _write_all(store)
    with store.read() as uow:
        for spec in SPECS:
            repo = uow.repository(spec.kind)
            found = repo.all()
            assert found, spec.kind
            for obj in found:
                assert type(obj) is spec.cls
                assert dataclasses.is_dataclass(obj)
                assert not hasattr(obj, "_sa_instance_state")
        assert all(
            type(t).__name__ == "ReviewTask" for t in uow.tasks.for_case("220100-2025-000001")
        )


def test_upsert_updates_in_place_and_replaces_children(store: Store) -> None:
    _write_all(store)
    material = make_material(1, checks=(), version=2)
    with store.write() as uow:
        uow.materials.upsert(material)
        # Writing the case again must not cascade-delete its materials.
        uow.cases.upsert(make_case(1, version=2))
    with store.read() as uow:
        assert uow.materials.get(material.id) == material
        assert uow.materials.count() == 2
        assert uow.cases.count() == 2


def test_get_of_an_unknown_key_is_none(store: Store) -> None:
    with store.read() as uow:
        assert uow.cases.get("220100-2025-999999") is None
        assert uow.materials.confirmed("nope") is None


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind)
def test_mapping_covers_every_column(spec: Any) -> None:
    sample = next(o for o in SAMPLES if type(o) is spec.cls)
    columns = set(spec.table.columns.keys())
    fields = set(spec.to_row(sample))
    # Derived columns are computed by the store, never a field's column.
    assert not fields & set(spec.derived)
    written = fields | {"confirmed", VERSION_COLUMN} | set(spec.derived)
    assert written == columns
    for child in spec.children:
        child_columns = set(child.table.columns.keys())
        rows = spec.child_rows(sample)[child.field]
        if rows:
            assert set(rows[0]) == child_columns


def test_codec_round_trip_and_unknown_keys() -> None:
    for obj in SAMPLES:
        data = codec.dump(obj)
        assert codec.load(type(obj), data) == obj
    data = codec.dump(make_material(1))
    data["added_by_a_newer_platform"] = 1
    assert codec.load(Material, data) == make_material(1)
