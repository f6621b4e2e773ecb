"""The Departments tab: another department's material count is unknown here, never 0.

The platform sends a department only its own materials (and no count of the
others'), as the sync stores them: the store here holds the demo records
without the other departments' materials.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_detail import StandIn, demo, make_session, open_detail


@pytest.fixture
def session(tmp_path: Path) -> Iterator[StandIn]:
    s = make_session(tmp_path)
    mine = s.account.department_code
    code = demo().fresh_cases[0]
    with s.store.read() as uow:
        theirs = [m.id for m in uow.materials.for_case(code) if m.department_code != mine]
    assert theirs  # the demo case has other departments' materials to leave out
    s.store.apply_confirmed([], removed=[("material", i) for i in theirs])
    yield s
    s.files.close()
    s.store.close()


def test_other_departments_material_counts_are_unknown_not_zero(
        qtbot: QtBot, session: StandIn) -> None:
    detail = open_detail(qtbot, session)
    mine = session.account.department_code
    own = [m for m in demo().materials
           if m.case_code == demo().fresh_cases[0] and m.department_code == mine]
    tree = detail.progress
    rows = [r for r in map(tree.topLevelItem, range(tree.topLevelItemCount())) if r is not None]
    assert len(rows) == tree.topLevelItemCount() > 1
    assert rows[0].text(3) == str(len(own)) and len(own) > 0  # our own row comes first
    for row in rows[1:]:
        assert row.text(3) == "—"
        assert "unknown" in row.toolTip(3)
    assert rows[0].data(3, Qt.ItemDataRole.ToolTipRole) in (None, "")
    detail.wait()
