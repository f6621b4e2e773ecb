"""What a department answers, and what the organiser gets back, shown in the planner.

A participant confirmed without the proposed time, team or deadline beside the
button (the highlighted line was the organiser's first suggestion, and the
calendar opened at its week); the organiser never saw a decline's reason and
was offered the declined time first again; a proposal whose time had passed
still read "proposed" with the passed slot on top of the suggestions. Real
stores synced with the sandbox on loopback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspections.joint import PLAN_NOW, Joint, inspection_of, joint_case
from pytestqt.qtbot import QtBot
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.inspections import availability, service
from backoffice.inspections.service import case_deadline
from backoffice.planning.model import Slot
from backoffice.sync.files import FileCache
from ui.planner import words
from ui.planner.workspace import PlannerWorkspace


def _suggested(joint: Joint) -> tuple[Slot, ...]:
    inspection = inspection_of(joint.lead, joint.code)
    copy = availability.free_busy(joint.lead.store, joint.lead.client, PLAN_NOW.date())
    assert copy is not None
    return availability.planning_for(joint.lead.store, inspection.id, copy,
                                     now=PLAN_NOW).suggest().slots


def _propose(joint: Joint, slot: Slot) -> None:
    inspection = inspection_of(joint.lead, joint.code)
    me = joint.lead.client.username
    assert me is not None
    service.propose(joint.lead.store, me, inspection.id, slot.start, slot.end,
                    [m.inspector for m in slot.team], now=PLAN_NOW)
    assert joint.lead.sync_once().push.applied == 1
    joint.other.sync_once()


@pytest.fixture
def joint(device: Any) -> Joint:  # noqa: F811 - the fixture
    found = joint_case(device)
    found.requested()
    return found


@pytest.fixture
def open_planner(qtbot: QtBot, tmp_path: Path) -> Iterator[Any]:
    opened: list[tuple[PlannerWorkspace, FileCache]] = []

    def open_(engine: Any, department: str, code: str, now: Any = lambda: PLAN_NOW
              ) -> PlannerWorkspace:
        files = FileCache(tmp_path / f"files-{len(opened)}")
        workspace = PlannerWorkspace(StandIn(engine, files, department), lang="en", now=now)
        opened.append((workspace, files))
        qtbot.addWidget(workspace)
        workspace.resize(1366, 768)
        workspace.show()
        qtbot.waitUntil(lambda: any(i.case_code == code for i in workspace.inspections),
                        timeout=SLOW)
        with qtbot.waitSignal(workspace.planned, timeout=SLOW):
            workspace.show_case(code)
        qtbot.waitUntil(lambda: not workspace.busy(), timeout=SLOW)
        return workspace

    yield open_
    for workspace, files in opened:
        workspace.close_session()
        files.close()


def test_a_participant_sees_the_proposal_it_answers(
        joint: Joint, open_planner: Any) -> None:
    slots = _suggested(joint)
    # A later suggestion, in another week than the first: what the participant answers.
    slot = next(s for s in slots if s.start.isocalendar()[:2] != slots[0].start.isocalendar()[:2])
    _propose(joint, slot)
    planner = open_planner(joint.other, joint.other_dept, joint.code)
    shown = planner.plan.proposal.text()
    assert f"Proposed time: {words.when(slot.start, slot.end)}" in shown, shown
    for member in slot.team:
        assert f"{member.name} ({planner.names[member.department]})" in shown, shown
    deadline = case_deadline(joint.other.store, joint.code)
    assert deadline is not None and f"Case deadline: {deadline.isoformat()}" in shown, shown
    for department in (joint.lead_dept, joint.other_dept):
        assert f"{planner.names[department]}: not answered yet" in shown, shown
    assert planner.plan.proposal.isVisibleTo(planner.plan)
    # The calendar is at the time answered, not at the organiser's first suggestion.
    view = planner.view
    day = slot.start.astimezone(view.tz).date()
    assert view.first_day <= day < view.first_day + dt.timedelta(days=view.days)
    # The organiser's suggestions and proposing are not shown as the participant's to use.
    for widget in (planner.plan.slots, planner.plan.propose, planner.plan.after_deadline,
                   planner.plan.reschedule):
        assert not widget.isVisibleTo(planner.plan), widget.objectName()
    assert not planner.view._suggested
    assert planner.plan.confirm.isEnabled() and planner.plan.confirm.isVisibleTo(planner.plan)


def test_the_organiser_sees_a_decline_and_is_not_offered_that_time_first(
        qtbot: QtBot, joint: Joint, open_planner: Any) -> None:
    slot = _suggested(joint)[0]
    _propose(joint, slot)
    planner = open_planner(joint.lead, joint.lead_dept, joint.code)  # sees the time proposed
    assert planner.plan.slots.isVisibleTo(planner.plan)
    me = joint.other.client.username
    assert me is not None
    inspection = inspection_of(joint.other, joint.code)
    service.answer(joint.other.store, me, joint.other_dept, inspection.id, confirmed=False,
                   reason="Fire drill all day")
    assert joint.other.sync_once().push.applied == 1
    joint.lead.sync_once()
    with qtbot.waitSignal(planner.planned, timeout=SLOW):
        planner.refresh()  # as after the sync
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)
    shown = planner.plan.proposal.text()
    other = planner.names[joint.other_dept]
    assert f"{other}: declined: Fire drill all day" in shown, shown
    assert f"Declined time: {words.when(slot.start, slot.end)}" in shown, shown
    found = planner.result
    assert found is not None and found.slots
    clashing = [n for n, s in enumerate(found.slots) if s.start < slot.end and slot.start < s.end]
    assert clashing, "the declined time is free again: the engine suggests it"
    assert 0 not in clashing, [words.when(s.start, s.end) for s in found.slots]
    for n in clashing:
        assert f"declined by {other}" in planner.slots.item(n).text()


def test_a_proposal_whose_time_has_passed_says_so(
        joint: Joint, open_planner: Any) -> None:
    slot = _suggested(joint)[0]
    _propose(joint, slot)
    late = slot.start + dt.timedelta(hours=1)
    planner = open_planner(joint.other, joint.other_dept, joint.code, now=lambda: late)
    warning = planner.plan.proposal_warning
    assert warning.isVisibleTo(planner.plan)
    assert warning.text() == ("This time has passed: it can no longer be confirmed. "
                              f"{planner.names[joint.lead_dept]} has to propose a new time.")
    assert not planner.plan.confirm.isEnabled()  # the platform would refuse it
    organiser = open_planner(joint.lead, joint.lead_dept, joint.code, now=lambda: late)
    assert organiser.plan.proposal_warning.text().endswith(
        "can no longer be confirmed. Propose a new time."), organiser.plan.proposal_warning.text()


def test_suggestions_are_planned_again_once_one_has_begun(
        qtbot: QtBot, joint: Joint, open_planner: Any) -> None:
    moment = [PLAN_NOW]
    planner = open_planner(joint.lead, joint.lead_dept, joint.code, now=lambda: moment[0])
    assert planner.result is not None and planner.result.slots
    first = planner.result.slots[0]
    moment[0] = first.start + dt.timedelta(minutes=10)  # the morning went by
    with qtbot.waitSignal(planner.planned, timeout=SLOW):
        planner.refresh()  # a sync's status, say
    qtbot.waitUntil(lambda: not planner.busy(), timeout=SLOW)
    assert planner.result is not None
    assert all(s.start > moment[0] for s in planner.result.slots), planner.result.slots[:1]
