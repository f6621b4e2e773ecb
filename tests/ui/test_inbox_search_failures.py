"""What the list shows for a search it cannot run: control characters, and a read that fails.

A NUL pasted into the search box separates terms like a space (the store's
search never hands it to SQLite). A list read that fails anyway is said in
place of the count, and a new query's failure empties the table: the old
rows under the new search text would pass for its result.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inbox_list_env import shown_workspace
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import open_seeded

from backoffice.store import Store
from ui.inbox.model import InboxModel
from ui.inbox.view import InboxList
from ui.settings import Settings

N_CASES = 30


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_seeded(tmp_path / "store.sqlite", N_CASES)
    yield s
    s.close()


@pytest.fixture
def inbox(qtbot: QtBot, store: Store, settings: Settings) -> Iterator[InboxList]:
    w = shown_workspace(qtbot, store, settings, N_CASES)
    yield w.list
    w.close_session()


def search(qtbot: QtBot, lst: InboxList, text: str) -> InboxModel:
    with qtbot.waitSignal(lst.model.queryApplied, timeout=10_000):
        lst.search.setText(text)
        QTest.keyClick(lst.search, Qt.Key.Key_Return)
    return lst.model


def shown(model: InboxModel) -> list[str]:
    rows = [model.row(r) for r in range(model.rowCount())]
    assert all(r is not None for r in rows)  # read, not "…"
    return [r.task_id for r in rows if r is not None]


def test_a_nul_in_the_search_box_separates_terms(qtbot: QtBot, inbox: InboxList) -> None:
    found = shown(search(qtbot, inbox, "王芳"))
    assert 0 < len(found) < N_CASES
    assert shown(search(qtbot, inbox, "王芳\x00")) == found
    assert inbox.total.text() == f"{len(found)} tasks"
    assert shown(search(qtbot, inbox, "餐饮\x00有限")) == shown(search(qtbot, inbox, "餐饮 有限"))
    everything = shown(search(qtbot, inbox, "\x00"))  # nothing but a separator: no search
    assert len(everything) == N_CASES and inbox.total.text() == f"{N_CASES} tasks"
    assert inbox.model.failure == ""


def test_a_list_that_cannot_be_read_says_so_and_keeps_no_old_rows(
        qtbot: QtBot, inbox: InboxList, store: Store) -> None:
    assert len(shown(search(qtbot, inbox, "王芳"))) > 0
    store.close()  # every read now fails (store.closed)
    model = search(qtbot, inbox, "李伟")
    assert model.rowCount() == 0  # not 王芳's rows under 李伟
    assert model.failure.startswith("The list could not be read: ")
    assert inbox.total.text() == model.failure
    # A refresh of the list that fails says so too.
    model.failure = ""
    with qtbot.waitSignal(model.countChanged, timeout=10_000):
        model.refresh()
    assert inbox.total.text().startswith("The list could not be read")
