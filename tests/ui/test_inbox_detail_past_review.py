"""A case past review: the detail offers no task step, and the store queues none.

The QA's repro: on an issued case "Reopen the review" was pressable with no
tooltip, queued ``task.reopen``, and the platform reopened the task. Offline
over the demo store of ``test_inbox_detail``, the fresh case's status and
tasks changed as a pull would bring them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, demo, fresh_task, make_session, open_detail, outbox, settle

from backoffice import messages
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Case, ReviewTask
from backoffice.domain.states import CaseStatus, TaskStatus
from ui.inbox.detail_data import queue
from ui.widgets.plain import plain_tooltip


def _case(status: CaseStatus) -> Callable[[Case], Case]:
    return lambda case: dataclasses.replace(case, status=status)


def _task(status: TaskStatus) -> Callable[[ReviewTask], ReviewTask]:
    opinion = "同意。" if status == TaskStatus.OPINION_GIVEN else ""
    return lambda task: dataclasses.replace(task, status=status, assignee=fresh_task()[2],
                                            opinion=opinion)


def _session(tmp_path: Path, case: CaseStatus, task: TaskStatus) -> StandIn:
    return make_session(tmp_path, change={"Case": _case(case), "ReviewTask": _task(task)})


@pytest.fixture
def closed() -> Iterator[list[StandIn]]:
    sessions: list[StandIn] = []
    yield sessions
    for s in sessions:
        s.files.close()
        s.store.close()


def _said(status: CaseStatus) -> str:
    return messages.render(DomainError("task.case_past_review", case_code=demo().fresh_cases[0],
                                       current=status.value), "en")


@pytest.mark.parametrize("status", [CaseStatus.ISSUED, CaseStatus.DECIDED,
                                    CaseStatus.ARCHIVED])
def test_an_opinion_on_a_decided_case_is_not_reopened(
        qtbot: QtBot, tmp_path: Path, closed: list[StandIn], status: CaseStatus) -> None:
    session = _session(tmp_path, status, TaskStatus.OPINION_GIVEN)
    closed.append(session)
    detail = open_detail(qtbot, session)
    why = _said(status)
    assert not detail.reopen.isEnabled()
    assert detail.reopen.toolTip() == plain_tooltip(why)
    detail.show_page(detail.opinion_panel)
    assert not detail.give_opinion.isEnabled()
    assert detail.opinion_panel.waiting.text() == why
    qtbot.mouseClick(detail.reopen, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert outbox(session) == []
    # Asked of the store directly (the inbox's bulk actions, a re-applied conflict): refused.
    with pytest.raises(DomainError) as refused:
        queue(session.store, fresh_task()[2], "task.reopen", fresh_task()[0], {})
    assert refused.value.code == "task.case_past_review"
    assert outbox(session) == []


def test_a_refused_acceptance_leaves_no_task_step(
        qtbot: QtBot, tmp_path: Path, closed: list[StandIn]) -> None:
    session = _session(tmp_path, CaseStatus.NOT_ACCEPTED, TaskStatus.IN_REVIEW)
    closed.append(session)
    detail = open_detail(qtbot, session)
    why = plain_tooltip(_said(CaseStatus.NOT_ACCEPTED))
    for button in (detail.claim, detail.release, detail.reopen, detail.hand_over,
                   detail.give_opinion, detail.correction.send, detail.request_inspection):
        assert not button.isEnabled(), button.objectName()
    assert detail.release.toolTip() == why and detail.claim.toolTip() == why
    assert detail.request_inspection.toolTip() == why  # no site visit for a refused case
    assert detail.give_opinion.toolTip() == why


def test_a_case_awaiting_its_decision_may_reopen_until_a_pull_says_decided(
        qtbot: QtBot, tmp_path: Path, closed: list[StandIn]) -> None:
    session = _session(tmp_path, CaseStatus.DECIDING, TaskStatus.OPINION_GIVEN)
    closed.append(session)
    detail = open_detail(qtbot, session)
    assert detail.reopen.isEnabled() and detail.reopen.toolTip() == ""
    # Issued meanwhile (a sync the detail has not shown yet): the press queues nothing.
    with session.store.read() as uow:
        case = uow.cases.get(demo().fresh_cases[0])
    assert case is not None
    session.store.apply_confirmed([dataclasses.replace(case, status=CaseStatus.ISSUED,
                                                       version=case.version + 1)])
    qtbot.mouseClick(detail.reopen, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert detail.message.text() == _said(CaseStatus.ISSUED)
    assert outbox(session) == []
    assert not detail.reopen.isEnabled()
