"""The inbox list: search, saved views, quick filters, bulk actions and the table.

``InboxList`` is the controller of the left half of the inbox workspace. It
owns the model's query: the search box (debounced, so typing 长春 runs one
query, not two), the quick filter buttons and the header's sort all end in
``InboxModel.set_query``. After a sync or a local action it refreshes the
model in place and re-counts the quick filters (one SQL query, off the GUI
thread). Bulk claim / release / transfer live in :mod:`ui.inbox.list_bulk`,
the table widget itself (row heights, column widths, the columns menu) in
:mod:`ui.inbox.table`.

The list can be built before the store is open (``session=None``): the
search box, saved views, quick filters and the table's headers paint at
once, and :meth:`InboxList.attach` brings the rows when the session
arrives. Nothing here imports SQLAlchemy (the statements are imported by
the first read, on the worker thread).

After a new list is shown, its quick counts wait until the table has
painted the new rows, and the transfer menu's departments until the counts
are in: on two cores every other reader would otherwise take the GIL from
the paint (see ``docs/benchmarks.md``, "Inbox").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain import clock
from backoffice.domain.deadline_status import WarningThresholds
from backoffice.store.inbox_query import QuickFilter, TaskQuery
from backoffice.sync.status import SyncState
from ui.background import Background
from ui.inbox.filters import QuickFilterBar, SavedView, SavedViewsBar, search_box
from ui.inbox.list_bulk import BulkBar
from ui.inbox.list_format import SORTS, Column, columns_of
from ui.inbox.list_rows import ListQuery, Reader, rows_of
from ui.inbox.model import TASK_ID_ROLE, InboxModel
from ui.inbox.table import InboxView
from ui.settings import DUE_SOON_DAYS, Settings
from ui.widgets.throttle import PULL_PROGRESS_MS, Throttle

if TYPE_CHECKING:
    from backoffice.domain.calendar import WorkCalendar
    from backoffice.store import Store
    from backoffice.store.kept_page import KeptPage

_log = logging.getLogger("ui.inbox")

SEARCH_DELAY_MS = 150
# Work that waits for the new rows' paint starts anyway after this long
# (a list that is not painted: minimised, another workspace on top).
AFTER_PAINT_FALLBACK_MS = 300


class AccountLike(Protocol):
    @property
    def username(self) -> str: ...

    @property
    def department_code(self) -> str: ...

    @property
    def profile(self) -> str: ...  # platform URL and user name: whose saved views


class InboxSession(Protocol):
    """What the inbox needs of ``ui.session.Session`` (a stand-in will do)."""

    @property
    def store(self) -> Store: ...

    @property
    def account(self) -> AccountLike: ...

    @property
    def statusChanged(self) -> Any: ...  # a SignalInstance carrying a SyncStatus

    # Optional (``syncProgressed``, ui.session.Session): a SignalInstance carrying
    # a SyncStatus for each page a pull has stored and each chunk of files the
    # round has fetched; a stand-in may lack it.

    def local_action(self) -> None: ...


class InboxList(QWidget):
    currentTaskChanged = Signal(object)  # str | None

    def __init__(self, session: InboxSession | None, parent: QWidget | None = None, *,
                 lang: str = "zh", settings: Settings | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxList")
        self.session: InboxSession | None = None
        self.lang, self._today = lang, today
        self.settings = settings if settings is not None else Settings()
        self.reader: Reader | None = None
        department = session.account.department_code if session is not None else ""
        self.model = InboxModel(None, ListQuery(TaskQuery(department)), self, lang=lang)

        self.search = search_box(self)
        self.saved = SavedViewsBar(self.settings, self)
        self.total = QLabel(self)
        self.total.setObjectName("inboxCount")
        self.filters = QuickFilterBar(self)
        self.view = InboxView(self)
        self.view.setModel(self.model)
        self.view.set_default_widths()
        self.bulk = BulkBar(self, lang=lang)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.total)
        top.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.bulk)
        layout.addWidget(self.view, 1)
        # Tab goes as the eye does: search, views, filters, the bulk buttons
        # above the table, then the table. (No focus proxy on the list: Qt's
        # Tab into a widget with one jumps to the proxy, past the search box
        # and the filters before it.)
        order = [self.search, self.saved.combo, self.saved.save_button,
                 self.saved.delete_button, *self.filters.buttons.values(),
                 self.bulk.claim, self.bulk.release, self.bulk.transfer, self.view]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        self.filters.changed.connect(self._filters_changed)
        self.saved.chosen.connect(self.apply_view)
        self.saved.saveRequested.connect(self.save_view)
        # The views bar names what is shown: no saved view once the list differs.
        self.model.queryApplied.connect(self._show_view_state)
        self.view.columnsChosen.connect(self._show_view_state)
        header = self.view.horizontalHeader()
        header.setSortIndicator(Column.STEP_DUE, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._announce_current)
        self.model.queryApplied.connect(self._show_announced)
        self._announced: str | None = None
        self._kept: tuple[set[str], str | None] = (set(), None)
        self.model.refreshApplying.connect(self._remember_selection)
        self.model.refreshed.connect(self._restore_selection)
        self.model.countChanged.connect(self._show_total)
        # A new search's quick counts wait for its rows' paint (see _query_shown).
        self._counts_after_query = False
        self._focus_when_shown = False  # Return in the search box: focus with the rows
        self.model.queryApplied.connect(self._query_shown)
        self.model.count_after = self.after_rows_painted
        # What waits for the table's next paint (see after_rows_painted).
        self._after_paint: list[Callable[[], None]] = []
        self._paint_fallback = QTimer(self)
        self._paint_fallback.setSingleShot(True)
        self._paint_fallback.setInterval(AFTER_PAINT_FALLBACK_MS)
        self._paint_fallback.timeout.connect(self._run_after_paint)
        # Pages are read only for rows on screen (scrolled past: not read).
        scroll = self.view.verticalScrollBar()
        scroll.valueChanged.connect(self._update_visible)
        scroll.rangeChanged.connect(self._update_visible)

        self._counts = Background(self, threads=1)
        self._counting = False
        self._count_again = False
        self._departments_loaded = False
        self._last_success: object = None
        # A pull's pages refresh the list as they are stored, at most once an
        # interval (an everyday pull's one page: at the round's end only).
        # From a round's second page on, until it ends, the count says more may
        # come: not for the one page of an everyday pull, whose label would
        # flicker (and the search box with it) every few minutes.
        self._progress = Throttle(self._refresh_if_started, PULL_PROGRESS_MS, self)
        self._pages_this_round = 0
        self._received = 0  # the round's records stored, as last heard
        self._receiving = False
        self._started = False
        if session is not None:
            self.attach(session)

    def attach(self, session: InboxSession) -> None:
        """The store is open: read from it (the rows come with :meth:`start`)."""
        if self.session is not None:
            raise RuntimeError("the inbox list already has a session")
        self.session = session
        account = session.account
        self.reader = Reader(session.store, account.department_code, account.username,
                             self.settings.get(DUE_SOON_DAYS), self._today)
        self.model.set_reader(self.reader, account.department_code)
        self.saved.set_owner(account.profile)
        session.statusChanged.connect(self._status_changed)
        progressed = getattr(session, "syncProgressed", None)
        if progressed is not None:
            progressed.connect(self._sync_progressed)

    # ---- start, refresh, stop ----------------------------------------------------

    def show_kept(self, page: KeptPage, calendar: WorkCalendar) -> None:
        """Rows kept from the last run, shown before the store is open (start-up).

        Their deadline badges are counted from today, as a read would; the
        quick counts wait for the store.
        """
        today = self._today or clock.today()
        rows = rows_of(list(page.rows), today, calendar,
                       WarningThresholds(self.settings.get(DUE_SOON_DAYS)))
        self.model.show_kept(ListQuery(page.query), page.count, page.exact, rows)

    def start(self) -> None:
        """Read and show the rows (once; nothing before :meth:`attach`)."""
        if self.reader is None or self._started:
            return
        self._started = True
        if self.model.kept:
            # The kept page is on screen: the same page from the store, in place.
            self.refresh()
            return
        # The counts wait for the rows' paint, the transfer menu for the
        # counts: at start nothing else should compete with the rows.
        self._counts_after_query = True
        self.model.set_query(self.model.query)

    def after_rows_painted(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the table has painted (at once when it is not shown)."""
        viewport = self.view.viewport()
        if not viewport.isVisible():
            then()
            return
        if not self._after_paint:
            viewport.installEventFilter(self)
            self._paint_fallback.start()
        self._after_paint.append(then)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._after_paint:
            # After this paint is done, not during it.
            QTimer.singleShot(0, self._run_after_paint)
        return False

    def _run_after_paint(self) -> None:
        self._paint_fallback.stop()
        self.view.viewport().removeEventFilter(self)
        waiting, self._after_paint = self._after_paint, []
        for then in waiting:
            then()

    def _update_visible(self) -> None:
        view = self.view
        first = view.rowAt(0)
        if first < 0:
            return
        last = view.rowAt(view.viewport().height() - 1)
        self.model.set_visible(first, last if last >= 0 else self.model.rowCount() - 1)

    def _show_total(self) -> None:
        if self.model.failure:
            self.total.setText(self.model.failure)
            return
        n = self.model.rowCount()
        if self.model.count_exact and n == 1:
            text = QCoreApplication.translate("InboxList", "1 task")
        elif self.model.count_exact:
            text = QCoreApplication.translate("InboxList", "{count} tasks").format(count=f"{n:,}")
        else:  # rowCount is the cap + 1: "more than the cap"
            text = QCoreApplication.translate("InboxList", "{count}+ tasks").format(
                count=f"{n - 1:,}")
        if self._receiving:
            text = QCoreApplication.translate("InboxList", "{count} (still receiving)").format(
                count=text)
        self.total.setText(text)

    def _query_shown(self) -> None:
        # The quick counts of a new list start once its rows are painted:
        # on two cores they would otherwise slow the paint down.
        # The view lays the new rows out now, not from a timer after a
        # first paint: one paint of the new rows instead of two.
        self.view.executeDelayedItemsLayout()
        self._update_visible()
        if self._focus_when_shown:
            self._focus_when_shown = False
            self._go_to_rows()
        if self._counts_after_query:
            self._counts_after_query = False
            self.after_rows_painted(self.refresh_counts)

    def _counts_for_new_query(self) -> None:
        self._counts_after_query = True

    def set_due_soon_days(self, days: int) -> None:
        """The due-soon threshold changed in Settings: badges and counts again, in place."""
        reader = self.reader
        if reader is None or reader.due_soon_days == days:
            return
        self.reader = dataclasses.replace(reader, due_soon_days=days)
        self.model.set_reader(self.reader, reader.department_code)
        self.refresh()

    def refresh(self) -> None:
        """New data may be in the store: rows in place, counts again."""
        self.model.refresh()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        reader = self.reader
        if reader is None:
            return
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        query = self.model.query
        self._counts.run(lambda: reader.counts(query), self._on_counts, self._counts_failed)

    def _on_counts(self, counts: dict[QuickFilter, int]) -> None:
        self._counting = False
        self.filters.set_counts(counts)
        if self._count_again:
            self._count_again = False
            self.refresh_counts()
        self._load_departments()

    def _counts_failed(self, exc: BaseException) -> None:
        self._counting = False
        _log.error("inbox counts failed", exc_info=exc)
        self.filters.counts_unreadable()
        self._load_departments()

    def _load_departments(self) -> None:
        # After the first counts (it reads the colleague list too), and again
        # after those of each sync round: a first session's first pull stores
        # the departments and colleagues after the first counts were read.
        if not self._departments_loaded:
            self._departments_loaded = True
            self.bulk.load_departments()

    def _status_changed(self, status: Any) -> None:
        if getattr(status, "state", None) is not SyncState.SYNCING:
            self._pages_this_round = self._received = 0
            if self._receiving:
                self._receiving = False
                self._show_total()
        key = (getattr(status, "last_success", None), getattr(status, "conflicts", None))
        if key != self._last_success:
            first = self._last_success is None
            self._last_success = key
            if not first:
                self._progress.cancel()
                self._departments_loaded = False
                self.refresh()

    def _sync_progressed(self, status: Any) -> None:
        received = getattr(status, "received", 0)
        if received == self._received:
            return  # files fetched for the inbox: its rows are the same
        self._received = received
        self._pages_this_round += 1
        if self._pages_this_round >= 2 and not self._receiving:
            self._receiving = True
            self._show_total()
        if self.model.rowCount() == 0:
            # An empty list (a first pull): its first rows at once.
            self._refresh_if_started()
        self._progress.request()

    def _refresh_if_started(self) -> None:
        if self._started:
            self.refresh()

    def close_session(self) -> None:
        self._search_timer.stop()
        self._paint_fallback.stop()
        self._progress.cancel()
        self._after_paint = []
        if self.session is not None:
            try:
                self.session.statusChanged.disconnect(self._status_changed)
                progressed = getattr(self.session, "syncProgressed", None)
                if progressed is not None:
                    progressed.disconnect(self._sync_progressed)
            except (RuntimeError, TypeError):
                pass
        self.model.close()
        self._counts.wait()
        self.bulk.stop()

    # ---- search, filters, sort, views ---------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_now(self) -> None:
        self._search_timer.stop()
        if self._apply_search() and self.reader is not None:
            # Focus goes to the list with the new rows: moved now, the old
            # rows would be repainted (focus shown) while the new ones are read.
            self._focus_when_shown = True
        else:
            self._go_to_rows()

    def _go_to_rows(self) -> None:
        """The focus to the table, the row it makes current selected: the table's focus
        made a row current and left it unselected, shown in the detail while the bulk
        actions had nothing to act on."""
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        selection = self.view.selectionModel()
        if selection.hasSelection() or self.model.rowCount() == 0:
            return
        current = self.view.currentIndex()
        selection.setCurrentIndex(current if current.isValid() else self.model.index(0, 0),
                                  QItemSelectionModel.SelectionFlag.SelectCurrent
                                  | QItemSelectionModel.SelectionFlag.Rows)

    def _apply_search(self) -> bool:
        """Search for the box's text; True when that is a new list."""
        text = self.search.text().strip()
        if text == self.model.query.query.text:
            return False
        self.model.set_query(self.model.query.with_text(text))
        self._counts_for_new_query()
        return True

    def _filters_changed(self, quick: frozenset[QuickFilter]) -> None:
        if quick != self.model.query.quick:
            self.model.set_query(self.model.query.with_quick(quick))

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if 0 <= section < len(Column) and Column(section) in SORTS:
            self.model.sort(section, order)
        else:  # not sortable in SQL: put the indicator back
            self._show_sort()

    def _show_sort(self) -> None:
        query = self.model.query.query
        column = next(c for c, s in SORTS.items() if s == query.sort)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def current_view(self, name: str) -> SavedView:
        query = self.model.query
        hidden = tuple(c for c in range(len(Column)) if self.view.isColumnHidden(c))
        return SavedView(name, tuple(sorted(q.value for q in query.quick)), query.query.text,
                         query.query.sort.value, query.query.descending, hidden)

    def _show_view_state(self) -> None:
        self.saved.show_state(self.current_view(""))

    def save_view(self, name: str) -> None:
        self.saved.save(self.current_view(name))

    def apply_view(self, view: SavedView) -> None:
        query = self.model.query.with_text(view.text).with_quick(view.quick_filters())
        query = query.with_sort(view.task_sort(), view.descending)
        hidden = columns_of(view.hidden, view.columns)
        for c in Column:
            self.view.setColumnHidden(c, c in hidden)
        self.search.setText(view.text)
        self.filters.blockSignals(True)
        self.filters.set_selected(view.quick_filters())
        self.filters.blockSignals(False)
        self.model.set_query(query)
        self._show_sort()
        self._counts_for_new_query()

    # ---- selection ------------------------------------------------------------------

    def current_task(self) -> str | None:
        index = self.view.currentIndex()
        value = self.model.data(index, TASK_ID_ROLE) if index.isValid() else None
        return value if isinstance(value, str) else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._announce_current()

    def _announce_current(self) -> None:
        # Rows move under a refresh; the detail only cares when the task changes.
        task = self.current_task()
        if task is None:
            # The shown task left the list (claimed under "Unclaimed", a filter
            # toggled): it stays in the detail, with what is typed there,
            # until the person picks another.
            self._show_announced()
            return
        if task != self._announced:
            self._announced = task
            self.currentTaskChanged.emit(task)

    def _show_announced(self) -> None:
        # The task in the detail is back in the list: its row is current again.
        at = self.model.row_of(self._announced) if self._announced is not None else None
        if at is None or self.view.currentIndex().isValid():
            return
        selection = self.view.selectionModel()
        flags = (QItemSelectionModel.SelectionFlag.NoUpdate if selection.hasSelection()
                 else QItemSelectionModel.SelectionFlag.SelectCurrent
                 | QItemSelectionModel.SelectionFlag.Rows)
        selection.setCurrentIndex(self.model.index(at, 0), flags)

    def show_task(self, task_id: str) -> None:
        """``task_id`` in the detail, opened from elsewhere (the efficiency lists); its row
        current if loaded, else none: a row left current would say another task is shown."""
        self._announced = task_id
        self.view.selectionModel().clear()
        self._show_announced()  # its row, if loaded
        self.view.scrollTo(self.view.currentIndex())
        self.currentTaskChanged.emit(task_id)

    def selected_tasks(self) -> set[str]:
        """The ids of the selected rows that are loaded (only those have known ids)."""
        selection = self.view.selectionModel()
        return {row.task_id for n, row in self.model.loaded_rows()
                if selection.isRowSelected(n, QModelIndex())}

    def _remember_selection(self) -> None:
        self._kept = (self.selected_tasks(), self.current_task())

    def _restore_selection(self) -> None:
        # The refresh may have moved rows (tasks inserted above, a new sort
        # key): what was selected is the tasks, not the row numbers. A task
        # that left the list leaves the selection.
        ids, current = self._kept
        self._kept = (set(), None)
        selection = self.view.selectionModel()
        wanted = QItemSelection()
        for n, row in self.model.loaded_rows():
            if row.task_id in ids:
                wanted.select(self.model.index(n, 0),
                              self.model.index(n, self.model.columnCount() - 1))
        selection.select(wanted, QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
        if current is not None and self.current_task() != current:
            at = self.model.row_of(current)
            column = max(0, self.view.currentIndex().column())
            target = self.model.index(at, column) if at is not None else QModelIndex()
            selection.setCurrentIndex(target, QItemSelectionModel.SelectionFlag.NoUpdate)
        if self.current_task() is None:
            self._show_announced()

    def selected_rows(self) -> list[tuple[int, int]]:
        """The selection as (first, last) row ranges."""
        selection = self.view.selectionModel().selection()
        ranges = {(selection.at(i).top(), selection.at(i).bottom())
                  for i in range(selection.count())}
        return _merged(sorted(ranges))

    def select_tasks(self, task_ids: set[str]) -> None:
        """Select the rows of these tasks among the loaded rows; nothing else."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        for n, row in self.model.loaded_rows():
            if row.task_id in task_ids:
                selection.select(self.model.index(n, 0), flags)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # A row selected in several columns' ranges must count once.
    out: list[tuple[int, int]] = []
    for first, last in ranges:
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out
