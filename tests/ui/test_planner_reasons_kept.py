"""The planning page's own pieces, on real widgets with inspections as the store has them.

Reasons typed belong to one inspection and its proposal: a decline reason typed
for one case was sent with the decline of the next one chosen, and an
after-deadline reason left over let a drag past another case's deadline
through unasked. The site (the server's text) is a plain-text tooltip; the
calendar names each lane's department and says what a block is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus
from ui.planner.panels import PlanPage
from ui.planner.room import LANE, NAME_WIDTH
from ui.planner.view import Block, Lane, PlannerView

CST = dt.timezone(dt.timedelta(hours=8))
NAMES = {"A": "Department A", "B": "Department B"}


def _inspection(key: str, case: str, site: str = "1 Main Street") -> Inspection:
    return Inspection(key, case, "A", ("A", "B"), site)


def _reasons(page: PlanPage) -> tuple[str, str, str, str]:
    return (page.after_deadline.text(), page.reschedule.text(), page.answer_reason.text(),
            page.cancel_reason.text())


def test_reasons_typed_for_one_inspection_are_not_kept_for_another(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    first, second = _inspection("i-1", "CASE-1"), _inspection("i-2", "CASE-2")
    page.show_inspection(first, NAMES, "en")
    typed = ("applicant away until April", "inspector ill", "drill that day", "withdrawn")
    for edit, text in zip((page.after_deadline, page.reschedule, page.answer_reason,
                           page.cancel_reason), typed, strict=True):
        edit.setText(text)
    page.show_inspection(second, NAMES, "en")
    assert _reasons(page) == ("", "", "", "")
    page.show_inspection(first, NAMES, "en")  # back: what was typed for it, still there
    assert _reasons(page) == typed
    # A new proposal of the same inspection is answered anew: the old reasons are not its.
    page.show_inspection(dataclasses.replace(first, proposal=1, version=3), NAMES, "en")
    assert _reasons(page) == ("", "", "", "")


def test_the_site_tooltip_is_plain_text(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    site = "<b>Bold</b> & <img src='x'> Road"
    page.show_inspections([_inspection("i-1", "CASE-1", site)], NAMES)
    tip = page.requests.item(0).toolTip()
    assert "<b>" not in tip and "&lt;b&gt;Bold&lt;/b&gt;" in tip, tip


def test_a_proposed_time_that_has_passed_is_marked_in_the_list(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    start = dt.datetime(2025, 3, 4, 9, 0, tzinfo=CST)
    proposed = dataclasses.replace(_inspection("i-1", "CASE-1"),
                                   status=InspectionStatus.PROPOSED, starts_at=start,
                                   ends_at=start + dt.timedelta(hours=2), proposal=1)
    page.show_inspections([proposed], NAMES, start - dt.timedelta(hours=1))
    assert "(passed)" not in page.requests.item(0).text()
    page.show_inspections([proposed], NAMES, start + dt.timedelta(hours=3))
    assert page.requests.item(0).text().splitlines()[1] == "2025-03-04 09:00–11:00 (passed)"


def test_lanes_name_their_department_and_blocks_say_what_they_are(qtbot: QtBot) -> None:
    view = PlannerView()
    qtbot.addWidget(view)
    view.resize(1000, 300)
    view.show()
    day = dt.date(2025, 3, 4)
    view.set_range(day, 1, [day])
    start = dt.datetime(2025, 3, 4, 10, 0, tzinfo=CST)
    view.set_lanes([Lane("u1", "Zhou", "Department <B>")], {
        "u1": [Block(start, start + dt.timedelta(hours=1), "meeting", "Budget <review>")]})
    y = view.point_at(start, "u1").y()
    assert view.tip_at(QPoint(NAME_WIDTH // 2, y)) == "Zhou\nDepartment <B>"
    inside = view.point_at(start + dt.timedelta(minutes=30), "u1")
    assert view.tip_at(inside) == "Meeting 2025-03-04 10:00–11:00\nBudget <review>\nZhou"
    assert view.tip_at(view.point_at(start + dt.timedelta(hours=3), "u1")) == ""
    assert view.tip_at(QPoint(NAME_WIDTH + 5, y + 3 * LANE)) == ""  # below the lanes


def test_a_proposed_inspection_is_drawn_as_this_inspection(qtbot: QtBot) -> None:
    view = PlannerView()
    qtbot.addWidget(view)
    view.resize(1000, 300)
    day = dt.date(2025, 3, 4)
    view.set_range(day, 1, [day])
    start = dt.datetime(2025, 3, 4, 14, 0, tzinfo=CST)
    view.set_lanes([Lane("u1", "Zhou", "Department A")], {
        "u1": [Block(start, start + dt.timedelta(hours=2), "proposed", "CASE-1")]})
    tip = view.tip_at(view.point_at(start + dt.timedelta(minutes=45), "u1"))
    assert tip.startswith("This inspection, proposed 2025-03-04 14:00–16:00"), tip


def test_the_calendar_has_a_legend(qtbot: QtBot) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    box = page.findChild(QWidget, "plannerLegend")
    assert box is not None
    words = [label.text() for label in box.findChildren(QLabel) if label.text()]
    assert words == ["Leave", "Meeting", "Another site inspection", "Busy",
                     "This inspection, proposed", "This inspection, confirmed", "Suggested slot"]
