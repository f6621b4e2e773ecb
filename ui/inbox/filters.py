"""Quick filters with live counts, and saved views of the inbox list.

The counts come from one SQL query per refresh (``inbox_views.quick_counts``)
run by the list, after each sync and local action; this module only shows
them. Saved views belong to the account (platform URL and user name) that
saved them: JSON under a QSettings key of that account's own
(``inboxViews/<profile>``, the profile naming its local store): a list of
{name, quick, text, sort, descending, hidden, columns}. The settings file is
the workstation's, and a view's search text may name an applicant: a
colleague signing in on the same workstation must not see it. The bar shows
no views until it knows whose list it is (:meth:`SavedViewsBar.set_owner`).

Builds before the views were per account kept one list for everyone
(``inbox/savedViews``). Whose views they were is not known, so they are given
to no one: the key is removed the first time the views are read, rather than
handed to whoever signs in first (who may not be the person who saved them).

A value that cannot be read (hand-edited, another version) is logged and
treated as no saved views — it must never stop the list.

Delete view asks first (No the default): it deleted at once, with no way
back, one click beside Save view….
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QWidget,
)

from backoffice.store.inbox_query import QuickFilter, TaskSort
from ui.inbox.list_format import COLUMN_ORDER, columns_of
from ui.settings import Settings
from ui.widgets.access import keep_words, named
from ui.widgets.flow import FlowLayout
from ui.widgets.question import final_question

_log = logging.getLogger("ui.inbox")

SAVED_VIEWS_GROUP = "inboxViews"
# The one list every account shared before views were per account: see above.
SHARED_VIEWS_KEY = "inbox/savedViews"


def search_box(parent: QWidget) -> QLineEdit:
    """``inboxSearch``: the list's search box."""
    search = named(QLineEdit(parent), QCoreApplication.translate("InboxList", "Search"))
    search.setObjectName("inboxSearch")
    search.setClearButtonEnabled(True)
    # The shortcut first: at 1366 px in English the end of the words was cut,
    # "(Ctrl+F)" with it. What is searched is in the tooltip too.
    search.setPlaceholderText(
        QCoreApplication.translate("InboxList", "Search (Ctrl+F): case code, applicant, item, material"))
    search.setToolTip(QCoreApplication.translate(
        "InboxList", "Searches the case code, the applicant, the service item and the "
        "materials' names (Ctrl+F)"))
    # Not squeezed to "…" by a large font: at least the words that say what it is.
    keep_words(search, QCoreApplication.translate("InboxList", "Search (Ctrl+F)"))
    return search


def views_key(owner: str) -> str:
    """The settings key of the views of ``owner`` (an account's profile)."""
    if not owner:
        raise ValueError("saved views need their account")
    return f"{SAVED_VIEWS_GROUP}/{owner}"


def filter_title(quick: QuickFilter) -> str:
    return {
        QuickFilter.MINE: QCoreApplication.translate("InboxFilters", "Mine"),
        QuickFilter.UNCLAIMED: QCoreApplication.translate("InboxFilters", "Unclaimed"),
        QuickFilter.DUE_SOON: QCoreApplication.translate("InboxFilters", "Due soon"),
        QuickFilter.OVERDUE: QCoreApplication.translate("InboxFilters", "Overdue"),
        QuickFilter.AWAITING_APPLICANT: QCoreApplication.translate("InboxFilters", "Awaiting the applicant"),
        QuickFilter.CLOCK_STOPPED: QCoreApplication.translate("InboxFilters", "Clock suspended"),
        QuickFilter.CONFLICTS: QCoreApplication.translate("InboxFilters", "Conflicts"),
    }[quick]


def button_name(quick: QuickFilter) -> str:
    """``inboxFilterMine``, ``inboxFilterDueSoon`` … (docs/ui-automation.md)."""
    return "inboxFilter" + "".join(p.capitalize() for p in quick.value.split("_"))


