"""The task's Departments tab names people, and says who did what to a field part.

QA: the tab (部门办理进度) showed login ids, and an inspection part's
inspector appeared under 审核人 (reviewer). People are now named from the
department's kept staff list (another department's, not in it, stay by
login), and a part's cell says whether its person confirmed or recorded it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot
from test_detail_review_edits import keep_colleagues
from test_inbox_detail import StandIn, demo, fresh_task, make_session, open_detail

from backoffice.domain.inspections import InspectionPart, InspectionResult
from backoffice.domain.model import Inspection
from backoffice.domain.states import InspectionStatus

NOW = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    task_id, department, _ = fresh_task()
    colleague = next(u for u in demo().users
                     if u.department_code == department and "reviewer" in u.roles
                     and u.username != fresh_task()[2])

    def claimed(task: object) -> object:
        if getattr(task, "id", None) == task_id:
            return dataclasses.replace(task, assignee=colleague.username)  # type: ignore[type-var]
        return task

    s = make_session(tmp_path, change={"ReviewTask": claimed})
    keep_colleagues(s.store, department)
    yield s
    s.files.close()
    s.store.close()


def _joint(s: StandIn, inspector: str, stranger: str) -> None:
    """A recorded joint inspection: our part confirmed by ``inspector``, the other's
    saved (not confirmed) by ``stranger`` of the other department."""
    code = demo().fresh_cases[0]
    mine = s.account.department_code
    other = next(t.department_code for t in demo().tasks
                 if t.case_code == code and t.department_code != mine)
    inspection = Inspection("insp-1", code, mine, (mine, other), "长春市南关区人民大街 1 号",
                            status=InspectionStatus.RECORDED, inspectors=(inspector,),
                            version=1)
    parts = [InspectionPart(f"insp-1--{mine}", "insp-1", code, mine, recorded_by=inspector,
                            confirmed_by=inspector, confirmed_at=NOW,
                            result=InspectionResult.PASS, version=1),
             InspectionPart(f"insp-1--{other}", "insp-1", code, other, recorded_by=stranger,
                            version=1)]
    s.store.apply_confirmed([inspection, *parts], cursor="c2")


def test_people_are_named_and_a_part_says_who_confirmed_or_recorded_it(
        qtbot: QtBot, session: StandIn) -> None:
    mine = session.account.department_code
    people = {u.username: u.display_name for u in demo().users if u.department_code == mine}
    inspector = next(u.username for u in demo().users
                     if u.department_code == mine and "inspector" in u.roles)
    _joint(session, inspector, "someone.elsewhere")
    detail = open_detail(qtbot, session)
    tree = detail.progress
    assert tree.headerItem().text(2) == "Handled by"
    rows = [r for r in map(tree.topLevelItem, range(tree.topLevelItemCount())) if r is not None]
    own = rows[0]  # our own task first, claimed by a colleague
    with session.store.read() as uow:
        assignee = next(t.assignee for t in uow.tasks.for_case(demo().fresh_cases[0])
                        if t.department_code == mine)
    assert own.text(2) == f"{people[assignee]} ({assignee})", own.text(2)
    (joint,) = [r for r in rows if r.childCount()]
    parts: list[QTreeWidgetItem] = [joint.child(n) for n in range(joint.childCount())]
    texts = sorted(p.text(2) for p in parts)
    assert texts == sorted([f"confirmed by {people[inspector]} ({inspector})",
                            "recorded by someone.elsewhere"]), texts
    detail.wait()
