"""Give opinion only on a task in review, saying why elsewhere.

Pressed on a task whose clock is suspended or whose opinion is given, Give
opinion got the state machine's refusal ("The review task is “clock
suspended”, where “give the opinion” … is not allowed"): it is disabled
there now with a plain sentence beside it and in its tooltip. Real detail
over the demo store (``test_inbox_detail``'s stand-in session).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, fresh_task, make_session, open_detail, outbox, settle

from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus


@pytest.fixture(params=[
    (TaskStatus.SUSPENDED, "The clock is suspended for a special procedure: resume it first."),
    (TaskStatus.OPINION_GIVEN, "The opinion is given; reopen the review to change it."),
])
def stopped(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[StandIn, str]]:
    status, why = request.param

    def change(task: ReviewTask) -> ReviewTask:
        return dataclasses.replace(task, status=status, assignee=fresh_task()[2])

    s = make_session(tmp_path, change={"ReviewTask": change})
    yield s, why
    s.files.close()
    s.store.close()


def test_give_opinion_is_only_for_a_task_in_review(
        qtbot: QtBot, stopped: tuple[StandIn, str]) -> None:
    session, why = stopped
    detail = open_detail(qtbot, session)
    detail.show_page(detail.opinion_panel)
    assert not detail.give_opinion.isEnabled()
    assert why in detail.give_opinion.toolTip()
    assert detail.opinion_panel.waiting.isVisible()
    assert detail.opinion_panel.waiting.text() == why
    detail.opinion.setPlainText("No objection.")
    detail.give_opinion.click()
    settle(qtbot, detail)
    assert outbox(session) == [] and not detail.message.isVisible()


def test_give_opinion_on_an_unclaimed_task_says_claim_first(qtbot: QtBot, tmp_path: Path) -> None:
    s = make_session(tmp_path)
    try:
        detail = open_detail(qtbot, s)
        assert detail.snapshot is not None
        assert detail.snapshot.task.status == TaskStatus.UNCLAIMED
        assert not detail.give_opinion.isEnabled()
        assert "Claim the task first to give the opinion." in detail.give_opinion.toolTip()
    finally:
        s.files.close()
        s.store.close()
