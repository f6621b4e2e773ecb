"""iCalendar export: read back with the icalendar package, as a calendar app would."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from planning_support import TZ, at

from backoffice import messages
from backoffice.domain.model import (
    Applicant,
    Case,
    CaseKind,
    CaseStatus,
    Inspection,
    InspectionStatus,
    Material,
)
from backoffice.planning.ics import Participant, PlannedInspection, planned_inspection, to_ical
from backoffice.planning.model import Inspector, PlanningError

CASE = Case(
    case_code="220200-2026-000321", service_item_code="SCJG-001",
    service_item_name="食品经营许可证核发", applicant=Applicant("王芳（虚构）", "220202XX19900101001F"),
    lead_department="SCJG-220200", kind=CaseKind.PROMISED, status=CaseStatus.IN_REVIEW,
    accepted_at=dt.datetime(2026, 4, 22, 9, tzinfo=TZ), promised_days=10, statutory_days=20,
    site_address="吉林市船营区北京路 88 号",
)
INSPECTION = Inspection(
    id="insp-1", case_code=CASE.case_code, lead_department="SCJG-220200",
    departments=("SCJG-220200", "XFJY-220200"), site_address="",
    status=InspectionStatus.CONFIRMED, starts_at=at(2026, 5, 6, 9), ends_at=at(2026, 5, 6, 11),
    inspectors=("qian.lei", "sun.hao"), version=3,
)
MATERIALS = [
    Material("m1", CASE.case_code, "营业执照", "SCJG-220200", original_required=True),
    Material("m2", CASE.case_code, "健康证明", "SCJG-220200", original_required=True,
             from_shared_platform=True),
    Material("m3", CASE.case_code, "场所平面图", "XFJY-220200"),
]
PEOPLE = {
    "qian.lei": Inspector("qian.lei", "钱磊", "SCJG-220200", email="qian.lei@example.invalid"),
    "sun.hao": Inspector("sun.hao", "孙浩", "XFJY-220200"),
}
STAMP = dt.datetime(2026, 4, 30, 8, tzinfo=dt.UTC)


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_one_inspection_with_participants_address_and_originals() -> None:
    item = planned_inspection(INSPECTION, CASE, MATERIALS, PEOPLE)
    data = to_ical([item], lang="zh", stamp=STAMP)
    (event,) = _events(data)
    assert str(event["uid"]) == "insp-1@onevisit-backoffice"
    assert event.decoded("dtstart") == at(2026, 5, 6, 9)
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert b"BEGIN:VTIMEZONE" in data
    assert str(event["location"]) == "吉林市船营区北京路 88 号"  # the case's site
    assert str(event["summary"]) == "联合勘察：食品经营许可证核发（220200-2026-000321）"
    description = str(event["description"])
    assert "营业执照" in description
    assert "健康证明" not in description  # the shared platform holds it (9.1.2)
    assert "王芳（虚构）" in description
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:qian.lei@example.invalid",
                                           "urn:x-onevisit:inspector:sun.hao"]
    assert [a.params["CN"] for a in attendees] == ["钱磊", "孙浩"]
    assert str(event["organizer"]) == "mailto:qian.lei@example.invalid"
    assert str(event["status"]) == "CONFIRMED" and event["sequence"] == 3


def test_a_set_in_english() -> None:
    other = PlannedInspection(
        id="insp-2", case_code="220200-2026-000400", title="Public venue fire check",
        address="Jilin", start=at(2026, 5, 7, 14), end=at(2026, 5, 7, 16),
        participants=(Participant("Sun Hao", "XFJY-220200", "sun.hao"),),
        status=InspectionStatus.PROPOSED)
    first = planned_inspection(INSPECTION, CASE, MATERIALS, PEOPLE)
    events = _events(to_ical([first, other], lang="en", stamp=STAMP))
    assert [str(e["uid"]) for e in events] == ["insp-1@onevisit-backoffice",
                                               "insp-2@onevisit-backoffice"]
    assert str(events[1]["summary"]).startswith("Site inspection: ")
    assert "No originals" in str(events[1]["description"])
    assert str(events[1]["status"]) == "TENTATIVE"


def test_the_team_is_said_with_its_departments_names() -> None:
    named = planned_inspection(INSPECTION, CASE, MATERIALS, PEOPLE,
                               department_names={"SCJG-220200": "吉林市市场监督管理局"})
    (event,) = _events(to_ical([named], lang="zh", stamp=STAMP))
    description = str(event["description"])
    # A department the caller has no name for is said by its code.
    assert "勘察人员：钱磊 (吉林市市场监督管理局), 孙浩 (XFJY-220200)" in description
    assert "SCJG-220200" not in description
    # The attendee keeps the code, for a program.
    assert [a.params["X-DEPARTMENT"] for a in event["attendee"]] == ["SCJG-220200",
                                                                    "XFJY-220200"]


def test_an_unscheduled_inspection_cannot_be_exported() -> None:
    unscheduled = Inspection(id="insp-3", case_code=CASE.case_code, lead_department="SCJG-220200",
                             departments=("SCJG-220200",), site_address="x")
    with pytest.raises(PlanningError) as err:
        planned_inspection(unscheduled, CASE, [], PEOPLE)
    assert err.value.code == "planning.inspection_not_scheduled"
    assert messages.render(err.value, "en") == (
        f"The inspection of case {CASE.case_code} at x has no time yet and cannot be exported"
        " to a calendar.")
