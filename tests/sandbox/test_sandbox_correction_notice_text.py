"""What the applicant receives when the one correction notice is issued: all of it.

The notice is one-time (6.9, 9.3.3; 行政许可法 Art. 32): an item cut off the
notification could never be told afterwards. The platform sends the written
notice (issuing body, number, date, legal basis, every item, by when and
where to hand in, what follows otherwise) built by the same function as the
lead's preview; a notice longer than the platform carries is refused before
anything changes, never sent cut.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.api import convert
from backoffice.domain.model import CorrectionItem, CorrectionNotice, CorrectionNoticeStatus
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox
from backoffice.signing import correction_notice

DEMO = demo_data(fresh=2)
NAMES = {d.code: d.name for d in DEMO.departments}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _tasks(code: str) -> dict[str, Any]:
    return {t.department_code: t for t in DEMO.tasks if t.case_code == code}


def _review(sandbox: Sandbox, login: Any, code: str,
            items: dict[str, list[tuple[str, str]]]) -> str:
    """Every department of ``code`` claims, checks its materials and adds its ``items``;
    the draft notice's id."""
    notice = ""
    for department, task in _tasks(code).items():
        client = login(user(DEMO, department))
        claimed = client.command("task.claim", "review_task", task.id,
                                 version(sandbox, "review_task", task.id))
        assert claimed["status"] == "applied", claimed
        pass_on_platform(sandbox, client, task.id)
        asked = client.command(
            "task.request_correction", "review_task", task.id,
            version(sandbox, "review_task", task.id),
            {"items": [{"material_name": m, "department_code": department, "reason": r}
                       for m, r in items[department]]})
        assert asked["status"] == "applied", asked
        notice = next(r["id"] for r in asked["related"] if r["entity"] == "correction_notice")
    return notice


def _issue(sandbox: Sandbox, login: Any, code: str, notice: str) -> dict[str, Any]:
    lead = next(c.lead_department for c in DEMO.cases if c.case_code == code)
    result: dict[str, Any] = login(user(DEMO, lead)).command(
        "correction_notice.issue", "correction_notice", notice,
        version(sandbox, "correction_notice", notice))
    return result


def _records(sandbox: Sandbox, code: str, entity: str) -> list[dict[str, Any]]:
    with sandbox.platform.engine.connect() as conn:
        return [s.body for s in Ledger(conn).of_case(code, entity)]


def _reason(department: str, length: int) -> str:
    words = f"{NAMES[department]}审查：所列从业人员信息与身份证明不一致，须逐项核对并重新签字确认。"
    return (words * (length // len(words) + 1))[:length - 1] + "止"


def test_the_applicant_receives_the_whole_written_notice(sandbox: Sandbox, login: Any) -> None:
    code = DEMO.fresh_cases[0]
    case = next(c for c in DEMO.cases if c.case_code == code)
    # Each department one item of 1,900 characters: together far over 2,000.
    items = {d: [(f"材料（{NAMES[d]}）", _reason(d, 1900))] for d in _tasks(code)}
    assert len(items) >= 3
    notice = _review(sandbox, login, code, items)
    issued = _issue(sandbox, login, code, notice)
    assert issued["status"] == "applied", issued

    (told,) = _records(sandbox, code, "notification")
    text = told["text"]
    assert told["kind"] == "correction_notice"
    for department, [(material, reason)] in items.items():
        assert f"{material}（{NAMES[department]}）：{reason}" in text
    assert not text.endswith("…") and len(text) > 3 * 1900
    # A written notice: issuing body, number, date, basis, where and by when, consequence.
    (record,) = _records(sandbox, code, "correction_notice")
    day = dt.date.fromisoformat(record["issued_on"])
    lines = text.splitlines()
    assert lines[:3] == [NAMES[case.lead_department], "申请材料补正一次性告知书",
                         f"补正告知〔{day.year}〕{code}-1号"]
    assert lines[-2:] == [NAMES[case.lead_department], f"{day.year}年{day.month}月{day.day}日"]
    assert "《中华人民共和国行政许可法》第三十二条" in text and "第9.3.3条" in text
    due = day + dt.timedelta(days=correction_notice.CORRECTION_DAYS)
    assert f"请于{due.year}年{due.month}月{due.day}日前" in text
    assert "综合受理窗口" in text and "视为放弃本次申请" in text
    # Word for word what the lead's preview builds from the same records.
    (stored_case,) = _records(sandbox, code, "case")
    domain_case = convert.to_domain(convert.parse_record(stored_case))
    domain_notice = convert.to_domain(convert.parse_record(record))
    assert text == correction_notice.notice_text(
        domain_case, domain_notice, NAMES, issued_on=day, ordinal=1)


def test_a_notice_too_long_to_send_is_refused_not_cut(sandbox: Sandbox, login: Any) -> None:
    code = DEMO.fresh_cases[1]
    departments = sorted(_tasks(code))
    per = correction_notice.MAX_NOTICE_TEXT // (2000 * len(departments)) + 1
    items = {d: [(f"材料{n}", _reason(d, 2000)) for n in range(per)] for d in departments}
    notice = _review(sandbox, login, code, items)
    case_before = _records(sandbox, code, "case")[0]["status"]

    refused = _issue(sandbox, login, code, notice)
    assert refused["status"] == "refused", refused
    assert refused["error"]["code"] == "correction.notice_too_long"
    assert refused["error"]["details"]["limit"] == correction_notice.MAX_NOTICE_TEXT
    # Nothing went out and nothing changed: the lead shortens the reasons and issues again.
    assert _records(sandbox, code, "notification") == []
    (record,) = _records(sandbox, code, "correction_notice")
    assert record["status"] == "draft"
    assert _records(sandbox, code, "case")[0]["status"] == case_before


def test_the_notice_number_counts_the_case_s_notices() -> None:
    first = dataclasses.replace(_notice("n-1"), issued_on=dt.date(2026, 3, 2))
    second = dataclasses.replace(_notice("n-2"), issued_on=dt.date(2026, 3, 20))
    draft = _notice("n-3", draft=True)
    assert correction_notice.notice_ordinal([second, first], first) == 1
    assert correction_notice.notice_ordinal([second, first], second) == 2
    assert correction_notice.notice_ordinal([first, second, draft], draft) == 3


def _notice(id: str, *, draft: bool = False) -> CorrectionNotice:
    status = CorrectionNoticeStatus.DRAFT if draft else CorrectionNoticeStatus.ANSWERED
    return CorrectionNotice(id, "C-1", (CorrectionItem("营业执照", "D1", "模糊"),),
                            status=status)
