"""The conflict list: the person's commands the platform did not take, and what to do.

Each entry is a command in conflict (the record changed on the platform and
the command no longer fits) or refused (the platform said no). For the
selected one the dialog shows what the command wanted, why it stopped, and
the record twice — as it was when the person acted, and as the platform has
it now — with the differing fields marked. **Re-apply** queues the same
command again on the current version (``Store.reapply_command``; when it no
longer fits, the reason is shown and nothing changes); **Discard** drops it
after a confirmation (``Store.discard_command``); the photos it named are
let go in the file cache unless a kept field draft or another command still
names them (``files_outbox.discard_and_release``): nothing would upload them
any more. Both run on a worker thread, as does reading the list;
``on_changed`` is called after a change (the shell refreshes its status and
nudges the sync).

Several entries can be selected (Ctrl, Shift) and re-applied or discarded at
once: re-applied in the list's order, each that no longer fits kept with its
reason; discarded after one confirmation that says how many. The detail
shows the current entry.

A sync may change the outbox while the list is open (a conflict resolved in
another window, a new one arriving): given the session's ``statusChanged``,
the list reads itself again on each status, the selection kept on the
entries still there.

Keyboard: the list has the focus; Enter re-applies, Delete discards (after
the confirmation, whose default button is Cancel), Escape closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from backoffice.domain.errors import BackofficeError
from backoffice.store.store import Store
from backoffice.sync.files import FileCache
from backoffice.sync.files_outbox import discard_and_release
from ui.dialogs.conflict_view import (
    ConflictItem,
    field_rows,
    kind_text,
    load_conflicts,
    payload_text,
    person,
    reason_text,
    record_text,
)
from ui.dialogs.worker import BackgroundCall, describe_failure
from ui.inbox.detail_text import beijing
from ui.inbox.stopped_words import stopped_heading
from ui.planner.draft_photos import draft_photos
from ui.widgets.plain import PlainLabel

_DIFFERS = QColor("#fde68a")  # amber: readable under dark text in light and dark themes


@dataclass(frozen=True)
class Reapplied:
    """What re-applying several entries came to: how many went, and the ones that no
    longer fit (still in the list), each with why."""

    done: int
    undone: tuple[tuple[str, BackofficeError], ...]


def reapply_all(store: Store, command_ids: Sequence[str]) -> Reapplied:
    """Re-apply each in the list's order (on a worker thread): an earlier command on a
    record goes first, and what it held back is judged after it."""
    undone = []
    for command_id in command_ids:
        try:
            store.reapply_command(command_id)
        except BackofficeError as exc:
            undone.append((command_id, exc))
    return Reapplied(len(command_ids) - len(undone), tuple(undone))


def discard_all(store: Store, files: FileCache | None, command_ids: Sequence[str]) -> int:
    """Discard each (on a worker thread), its photos let go as one discard lets them
    go; how many were still there to discard."""
    if files is None:
        return sum(store.discard_command(c) for c in command_ids)
    kept = draft_photos(store)
    return sum(discard_and_release(store, files, c, kept) for c in command_ids)


class ConflictListDialog(QDialog):
    # After each (re)load of the list: the number of entries shown.
    refreshed = Signal(int)

    def __init__(self, parent: QWidget | None, store: Store, *,
                 files: FileCache | None = None,
                 on_changed: Callable[[], None] | None = None, lang: str | None = None,
                 status_changed: SignalInstance | None = None) -> None:
        """``files``: the session's file cache, where a discarded command's photos are
        let go; None only where no photo can be pinned (screenshots).
        ``status_changed``: the session's ``statusChanged``; the list reads itself
        again on each (a sync may have changed the outbox)."""
        super().__init__(parent)
        self.setObjectName("conflictList")
        self.setWindowTitle(QCoreApplication.translate("ConflictListDialog", "Conflicts"))
        self._store = store
        self._files = files
        self._on_changed = on_changed
        self._lang = messages.resolve_language(lang)
        self._items: list[ConflictItem] = []
        # What to select again after a reload: the current entry's row, and the ids of
        # the current and the selected entries (those still there are selected again).
        self._keep_row = 0
        self._keep_current = ""
        self._keep_selected: set[str] = set()
        # A status came while the list was being read: read it once more after.
        self._stale = False

        self.entries = QListWidget(self)
        self.entries.setObjectName("conflictEntries")
        self.entries.setAccessibleName(QCoreApplication.translate("ConflictListDialog", "Conflicted changes"))
        self.entries.currentRowChanged.connect(self._show_entry)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.entries.itemSelectionChanged.connect(self._update_buttons)
        self.entries.setWordWrap(True)
        self.entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.summary = PlainLabel("", self)
        self.summary.setObjectName("conflictSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason = PlainLabel("", self)
        self.reason.setObjectName("conflictReason")
        self.reason.setWordWrap(True)
        self.versions = QTableWidget(0, 3, self)
        self.versions.setObjectName("conflictVersions")
        self.versions.setHorizontalHeaderLabels([
            QCoreApplication.translate("ConflictListDialog", "Field"),
            QCoreApplication.translate("ConflictListDialog", "Your change was based on"),
            QCoreApplication.translate("ConflictListDialog", "On the platform now"),
        ])
        self.versions.verticalHeader().hide()
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setWordWrap(True)
        # Tab leaves the table for the change and the buttons; the arrows move within it.
        self.versions.setTabKeyNavigation(False)
        self.versions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.payload = QPlainTextEdit(self)
        self.payload.setObjectName("conflictPayload")
        self.payload.setReadOnly(True)
        self.payload.setTabChangesFocus(True)
        self.payload.setMaximumHeight(110)
        self.payload.setAccessibleName(QCoreApplication.translate("ConflictListDialog", "What the change contained"))

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(self.reason)
        detail_layout.addWidget(self.versions, 1)
        payload_title = PlainLabel(self.payload.accessibleName(), self)
        payload_title.setBuddy(self.payload)
        detail_layout.addWidget(payload_title)
        detail_layout.addWidget(self.payload)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("conflictSplitter")
        self.splitter.addWidget(self.entries)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([260, 640])

        self.empty_label = PlainLabel(QCoreApplication.translate(
            "ConflictListDialog",
            "No conflicts. Every change you made was accepted by the platform or is waiting to be sent."),
            self)
        self.empty_label.setObjectName("conflictEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.splitter)

        self.error_label = PlainLabel("", self)
        self.error_label.setObjectName("conflictError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("QLabel#conflictError { color: #b91c1c; }")
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.reapply_button = QPushButton(QCoreApplication.translate("ConflictListDialog", "&Re-apply"), self)
        self.reapply_button.setObjectName("conflictReapply")
        self.reapply_button.setToolTip(QCoreApplication.translate(
            "ConflictListDialog",
            "Queue the selected changes again on the platform's current records (Enter)."))
        self.discard_button = QPushButton(QCoreApplication.translate("ConflictListDialog", "&Discard"), self)
        self.discard_button.setObjectName("conflictDiscard")
        self.discard_button.setToolTip(QCoreApplication.translate(
            "ConflictListDialog", "Drop the selected changes; the platform's records stay (Delete)."))
        self.buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.reapply_button, self.discard_button):
            # Enter on the list means re-apply; it must not press a default button.
            button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.reapply_button.clicked.connect(self.reapply_selected)
        self.discard_button.clicked.connect(self.ask_discard_selected)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.entries, self.reapply_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.entries, self.ask_discard_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(900, 560)

        self.confirmation: QMessageBox | None = None
        self._call = BackgroundCall(self)
        self._call.succeeded.connect(self._on_done)
        self._call.failed.connect(self._on_failed)
        # What the running background call does: "list" (reading) or "change".
        self._doing = ""
        self._confirm_ids: tuple[str, ...] = ()
        # A confirmed change that came while the list was being read (a sync's
        # reload): started as soon as that read is done, never dropped.
        self._next_change: Callable[[], object] | None = None
        self._update_buttons()
        if status_changed is not None:
            status_changed.connect(self._status_changed)
        self.refresh()

    @property
    def busy(self) -> bool:
        """Reading the list or changing an entry (on the worker thread)."""
        return self._call.running

    # --- loading -------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the conflicts again (on a worker thread); ``refreshed`` follows."""
        if self._call.running:
            return
        self._keep_selection()
        self._stale = False
        store = self._store
        self._doing = "list"
        self._call.start(lambda: load_conflicts(store))
        self._update_buttons()

    @Slot(object)
    def _status_changed(self, _status: object) -> None:
        if self._call.running:
            self._stale = True  # read again once this call is done: it may predate the sync
        else:
            self.refresh()

    def _keep_selection(self) -> None:
        current = self.selected()
        self._keep_row = max(self.entries.currentRow(), 0)
        self._keep_current = current.command_id if current is not None else ""
        self._keep_selected = {i.command_id for i in self.chosen()}

    def _fill(self, items: list[ConflictItem]) -> None:
        shown = self.selected()
        self._items = items
        self.entries.blockSignals(True)
        self.entries.clear()
        for item in items:
            command = item.entry.command
            # A line each: the list stays narrow, whatever the language's words.
            text = (f"{kind_text(command, self._lang)}\n"
                    f"{record_text(item, self._lang)}\n"
                    f"{stopped_heading(item.entry.state, item.entry.last_error)} · {beijing(command.created_at)}")
            # Item views draw their text as plain text: names and ids stay as they are.
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, command.id)
            self.entries.addItem(row)
        ids = [i.command_id for i in items]
        if items:
            # The current entry where it still is; gone (discarded, re-applied), the
            # one now in its row.
            at = (ids.index(self._keep_current) if self._keep_current in ids
                  else min(self._keep_row, len(items) - 1))
            self.entries.setCurrentRow(at)
            for n, command_id in enumerate(ids):
                if command_id in self._keep_selected and n != at:
                    self.entries.item(n).setSelected(True)
        self.entries.blockSignals(False)
        self.pages.setCurrentWidget(self.splitter if items else self.empty_label)
        current = self.selected()
        # Shown again only when it changed: a sync's reload must not move the table
        # the person is reading back to its top.
        if current is not None and current != shown:
            self._show_entry(self.entries.currentRow())
        if items and self.focusWidget() not in (self.versions, self.payload):
            self.entries.setFocus()
        self._update_buttons()

    @Slot(int)
    def _show_entry(self, row: int) -> None:
        if not 0 <= row < len(self._items):
            return
        item = self._items[row]
        command = item.entry.command
        summary = QCoreApplication.translate(
            "ConflictListDialog", "{kind} on {record}, by {author} at {when}. {state}.").format(
            kind=kind_text(command, self._lang), record=record_text(item, self._lang),
            author=person(command.author, item.names) if command.author else "—",
            when=beijing(command.created_at),
            state=stopped_heading(item.entry.state, item.entry.last_error))
        # The kind is a term in lower case ("claim on review task …"): it starts the sentence.
        self.summary.setText(summary[:1].upper() + summary[1:])
        self.reason.setText(reason_text(item, self._lang))
        self.payload.setPlainText(payload_text(command.payload, self._lang, item.names, item.departments))
        self._fill_versions(item)

    def _fill_versions(self, item: ConflictItem) -> None:
        rows = field_rows(item.base, item.server, self._lang, item.names, item.departments,
                          command=item.entry.command)
        self.versions.setRowCount(len(rows))
        bold = QFont(self.versions.font())
        bold.setBold(True)
        for i, row in enumerate(rows):
            for column, text in enumerate((row.label, row.base, row.server)):
                cell = QTableWidgetItem(text)
                if row.differs:
                    # Colour and weight: the difference must not depend on seeing colour.
                    cell.setBackground(QBrush(_DIFFERS))
                    cell.setForeground(QBrush(QColor("#1f2937")))
                    cell.setFont(bold)
                    cell.setToolTip(QCoreApplication.translate("ConflictListDialog", "This field differs."))
                self.versions.setItem(i, column, cell)
        self.versions.resizeRowsToContents()
        if item.unreadable:
            self.reason.setText(self.reason.text() + "\n" + QCoreApplication.translate(
                "ConflictListDialog", "The stored records of this change cannot be read; it can still be discarded."))
        elif not rows:
            self.reason.setText(self.reason.text() + "\n" + QCoreApplication.translate(
                "ConflictListDialog", "The platform sent no record for this change."))

    def selected(self) -> ConflictItem | None:
        """The current entry: the one the detail shows."""
        row = self.entries.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def chosen(self) -> list[ConflictItem]:
        """The selected entries, in the list's order: what the buttons act on."""
        rows = sorted(self.entries.row(i) for i in self.entries.selectedItems())
        return [self._items[r] for r in rows if 0 <= r < len(self._items)]

    def select(self, command_ids: Sequence[str]) -> None:
        """Select the entries of ``command_ids``; the first of them becomes the current one."""
        rows = [n for n, i in enumerate(self._items) if i.command_id in command_ids]
        if not rows:
            return
        self.entries.setCurrentRow(rows[0])  # the others' selection cleared
        for n in rows[1:]:
            self.entries.item(n).setSelected(True)

    def _update_buttons(self) -> None:
        enabled = bool(self.chosen()) and not self._call.running
        self.reapply_button.setEnabled(enabled)
        self.discard_button.setEnabled(enabled)

    # --- actions -------------------------------------------------------------

    @Slot()
    def reapply_selected(self) -> None:
        items = self.chosen()
        if not items or self._call.running:
            return
        store, ids = self._store, [i.command_id for i in items]
        if len(ids) == 1:  # its refusal is the call's failure, said as it is
            self._start_change(lambda: store.reapply_command(ids[0]))
        else:
            self._start_change(lambda: reapply_all(store, ids))

    @Slot()
    def ask_discard_selected(self) -> None:
        """Ask first (without blocking: the answer arrives by signal), then discard."""
        items = self.chosen()
        if not items or self._call.running:
            return
        if len(items) == 1:
            command = items[0].entry.command
            title = QCoreApplication.translate("ConflictListDialog", "Discard the change?")
            text = QCoreApplication.translate(
                "ConflictListDialog",
                "Discard “{kind}” on {record}? The platform's record stays as it is; "
                "your change is lost.").format(
                kind=kind_text(command, self._lang), record=record_text(items[0], self._lang))
        else:
            # One question for all of them, saying how many: each is lost for good.
            title = QCoreApplication.translate(
                "ConflictListDialog", "Discard {count} changes?").format(count=len(items))
            text = QCoreApplication.translate(
                "ConflictListDialog",
                "Discard the {count} selected changes? The platform's records stay as they are; "
                "your changes are lost.").format(count=len(items))
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("discardConfirmation")
        # Qt's own Discard has a word of its own (丢弃), the title and text ours (放弃).
        box.button(QMessageBox.StandardButton.Discard).setText(self.discard_button.text())
        box.setTextFormat(Qt.TextFormat.PlainText)  # the text names an id from the platform
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._discard_answered)
        self.confirmation = box
        # The ones asked about, whatever a reload selects meanwhile.
        self._confirm_ids = tuple(i.command_id for i in items)
        box.open()

    @Slot(int)
    def _discard_answered(self, _result: int) -> None:
        box, self.confirmation = self.confirmation, None
        # The button pressed, not the result code: Escape and the title bar's
        # close count as Cancel.
        chosen = box.standardButton(box.clickedButton()) if box is not None else None
        if chosen != QMessageBox.StandardButton.Discard:
            self.entries.setFocus()
            return
        store, files, ids = self._store, self._files, self._confirm_ids
        self._start_change(lambda: discard_all(store, files, ids))

    def _start_change(self, fn: Callable[[], object]) -> None:
        if self._call.running:  # a reload under way (a change disables the buttons)
            self._next_change = fn
            return
        self.error_label.hide()
        self._doing = "change"
        self._call.start(fn)
        self._update_buttons()

    @Slot(object)
    def _on_done(self, value: object) -> None:
        if self._doing == "list":
            self._fill(value if isinstance(value, list) else [])
            self.refreshed.emit(len(self._items))
            self._after_list()
            return
        if isinstance(value, Reapplied) and value.undone:
            self._say_undone(value)
        # A discard answers 0 when the commands were gone already (the sync
        # confirmed them meanwhile): nothing changed through this dialog.
        changed = value.done if isinstance(value, Reapplied) else value != 0
        if self._on_changed is not None and changed:
            self._on_changed()
        self.refresh()

    def _say_undone(self, result: Reapplied) -> None:
        """The ones that no longer fit, each with why (they stay in the list)."""
        items = {i.command_id: i for i in self._items}
        lines = [QCoreApplication.translate(
            "ConflictListDialog",
            "Re-applied {done} of {total} changes. These no longer fit and stay in the list:"
        ).format(done=result.done, total=result.done + len(result.undone))]
        for command_id, exc in result.undone:
            item = items.get(command_id)
            reason = describe_failure(exc, self._lang)
            if item is None:
                lines.append(reason)
                continue
            line = QCoreApplication.translate(
                "ConflictListDialog", "{kind} on {record}: {reason}").format(
                kind=kind_text(item.entry.command, self._lang),
                record=record_text(item, self._lang), reason=reason)
            lines.append(line[:1].upper() + line[1:])  # the kind is a term in lower case
        self.error_label.setText("\n".join(lines))
        self.error_label.show()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self.error_label.setText(describe_failure(exc, self._lang))
        self.error_label.show()
        if self._doing == "change":
            # It may have failed because the store changed meanwhile: show it as it is now.
            self.refresh()
        else:
            self._update_buttons()
            self.refreshed.emit(len(self._items))
            self._after_list()

    def _after_list(self) -> None:
        """What waited for the list's read: a confirmed change, or a read again."""
        change, self._next_change = self._next_change, None
        if change is not None:
            self._start_change(change)  # its end reads the list again
        elif self._stale:
            self.refresh()
