"""Items added to the draft notice while checks are pending: the review goes on.

The QA's repro (flow11): a department added its failing check to the draft
with 14 of its 15 checks pending; its task went to "awaiting the applicant"
though nothing had gone out, the next verdict was refused with "claim the
task first" under a header saying it was claimed, and Release was off. The
notice is only a draft: the task stays in review, verdicts are taken and more
items can be added; the panel says so beside the button rather than inviting
to send. Offline over the demo store of ``test_inbox_detail``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import (
    StandIn,
    claim,
    fresh_task,
    make_session,
    open_detail,
    outbox,
    press,
    settle,
)

from backoffice.domain.states import TaskStatus
from ui.inbox.detail import TaskDetail


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path)
    yield s
    s.files.close()
    s.store.close()


def _fail_legality(qtbot: QtBot, detail: TaskDetail, row: int, note: str) -> None:
    tree = detail.materials.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(row))
    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_F)
    qtbot.keyClicks(detail.materials.note, note)
    press(qtbot, Qt.Key.Key_Return)
    settle(qtbot, detail)


def test_the_department_reviews_on_after_adding_items(qtbot: QtBot, session: StandIn) -> None:
    task_id, _, user = fresh_task()
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    assert detail.snapshot is not None
    materials = detail.snapshot.materials
    assert not materials[2].from_shared_platform and not materials[0].from_shared_platform
    _fail_legality(qtbot, detail, 2, "seal missing")

    # Checks are pending: the panel says items wait in the draft and more can follow.
    pending = detail.correction.pending
    assert not pending.isHidden()
    assert pending.text().startswith(f"{len(materials)} of our materials still have checks")
    assert "can add more items later" in pending.text()
    qtbot.mouseClick(detail.correction.send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    assert outbox(session)[-1][0] == "task.request_correction"
    assert detail.snapshot.task.status == TaskStatus.IN_REVIEW
    assert detail.snapshot.task.assignee == user
    assert detail.release.isEnabled()

    # The next verdict is taken, and what it finds is proposed for the same draft.
    _fail_legality(qtbot, detail, 0, "copy unreadable")
    assert "Claim the task" not in detail.message.text()
    assert outbox(session)[-1][:2] == ("material.verdict", materials[0].id)
    proposed = detail.correction.proposed
    names = [proposed.topLevelItem(i).text(0) for i in range(proposed.topLevelItemCount())]
    assert materials[0].name in names
    assert detail.correction.send.isEnabled()
    qtbot.mouseClick(detail.correction.send, Qt.MouseButton.LeftButton)
    settle(qtbot, detail)
    kinds = [q[0] for q in outbox(session)]
    assert kinds.count("task.request_correction") == 2
    assert all(q[1] == task_id for q in outbox(session) if q[0].startswith("task."))
