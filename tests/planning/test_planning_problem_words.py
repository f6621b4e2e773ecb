"""A malformed planning problem is said in the person's language, never in pydantic's English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.planning.problem import load_problem

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "examples" / "planning-no-slot.json"


def _refusal(tmp_path: Path, text: str) -> BackofficeError:
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BackofficeError) as caught:
        load_problem(path)
    return caught.value


def _changed(**changes: object) -> str:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("{}", "缺少字段 duration_minutes（共 4 处错误）",
     "field duration_minutes is missing (errors found: 4)"),
    (_changed(duration_minutes="two hours"), "字段 duration_minutes 须为整数",
     "field duration_minutes must be a whole number"),
    (_changed(duration_minutes=0), "字段 duration_minutes 的值须 ≥ 1",
     "field duration_minutes must be ≥ 1"),
    (_changed(window=3), "字段 window 须为对象（{…}）", "field window must be an object { … }"),
    (_changed(departments=[]), "字段 departments 至少须列出 1 项",
     "field departments must list at least 1"),
    (_changed(colour="red"), "勘察安排问题文件没有字段 colour",
     "colour is not a field a planning problem has"),
    ("[]", "文件须为一个 JSON 对象", "the file must hold one JSON object"),
    ('{\n  "count', "不是有效的 JSON（第 2 行第 8 列）", "is not valid JSON (line 2, column 8)"),
])
def test_the_first_error_is_worded_by_its_kind(tmp_path: Path, text: str, zh: str,
                                               en: str) -> None:
    error = _refusal(tmp_path, text)
    said_zh, said_en = messages.render(error, "zh"), messages.render(error, "en")
    assert zh in said_zh and en in said_en
    for english in ("Field required", "Input should", "valid integer", "Extra inputs",
                    "List should"):
        assert english not in said_zh and english not in said_en
    assert "字段 -" not in said_zh and "field -" not in said_en


@pytest.mark.parametrize(("change", "zh", "en"), [
    ({"step_minutes": 7}, "字段 step_minutes：时间步长须能整除一天",
     "field step_minutes: the step must divide a day"),
    ({"window": {"start": "2026-05-15T09:00:00+08:00", "end": "2026-05-06T09:00:00+08:00"}},
     "字段 window：结束时间须晚于开始时间", "field window: the end must come after the start"),
    ({"deadline_from": {"accepted": "2026-05-01", "working_days": 5}},
     "字段 deadline_from：deadline 与 deadline_from 只能填写其一",
     "field deadline_from: give deadline or deadline_from, not both"),
    ({"calendar": {"years": [{"year": 2026, "holidays": ["2027-01-01"]}]}},
     "字段 calendar.years.0：2027-01-01 不在 2026 年内",
     "field calendar.years.0: 2027-01-01 is not in 2026"),
])
def test_the_files_own_rules_are_worded_too(tmp_path: Path, change: dict[str, object],
                                            zh: str, en: str) -> None:
    error = _refusal(tmp_path, _changed(**change))
    said_zh, said_en = messages.render(error, "zh"), messages.render(error, "en")
    assert zh in said_zh and en in said_en
    assert "Value error" not in said_zh and "must" not in said_zh
