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
