"""Properties of the slot search on random small problems (hypothesis).

The search must agree with :func:`planning_support.brute_force`, which tries
every grid start the slow way; every slot it returns must keep clear of
busy time and travel buffers, lie on a working day inside the window and
before the deadline, and come in time order.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from planning_support import CAL, TZ, brute_force, is_free

from backoffice.planning.availability import Availability, is_working_day
from backoffice.planning.model import (
    Busy,
    BusyKind,
    DepartmentNeed,
    Inspector,
    PartOfDay,
    Preferences,
    SlotRequest,
    WorkingPeriod,
)
from backoffice.planning.search import search

# Around Labour Day 2026 (holidays, an adjusted working Saturday) and across
# New Year 2027, a year chinesecalendar does not cover (weekends-only rule).
BASES = (dt.date(2026, 4, 28), dt.date(2026, 9, 24), dt.date(2026, 12, 29))
DEPARTMENTS = ("A", "B", "C")
HOURS = (
    (WorkingPeriod(dt.time(8, 30), dt.time(12)), WorkingPeriod(dt.time(13, 30), dt.time(17, 30))),
    (WorkingPeriod(dt.time(8), dt.time(16)),),
    (WorkingPeriod(dt.time(9), dt.time(11, 15)), WorkingPeriod(dt.time(14), dt.time(18))),
)

Problem = tuple[list[Inspector], dt.timedelta, SlotRequest]


@st.composite
def busy_items(draw: st.DrawFn, base: dt.date, days: int) -> Busy:
    day = base + dt.timedelta(days=draw(st.integers(0, days)))
    start = dt.datetime.combine(day, dt.time(7), TZ) + dt.timedelta(
        minutes=5 * draw(st.integers(0, 12 * 12)))
    minutes = draw(st.sampled_from((15, 30, 45, 60, 90, 120, 240, 600, 3 * 1440)))
    return Busy(start, start + dt.timedelta(minutes=minutes), draw(st.sampled_from(BusyKind)))


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    base = draw(st.sampled_from(BASES))
    days = draw(st.integers(1, 9))
    chosen = draw(st.lists(st.sampled_from(DEPARTMENTS), min_size=1, max_size=3, unique=True))
    # Mostly someone in each department asked for, so that the search has work to do;
    # sometimes nobody (or nobody qualified), so that the failures are tried too.
    homes = [*chosen, *draw(st.lists(st.sampled_from(DEPARTMENTS), max_size=4))]
    people = [
        Inspector(
            id=f"p{n}", name=f"P{n}", department=home,
            qualifications=frozenset(("q",) if draw(st.integers(0, 9)) < 7 else ()),
            working_hours=draw(st.sampled_from(HOURS)),
            busy=tuple(draw(st.lists(busy_items(base, days), max_size=6))),
        )
        for n, home in enumerate(draw(st.permutations(homes))[:draw(st.integers(1, 6))])
    ]
    needs = [DepartmentNeed(d, draw(st.booleans()), draw(st.sampled_from((None, None, "q"))))
             for d in chosen]
    needs[0] = DepartmentNeed(needs[0].department, True, needs[0].qualification)
    start = dt.datetime.combine(base, dt.time(7), TZ) + dt.timedelta(
        minutes=15 * draw(st.integers(0, 40)))
    end = dt.datetime.combine(base + dt.timedelta(days=days), dt.time(12), TZ)
    deadline = draw(st.one_of(st.none(), st.integers(0, days + 1).map(
        lambda n: base + dt.timedelta(days=n))))
    named = draw(st.sampled_from((None, None, None, "p0", "p1", "nobody")))
    req = SlotRequest(
        departments=tuple(draw(st.permutations(needs))),
        duration=dt.timedelta(minutes=draw(st.sampled_from((15, 30, 60, 90, 120, 180, 240)))),
        window_start=start,
        window_end=end,
        deadline=deadline,
        count=draw(st.integers(1, 6)),
        step=dt.timedelta(minutes=draw(st.sampled_from((15, 30, 60)))),
        max_per_day=draw(st.sampled_from((None, 1, 2))),
        preferences=Preferences(draw(st.sampled_from(PartOfDay)), named),
    )
    buffer = dt.timedelta(minutes=draw(st.sampled_from((0, 15, 30))))
    return people, buffer, req


@given(problems())
@settings(max_examples=300)
def test_search_agrees_with_brute_force(problem: Problem) -> None:
    people, buffer, req = problem
    found = search(Availability(people, CAL, buffer), req)
    assert [s.start for s in found.slots] == brute_force(people, CAL, buffer, req)
    reasons = () if found.explanation is None else found.explanation.reasons
    hints = () if found.explanation is None else found.explanation.hints
    assert (not reasons) == (len(found.slots) == req.count)
    assert found.provisional_calendar == any(
        h.code == "planning.provisional_calendar" for h in hints)


@given(problems())
def test_slots_keep_clear_of_busy_time_and_buffers(problem: Problem) -> None:
    people, buffer, req = problem
    by_id = {p.id: p for p in people}
    for slot in search(Availability(people, CAL, buffer), req).slots:
        assert slot.end - slot.start == req.duration
        covered = {m.department for m in slot.team}
        assert {n.department for n in req.required} <= covered
        for member in slot.team:
            inspector = by_id[member.inspector]
            need = next(n for n in req.departments if n.department == member.department)
            assert inspector.qualified_for(need)
            assert is_free(inspector, slot.start, slot.end, buffer, CAL)
            for b in inspector.busy:
                pad = buffer if b.visit else dt.timedelta(0)
                assert b.end + pad <= slot.start - buffer or slot.end + buffer <= b.start - pad
        for absent in slot.absent_optional:
            need = next(n for n in req.departments if n.department == absent)
            assert not need.required
            assert not any(p.qualified_for(need) and is_free(p, slot.start, slot.end, buffer, CAL)
                           for p in people)
        assert covered.isdisjoint(slot.absent_optional)
        if req.preferences.inspector is not None:
            assert req.preferences.inspector in {m.inspector for m in slot.team}


@given(problems())
def test_slots_on_working_days_in_the_window_before_the_deadline_in_order(
        problem: Problem) -> None:
    people, buffer, req = problem
    slots = search(Availability(people, CAL, buffer), req).slots
    assert len(slots) <= req.count
    for slot in slots:
        assert is_working_day(CAL, slot.start.date())
        assert req.window_start <= slot.start and slot.end <= req.window_end
        if req.deadline is not None:
            assert slot.end.date() <= req.deadline or slot.end == dt.datetime.combine(
                req.deadline + dt.timedelta(days=1), dt.time(), TZ)
        assert (slot.start - slot.start.replace(hour=0, minute=0)) % req.step == dt.timedelta(0)
    for a, b in pairwise(slots):
        assert a.end <= b.start
