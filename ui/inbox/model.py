"""The inbox table model: a row count from SQL and a small window of cached pages.

Pattern 4 of the engineering brief (Anki's browser table): the model holds
no list of all tasks. ``rowCount`` is the SQL count of the query; ``data``
looks the row up in a cache of pages (``PAGE_SIZE`` rows each, at most
``max_pages`` kept, least recently used dropped). A row whose page is not
cached shows "…" and asks for the page; pages load one at a time on a
worker thread, the most recently asked first, so a fast scroll from top to
bottom loads the pages it ends on, not every page it passed. When a page
arrives its rows are announced with ``dataChanged``. Nothing ever walks the
whole list: no ``QSortFilterProxyModel``, no ``fetchMore`` to the end;
sorting and filtering are the query's (SQL).

A paint asks every visible cell for its data: Qt 6's delegate asks for all
roles of a cell in one ``multiData`` call, which the model answers from the
row's display strings, formatted once when the row is first shown (a
repaint runs little Python, so it holds the GIL little while a page is read
on the worker thread). The list tells the model which rows are on screen
(:meth:`InboxModel.set_visible`): pages asked for while scrolling past are
not read once they are off screen.

Until the list has a store (``reader`` is None: the skeleton painted before
the store is open) the model is empty; :meth:`InboxModel.set_reader` and
``set_query`` fill it.

A new query (filter, search, sort) resets the model: it is a different
list. A refresh after a sync or a local action does not: it re-reads the
count and the pages last looked at, then inserts or removes rows at the end
for the difference and sends ``dataChanged`` — the view keeps its scroll
position. Rows may have moved (a sync inserted tasks above, a sort key
changed), so the list puts the selection back by task id around it
(``refreshApplying`` … ``refreshed``, see ``InboxList``).

A read that fails is said (``failure``, shown by the list in place of the
count), never passed over: a new query that cannot be read empties the
table, since the previous query's rows under the new search text would pass
for its result.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.store.inbox_query import (
    PAGE_SIZE,
    KeyHistogram,
    Start,
    histogram_helps,
    start_after,
)
from ui.background import Background
from ui.inbox.list_format import (
    LEVEL_COLOURS,
    SORTS,
    Column,
    badge_text,
    cell_text,
    cell_tooltip,
    column_title,
    deadline_heading_tooltip,
)
from ui.inbox.list_rows import (
    InboxRow,
    ItemResult,
    ListQuery,
    Reader,
)
from ui.widgets.plain import plain_tooltip

_log = logging.getLogger("ui.inbox")
PLACEHOLDER = "…"
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2
SHORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a deadline's words for a narrow column
# Pages re-read by a refresh: the ones most recently looked at. Others are
# dropped and load again when scrolled to, so a refresh stays a few queries.
REFRESH_PAGES = 4
# Pages asked for but not loaded yet: only the latest few are still visible.
WANTED_PAGES = 4
# From this page on a page with no cached neighbour is found through the
# sort key's histogram (one GROUP BY, then a seek) instead of an OFFSET.
DEEP_PAGE = 3

# Plain ints: a paint asks data() some 2,500 times, and comparing a role
# with Qt's enum members costs more than the rest of the call.
_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                    Qt.ItemDataRole.BackgroundRole, TASK_ID_ROLE, LEVEL_ROLE,
                                    SHORT_ROLE))
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the table's only parent


class InboxModel(QAbstractTableModel):
    pageLoaded = Signal(int)  # a page arrived (tests and the benchmark watch it)
    queryApplied = Signal()  # a new query's count and first page are in
    refreshed = Signal()  # a refresh was applied in place
    refreshApplying = Signal()  # a refresh's rows are about to replace the old ones
    countChanged = Signal()  # the row count or whether it is exact changed

    def __init__(self, reader: Reader | None, query: ListQuery, parent: QObject | None = None, *,
                 lang: str = "zh", page_size: int = PAGE_SIZE, max_pages: int = 24) -> None:
        super().__init__(parent)
        self.reader, self.lang = reader, lang
        self.page_size, self.max_pages = page_size, max_pages
        self._query = query
        self._count = 0
        # False: the count is a cap ("1,000+"); the exact one follows on its own thread.
        self._exact = True
        # Rows per sort key value of the current query, for keyset jumps (or None).
        self._histogram: KeyHistogram | None = None
        self._pages: OrderedDict[int, list[InboxRow]] = OrderedDict()
        # Per cached page, each row's display strings (None until first shown).
        self._cells: dict[int, list[tuple[str, ...] | None]] = {}
        # The rows on screen (None: not told, every asked page is read).
        self._visible: tuple[int, int] | None = None
        self._wanted: list[int] = []
        self._loading = False
        self._generation = 0
        self._refreshing = False
        self._refresh_again = False
        self._results: dict[str, ItemResult] = {}
        self._names: dict[str, str] = {}  # login → display name (ui.inbox.list_bulk sets it)
        # The rows shown are the kept page's, not yet read from the store.
        self.kept = False
        # Why the last read of this list failed, in the person's language ("": it did not).
        self.failure = ""
        self.page_loads: list[int] = []  # every page read from the store, in order
        self.pages_skipped = 0  # asked for, then scrolled past before their turn
        # One reader thread: jobs queue in order, and a refresh never overtakes a query.
        self._background = Background(self, threads=1)
        # The exact count of a big search must not hold up the pages.
        self._exact_counts = Background(self, threads=1)
        # When to start that count: given the job, the list runs it after the
        # rows' paint; None: at once.
        self.count_after: Callable[[Callable[[], None]], None] | None = None

    # ---- the query ---------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    def set_reader(self, reader: Reader, department_code: str) -> None:
        """The store arrived: later queries read from it (``set_query`` shows one).

        Whatever was typed or toggled before it came stays in the query.
        """
        self.reader = reader
        query = self._query
        self._query = replace(query, query=replace(query.query, department_code=department_code))

    def show_kept(self, query: ListQuery, count: int, exact: bool, first: list[InboxRow]) -> None:
        """Show rows read before the store was open (start-up: the kept page).

        As if ``query`` had been read; once a reader is there, :meth:`refresh`
        reads the same page from the store in place.
        """
        self._generation += 1
        self._query = query
        self.kept = True
        self._on_query(self._generation, (count, exact, first))

    def set_query(self, query: ListQuery) -> None:
        """Show another list (count and first page read off the GUI thread)."""
        self._generation += 1
        self._query = query
        self.kept = False
        generation, size = self._generation, self.page_size
        reader = self.reader
        if reader is None:  # no store yet: the query waits for set_reader
            return

        def work() -> tuple[int, bool, list[InboxRow]]:
            return reader.first(query, size)

        self._background.run(work, lambda result: self._on_query(generation, result),
                             lambda exc: self._on_query_failed(generation, exc))

    @property
    def count_exact(self) -> bool:
        """False while ``rowCount`` is only "more than the cap" (``inbox_quick.COUNT_CAP``)."""
        return self._exact

    def _on_query(self, generation: int, result: tuple[int, bool, list[InboxRow]]) -> None:
        if generation != self._generation:
            return
        count, exact, first = result
        self._reset(count, exact, OrderedDict({0: first}))
        self.failure = ""
        self.page_loads.append(0)
        self.queryApplied.emit()
        self.countChanged.emit()
        if not exact and self.reader is not None:
            query, reader = self._query, self.reader

            def count_exactly() -> None:
                if generation == self._generation:
                    self._exact_counts.run(lambda: reader.count(query),
                                           lambda n: self._on_exact_count(generation, n),
                                           lambda exc: self._failed(generation, "count", exc))

            # The list runs it after the rows' paint: beside it, the count (36-400 ms of
            # SQL for a common term) took the GIL from the paint on two cores.
            if self.count_after is not None:
                self.count_after(count_exactly)
            else:
                count_exactly()

    def _reset(self, count: int, exact: bool, pages: OrderedDict[int, list[InboxRow]]) -> None:
        self.beginResetModel()
        self._count, self._exact, self._histogram = count, exact, None
        self._pages = pages
        self._cells = {}
        self._wanted = []
        self.endResetModel()

    def _on_query_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        _log.error("inbox query failed", exc_info=exc)
        self._reset(0, True, OrderedDict())
        self.failure = self._failure_text(exc)
        self.queryApplied.emit()  # applied, as an empty list that says why
        self.countChanged.emit()

    def _failed(self, generation: int, what: str, exc: BaseException) -> None:
        """A read of the current list failed: its rows stay, the list says so."""
        _log.error("inbox %s failed", what, exc_info=exc)
        if generation == self._generation:
            self.failure = self._failure_text(exc)
            self.countChanged.emit()

    def _failure_text(self, exc: BaseException) -> str:
        if isinstance(exc, BackofficeError):
            return QCoreApplication.translate(
                "InboxModel", "The list could not be read: {reason}").format(
                reason=messages.render(exc, self.lang))
        return QCoreApplication.translate(
            "InboxModel", "The list could not be read; the details are in the log.")

    def _on_exact_count(self, generation: int, count: int) -> None:
        if generation != self._generation or self._exact:
            return
        self._exact = True
        self._resize(count)
        self.countChanged.emit()

    def _resize(self, count: int) -> None:
        old = self._count
        if count > old:
            self.beginInsertRows(QModelIndex(), old, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < old:
            self.beginRemoveRows(QModelIndex(), count, old - 1)
            self._count = count
            self.endRemoveRows()

    def refresh(self) -> None:
        """Re-read in place after a sync or a local action (no reset)."""
        if self.reader is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        generation, query, size = self._generation, self._query, self.page_size
        pages = list(self._pages)[-REFRESH_PAGES:]
        reader = self.reader

        deep = any(p >= DEEP_PAGE for p in pages) and histogram_helps(query.query)

        def work() -> tuple[int, dict[int, list[InboxRow]]]:
            # Deep pages by the key's histogram, read again (the data changed).
            h = reader.histogram(query) if deep else None
            return reader.count(query), {
                p: reader.page(query, p, size, h.start_at(p * size) if h else None)
                for p in pages}

        self._background.run(work, lambda result: self._on_refresh(generation, result),
                             lambda exc: self._on_refresh_failed(generation, exc))

    def _on_refresh(self, generation: int,
                    result: tuple[int, dict[int, list[InboxRow]]]) -> None:
        self._refreshing = False
        if generation == self._generation:
            count, pages = result
            self.kept = False
            self.refreshApplying.emit()
            self._resize(count)
            self._exact, self._histogram = True, None
            self._pages = OrderedDict(sorted(pages.items()))
            self._cells = {}
            self.failure = ""
            if count:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(count - 1, len(Column) - 1))
            self.refreshed.emit()
            self.countChanged.emit()
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _on_refresh_failed(self, generation: int, exc: BaseException) -> None:
        self._refreshing = False
        self._failed(generation, "refresh", exc)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def close(self) -> None:
        """Stop: results still in flight are dropped."""
        self._generation += 1
        self._wanted = []
        self._background.wait()
        self._exact_counts.wait()

    # ---- pages ----------------------------------------------------------------------

    def row(self, row: int) -> InboxRow | None:
        """The row if its page is cached (no loading asked)."""
        page = self._pages.get(row // self.page_size)
        offset = row % self.page_size
        return page[offset] if page is not None and offset < len(page) else None

    def loaded_rows(self) -> list[tuple[int, InboxRow]]:
        out: list[tuple[int, InboxRow]] = []
        for number, page in self._pages.items():
            out.extend((number * self.page_size + i, r) for i, r in enumerate(page))
        return out

    def row_of(self, task_id: str) -> int | None:
        return next((n for n, r in self.loaded_rows() if r.task_id == task_id), None)

    def _row_for_display(self, row: int) -> InboxRow | None:
        number = row // self.page_size
        page = self._pages.get(number)
        if page is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def set_visible(self, first: int, last: int) -> None:
        """Rows ``first``…``last`` are on screen: only their pages are worth reading."""
        self._visible = (first, last)

    def _on_screen(self, number: int) -> bool:
        if self._visible is None:
            return True
        first, last = self._visible
        start = number * self.page_size
        return start <= last and start + self.page_size > first

    def _want(self, number: int) -> None:
        if number in self._wanted:
            self._wanted.remove(number)
        self._wanted.append(number)
        del self._wanted[:-WANTED_PAGES]
        self._pump()

    def _pump(self) -> None:
        if self._loading or self.reader is None:
            return
        # The latest asked first; pages scrolled past meanwhile are dropped.
        while self._wanted:
            number = self._wanted.pop()
            if number in self._pages:
                continue
            if self._on_screen(number):
                break
            self.pages_skipped += 1
        else:
            return
        self._loading = True
        generation, query, size, reader = self._generation, self._query, self.page_size, self.reader
        start, histogram = self._start_of(number), self._histogram
        need_histogram = (start is None and histogram is None and number >= DEEP_PAGE
                          and histogram_helps(query.query))

        def work() -> tuple[KeyHistogram | None, list[InboxRow]]:
            # Keyset: after the page before (scrolling), else by the histogram
            # of the sort key (a jump), else — short lists, no key — an offset.
            found = reader.histogram(query) if need_histogram else histogram
            at = start if start is not None or found is None else found.start_at(number * size)
            return found, reader.page(query, number, size, at)

        self._background.run(work, lambda result: self._on_page(generation, number, result),
                             lambda exc: self._on_page_failed(generation, exc))

    def _start_of(self, number: int) -> Start | None:
        """The key of the row before page ``number``, when a page near it is cached."""
        for before in (number - 1, number - 2):
            page = self._pages.get(before)
            if before >= 0 and page is not None and len(page) == self.page_size:
                skip = (number - 1 - before) * self.page_size
                return start_after(page[-1].data, self._query.query.sort, skip)
        return None

    def _on_page(self, generation: int, number: int,
                 result: tuple[KeyHistogram | None, list[InboxRow]]) -> None:
        self._loading = False
        if generation == self._generation:
            histogram, rows = result
            if histogram is not None and self._histogram is None:
                self._histogram = histogram
            self._pages[number] = rows
            self._cells.pop(number, None)
            while len(self._pages) > self.max_pages:
                dropped, _rows = self._pages.popitem(last=False)
                self._cells.pop(dropped, None)
            self.page_loads.append(number)
            first = number * self.page_size
            last = min(self._count, first + self.page_size) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
            self.pageLoaded.emit(number)
        self._pump()

    def _on_page_failed(self, generation: int, exc: BaseException) -> None:
        self._loading = False
        self._failed(generation, "page", exc)

    # ---- results of bulk actions ---------------------------------------------------

    def set_results(self, results: list[ItemResult]) -> None:
        for r in results:
            self._results[r.task_id] = r
        self._cells = {}  # the "Last action" column changed
        ids = {r.task_id for r in results}
        for n, row in self.loaded_rows():
            if row.task_id in ids:
                index = self.index(n, Column.RESULT)
                self.dataChanged.emit(index, index)

    def set_names(self, names: Mapping[str, str]) -> None:
        """The department's staff by login: the assignee column shows their names."""
        names = {user: name for user, name in names.items() if name}
        if names == self._names:
            return
        self._names = names
        self._cells = {}
        if self._count:
            self.dataChanged.emit(self.index(0, Column.ASSIGNEE),
                                  self.index(self._count - 1, Column.ASSIGNEE))

    # ---- QAbstractTableModel ------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column_title(Column(section))
        if role == Qt.ItemDataRole.ToolTipRole and section in (Column.STEP_DUE, Column.CASE_DUE):
            return deadline_heading_tooltip()
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = SORTS.get(Column(column)) if 0 <= column < len(Column) else None
        if sort is not None:
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_query(self._query.with_sort(sort, descending))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self._count):
            return None
        if role not in _ROLES:  # most of the roles a paint asks for: answer fast
            return None
        n = index.row()
        row = self._row_for_display(n)
        if row is None:
            return PLACEHOLDER if role == _DISPLAY else None
        if role == _DISPLAY:
            return self._cells_of(n, row)[index.column()]
        return self._value(row, Column(index.column()), role)

    def multiData(self, index: Index, roleDataSpan: Any) -> None:
        """All the roles a delegate asks of one cell, in one call (see the module doc)."""
        if not index.isValid():
            return
        n = index.row()
        if not 0 <= n < self._count:
            return
        row = self._row_for_display(n)
        for data in roleDataSpan:
            # Every role gets an answer, "none" included: a delegate may hand in
            # a span still holding another cell's values (whole rows turned red).
            role = data.role()
            if role not in _ROLES:
                data.clearData()
            elif row is None:
                if role == _DISPLAY:
                    data.setData(PLACEHOLDER)
                else:
                    data.clearData()
            elif role == _DISPLAY:
                data.setData(self._cells_of(n, row)[index.column()])
            else:
                value = self._value(row, Column(index.column()), role)
                if value is None:
                    data.clearData()
                else:
                    data.setData(value)

    def _cells_of(self, n: int, row: InboxRow) -> tuple[str, ...]:
        """The display strings of row ``n`` (cached with its page)."""
        number, offset = divmod(n, self.page_size)
        cells = self._cells.get(number)
        if cells is None:
            page = self._pages.get(number)
            cells = self._cells[number] = [None] * (len(page) if page is not None else 0)
        if offset >= len(cells):
            return tuple(cell_text(row, c, self.lang, self._results, self._names) for c in Column)
        found = cells[offset]
        if found is None:
            found = cells[offset] = tuple(
                cell_text(row, c, self.lang, self._results, self._names) for c in Column)
        return found

    def _value(self, row: InboxRow, column: Column, role: int) -> Any:
        """A role other than the display text."""
        if role == TASK_ID_ROLE:
            return row.task_id
        if role == _TOOLTIP:
            return plain_tooltip(cell_tooltip(row, column, self.lang, self._results, self._names)) or None
        b = row.step if column is Column.STEP_DUE else \
            row.case if column is Column.CASE_DUE else None
        if b is None:
            return None
        if role == LEVEL_ROLE:
            return b.level.value
        if role == SHORT_ROLE:
            return badge_text(b, short=True)
        colour = LEVEL_COLOURS.get(b.level)
        return QColor(colour) if colour else None
