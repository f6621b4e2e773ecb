"""Before the opinion is queued, the reviewer is warned of an overdue deferred material.

The last review: a department gave its opinion while a material it had
accepted as deferred (容缺, 3.5) was past its due date, and nothing said so.
At acceptance the applicant was told the limit and what happens when it is
late (9.3.6): the opinion is the department's call, but asked in words first.
Over the demo store of ``test_inbox_detail``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from test_inbox_detail import (  # noqa: F401 - session: the fixture
    TODAY,
    StandIn,
    checks_recorded,
    claim,
    fresh_task,
    open_detail,
    outbox,
    session,
    settle,
)

from backoffice.domain import clock
from backoffice.domain.model import DeferredMaterial
from ui.inbox.detail import TaskDetail


def _opinions(s: StandIn) -> list[str]:
    return [kind for kind, *_ in outbox(s) if kind == "task.give_opinion"]


def _press(qtbot: QtBot, detail: TaskDetail) -> QMessageBox:
    detail.show_page(detail.give_opinion)
    qtbot.mouseClick(detail.give_opinion, Qt.MouseButton.LeftButton)
    def shown() -> list[QMessageBox]:
        return [b for b in detail.findChildren(QMessageBox, "opinionOverdueDeferred")
                if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def test_an_overdue_deferred_material_is_said_before_the_opinion(
        qtbot: QtBot, session: StandIn) -> None:  # noqa: F811
    _, department, _ = fresh_task()
    detail = open_detail(qtbot, session)
    claim(qtbot, detail)
    checks_recorded(qtbot, detail)
    assert detail.snapshot is not None
    due = clock.today() - dt.timedelta(days=2)
    session.store.apply_confirmed([DeferredMaterial(
        "D-late", detail.snapshot.case.case_code, "健康证明", "承诺于期限内补交", TODAY - dt.timedelta(days=30),
        due, department_code=department, version=1)])
    detail.reload()
    settle(qtbot, detail)
    detail.opinion.setPlainText("同意。")

    box = _press(qtbot, detail)
    assert "健康证明" in box.text() and due.isoformat() in box.text()
    assert "due date has passed" in box.text()
    assert _opinions(session) == []  # asked first: nothing queued yet
    box.button(QMessageBox.StandardButton.Cancel).click()
    settle(qtbot, detail)
    assert _opinions(session) == [] and detail.opinion.toPlainText() == "同意。"

    box = _press(qtbot, detail)
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, detail)
    assert _opinions(session) == ["task.give_opinion"]
