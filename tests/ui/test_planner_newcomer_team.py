"""The planner when a department joins a confirmed inspection (check_confirm_team).

The newcomer has nobody on the team: its 代表本部门确认 is not offered, and the
proposal block and the button's tooltip say why beforehand (the domain's rule on
the free/busy's inspectors). The organiser is told which department needs an
inspector, and the first suggestion is the time the applicant holds with a team
that has one — proposed by a click, no reason to type. Real stores synced with
the sandbox on loopback.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from inspections.joint import PLAN_NOW, inspection_of, joint_case, staff
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support.sync_env import data, queue
from test_main_window import chinese  # noqa: F401 - the fixture
from test_planner import (  # noqa: F401
    SLOW,
    StandIn,
    _queued,
    device,
    sandbox,
)
from test_planner_answers_shown import open_planner  # noqa: F401 - the fixture

from backoffice.domain.states import InspectionStatus
from backoffice.inspections import service

NEWCOMER = "WSJK-220100"


@pytest.fixture
def joined(device: Any) -> tuple[Any, Any, str, str]:  # noqa: F811 - the fixture
    """A confirmed joint inspection the newcomer joined; (organiser, newcomer, lead, case)."""
    joint = joint_case(device)
    assert NEWCOMER in {t.department_code for t in data().tasks if t.case_code == joint.code}
    joint.confirmed()
    new = device(staff(NEWCOMER, "inspector"), department_code=NEWCOMER)
    new.sync_once()
    service.request_inspection(new.store, new.client.username, NEWCOMER, joint.code,
                               "卫生条件核查", ["卫生设施"])
    assert new.sync_once().push.applied == 1
    new.sync_once()
    joint.lead.sync_once()
    assert inspection_of(joint.lead, joint.code).status is InspectionStatus.PROPOSED
    return joint.lead, new, joint.lead_dept, joint.code


def _names() -> dict[str, str]:
    return {d.code: d.name for d in data().departments}


def test_the_newcomer_is_not_offered_a_confirmation_it_cannot_give(
        qtbot: QtBot, joined: tuple[Any, Any, str, str],
        open_planner: Any) -> None:  # noqa: F811 - the fixture
    _lead, new, _lead_dept, code = joined
    planner = open_planner(new, NEWCOMER, code)
    name = _names()[NEWCOMER]
    assert not planner.plan.confirm.isEnabled()
    said = planner.plan.proposal_warning.text()
    assert f"nobody of {name} is on its team" in said, said
    assert planner.plan.proposal_warning.isVisibleTo(planner.plan)
    assert f"nobody of {name} is on its team" in planner.plan.confirm.toolTip()
    assert planner.plan.decline.isEnabled()  # it may still decline the time


def test_the_organiser_proposes_the_held_time_again_with_the_newcomers_inspector(
        qtbot: QtBot, joined: tuple[Any, Any, str, str],
        open_planner: Any) -> None:  # noqa: F811 - the fixture
    lead, new, lead_dept, code = joined
    planner = open_planner(lead, lead_dept, code)
    held = planner.current
    assert held is not None and held.starts_at is not None
    assert f"{_names()[NEWCOMER]}: nobody on the team" in planner.plan.proposal.text()
    assert planner.result is not None
    first = planner.result.slots[0]
    assert (first.start, first.end) == (held.starts_at, held.ends_at)
    assert NEWCOMER in {m.department for m in first.team}
    assert "the time the applicant holds" in planner.slots.item(0).text()
    planner.slots.setCurrentRow(0)
    assert planner.plan.reschedule.text() == ""  # nothing to type: the time stands
    with qtbot.waitSignal(planner.settled, timeout=SLOW):
        qtbot.mouseClick(planner.plan.propose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_queued(planner, "inspection.reschedule")), timeout=SLOW)
    (command,) = _queued(planner, "inspection.reschedule")
    assert dt.datetime.fromisoformat(command.payload["starts_at"]) == held.starts_at
    assert command.payload["inspectors"] == [m.inspector for m in first.team]
    assert lead.sync_once().push.applied == 1
    new.sync_once()
    again = inspection_of(new, held.case_code)
    assert again.starts_at == held.starts_at
    me = new.client.username
    service.answer(new.store, me, NEWCOMER, again.id, confirmed=True, now=PLAN_NOW)


def test_the_organiser_reads_it_whole_at_1366_by_768_in_chinese(
        qtbot: QtBot, joined: tuple[Any, Any, str, str], open_planner: Any,  # noqa: F811
        chinese: None) -> None:  # noqa: F811 - the fixture
    lead, _new, lead_dept, code = joined
    planner = open_planner(lead, lead_dept, code)
    assert planner.size().width() == 1366 and planner.size().height() == 768
    assert "申请人已获通知的时间" in planner.slots.item(0).text()
    block = planner.plan.proposal
    assert "长春市卫生健康委员会：勘察人员中没有该部门的人员" in block.text()
    # The proposal, its answers and who needs an inspector: not cut off at the bottom.
    # …and two suggestions at least, the time held and another, whole in their list (the
    # empty notice box no longer takes their room).
    slots = planner.slots

    def whole() -> bool:
        second = slots.visualItemRect(slots.item(1))
        return (block.height() >= block.heightForWidth(block.width())
                and slots.viewport().rect().contains(second))

    qtbot.waitUntil(whole, timeout=5000)


def test_after_a_transfer_the_receiver_is_named_and_its_inspector_offered_at_the_held_time(
        device: Any, open_planner: Any) -> None:  # noqa: F811 - the fixture
    joint = joint_case(device)
    confirmed = joint.confirmed()
    receiver = "CSGL-220100"
    reviewer = device(staff(joint.other_dept, "reviewer"))
    reviewer.sync_once()
    with reviewer.store.read() as uow:
        task = next(t for t in uow.tasks.all() if t.case_code == joint.code
                    and t.department_code == joint.other_dept)
    queue(reviewer, "task.transfer", "review_task", task.id,
          {"to_department": receiver, "reason": "属城管职责"})
    assert reviewer.sync_once().push.applied == 1
    joint.lead.sync_once()
    planner = open_planner(joint.lead, joint.lead_dept, joint.code)
    held = planner.current
    assert held is not None and held.status is InspectionStatus.PROPOSED
    assert held.starts_at == confirmed.starts_at
    assert f"{_names()[receiver]}: nobody on the team" in planner.plan.proposal.text()
    first = planner.result.slots[0]
    assert (first.start, first.end) == (held.starts_at, held.ends_at)
    assert receiver in {m.department for m in first.team}
    assert "the time the applicant holds" in planner.slots.item(0).text()
