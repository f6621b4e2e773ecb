"""The field list says whose inspections it lists: "Inspections you take part in", then
"Other inspections of your department" ("Yours" and "Your department's others" said not
what of theirs).

The heading read "Your confirmed inspections" above the department's other
confirmed inspections too (a colleague may fill in the form the inspector
confirms). Over a real store synced with the sandbox: the same confirmed
inspection seen by the inspector on its team and by a colleague who is not.
Like the planner's list, a narrow field list elides its lines, no sideways scrolling.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspections.joint import joint_case, staff
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter
from pytestqt.qtbot import QtBot
from support.sync_env import department_of
from test_field import on_site  # noqa: F401 - the fixture
from test_planner import SLOW, StandIn, device, sandbox  # noqa: F401 - fixtures

from backoffice.sync.accounts import Account
from backoffice.sync.files import FileCache
from ui.planner.workspace import PlannerWorkspace
from ui.widgets.plain import PlainLabel


def _rows(workspace: PlannerWorkspace) -> list[tuple[str, bool]]:
    """The field list's lines: (first line, choosable)."""
    items = [workspace.field.inspections.item(n)
             for n in range(workspace.field.inspections.count())]
    return [(item.text().split("\n")[0], bool(item.flags() & Qt.ItemFlag.ItemIsSelectable))
            for item in items]


def test_the_field_list_groups_yours_and_your_departments_others(
    qtbot: QtBot, device: Any, tmp_path: Path  # noqa: F811 - the fixture
) -> None:
    joint = joint_case(device)
    inspection = joint.confirmed()
    dept = joint.other_dept
    goer = next(u for u in inspection.inspectors if department_of(u) == dept)
    colleague = staff(dept, "reviewer")
    assert colleague not in inspection.inspectors
    files = FileCache(tmp_path / "files")
    for user, heading in ((goer, "Inspections you take part in"),
                          (colleague, "Other inspections of your department")):
        session = StandIn(joint.other, files, dept)
        session.account = Account("https://platform.test", user, user, dept, dept)
        workspace = PlannerWorkspace(session, lang="en")
        qtbot.addWidget(workspace)
        workspace.show()
        field = workspace.field
        workspace.tabs.setCurrentWidget(field)
        qtbot.waitUntil(lambda f=field: f.part is not None, timeout=SLOW)  # type: ignore[misc]
        labels = [w.text() for w in field.findChildren(PlainLabel)]
        assert "Your confirmed inspections" not in labels and "Confirmed inspections" in labels
        assert _rows(workspace) == [(heading, False), (inspection.case_code, True)], user
        assert field.inspection is not None and field.inspection.id == inspection.id
        assert field.inspections.currentRow() == field.row_of(inspection.id) == 1
        workspace.close_session()
    files.close()


def test_a_narrow_field_list_elides_its_lines(
    qtbot: QtBot, on_site: tuple[PlannerWorkspace, Any]  # noqa: F811 - the fixture
) -> None:
    workspace, _engine = on_site
    workspace.resize(1366, 700)
    field = workspace.field
    splitter = field.findChild(QSplitter)
    assert splitter is not None
    splitter.setSizes([120, 1200])  # narrower than the site's address
    QApplication.processEvents()
    listed = field.inspections
    row = field.row_of(field.found[0].id)
    item = listed.item(row)
    assert listed.fontMetrics().horizontalAdvance(
        max(item.text().splitlines(), key=len)) > listed.viewport().width()
    assert listed.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    assert listed.visualItemRect(item).width() <= listed.viewport().width()
    assert item.toolTip() == field.found[0].site_address  # whole, where it is elided
