"""Colleagues by name: the assignee column, the hand-over list and the case header.

The list showed logins (``zj.jl.reviewer1``), the hand-over list had
``name (login)`` with a half-width bracket while the transfer menu had
``name（login）``. The names come from the department's staff list the sync
keeps (``sync_state``); real stores, real widgets.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_inbox_claims import THEIRS, _give_roles, store, workspace  # noqa: F401 - fixtures
from test_inbox_detail import StandIn, open_detail
from test_inbox_detail_holder import colleague, keep_staff, taken  # noqa: F401 - fixture
from test_main_window import chinese  # noqa: F401 - the fixture

from backoffice.store import Store
from ui.inbox.list_format import Column
from ui.inbox.workspace import InboxWorkspace
from ui.widgets.plain import plain_tooltip


def test_the_assignee_column_names_the_colleague_with_the_login_in_the_tooltip(
        qtbot: QtBot, store: Store, workspace: InboxWorkspace) -> None:  # noqa: F811
    _give_roles(store, ["reviewer"])  # lijun is 李军 in the staff list
    model = workspace.list.model
    workspace.list.bulk.load_departments()
    row = model.row_of(THEIRS)
    assert row is not None
    cell = model.index(row, Column.ASSIGNEE)
    qtbot.waitUntil(lambda: model.data(cell) == "李军", timeout=10_000)
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole) == plain_tooltip("lijun")


@pytest.mark.usefixtures("chinese")
def test_colleagues_are_named_in_one_form_in_chinese(qtbot: QtBot,
                                                    taken: StandIn) -> None:  # noqa: F811
    keep_staff(taken, my_roles=["coordinator", "reviewer"])
    detail = open_detail(qtbot, taken)
    username, name = colleague()
    combo = detail.colleague
    texts = [combo.itemText(n) for n in range(combo.count())]
    assert f"{name}（{username}）" in texts, texts  # as the transfer menu says it
    # The header says who has the task by name.
    status = detail.header.values["taskStatus"].text()
    assert f"{name}（{username}）" in status, status
    detail.wait()
