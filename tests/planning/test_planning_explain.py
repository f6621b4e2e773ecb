"""Every way a search can come out short has its reason, and the hints that would help.

Dates are in 2026 around Labour Day: 1–5 May are holidays, Saturday 9 May is
an adjusted working day, Wednesday 6 May the first working day after.
"""

from __future__ import annotations

import datetime as dt

import pytest
from planning_support import at, availability, busy, person, request

from backoffice import messages
from backoffice.planning.model import (
    BusyKind,
    DepartmentNeed,
    Explanation,
    Note,
    PartOfDay,
    Preferences,
)
from backoffice.planning.search import search

WEEK = {"start": at(2026, 5, 6, 8), "end": at(2026, 5, 15, 18)}
LEAVE_WED_FRI = busy(at(2026, 5, 6, 8, 30), 2 * 1440 + 540, BusyKind.LEAVE)


def _explain(*args: object, **kw: object) -> Explanation:
    av = availability(*args, buffer=int(kw.pop("buffer", 0)))  # type: ignore[arg-type]
    result = search(av, request(*kw.pop("departments", ("A", "B")), **kw))  # type: ignore[arg-type]
    assert result.explanation is not None
    return result.explanation


def _codes(notes: tuple[Note, ...]) -> list[str]:
    return [n.code for n in notes]


def test_deadline_passed() -> None:
    found = _explain(person("a", "A"), person("b", "B"), deadline=dt.date(2026, 5, 5), **WEEK)
    assert found.reasons == (Note("planning.deadline_passed",
                                  {"deadline": "2026-05-05", "start": "2026-05-06 08:00"}),)
    assert found.hints[0] == Note("planning.hint_after_deadline",
                                  {"deadline": "2026-05-05", "start": "2026-05-06 08:30"})
    # Searching from the notice's day (its midnight): the day, as the deadline is said.
    late = _explain(person("a", "A"), person("b", "B"), deadline=dt.date(2026, 5, 5),
                    start=at(2026, 5, 6, 0), end=WEEK["end"])
    assert late.reasons[0].params["start"] == "2026-05-06"


def test_no_qualified_inspector_names_the_department_and_qualification() -> None:
    found = _explain(person("a", "A"), person("b", "B"),
                     departments=("A", DepartmentNeed("B", qualification="fire")), **WEEK)
    assert found.reasons == (Note("planning.no_qualified_inspector",
                                  {"department": "B", "department_code": "B",
                                   "qualification": "fire"}),)


def test_duration_too_long_for_any_working_period() -> None:
    found = _explain(person("a", "A"), person("b", "B"), minutes=220, buffer=15, **WEEK)
    assert found.reasons == (Note("planning.duration_too_long",
                                  {"minutes": 220, "longest": 210, "buffer": 15}),)


def test_deadline_too_close_even_if_everyone_were_free() -> None:
    # Thursday 30 April 17:00: half an hour of work left before the holidays.
    found = _explain(person("a", "A"), person("b", "B"), start=at(2026, 4, 30, 17),
                     end=at(2026, 5, 15, 18), deadline=dt.date(2026, 5, 4))
    assert found.reasons == (Note("planning.deadline_too_close",
                                  {"deadline": "2026-05-04", "working_days": 1}),)
    assert found.hints == (Note("planning.hint_after_deadline",
                                {"deadline": "2026-05-04", "start": "2026-05-06 08:30"}),)


def test_window_too_short() -> None:
    found = _explain(person("a", "A"), person("b", "B"), start=at(2026, 5, 2, 8),
                     end=at(2026, 5, 6, 10))
    assert _codes(found.reasons) == ["planning.window_too_short"]
    assert found.hints == ()


def test_department_unavailable_with_later_slot_and_slot_without_it() -> None:
    found = _explain(person("a", "A"), person("b", "B", LEAVE_WED_FRI),
                     deadline=dt.date(2026, 5, 8), **WEEK)
    assert found.reasons == (Note("planning.department_unavailable",
                                  {"department": "B", "department_code": "B",
                                   "inspectors": 1}),)
    assert found.hints == (
        Note("planning.hint_after_deadline", {"deadline": "2026-05-08", "start": "2026-05-09 08:30"}),
        Note("planning.hint_without_department",
             {"department": "B", "department_code": "B", "start": "2026-05-06 08:30"}),
    )


def test_nothing_after_the_deadline_either() -> None:
    found = _explain(person("a", "A"), person("b", "B", busy(at(2026, 5, 6, 8), 20 * 1440)),
                     deadline=dt.date(2026, 5, 8), **WEEK)
    assert found.hints[0] == Note("planning.hint_none_after_deadline",
                                  {"deadline": "2026-05-08", "until": "2026-05-15 18:00"})


def test_no_common_time() -> None:
    # A only in the mornings, B only in the afternoons, all week.
    a = person("a", "A", *(busy(at(2026, 5, d, 13, 30), 240) for d in range(6, 16)))
    b = person("b", "B", *(busy(at(2026, 5, d, 8, 30), 210) for d in range(6, 16)))
    found = _explain(a, b, **WEEK)
    assert found.reasons == (Note("planning.no_common_time", {
        "departments": ("A", "B"), "department_codes": ("A", "B")}),)
    assert {n.params["department"] for n in found.hints} == {"A", "B"}