class QuickFilterBar(QWidget):
    """One checkable button per quick filter; checked filters combine (AND).

    The buttons wrap to the list's width: in one row they made the window
    wider than a laptop screen.
    """

    changed = Signal(object)  # frozenset[QuickFilter]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxFilters")
        layout = FlowLayout(self, spacing=2)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[QuickFilter, QToolButton] = {}
        self._counts: dict[QuickFilter, int | None] = dict.fromkeys(QuickFilter)
        for quick in QuickFilter:
            button = QToolButton(self)
            button.setObjectName(button_name(quick))
            button.setCheckable(True)
            button.setAutoRaise(True)
            # Tab reaches the filters (the default for tool buttons is no focus).
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.toggled.connect(self._emit)
            layout.addWidget(button)
            self.buttons[quick] = button
        self._label()

    def selected(self) -> frozenset[QuickFilter]:
        return frozenset(q for q, b in self.buttons.items() if b.isChecked())

    def set_selected(self, quick: frozenset[QuickFilter]) -> None:
        for q, button in self.buttons.items():
            button.blockSignals(True)
            button.setChecked(q in quick)
            button.blockSignals(False)
        self._emit()

    def set_counts(self, counts: dict[QuickFilter, int]) -> None:
        self._counts = {q: counts.get(q) for q in QuickFilter}
        self._label()
        for button in self.buttons.values():
            button.setToolTip("")

    def counts_unreadable(self) -> None:
        """The counts could not be read: no number rather than an old one taken for current."""
        self._counts = dict.fromkeys(QuickFilter)
        self._label()
        tip = QCoreApplication.translate(
            "InboxFilters", "The counts could not be read from the local store; they are "
            "read again after the next sync. The log has the details.")
        for button in self.buttons.values():
            button.setToolTip(tip)

    def count(self, quick: QuickFilter) -> int | None:
        return self._counts.get(quick)

    def _label(self) -> None:
        for quick, button in self.buttons.items():
            n = self._counts.get(quick)
            title = filter_title(quick)
            button.setText(title if n is None else f"{title} ({n:,})")

    def _emit(self, _checked: bool = False) -> None:
        self.changed.emit(self.selected())


@dataclass(frozen=True)
class SavedView:
    name: str
    quick: tuple[str, ...] = ()
    text: str = ""
    sort: str = TaskSort.STEP_DUE.value
    descending: bool = False
    hidden: tuple[int, ...] = field(default_factory=tuple)  # hidden column numbers
    columns: int = COLUMN_ORDER  # the column order ``hidden`` counts in (list_format)

    def quick_filters(self) -> frozenset[QuickFilter]:
        return frozenset(QuickFilter(q) for q in self.quick if q in set(QuickFilter))

    def task_sort(self) -> TaskSort:
        return TaskSort(self.sort) if self.sort in set(TaskSort) else TaskSort.STEP_DUE

    @classmethod
    def from_json(cls, data: Any) -> SavedView:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise TypeError("a saved view needs a name")
        return cls(
            name=data["name"],
            quick=tuple(str(q) for q in data.get("quick", [])),
            text=str(data.get("text", "")),
            sort=str(data.get("sort", TaskSort.STEP_DUE.value)),
            descending=bool(data.get("descending", False)),
            hidden=tuple(int(c) for c in data.get("hidden", [])),
            columns=int(data.get("columns", 1)),  # saved before the order had a number
        )


def same_list(a: SavedView, b: SavedView) -> bool:
    """Whether ``a`` and ``b`` show the same list (their names aside)."""
    return (a.quick_filters() == b.quick_filters() and a.text.strip() == b.text.strip()
            and a.task_sort() == b.task_sort() and a.descending == b.descending
            and columns_of(a.hidden, a.columns) == columns_of(b.hidden, b.columns))


def load_views(settings: Settings, owner: str) -> list[SavedView]:
    """The views ``owner`` (an account's profile) saved."""
    if settings.qsettings.contains(SHARED_VIEWS_KEY):
        _log.info("saved inbox views shared by every account removed: whose they were is unknown")
        settings.qsettings.remove(SHARED_VIEWS_KEY)
        settings.qsettings.sync()
    raw = settings.qsettings.value(views_key(owner))
    if not raw:
        return []
    try:
        return [SavedView.from_json(item) for item in json.loads(str(raw))]
    except (ValueError, TypeError) as exc:
        _log.warning("saved inbox views unreadable, ignored: %s", exc)
        return []


def store_views(settings: Settings, owner: str, views: list[SavedView]) -> None:
    settings.qsettings.setValue(
        views_key(owner), json.dumps([asdict(v) for v in views], ensure_ascii=False))
    settings.qsettings.sync()


