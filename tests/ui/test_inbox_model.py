"""The inbox table model over a real store: model checks, paging, refresh in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from test_inbox_fixtures import MSA, TODAY, add, code, make_task, open_seeded
from test_main_window import chinese  # noqa: F401 - the fixture

from backoffice.domain.model import CorrectionItem, CorrectionNotice, CorrectionNoticeStatus
from backoffice.store import Store, TaskQuery, TaskSort
from backoffice.store.inbox_views import QuickFilter
from ui.inbox.list_format import Column
from ui.inbox.list_rows import ListQuery, Reader
from ui.inbox.model import LEVEL_ROLE, PLACEHOLDER, TASK_ID_ROLE, InboxModel


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_seeded(tmp_path / "store.sqlite", 300)
    yield s
    s.close()


def make_model(store: Store, page_size: int = 50, **query: object) -> InboxModel:
    reader = Reader(store, MSA, "wangfang", 1, TODAY)
    return InboxModel(reader, ListQuery(TaskQuery(MSA, **query)),  # type: ignore[arg-type]
                      page_size=page_size)


def applied(qtbot: QtBot, model: InboxModel, query: ListQuery | None = None) -> None:
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        model.set_query(model.query if query is None else query)


def test_qtmodeltester_while_pages_load_and_refresh(
        qtbot: QtBot, qtmodeltester: object, store: Store) -> None:
    model = make_model(store, page_size=40)
    applied(qtbot, model)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 300
    # every page, through data(): each arrives with dataChanged under the tester's eye
    for row in range(0, 300, 40):
        model.data(model.index(row, 0))
        qtbot.waitUntil(lambda r=row: model.row(r) is not None, timeout=10_000)
    add(store, range(301, 306))
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        model.refresh()
    assert model.rowCount() == 305
    with qtbot.waitSignal(model.queryApplied, timeout=10_000):
        model.sort(Column.CASE_CODE, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, Column.CASE_CODE)) == "220100-2025-000305"
    model.close()


def test_rows_show_badges_status_and_other_departments(qtbot: QtBot, store: Store) -> None:
    # Case 3's correction notice went out on Friday: the applicant has it.
    store.apply_confirmed([CorrectionNotice(
        "N-3", code(3), (CorrectionItem("营业执照", MSA, "缺少盖章"),),
        CorrectionNoticeStatus.ISSUED, dt.date(2025, 3, 7), version=1)])
    model = make_model(store, sort=TaskSort.CASE_CODE)
    applied(qtbot, model)
    row = {c: model.data(model.index(2, c)) for c in Column}  # case 3
    assert row[Column.CASE_CODE] == "220100-2025-000003"
    assert row[Column.APPLICANT] == "刘洋（虚构）"
    assert row[Column.STATUS] == "待申请人补正"  # worded by backoffice.messages.term
    assert row[Column.OTHERS] == "1/1 opinions in"
    assert "消防救援支队" in model.data(model.index(2, Column.OTHERS), Qt.ItemDataRole.ToolTipRole)
    # step due: TODAY - 2 days, but the applicant has the notice: the clock stands (as in
    # the quick filters: not "Overdue", in "Clock suspended")
    assert model.data(model.index(2, Column.STEP_DUE), LEVEL_ROLE) == "clock_stopped"
    assert model.data(model.index(2, Column.STEP_DUE)).endswith("2025-03-08 · clock suspended")
    # the platform's date, marked: the offline estimate differs from it
    assert model.data(model.index(2, Column.CASE_DUE)) == "≠ 2025-03-13 · clock suspended"
    tip = model.data(model.index(2, Column.CASE_DUE), Qt.ItemDataRole.ToolTipRole)
    assert "Platform: 2025-03-13; offline estimate: " in tip
    assert model.data(model.index(6, Column.DEFERRED)) == "1"  # case 7 has a deferred material
    assert model.data(model.index(2, 0), TASK_ID_ROLE) == "T-000003"
    # data of a row sent by the platform is plain text in the tooltip
    tip = model.data(model.index(2, Column.APPLICANT), Qt.ItemDataRole.ToolTipRole)
    assert "刘洋" in tip
    model.close()


def test_a_running_stop_is_no_disagreement_with_a_later_platform_date(
        qtbot: QtBot, store: Store) -> None:
    # Case 9 (estimated Mar 17, Mar 10 for the step) has the platform's Mar 19 and
    # Mar 14: the platform counted the applicant's days with the notice, the stored
    # estimate does not while they last. Case 3's Mar 13 is earlier: disputed still.
    store.apply_confirmed([CorrectionNotice(
        f"N-{n}", code(n), (CorrectionItem("营业执照", MSA, "缺少盖章"),),
        CorrectionNoticeStatus.ISSUED, dt.date(2025, 3, 7), version=1) for n in (3, 9)])
    model = make_model(store, sort=TaskSort.CASE_CODE)
    applied(qtbot, model)
    assert model.data(model.index(8, Column.CASE_CODE)) == "220100-2025-000009"
    assert model.data(model.index(8, Column.CASE_DUE)) == "2025-03-19 · clock suspended"
    assert model.data(model.index(8, Column.STEP_DUE)) == "2025-03-14 · clock suspended"
    assert not model.data(model.index(8, Column.CASE_DUE), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(2, Column.CASE_DUE)) == "≠ 2025-03-13 · clock suspended"
    model.close()


def test_only_the_visible_pages_are_read(qtbot: QtBot, store: Store) -> None:
    model = make_model(store, page_size=20)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.setModel(model)
    applied(qtbot, model)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    assert model.page_loads == [0]  # the first page came with the count
    view.scrollToBottom()
    qtbot.waitUntil(lambda: 14 in model.page_loads, timeout=10_000)  # rows 280-299
    qtbot.wait(50)
    assert set(model.page_loads) <= {0, 13, 14}  # nothing in between was read
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) != PLACEHOLDER
    assert model.row(150) is None  # never shown, never read
    model.close()


def test_unloaded_rows_show_a_placeholder_then_fill(qtbot: QtBot, store: Store) -> None:
    model = make_model(store, page_size=20)
    applied(qtbot, model)
    assert model.data(model.index(100, 0)) == PLACEHOLDER
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        pass
    assert model.data(model.index(100, 0)) != PLACEHOLDER
    model.close()


def test_refresh_keeps_selection_and_scroll(qtbot: QtBot, store: Store) -> None:
    model = make_model(store, page_size=50)
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.setModel(model)
    applied(qtbot, model, ListQuery(TaskQuery(MSA, sort=TaskSort.CASE_CODE)))
    view.show()
    qtbot.waitExposed(view)
    view.verticalScrollBar().setValue(120)
    qtbot.waitUntil(lambda: model.row(130) is not None, timeout=10_000)
    view.selectRow(125)
    scroll = view.verticalScrollBar().value()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    # A sync brings a changed task and a new one.
    store.apply_confirmed([make_task(126, version=2, assignee="zhaolei",
                                     status=make_task(126).status)])
    add(store, range(301, 302))
    with qtbot.waitSignal(model.refreshed, timeout=10_000):
        model.refresh()
    assert resets == []
    assert model.rowCount() == 301
    assert view.verticalScrollBar().value() == scroll
    assert [i.row() for i in view.selectionModel().selectedRows()] == [125]
    if make_task(126).status.value != "unclaimed":
        assert model.data(model.index(125, Column.ASSIGNEE)) == "zhaolei"
    model.close()


def test_quick_filter_query_narrows_the_rows(qtbot: QtBot, store: Store) -> None:
    model = make_model(store)
    applied(qtbot, model, ListQuery(TaskQuery(MSA), frozenset({QuickFilter.UNCLAIMED})))
    assert model.rowCount() == 180  # statuses cycle with three of five unclaimed
    statuses = {model.data(model.index(r, Column.STATUS)) for r in range(50)}
    assert statuses == {"待认领"}
    model.close()


def test_deep_pages_by_key_are_the_offset_pages(qtbot: QtBot, store: Store) -> None:
    # Pages read by keyset (after a cached neighbour) or through the key's
    # histogram (a jump) hold the same tasks as the store's offset pages.
    model = make_model(store, page_size=20)
    applied(qtbot, model)
    reader = model.reader
    for number in (12, 13, 5, 6, 14):  # a jump, its neighbour, another jump, ...
        model.data(model.index(number * 20, 0))
        qtbot.waitUntil(lambda n=number: model.row(n * 20) is not None, timeout=10_000)
        expected = [r.task_id for r in reader.page(model.query, number, 20)]
        assert [model.row(number * 20 + i).task_id  # type: ignore[union-attr]
                for i in range(len(expected))] == expected
    assert model._histogram is not None  # the jump built it once
    model.close()


def test_a_capped_count_grows_to_the_exact_one(
        qtbot: QtBot, qtmodeltester: object, store: Store,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from backoffice.store import inbox_quick as quick
    from backoffice.store import inbox_views as views

    monkeypatch.setattr(quick, "COUNT_CAP", 10)
    monkeypatch.setattr(quick, "COUNT_SAMPLE", 50)
    monkeypatch.setattr(views.first_page, "__kwdefaults__", {"cap": 10})
    monkeypatch.setattr(views.capped_count, "__kwdefaults__", {"cap": 10})
    monkeypatch.setattr(quick, "WALK_ABOVE", 0)
    model = make_model(store, page_size=20)
    applied(qtbot, model)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    exact = model.rowCount()
    with qtbot.waitSignal(model.countChanged, timeout=10_000):
        model.set_query(model.query.with_text("220100"))
    assert model.rowCount() == 11 and not model.count_exact  # "10+" first
    qtbot.waitUntil(lambda: model.count_exact, timeout=10_000)
    assert model.rowCount() == exact  # then every row
    model.close()


@pytest.mark.usefixtures("chinese")
def test_other_departments_tooltip_has_full_width_colons_in_chinese(
        qtbot: QtBot, store: Store) -> None:
    model = make_model(store, sort=TaskSort.CASE_CODE)
    applied(qtbot, model)
    tip = model.data(model.index(2, Column.OTHERS), Qt.ItemDataRole.ToolTipRole)
    assert "消防救援支队：" in tip and ":" not in tip, tip
    model.close()