@pytest.mark.parametrize(("named", "code"), [
    ("nobody", "planning.unknown_inspector"),
    ("c", "planning.inspector_not_needed"),
])
def test_named_inspector_who_cannot_be_in_the_team(named: str, code: str) -> None:
    found = _explain(person("a", "A"), person("b", "B"), person("c", "C"),
                     preferences=Preferences(inspector=named), **WEEK)
    assert _codes(found.reasons) == [code]
    assert found.hints == (Note("planning.hint_without_preferences",
                                {"start": "2026-05-06 08:30"}),)


def test_named_inspector_unavailable() -> None:
    found = _explain(person("a", "A"), person("a2", "A", LEAVE_WED_FRI), person("b", "B"),
                     preferences=Preferences(inspector="a2"), deadline=dt.date(2026, 5, 8),
                     **WEEK)
    assert found.reasons == (Note("planning.inspector_unavailable",
                                  {"inspector": "a2", "name": "A2"}),)
    assert Note("planning.hint_without_preferences", {"start": "2026-05-06 08:30"}) in found.hints


@pytest.mark.parametrize(("part", "code", "blocked_hour"), [
    (PartOfDay.MORNING, "planning.morning_full", 8),
    (PartOfDay.AFTERNOON, "planning.afternoon_full", 13),
])
def test_part_of_day_full(part: PartOfDay, code: str, blocked_hour: int) -> None:
    b = person("b", "B", *(busy(at(2026, 5, d, blocked_hour, 30), 210) for d in range(6, 16)))
    found = _explain(person("a", "A"), b, preferences=Preferences(part_of_day=part), **WEEK)
    assert found.reasons == (Note(code, {}),)


def test_preferences_that_only_exclude_together() -> None:
    # a2 is free only in the afternoons; mornings are wanted.
    a2 = person("a2", "A", *(busy(at(2026, 5, d, 8, 30), 210) for d in range(6, 16)))
    found = _explain(person("a", "A"), a2, person("b", "B"),
                     preferences=Preferences(PartOfDay.MORNING, "a2"), **WEEK)
    assert found.reasons == (Note("planning.preferences_exclude", {}),)


def test_fewer_slots_than_asked() -> None:
    found = _explain(person("a", "A"), person("b", "B"), count=3, max_per_day=1,
                     deadline=dt.date(2026, 5, 7), **WEEK)
    assert found.reasons == (Note("planning.fewer_slots", {"found": 2, "wanted": 3}),)


def test_every_note_code_is_worded_in_both_languages() -> None:
    codes = {
        "planning.fewer_slots", "planning.deadline_passed", "planning.no_qualified_inspector",
        "planning.duration_too_long", "planning.deadline_too_close", "planning.window_too_short",
        "planning.department_unavailable", "planning.no_common_time",
        "planning.unknown_inspector", "planning.inspector_not_needed",
        "planning.inspector_unavailable", "planning.morning_full", "planning.afternoon_full",
        "planning.preferences_exclude", "planning.hint_after_deadline",
        "planning.hint_none_after_deadline", "planning.hint_without_preferences",
        "planning.hint_without_department",
    }
    for code in codes:
        assert set(messages.CATALOG[code]) == {"zh", "en"}
    found = _explain(person("a", "A"), person("b", "B", LEAVE_WED_FRI),
                     deadline=dt.date(2026, 5, 8), **WEEK)
    for note in (*found.reasons, *found.hints):
        for lang in ("zh", "en"):
            text = messages.render_code(note.code, note.params, lang)
            assert "planning." not in text and "{" not in text  # not the raw fallback


def test_departments_are_said_by_their_names_their_codes_kept() -> None:
    # B with a name, A without: A is said by its code, the only name it has.
    a = person("a", "A", *(busy(at(2026, 5, d, 13, 30), 240) for d in range(6, 16)))
    b = person("b", "B", *(busy(at(2026, 5, d, 8, 30), 210) for d in range(6, 16)))
    found = _explain(a, b, departments=("A", DepartmentNeed("B", name="吉林市消防救援支队")),
                     **WEEK)
    (reason,) = found.reasons
    assert reason.params["department_codes"] == ("A", "B")
    assert messages.render_code(reason.code, reason.params, "zh") == (
        "各部门（A、吉林市消防救援支队）各自都有空闲时间，但从来不在同一时间。")
    hint = next(n for n in found.hints if n.params["department_code"] == "B")
    said = messages.render_code(hint.code, hint.params, "en")
    assert "吉林市消防救援支队" in said and "B " not in said, said
    unavailable = _explain(person("a", "A"), person("b", "B", LEAVE_WED_FRI),
                           departments=("A", DepartmentNeed("B", name="吉林市消防救援支队")),
                           deadline=dt.date(2026, 5, 8), **WEEK)
    assert unavailable.reasons[0].params["department"] == "吉林市消防救援支队"