class SavedViewsBar(QWidget):
    """A combo of saved views, Save… and Delete."""

    chosen = Signal(object)  # SavedView
    saveRequested = Signal(str)  # the name typed

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName("inboxSavedViews")
        self.combo.setAccessibleName(QCoreApplication.translate("InboxFilters", "Saved views"))
        self.combo.setMinimumContentsLength(12)
        # Shown when the list is no saved view (and not all tasks): see show_state.
        self.combo.setPlaceholderText(
            QCoreApplication.translate("InboxFilters", "Changed, not saved"))
        self.save_button = QToolButton(self)
        self.save_button.setObjectName("inboxSaveView")
        self.save_button.setText(QCoreApplication.translate("InboxFilters", "Save view…"))
        self.delete_button = QToolButton(self)
        self.delete_button.setObjectName("inboxDeleteView")
        self.delete_button.setText(QCoreApplication.translate("InboxFilters", "Delete view"))
        for w in (self.combo, self.save_button, self.delete_button):
            layout.addWidget(w)
        # Whose views these are; none shown (and none saved) before it is known.
        self.owner = ""
        self.views: list[SavedView] = []
        self._fill()
        self.combo.activated.connect(self._activated)
        self.save_button.clicked.connect(self._ask_name)
        self.delete_button.clicked.connect(self.ask_delete)
        self._dialog: QInputDialog | None = None
        self.question: QMessageBox | None = None

    def set_owner(self, owner: str) -> None:
        """The list is of the account whose profile is ``owner``: show its views."""
        self.owner = owner
        self.views = load_views(self.settings, owner)
        self._fill()

    def _fill(self) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(QCoreApplication.translate("InboxFilters", "All tasks"))
        for view in self.views:
            self.combo.addItem(view.name)
        self.combo.blockSignals(False)
        self.delete_button.setEnabled(False)
        self.save_button.setEnabled(bool(self.owner))

    def _activated(self, position: int) -> None:
        self.delete_button.setEnabled(position > 0)
        if position == 0:
            self.chosen.emit(SavedView(""))
        else:
            self.chosen.emit(self.views[position - 1])

    def show_state(self, shown: SavedView) -> None:
        """Name what the list shows: the saved view chosen (or another alike), "All tasks",
        or — once the filters, search, sort or columns differ — no view at all.

        The chosen view's name stayed after its filters were changed: the
        person took the list for the view, and saving it again kept the change.
        """
        chosen = self.combo.currentIndex()
        for position in (chosen, *range(self.combo.count())):
            if position < 0:
                continue
            view = self.views[position - 1] if position > 0 else SavedView("")
            if same_list(view, shown):
                self.combo.setCurrentIndex(position)
                self.delete_button.setEnabled(position > 0)
                return
        self.combo.setCurrentIndex(-1)
        self.delete_button.setEnabled(False)

    def _ask_name(self) -> None:
        # open(), never exec(): no nested event loop (docs/architecture.md).
        dialog = QInputDialog(self)
        dialog.setObjectName("inboxSaveViewDialog")
        dialog.setWindowTitle(QCoreApplication.translate("InboxFilters", "Save view"))
        dialog.setLabelText(QCoreApplication.translate("InboxFilters", "Name of the view:"))
        dialog.textValueSelected.connect(self._named)
        self._dialog = dialog
        dialog.open()

    def _named(self, name: str) -> None:
        if name.strip():
            self.saveRequested.emit(name.strip())

    def save(self, view: SavedView) -> None:
        """Add ``view`` (replacing one of the same name) and remember it."""
        if not self.owner:
            raise RuntimeError("a view saved before the list knows its account")
        self.views = [v for v in self.views if v.name != view.name] + [view]
        store_views(self.settings, self.owner, self.views)
        self._fill()
        self.combo.setCurrentIndex(len(self.views))
        self.delete_button.setEnabled(True)

    def ask_delete(self) -> None:
        """Whether to delete the view chosen; deleted only on Delete (Cancel the default)."""
        position = self.combo.currentIndex()
        if position <= 0:
            return
        box = final_question(
            self, name="inboxDeleteViewQuestion",
            title=QCoreApplication.translate("InboxFilters", "Delete view"),
            text=QCoreApplication.translate("InboxFilters", "Delete the saved view “{name}”?")
            .format(name=self.views[position - 1].name),
            consequence=QCoreApplication.translate(
                "InboxFilters", "Its filters, search, sort and columns are forgotten; "
                "the tasks are not touched."),
            action=QCoreApplication.translate("InboxFilters", "Delete"))
        box.finished.connect(lambda _result: self._delete_answered(box, position))
        self.question = box
        box.open()

    def _delete_answered(self, box: QMessageBox, position: int) -> None:
        self.question = None
        # The button pressed, not the result: Escape and the title bar's close are Cancel.
        if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
            return
        if self.combo.currentIndex() == position:  # still the view asked about
            self.delete_current()

    def delete_current(self) -> None:
        position = self.combo.currentIndex()
        if position <= 0:
            return
        del self.views[position - 1]
        store_views(self.settings, self.owner, self.views)
        self._fill()
