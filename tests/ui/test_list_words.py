"""Lists in a line are separated as the language shown separates them: ", " in English,
"、" in Chinese.

The Chinese list mark was joined into English text ("Fire、Housing declined"), and English
commas into Chinese (a slot's team, a material's flags).
"""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from test_inbox_notice_language import chinese_ui  # noqa: F401 - the fixture

from backoffice.domain.inspection_model import Answer, Inspection, InspectionAnswer
from backoffice.domain.states import InspectionStatus
from ui.planner import proposal
from ui.planner.panels import PlanPage
from ui.widgets.listing import listed

NAMES = {"FIRE": "Fire Department", "HOUSING": "Housing Bureau"}


def _declined_by_both() -> Inspection:
    return Inspection(
        "i1", "CASE-1", "FIRE", ("FIRE", "HOUSING"), "1 Road", InspectionStatus.PROPOSED,
        dt.datetime(2025, 3, 4, 9, tzinfo=dt.UTC), dt.datetime(2025, 3, 4, 11, tzinfo=dt.UTC),
        proposal=1, answers=(InspectionAnswer("FIRE", Answer.DECLINED, "busy"),
                             InspectionAnswer("HOUSING", Answer.DECLINED, "busy")))


def test_a_list_in_english_and_in_chinese(qapp: object) -> None:
    assert listed(["A", "B", "C"]) == "A, B, C"
    assert listed([]) == ""


def test_a_list_in_chinese(chinese_ui: None) -> None:  # noqa: F811
    assert listed(["甲", "乙"]) == "甲、乙"


def test_departments_that_declined_in_english(qapp: object) -> None:
    assert proposal.declined_by(_declined_by_both(), NAMES) == \
        "Fire Department, Housing Bureau"


def test_the_planners_list_names_departments_in_english(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    page.show_inspections([_declined_by_both()], NAMES)
    item = page.requests.item(0)
    assert item is not None
    assert item.text().split("\n")[-1] == "Fire Department, Housing Bureau"


def test_no_chinese_list_mark_joined_into_the_ui() -> None:
    """Everywhere a list is shown: the one helper, not a mark of one language."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "ui"
    joined = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if '"、".join' in p.read_text(encoding="utf-8")]
    assert joined == []
