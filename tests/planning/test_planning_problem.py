"""The planning problem file and ``backoffice plan slots``: documented answers, clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from backoffice import cli
from backoffice.planning.problem import Problem, load_problem
from backoffice.planning.search import search

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "planning.md"
EXAMPLES = ("docs/examples/planning-restaurant.json", "docs/examples/planning-no-slot.json")


def _documented(example: str) -> Any:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- answer: {re.escape(example)} -->\n```json\n(.*?)\n```", text,
                      re.DOTALL)
    assert found, f"no documented answer for {example}"
    return json.loads(found.group(1))


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_examples_give_the_documented_answer(
        example: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["plan", "slots", "--problem", str(REPO / example), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == _documented(example)


def test_the_restaurant_answer_shows_what_the_doc_says() -> None:
    answer = _documented(EXAMPLES[0])
    assert answer["deadline"] == "2026-05-12"  # 8 May without the suspension
    assert [s["start"][:16] for s in answer["slots"]] == [
        "2026-05-06T09:00", "2026-05-07T14:00", "2026-05-09T09:00"]  # 9 May: 调休 Saturday
    assert answer["slots"][0]["absent_optional"] == ["CSGL-220200"]
    codes = [r["code"] for r in _documented(EXAMPLES[1])["explanation"]["reasons"]]
    assert codes == ["planning.department_unavailable"]


def test_worded_answer_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "plan", "slots", "--problem",
                     str(REPO / EXAMPLES[1])]) == 0
    en = capsys.readouterr().out
    # Departments by the names the problem gives, not their codes.
    assert "No slot found" in en and "吉林市消防救援支队" in en and "2026-05-09 09:00" in en
    assert "XFJY-220200" not in en
    assert cli.main(["--lang", "zh", "plan", "slots", "--problem",
                     str(REPO / EXAMPLES[0])]) == 0
    zh = capsys.readouterr().out
    assert "办理期限：2026-05-12" in zh and "1. 2026-05-06 09:00–11:00" in zh
    assert "无法参加：吉林市城市管理局" in zh and "CSGL-220200" not in zh
    assert "吉林市市场监督管理局: 钱磊 (qian.lei)" in zh


def _problem(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / EXAMPLES[1]).read_text(encoding="utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize(("change", "field"), [
    ({"window": {"start": "2026-05-06T08:00:00", "end": "2026-05-15T18:00:00+08:00"}},
     "window.start"),
    ({"duration_minutes": "two hours"}, "duration_minutes"),
    ({"step_minutes": 7}, "step_minutes"),
    ({"departments": [{"department": "A", "required": False}]}, "departments"),
    ({"inspectors": [{"id": "a", "department": "A", "busy": [
        {"start": "2026-05-06T10:00:00+08:00", "end": "2026-05-06T09:00:00+08:00"}]}]},
     "inspectors.0.busy.0"),
    ({"colour": "red"}, "colour"),
    ({"calendar": {"years": [{"year": 2026, "holidays": ["2027-01-01"]}]}}, "calendar.years.0"),
    ({"deadline": None, "deadline_from": {"accepted": "2026-05-01", "working_days": 5,
                                          "suspensions": [{"start": "2026-05-02"}]}},
     "deadline_from"),
])
def test_malformed_problem_names_the_field_and_exits_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any],
        field: str) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(_problem(**change)), encoding="utf-8")
    assert cli.main(["--lang", "en", "plan", "slots", "--problem", str(path)]) == 2
    err = capsys.readouterr().err
    assert f" {field}" in err and "Traceback" not in err


@pytest.mark.parametrize("content", [None, "{ not json", "\xff\xfe"])
def test_unreadable_or_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   content: str | None) -> None:
    path = tmp_path / "problem.json"
    if content is not None:
        path.write_bytes(content.encode("latin-1"))
    assert cli.main(["--lang", "en", "plan", "slots", "--problem", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_published_calendar_and_running_suspension_in_the_file(tmp_path: Path) -> None:
    data = _problem(deadline=None, deadline_from={
        "accepted": "2026-05-06", "working_days": 2,
        "suspensions": [{"start": "2026-05-07", "end": None}], "as_of": "2026-05-08"})
    # The platform's 2026 says only Monday 11 May is a holiday; it replaces the whole
    # year of chinesecalendar (years are the calendar chain's unit), 调休 Saturday included.
    data["calendar"] = {"years": [{"year": 2026, "holidays": ["2026-05-11"]}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    problem = load_problem(path)
    calendar = problem.work_calendar()
    due = problem.due(calendar)
    # 7–8 May stopped (running through as_of), 9–10 May weekend, 11 May off: 12, 13 May
    assert due is not None and due.isoformat() == "2026-05-13"
    assert getattr(due, "clock_stopped", False)
    result = search(problem.availability(calendar), problem.request(due))
    assert all(s.start.date().isoformat() != "2026-05-11" for s in result.slots)


def test_the_schema_keeps_unknown_fields_out() -> None:
    assert Problem.model_config.get("extra") == "forbid"
