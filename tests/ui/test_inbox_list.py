"""The inbox workspace's list: quick filters, search, saved views, bulk actions, keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QSplitter,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import (
    FIRE,
    MSA,
    TODAY,
    StandInSession,
    add,
    make_case,
    make_task,
    open_seeded,
)

from backoffice.domain.model import Department
from backoffice.domain.states import TaskStatus
from backoffice.store import Store
from backoffice.store.inbox_views import QuickFilter
from backoffice.sync.status import SyncState, SyncStatus
from ui.inbox.filters import button_name, load_views
from ui.inbox.list_format import Column
from ui.inbox.model import TASK_ID_ROLE, InboxModel
from ui.inbox.table import InboxView
from ui.inbox.view import InboxList
from ui.inbox.workspace import InboxWorkspace
from ui.settings import Settings


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_seeded(tmp_path / "store.sqlite", 60)
    yield s
    s.close()


@pytest.fixture
def workspace(qtbot: QtBot, store: Store, settings: Settings) -> Iterator[InboxWorkspace]:
    session = StandInSession(store)
    w = InboxWorkspace(session, lang="zh", settings=settings, today=TODAY,  # type: ignore[arg-type]
                       with_detail=False)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.model.rowCount() == 60, timeout=10_000)
    qtbot.waitUntil(lambda: w.list.filters.count(QuickFilter.MINE) is not None, timeout=10_000)
    yield w
    w.close_session()


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying Chinese text, as an input method delivers them.

    (QTest.keyClicks aborts on characters outside Latin-1.)
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, ch))


def model_of(w: InboxWorkspace) -> InboxModel:
    model = w.list.model
    assert isinstance(model, InboxModel)
    return model


def test_object_names(workspace: InboxWorkspace) -> None:
    for name in ("inboxSearch",):
        assert workspace.findChild(QLineEdit, name) is not None
    assert isinstance(workspace.findChild(InboxView, "inboxView"), InboxView)
    assert workspace.findChild(QComboBox, "inboxSavedViews") is not None
    assert workspace.findChild(QSplitter, "inboxSplitter") is not None
    assert workspace.objectName() == "inboxWorkspace"
    filters = workspace.findChild(object, "inboxFilters")
    assert filters is not None
    for quick in QuickFilter:
        assert workspace.findChild(QToolButton, button_name(quick)) is not None


def test_quick_filters_show_live_counts_and_filter(qtbot: QtBot, workspace: InboxWorkspace,
                                                   store: Store) -> None:
    bar = workspace.list.filters
    # 60 tasks, statuses cycle U, IR, U, AA, U: 36 unclaimed, 12 awaiting the applicant
    assert bar.count(QuickFilter.UNCLAIMED) == 36
    assert bar.count(QuickFilter.AWAITING_APPLICANT) == 12
    assert bar.buttons[QuickFilter.UNCLAIMED].text() == "Unclaimed (36)"
    mine = bar.count(QuickFilter.MINE)
    assert mine is not None and mine > 0
    model = model_of(workspace)
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        bar.buttons[QuickFilter.UNCLAIMED].click()
    assert model.rowCount() == 36
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        bar.buttons[QuickFilter.OVERDUE].click()  # combined: unclaimed AND overdue
    assert model.rowCount() == bar_count_both(store)
    # a sync changes the counts: the list re-counts and refreshes in place
    from test_inbox_fixtures import add
    add(store, range(61, 66))
    session = workspace.session
    session.statusChanged.emit(SyncStatus())  # type: ignore[attr-defined]
    session.statusChanged.emit(SyncStatus(last_success=_now()))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bar.count(QuickFilter.UNCLAIMED) == 39, timeout=10_000)


def test_the_count_says_still_receiving_from_a_pulls_second_page_to_its_end(
    qtbot: QtBot, workspace: InboxWorkspace
) -> None:
    session = workspace.session
    total = workspace.list.total
    session.statusChanged.emit(SyncStatus(state=SyncState.SYNCING))  # type: ignore[attr-defined]
    # An everyday pull, one page: the label stays as it is (no flicker).
    session.syncProgressed.emit(SyncStatus(state=SyncState.SYNCING, received=3))  # type: ignore[attr-defined]
    # Then the round's prefetch: files are not pages, the rows stay the same.
    for files in (16, 32):
        session.syncProgressed.emit(  # type: ignore[attr-defined]
            SyncStatus(state=SyncState.SYNCING, received=3, files_fetched=files))
    assert total.text() == "60 tasks"
    session.statusChanged.emit(SyncStatus(last_success=_now()))  # type: ignore[attr-defined]
    # A long pull: from its second page until the round ends.
    session.statusChanged.emit(SyncStatus(state=SyncState.SYNCING))  # type: ignore[attr-defined]
    for received in (5000, 10000):
        session.syncProgressed.emit(SyncStatus(state=SyncState.SYNCING, received=received))  # type: ignore[attr-defined]
    assert total.text() == "60 tasks (still receiving)"
    session.statusChanged.emit(SyncStatus(last_success=_now()))  # type: ignore[attr-defined]
    assert total.text() == "60 tasks"


def bar_count_both(store: Store) -> int:
    from backoffice.store import TaskQuery
    from backoffice.store import inbox_views as views
    from ui.inbox.list_rows import quick_context
    ctx = quick_context("wangfang", store.calendar, 1, TODAY)
    with store.read() as uow:
        return views.count(uow.session, TaskQuery("MSA-220100"),
                           {QuickFilter.UNCLAIMED, QuickFilter.OVERDUE}, ctx)


def _now() -> object:
    import datetime as dt
    return dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(("term", "expected"), [("餐", 6), ("餐饮", 6), ("餐饮有", 6),
                                                ("王芳", 12), ("芳", 12), ("长春味道", 6)])
def test_search_as_you_type_finds_chinese_of_any_length(
        qtbot: QtBot, workspace: InboxWorkspace, term: str, expected: int) -> None:
    model = model_of(workspace)
    search = workspace.findChild(QLineEdit, "inboxSearch")
    assert search is not None
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        type_text(search, term)  # debounced: one query after the last key
    qtbot.waitUntil(lambda: model.query.query.text == term, timeout=10_000)
    qtbot.waitUntil(lambda: model.rowCount() == expected, timeout=10_000)


def test_saved_view_remembers_filter_search_sort_and_columns(
        qtbot: QtBot, workspace: InboxWorkspace, settings: Settings) -> None:
    lst, model = workspace.list, model_of(workspace)
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.view.horizontalHeader().setSortIndicator(Column.CASE_CODE,
                                                     Qt.SortOrder.DescendingOrder)
    lst.view.setColumnHidden(Column.OTHERS, True)
    lst.save_view("我的待认领")
    (saved,) = load_views(settings, lst.saved.owner)
    assert saved.name == "我的待认领" and saved.quick == ("unclaimed",)
    assert saved.sort == "case_code" and saved.descending and saved.hidden == (Column.OTHERS,)
    # back to everything, then the saved view again
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    lst.view.setColumnHidden(Column.OTHERS, False)
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.apply_view(saved)
    assert model.rowCount() == 36 and lst.view.isColumnHidden(Column.OTHERS)
    assert lst.filters.buttons[QuickFilter.UNCLAIMED].isChecked()
    assert model.data(model.index(0, Column.CASE_CODE)) == "220100-2025-000060"


def test_bulk_claim_queues_each_and_keeps_the_refused_selected(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    lst, model = workspace.list, model_of(workspace)
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.view.horizontalHeader().setSortIndicator(Column.CASE_CODE,
                                                     Qt.SortOrder.AscendingOrder)
    # cases 1, 2, 4: in review (claim refused), unclaimed, unclaimed
    selection = lst.view.selectionModel()
    for row in (1, 3, 0):
        selection.select(model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    bulk = lst.bulk
    bulk.claim.click()
    assert bulk.busy and not bulk.claim.isEnabled()
    bulk.claim.click()  # no double submit
    qtbot.waitUntil(lambda: not bulk.busy, timeout=10_000)
    assert [e.command.entity_id for e in store.pending_commands()] == ["T-000002", "T-000004"]
    assert workspace.session.local_actions == 1  # type: ignore[attr-defined]
    assert [i.row() for i in lst.view.selectionModel().selectedRows()] == [0]
    assert model.data(model.index(1, Column.RESULT)) == "Queued — sent at the next sync"
    assert model.data(model.index(0, Column.RESULT)).startswith("Refused: ")
    assert "已认领" in model.data(model.index(0, Column.RESULT))  # who holds it, not the state
    assert model.data(model.index(1, Column.ASSIGNEE)) == "wangfang"
    assert bulk.status.text() == "2 queued — sent at the next sync; 1 refused."
    # the platform confirms one later: the row says so after the next refresh
    store.confirm_command(store.pending_commands()[0].command.id)
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        lst.refresh()
    assert model.data(model.index(1, Column.RESULT)) == "Applied by the platform"
    assert model.data(model.index(3, Column.RESULT)) == "Queued — sent at the next sync"


def test_keyboard_ctrl_f_search_and_tab_order(qtbot: QtBot, workspace: InboxWorkspace) -> None:
    lst = workspace.list
    workspace.activateWindow()
    lst.view.setFocus()
    qtbot.waitUntil(lambda: lst.view.hasFocus(), timeout=5_000)
    qtbot.keyClick(lst.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: lst.search.hasFocus(), timeout=5_000)
    type_text(lst.search, "王芳")
    qtbot.keyClick(lst.search, Qt.Key.Key_Return)  # search now and go to the list
    qtbot.waitUntil(lambda: lst.view.hasFocus(), timeout=5_000)
    qtbot.keyClick(lst.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: lst.search.hasFocus(), timeout=5_000)
    qtbot.keyClick(lst.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is lst.saved.combo
    # the quick filters take focus with Tab too
    assert all(b.focusPolicy() == Qt.FocusPolicy.StrongFocus
               for b in lst.filters.buttons.values())


def _selected_ids(lst: InboxList) -> set[str]:
    return {lst.model.data(i, TASK_ID_ROLE) for i in lst.view.selectionModel().selectedRows()}


def _select(lst: InboxList, ids: list[str], current: str) -> None:
    model, selection = lst.model, lst.view.selectionModel()
    selection.clearSelection()
    for task_id in ids:
        row = model.row_of(task_id)
        assert row is not None
        selection.select(model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    row = model.row_of(current)
    assert row is not None
    selection.setCurrentIndex(model.index(row, Column.APPLICANT),
                              selection.SelectionFlag.NoUpdate)


def test_selection_follows_the_tasks_not_the_rows_after_a_refresh(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    lst, model = workspace.list, model_of(workspace)
    _select(lst, ["T-000004", "T-000009"], current="T-000009")
    rows_before = {model.row_of("T-000004"), model.row_of("T-000009")}
    currents: list[object] = []
    lst.currentTaskChanged.connect(currents.append)
    # A sync brings three tasks due earlier than all: they sort above the selection.
    store.apply_confirmed([make_case(n) for n in (901, 902, 903)])
    store.apply_confirmed([make_task(n, step_due_date=TODAY - dt.timedelta(days=60))
                           for n in (901, 902, 903)])
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        lst.refresh()
    assert model.rowCount() == 63
    assert {model.row_of("T-000004"), model.row_of("T-000009")} != rows_before
    assert _selected_ids(lst) == {"T-000004", "T-000009"}
    assert lst.current_task() == "T-000009"
    assert lst.view.currentIndex().column() == Column.APPLICANT
    assert currents == []  # the same task stayed current: the detail is not reloaded

    # A selected task another reviewer claims leaves "unclaimed": and the selection.
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    _select(lst, ["T-000002", "T-000004", "T-000005"], current="T-000004")
    store.apply_confirmed([make_task(2, version=2, status=TaskStatus.IN_REVIEW,
                                     assignee="lijun")])
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        lst.refresh()
    assert model.row_of("T-000002") is None
    assert _selected_ids(lst) == {"T-000004", "T-000005"}
    assert len(lst.view.selectionModel().selectedRows()) == 2
    assert lst.current_task() == "T-000004"


def test_only_the_deadline_cells_are_coloured(qtbot: QtBot, workspace: InboxWorkspace) -> None:
    """The badge colours a row's deadline cells; its other cells stay plain (as painted)."""
    from ui.inbox.list_format import LEVEL_COLOURS
    from ui.inbox.list_rows import Level
    from ui.inbox.model import LEVEL_ROLE

    model, view = model_of(workspace), workspace.list.view
    view.clearSelection()
    view.setCurrentIndex(model.index(-1, -1))
    levels = {r: (model.data(model.index(r, Column.STEP_DUE), LEVEL_ROLE),
                  model.data(model.index(r, Column.CASE_DUE), LEVEL_ROLE))
              for r in range(model.rowCount())}
    coloured = next((r for r, (step, _) in levels.items() if step == Level.OVERDUE.value), None)
    assert coloured is not None, f"no overdue step in the seeded store: {set(levels.values())}"
    view.scrollTo(model.index(coloured, 0))
    red = QColor(LEVEL_COLOURS[Level.OVERDUE]).rgb()

    def fill(column: int) -> set[int]:
        qtbot.wait(50)
        image = view.viewport().grab().toImage()
        rect = view.visualRect(model.index(coloured, column))
        return {image.pixel(rect.left() + dx, rect.center().y()) for dx in (2, 3, 4)}

    view.scrollTo(model.index(coloured, Column.STEP_DUE))
    assert red in fill(Column.STEP_DUE)
    # Also with the deadline columns scrolled out of sight, as on a narrow window.
    for scrolled in (Column.STEP_DUE, Column.CASE_CODE):
        view.scrollTo(model.index(coloured, scrolled))
        for column in (Column.CASE_CODE, Column.SERVICE_ITEM, Column.APPLICANT):
            if not view.isColumnHidden(column) and \
                    view.visualRect(model.index(coloured, column)).right() > 0:
                assert red not in fill(column), (column, scrolled)


