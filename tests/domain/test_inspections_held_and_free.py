"""The time the applicant holds, step by step, and who is free to confirm a time.

``held_after`` is the platform's count of the time told, which the client
walks over the commands it queued; ``check_confirm_free`` is the one rule the
client and the platform apply to a confirmation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from backoffice.api import v1
from backoffice.domain.errors import DomainError
from backoffice.domain.inspections_timing import check_confirm_free, held_after
from backoffice.domain.model import Answer, Inspection, InspectionAnswer
from backoffice.domain.states import InspectionStatus

CST = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2025, 3, 4, 9, 0, tzinfo=CST)
HOUR = dt.timedelta(hours=1)


def _visit(key: str, status: InspectionStatus, start: dt.datetime | None,
           team: tuple[str, ...] = ("a", "b")) -> Inspection:
    answer = Answer.CONFIRMED if status is InspectionStatus.CONFIRMED else Answer.PENDING
    return Inspection(
        key, "C-1", "MSA", ("MSA", "FIRE"), "长春市人民大街1号", status, start,
        None if start is None else start + 2 * HOUR, team if start else (), version=1,
        proposal=1 if start else 0,
        answers=(InspectionAnswer("MSA", answer), InspectionAnswer("FIRE", answer)))


def test_the_time_held_follows_the_inspection_as_the_platform_counts_it() -> None:
    told = (AT, AT + 2 * HOUR)
    confirmed = _visit("I", InspectionStatus.CONFIRMED, AT)
    again = _visit("I", InspectionStatus.PROPOSED, AT)
    moved = _visit("I", InspectionStatus.PROPOSED, AT + HOUR)
    assert held_after(None, confirmed) == told  # confirmed: told then
    assert held_after(told, again) == told  # proposed again at it: still held
    assert held_after(None, again) is None  # never told
    assert held_after(told, moved) is None  # moved: called off
    assert held_after(told, _visit("I", InspectionStatus.REQUESTED, None)) is None  # dropped
    assert held_after(told, dataclasses.replace(again, status=InspectionStatus.CANCELLED)) \
        is None


def _shown(*busy: tuple[str, dt.datetime, dt.datetime]) -> v1.FreeBusy:
    people = []
    for username, name in (("a", "王建国"), ("b", "李红")):
        people.append(v1.InspectorFreeBusy(
            username=username, display_name=name, department_code="MSA", working_hours=[],
            busy=[v1.BusyInterval(start=s, end=e, reason="inspection")
                  for u, s, e in busy if u == username]))
    return v1.FreeBusy(from_date=AT.date(), to_date=AT.date(), working_days=[AT.date()],
                       inspectors=people)


def test_a_confirmation_gives_way_only_to_what_holds_the_team_then() -> None:
    mine = _visit("I", InspectionStatus.PROPOSED, AT)
    proposed = _visit("J", InspectionStatus.PROPOSED, AT + HOUR, ("a",))
    # Its own time, a visit only proposed, a time after it: nothing to refuse.
    check_confirm_free(mine, [mine, proposed], _shown(
        ("a", AT, AT + 2 * HOUR), ("a", AT + HOUR, AT + 3 * HOUR),
        ("b", AT + 2 * HOUR, AT + 3 * HOUR)), organiser="市场监管局")
    # The first clash in the team's order, then in time, named as the free/busy names them.
    with pytest.raises(DomainError) as refused:
        check_confirm_free(mine, [mine, _visit("K", InspectionStatus.CONFIRMED, AT + HOUR,
                                               ("b",))],
                           _shown(("a", AT + HOUR, AT + 2 * HOUR)), organiser="市场监管局")
    assert refused.value.code == "inspection.confirm_inspector_busy"
    assert (refused.value.params["inspector"], refused.value.params["start"]) == (
        "王建国", "2025-03-04 10:00")
    # No free/busy kept: the visits known, the inspector by account.
    with pytest.raises(DomainError) as known:
        check_confirm_free(mine, [_visit("K", InspectionStatus.CONFIRMED, AT + HOUR, ("b",))],
                           None, organiser="市场监管局")
    assert known.value.params["inspector"] == "b"
