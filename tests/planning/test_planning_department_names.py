"""The planner says departments by name in its last two sentences that said codes.

``planning.inspector_not_needed`` (the named inspector's department is not
asked) and ``planning.duplicate_department`` said ``XFJY-220200`` where the
rest of the explanation says 吉林市消防救援支队.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from planning_support import at

from backoffice import cli, messages
from backoffice.planning.model import DepartmentNeed, PlanningError, SlotRequest

REPO = Path(__file__).resolve().parents[2]
RESTAURANT = REPO / "docs/examples/planning-restaurant.json"
ZRZY, ZRZY_NAME = "ZRZY-220200", "吉林市自然资源局"  # not asked to the restaurant's visit


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_named_inspector_of_a_department_not_asked_is_said_with_its_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    problem: dict[str, Any] = json.loads(RESTAURANT.read_text(encoding="utf-8"))
    problem["inspectors"].append({"id": "feng.yu", "name": "冯宇", "department": ZRZY,
                                  "department_name": ZRZY_NAME})
    problem["preferences"] = {"inspector": "feng.yu"}
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem, ensure_ascii=False), encoding="utf-8")

    assert cli.main(["--lang", lang, "plan", "slots", "--problem", str(path)]) == 0
    out = capsys.readouterr().out
    said = messages.render_code("planning.inspector_not_needed",
                                {"inspector": "feng.yu", "department": ZRZY_NAME}, lang)
    assert said in out, out
    assert ZRZY not in out, out

    assert cli.main(["--lang", lang, "plan", "slots", "--problem", str(path), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    reason = next(r for r in answer["explanation"]["reasons"]
                  if r["code"] == "planning.inspector_not_needed")
    assert reason["params"]["department_code"] == ZRZY  # the code kept beside


def test_a_department_listed_twice_is_said_by_the_name_one_of_them_gives() -> None:
    for needs in ((DepartmentNeed("XFJY-220200", name="吉林市消防救援支队"),
                   DepartmentNeed("XFJY-220200")),
                  (DepartmentNeed("XFJY-220200"),
                   DepartmentNeed("XFJY-220200", name="吉林市消防救援支队"))):
        with pytest.raises(PlanningError) as err:
            SlotRequest(needs, dt.timedelta(hours=1), at(2026, 5, 6, 8), at(2026, 5, 8, 18))
        assert err.value.params["department_codes"] == ("XFJY-220200",)
        for lang in messages.LANGUAGES:
            text = messages.render(err.value, lang)
            assert "吉林市消防救援支队" in text and "XFJY" not in text, text
