"""A hand-picked time: who is busy then, and with what."""

from __future__ import annotations

import datetime as dt

import pytest
from planning_support import at, availability, busy, person

from backoffice import messages
from backoffice.planning.conflicts import check_time
from backoffice.planning.model import BusyKind, DepartmentNeed, Note, PlanningError

MEETING = busy(at(2026, 5, 6, 9), 60, BusyKind.MEETING, "局务会")
VISIT = busy(at(2026, 5, 6, 13, 30), 60, BusyKind.INSPECTION, "220200-2026-000311")


def test_who_is_busy_and_with_what() -> None:
    av = availability(person("a", "A", MEETING), person("a2", "A"), person("b", "B", VISIT),
                      buffer=30)
    check = check_time(av, at(2026, 5, 6, 9, 30), at(2026, 5, 6, 11),
                       departments=[DepartmentNeed("A"), DepartmentNeed("B")])
    by_id = {c.inspector: c for c in check.inspectors}
    assert by_id["a"].conflicts == (Note("planning.conflict_meeting_labelled", {
        "label": "局务会", "start": "2026-05-06 09:00", "end": "2026-05-06 10:00"}),)
    assert by_id["a2"].free and by_id["b"].free
    assert check.ok and check.uncovered == ()


def test_travel_buffer_conflict_is_told_apart_from_the_visit_itself() -> None:
    av = availability(person("b", "B", VISIT), buffer=30)
    check = check_time(av, at(2026, 5, 6, 15), at(2026, 5, 6, 16),
                       departments=[DepartmentNeed("B")])
    assert [n.code for n in check.inspectors[0].conflicts] == ["planning.conflict_travel_labelled"]
    assert check.uncovered == ("B",) and not check.ok
    check = check_time(av, at(2026, 5, 6, 14), at(2026, 5, 6, 15), inspectors=["b"])
    assert [n.code for n in check.inspectors[0].conflicts] == ["planning.conflict_inspection_labelled"]


def test_day_off_and_outside_hours() -> None:
    av = availability(person("a", "A"), buffer=30)
    holiday = check_time(av, at(2026, 5, 4, 9), at(2026, 5, 4, 10), inspectors=["a"])
    assert holiday.inspectors[0].conflicts == (Note("planning.conflict_day_off",
                                                    {"date": "2026-05-04"}),)
    early = check_time(av, at(2026, 5, 6, 8, 30), at(2026, 5, 6, 10), inspectors=["a"])
    assert early.inspectors[0].conflicts == (Note("planning.conflict_outside_hours",
                                                  {"hours": "08:30–12:00, 13:30–17:30"}),)


def test_leave_is_named() -> None:
    leave = busy(at(2026, 5, 6, 8, 30), 540, BusyKind.LEAVE)
    check = check_time(availability(person("a", "A", leave)), at(2026, 5, 6, 14),
                       at(2026, 5, 6, 15), inspectors=["a"])
    assert check.inspectors[0].conflicts == (Note("planning.conflict_leave", {
        "start": "2026-05-06 08:30", "end": "2026-05-06 17:30"}),)


@pytest.mark.parametrize("kind", list(BusyKind))
def test_an_unlabelled_commitment_is_worded_once_in_the_readers_language(
        kind: BusyKind) -> None:
    """The free/busy's commitments have no label: the raw kind is never shown for one."""
    visit, travel = at(2026, 5, 6, 9), at(2026, 5, 6, 10, 15)
    av = availability(person("a", "A", busy(at(2026, 5, 6, 9), 60, kind)), buffer=30)
    for start in (visit, travel):
        (note,) = check_time(av, start, start + dt.timedelta(hours=1),
                             inspectors=["a"]).inspectors[0].conflicts
        chinese = messages.render_code(note.code, dict(note.params), "zh")
        english = messages.render_code(note.code, dict(note.params), "en")
        assert "2026-05-06 09:00" in chinese and kind.value not in chinese
        assert "2026-05-06 09:00" in english and english.count(kind.value) <= 1


def test_unknown_inspector_and_reversed_times_are_errors() -> None:
    av = availability(person("a", "A"))
    with pytest.raises(PlanningError) as err:
        check_time(av, at(2026, 5, 6, 9), at(2026, 5, 6, 10), inspectors=["zz"])
    assert err.value.code == "planning.unknown_inspector"
    with pytest.raises(PlanningError) as err:
        check_time(av, at(2026, 5, 6, 10), at(2026, 5, 6, 9), inspectors=["a"])
    assert err.value.code == "planning.ends_before_start"


def test_a_time_before_the_earliest_keeps_everybody_away() -> None:
    av = availability(person("a", "A"), person("b", "A"), buffer=30)
    now_and_travel = at(2026, 5, 6, 10, 30)
    check = check_time(av, at(2026, 5, 6, 10), at(2026, 5, 6, 11),
                       departments=[DepartmentNeed("A")], earliest=now_and_travel)
    assert [c.conflicts for c in check.inspectors] == [
        (Note("planning.conflict_too_early", {"earliest": "2026-05-06 10:30"}),)] * 2
    assert check.uncovered == ("A",) and not check.ok
    assert check_time(av, now_and_travel, at(2026, 5, 6, 11, 30),
                      departments=[DepartmentNeed("A")], earliest=now_and_travel).ok
