"""The desk names what a decision waits for as a person knows it: by time, site and name.

An unfinished site inspection by when and where it is (never its internal
id); the departments still reviewing by name, listed as the language lists
(吉林市城市管理局、吉林市自然资源局 / "…, …").
"""

from __future__ import annotations

import datetime as dt

from backoffice import messages
from backoffice.domain.decisions import check_decision
from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionStatus,
    Inspection,
    ReviewTask,
)
from backoffice.domain.states import CaseStatus, InspectionStatus, TaskStatus

CST = dt.timezone(dt.timedelta(hours=8))
CASE = Case("220200-20261124-000001", "ITEM", "工程建设项目开工“一件事”",
            Applicant("吉林市禾润建设工程有限公司（虚构）", "X"), "ZJ-220200", CaseKind.PROMISED,
            CaseStatus.IN_REVIEW, dt.datetime(2026, 11, 24, 11, tzinfo=CST), 15, 45,
            platform_due_date=dt.date(2026, 12, 16))
SITE = "吉林省吉林市船营区遵义东路2827号"
DECISION = Decision("d1", CASE.case_code, "ZJ-220200", DecisionKind.GRANT,
                    DecisionStatus.DRAFT, legal_basis="《建筑工程施工许可管理办法》第四条")


def _inspection(**fields: object) -> Inspection:
    return Inspection("inspection-9b095125", CASE.case_code, "ZJ-220200",
                      ("ZJ-220200", "ZRZY-220200"), SITE, **fields)  # type: ignore[arg-type]


def _said(inspection: Inspection, lang: str) -> str:
    (found,) = [f for f in check_decision(DECISION, CASE, inspections=[inspection],
                                          today=dt.date(2026, 12, 1))
                if f.code.startswith("decision.inspection_")]
    assert found.blocking
    return messages.render_code(found.code, found.params, lang)


def test_an_unfinished_inspection_is_named_by_its_time_and_site() -> None:
    # Stored in UTC, told in Beijing time.
    start = dt.datetime(2026, 12, 2, 6, tzinfo=dt.UTC)
    confirmed = _inspection(status=InspectionStatus.CONFIRMED, starts_at=start,
                            ends_at=start + dt.timedelta(hours=2))
    for lang in ("zh", "en"):
        text = _said(confirmed, lang)
        assert "2026-12-02 14:00–16:00" in text and SITE in text, text
        assert "inspection-9b095125" not in text, text
    requested = _inspection()  # no time yet: said so, still by its site
    for lang in ("zh", "en"):
        text = _said(requested, lang)
        assert SITE in text and "inspection-9b095125" not in text, text
    assert "尚未确定时间" in _said(requested, "zh")


def test_departments_still_reviewing_are_listed_as_the_language_lists() -> None:
    tasks = [ReviewTask(f"t{i}", CASE.case_code, code, TaskStatus.IN_REVIEW, 6)
             for i, code in enumerate(("CSGL-220200", "ZJ-220200"))]
    submitted = Decision("d1", CASE.case_code, "ZJ-220200", DecisionKind.GRANT,
                         DecisionStatus.SUBMITTED, legal_basis="第四条")
    (waiting,) = [f for f in check_decision(submitted, CASE, tasks=tasks,
                                            today=dt.date(2026, 12, 1))
                  if f.code == "decision.opinions_pending"]
    named = {**waiting.params, "departments": ("吉林市城市管理局", "吉林市住房和城乡建设局")}
    zh = messages.render_code(waiting.code, named, "zh")
    assert "部门 吉林市城市管理局、吉林市住房和城乡建设局 尚未出具审查意见" in zh, zh
    assert "吉林市城市管理局, 吉林市住房和城乡建设局" in \
        messages.render_code(waiting.code, named, "en")
    assert messages.joined(["甲", "乙", "丙"], "zh") == "甲、乙、丙"
    assert messages.joined(["A", "B"], "en") == "A, B"


def test_a_missing_opinion_names_the_department_not_its_code() -> None:
    tasks = [ReviewTask("t1", CASE.case_code, "CSGL-220200", TaskStatus.IN_REVIEW, 6)]
    joint = Decision("d1", CASE.case_code, "ZJ-220200", DecisionKind.REFUSE_ACCEPTANCE,
                     DecisionStatus.SUBMITTED, reasons="材料不齐全", legal_basis="第三十二条",
                     joint=True)
    (missing,) = [f for f in check_decision(joint, CASE, tasks=tasks, today=dt.date(2026, 12, 1),
                                            for_seal=True,
                                            department_names={"CSGL-220200": "吉林市城市管理局"})
                  if f.code == "decision.opinion_missing"]
    assert missing.blocking
    # The code stays for whatever reads it; the sentence says the name.
    assert missing.params["department_code"] == "CSGL-220200"
    zh = messages.render_code(missing.code, missing.params, "zh")
    assert "尚缺吉林市城市管理局的意见" in zh and "CSGL" not in zh, zh
    en = messages.render_code(missing.code, missing.params, "en")
    assert "the opinion of 吉林市城市管理局 is missing" in en and "CSGL" not in en, en