def test_the_current_task_stays_in_the_detail_when_it_leaves_the_list(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    lst, model = workspace.list, model_of(workspace)
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    chosen = next(r.task_id for _, r in model.loaded_rows())
    row = model.row_of(chosen)
    assert row is not None
    lst.view.setCurrentIndex(model.index(row, 0))
    currents: list[object] = []
    lst.currentTaskChanged.connect(currents.append)
    # Claimed (here, by a sync): it leaves "Unclaimed", not the detail.
    number = int(chosen.rsplit("-", 1)[1])
    store.apply_confirmed([make_task(number, version=2, status=TaskStatus.IN_REVIEW,
                                     assignee="lijun")])
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        lst.refresh()
    assert model.row_of(chosen) is None and currents == []
    # A filter off and on: the task is back in the list, current again, never announced.
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    assert lst.current_task() == chosen and _selected_ids(lst) == {chosen}
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        lst.filters.buttons[QuickFilter.UNCLAIMED].click()
    assert lst.current_task() is None and currents == []
    # Another task chosen: that one is announced.
    lst.view.setCurrentIndex(model.index(0, 0))
    assert currents == [lst.current_task()] and currents[0] != chosen


def test_departments_a_first_pull_stores_reach_the_transfer_menu(
        qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
    """A first session: the first counts come before the pull has stored any department."""
    store = Store.open(tmp_path / "first.sqlite")
    add(store, range(1, 6))
    session = StandInSession(store)
    w = InboxWorkspace(session, lang="en", settings=settings, today=TODAY,  # type: ignore[arg-type]
                       with_detail=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    bulk = w.list.bulk
    try:
        qtbot.waitUntil(lambda: w.list.filters.count(QuickFilter.MINE) is not None,
                        timeout=10_000)
        qtbot.waitUntil(lambda: not bulk._reads.busy(), timeout=10_000)  # the menu's read
        assert not bulk.transfer.isEnabled() and bulk.transfer_menu.actions() == []
        # The pull stores the departments; its round ends.
        store.apply_confirmed([Department(MSA, "市场监管局", "220100"),
                               Department(FIRE, "消防救援支队", "220100")])
        session.statusChanged.emit(SyncStatus(state=SyncState.SYNCING))
        session.statusChanged.emit(SyncStatus(last_success=_now()))
        qtbot.waitUntil(lambda: bool(bulk.transfer_menu.actions()), timeout=10_000)
        names = [a.objectName() for a in bulk.transfer_menu.actions()]
        assert names == [f"inboxTransferTo_{FIRE}"]
    finally:
        w.close_session()
        store.close()


def test_one_task_is_counted_in_the_singular(qtbot: QtBot, workspace: InboxWorkspace) -> None:
    lst = workspace.list
    assert lst.total.text() == "60 tasks"
    with qtbot.waitSignal(lst.model.queryApplied, timeout=10_000):
        lst.search.setText("220100-2025-000007")
        qtbot.keyClick(lst.search, Qt.Key.Key_Return)
    assert lst.model.rowCount() == 1
    assert lst.total.text() == "1 task"


def test_counts_that_cannot_be_read_show_no_number_not_an_old_one(
        qtbot: QtBot, workspace: InboxWorkspace, store: Store) -> None:
    bar = workspace.list.filters
    assert bar.count(QuickFilter.UNCLAIMED) == 36
    store.close()  # the store gone under the list: every read fails from now on
    workspace.list.refresh_counts()
    qtbot.waitUntil(lambda: bar.count(QuickFilter.UNCLAIMED) is None, timeout=10_000)
    button = bar.buttons[QuickFilter.UNCLAIMED]
    assert button.text() == "Unclaimed"
    assert "could not be read" in button.toolTip()
