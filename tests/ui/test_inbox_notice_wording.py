"""The correction notice panel's words: one department waiting is said as one, the reader's
own as "your department"; no notice yet is a muted line in the empty list, not a row.

"{departments} are still reviewing their materials" read "Fire Department are ... their"
for one department, and named the reader's own department as if it were another's; "No
correction notice yet" was a row that could be chosen, as if it were a notice.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_inbox_case_actions import (  # noqa: F401 - the fixture
    StandIn,
    code,
    demo,
    draft,
    lead,
    lead_and_other,
    lead_detail,
    reviewed,
    tab,
    two_departments,
)

from backoffice.domain.states import TaskStatus


def _unclaimed(session: StandIn, department: str) -> None:
    with session.store.read() as uow:
        task = next(t for t in uow.tasks.for_case(code()) if t.department_code == department)
    session.store.apply_confirmed([dataclasses.replace(
        task, status=TaskStatus.UNCLAIMED, assignee=None, version=task.version + 1)])


def test_the_readers_own_department_is_your_department(qtbot: QtBot, lead: StandIn) -> None:  # noqa: F811
    lead.store.apply_confirmed([draft(*two_departments())])
    reviewed(lead)
    _unclaimed(lead, lead_and_other()[0])
    detail = lead_detail(qtbot, lead)
    waiting = detail.case_actions.issue.waiting
    tab(detail, waiting)
    assert waiting.text().startswith(
        "Not yet: your department is still reviewing its materials"), waiting.text()


def test_one_other_department_is_said_as_one(qtbot: QtBot, lead: StandIn) -> None:  # noqa: F811
    lead.store.apply_confirmed([draft(*two_departments())])
    reviewed(lead)
    other = lead_and_other()[1]
    _unclaimed(lead, other)
    detail = lead_detail(qtbot, lead)
    waiting = detail.case_actions.issue.waiting
    tab(detail, waiting)
    name = next(d.name for d in demo().departments if d.code == other)
    assert waiting.text().startswith(
        f"Not yet: {name} is still reviewing its materials"), waiting.text()


def test_no_notice_yet_is_no_row(qtbot: QtBot, lead: StandIn) -> None:  # noqa: F811
    detail = lead_detail(qtbot, lead)
    correction = detail.correction
    tab(detail, correction.notices)
    QApplication.processEvents()
    assert correction.notices.topLevelItemCount() == 0
    assert correction.no_notice.isVisible()
    assert correction.no_notice.text() == "No correction notice yet"
    assert correction.notices.accessibleDescription() == "No correction notice yet"
    lead.store.apply_confirmed([draft(*two_departments())])
    detail = lead_detail(qtbot, lead)
    tab(detail, detail.correction.notices)
    assert detail.correction.notices.topLevelItemCount() == 1
    assert not detail.correction.no_notice.isVisible()
