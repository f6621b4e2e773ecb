"""A task a colleague has claimed: not ours to release or hand over, unless we coordinate.

Offline over a real store from the demo generator (the fixtures of
``test_inbox_detail``); the department's staff list is kept the way the sync
keeps it (``sync_state``), roles included.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, demo, fresh_task, make_session, open_detail

from backoffice.domain.model import ReviewTask
from backoffice.domain.states import TaskStatus
from backoffice.sync.colleagues import COLLEAGUES_KEY


def colleague() -> tuple[str, str]:
    """(username, display name) of another reviewer of the fresh task's department."""
    _, department, me = fresh_task()
    user = next(u for u in demo().users if u.department_code == department
                and "reviewer" in u.roles and u.username != me)
    return user.username, user.display_name


def claimed_by_colleague(task: ReviewTask) -> ReviewTask:
    return dataclasses.replace(task, status=TaskStatus.IN_REVIEW, assignee=colleague()[0])


def keep_staff(s: StandIn, *, my_roles: list[str]) -> None:
    _, department, me = fresh_task()
    raw = [{"username": u.username, "display_name": u.display_name,
            "roles": my_roles if u.username == me else list(u.roles)}
           for u in demo().users if u.department_code == department]
    with s.store.write() as uow:
        uow.sync_state.set(COLLEAGUES_KEY, json.dumps(raw, ensure_ascii=False))


@pytest.fixture
def taken(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path, change={"ReviewTask": claimed_by_colleague})
    yield s
    s.files.close()
    s.store.close()


def test_a_colleagues_task_cannot_be_released_or_handed_over(qtbot: QtBot,
                                                             taken: StandIn) -> None:
    keep_staff(taken, my_roles=["reviewer"])
    detail = open_detail(qtbot, taken)
    assert detail.snapshot is not None and detail.snapshot.task.status == TaskStatus.IN_REVIEW
    assert not detail.release.isEnabled() and not detail.hand_over.isEnabled()
    assert not detail.colleague.isEnabled()
    username, name = colleague()
    assert f"{name} ({username}) has this task" in detail.release.toolTip()
    assert detail.hand_over.toolTip() == detail.release.toolTip()
    detail.wait()


def test_a_coordinator_may_release_a_colleagues_task(qtbot: QtBot, taken: StandIn) -> None:
    keep_staff(taken, my_roles=["coordinator", "reviewer"])
    detail = open_detail(qtbot, taken)
    assert detail.release.isEnabled() and detail.hand_over.isEnabled()
    assert detail.release.toolTip() == "" and detail.hand_over.toolTip() == ""
    detail.wait()


def test_ones_own_task_can_be_released(qtbot: QtBot, tmp_path: Path) -> None:
    _, _, me = fresh_task()

    def mine(task: ReviewTask) -> ReviewTask:
        return dataclasses.replace(task, status=TaskStatus.IN_REVIEW, assignee=me)

    s = make_session(tmp_path, change={"ReviewTask": mine})
    try:
        keep_staff(s, my_roles=["reviewer"])
        detail = open_detail(qtbot, s)
        assert detail.release.isEnabled() and detail.hand_over.isEnabled()
        assert detail.release.toolTip() == ""
        detail.wait()
    finally:
        s.files.close()
        s.store.close()
