"""The department's materials with a verdict per check, reviewable from the keyboard.

A reviewer checks dozens of materials a day, three checks each (9.5.1:
authenticity, legality, conformity), so the whole review is keys:

- Up/Down move between materials, Left/Right or 1/2/3 choose the check;
- P records "pass", N "not applicable", F "fail";
- a failure must say why (the reason goes into the correction notice):
  F with an empty note field moves the focus there; Enter records the
  failure with that reason and comes back, Escape comes back without it;
- after a verdict the cursor moves to the next check, then the next material.

The widget only asks (``verdictRequested``); the detail queues the command
off the GUI thread and hands the updated material back (:meth:`update_material`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain.model import Check, Material, Verdict
from ui.inbox.detail_data import MaterialMarks
from ui.inbox.detail_text import safe
from ui.widgets.listing import listed
from ui.widgets.plain import PlainLabel, plain_tooltip

CHECKS: tuple[Check, ...] = tuple(Check)
NAME, FIRST_CHECK, FLAGS, FILE = 0, 1, 1 + len(CHECKS), 2 + len(CHECKS)
_ID = Qt.ItemDataRole.UserRole


def check_names() -> dict[str, str]:
    """The checks as the person reads them (also used in correction reasons)."""
    return {
        Check.AUTHENTICITY.value: QCoreApplication.translate("MaterialList", "Authenticity"),
        Check.LEGALITY.value: QCoreApplication.translate("MaterialList", "Legality"),
        Check.CONFORMITY.value: QCoreApplication.translate("MaterialList", "Conformity"),
    }


def verdict_text(verdict: Verdict) -> str:
    return {
        Verdict.PENDING: QCoreApplication.translate("MaterialList", "—"),
        Verdict.PASS: QCoreApplication.translate("MaterialList", "✓ pass"),
        Verdict.FAIL: QCoreApplication.translate("MaterialList", "✗ fail"),
        Verdict.NOT_APPLICABLE: QCoreApplication.translate("MaterialList", "n/a"),
    }[verdict]


def _keys_hint() -> str:
    return QCoreApplication.translate(
        "MaterialList", "↑/↓ material · 1/2/3 or ←/→ check · P pass · F fail · N not applicable"
    )


def _flags(m: Material, marks: MaterialMarks) -> tuple[list[str], list[str]]:
    """The marks of the Flags column and what each means (its tooltip), plain text."""
    flags: list[str] = []
    why: list[str] = []
    if marks.deferred_due is not None:
        # Accepted without it (容缺): not an ordinary required material yet.
        due = marks.deferred_due.isoformat()
        if marks.overdue:
            flags.append(QCoreApplication.translate(
                "MaterialList", "deferred, overdue since {date}").format(date=due))
        else:
            flags.append(QCoreApplication.translate(
                "MaterialList", "deferred, due {date}").format(date=due))
        why.append(QCoreApplication.translate(
            "MaterialList", "Accepted without it against the applicant's commitment; not handed "
            "in yet, promised by {date}.").format(date=due))
    elif m.required:
        flags.append(QCoreApplication.translate("MaterialList", "required"))
    if m.original_required:
        flags.append(QCoreApplication.translate("MaterialList", "original to bring"))
    if m.from_shared_platform:
        failed = m.overall == Verdict.FAIL
        flags.append(QCoreApplication.translate("MaterialList", "e-licence, query again")
                     if failed else QCoreApplication.translate("MaterialList", "e-licence"))
        why.append(QCoreApplication.translate(
            "MaterialList", "Looked up on the shared platform: not asked of the applicant. "
            "A failed check means querying the platform again; it is not a correction item."))
    if marks.resupplied:
        flags.append(QCoreApplication.translate("MaterialList", "resupplied"))
        on = marks.answered_on.isoformat() if marks.answered_on else ""
        why.append(QCoreApplication.translate(
            "MaterialList", "Resupplied by the applicant on {date}; the correction notice "
            "asked: {reasons}").format(date=on, reasons="; ".join(marks.resupplied)))
    return flags, why


class _Hint(PlainLabel):
    """The key hint, wrapped: its minimum is its lines at its width.

    A splitter asks a widget's minimum, which knows nothing of a height that
    follows the width: at one line's minimum, a hint wrapped to two (English on a
    1024-pixel window, Chinese with a 15 pt font) was drawn over the reason box.
    """

    def minimumSizeHint(self) -> QSize:
        own = super().minimumSizeHint()
        if self.width() <= 0:
            return own
        return QSize(own.width(), max(own.height(), self.heightForWidth(self.width())))

    def setText(self, text: str) -> None:
        super().setText(text)
        self.updateGeometry()  # the armed failure's prompt may take another line

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class MaterialTree(QTreeWidget):
    """The list itself; keys that record verdicts go to its owner."""

    verdictKey = Signal(object)  # Verdict

    _KEYS: ClassVar[dict[Qt.Key, Verdict]] = {
        Qt.Key.Key_P: Verdict.PASS,
        Qt.Key.Key_F: Verdict.FAIL,
        Qt.Key.Key_N: Verdict.NOT_APPLICABLE,
    }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier:
            if Qt.Key.Key_1 <= key < Qt.Key.Key_1 + len(CHECKS):
                self.choose_check(key - Qt.Key.Key_1)
                return
            if key in self._KEYS:
                self.verdictKey.emit(self._KEYS[Qt.Key(key)])
                return
        super().keyPressEvent(event)

    def choose_check(self, index: int) -> None:
        item = self.currentItem() or self.topLevelItem(0)
        if item is not None:
            self.setCurrentItem(item, FIRST_CHECK + index)


class MaterialList(QWidget):
    """``materialList`` (the tree), ``materialNote`` and a hint line."""

    verdictRequested = Signal(str, str, str, str)  # material id, check, verdict, note
    currentMaterialChanged = Signal(object)  # Material | None
    countChanged = Signal(int)  # how many materials the list holds now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._materials: dict[str, Material] = {}
        self._cached: set[str] = set()
        self._marks: Mapping[str, MaterialMarks] = {}
        self._armed: tuple[str, Check] | None = None  # a failure waiting for its reason
        # Whether a verdict would be taken (the task claimed by the person):
        # a refused one leaves the cursor and the note where they were.
        self.editable = True
        self.tree = MaterialTree(self)
        self.tree.setObjectName("materialList")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        # Single cells, so the current column is the check the keys act on.
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        names = check_names()
        self.tree.setHeaderLabels(
            [
                QCoreApplication.translate("MaterialList", "Material"),
                *(names[c.value] for c in CHECKS),
                QCoreApplication.translate("MaterialList", "Flags"),
                QCoreApplication.translate("MaterialList", "File"),
            ]
        )
        self.tree.setAccessibleName(QCoreApplication.translate("MaterialList", "Materials"))
        # The header and three materials at least, however crowded the pane.
        row = self.tree.fontMetrics().height() + 8
        self.tree.setMinimumHeight(self.tree.header().sizeHint().height() + 3 * row + 4)
        self.tree.verdictKey.connect(self._on_verdict_key)
        self.tree.currentItemChanged.connect(self._on_current)
        self.note = QLineEdit(self)
        self.note.setObjectName("materialNote")
        self.note.setPlaceholderText(
            QCoreApplication.translate("MaterialList", "Reason (required for a failed check)")
        )
        self.note.setMaxLength(500)
        # Its placeholder is gone once typed in: the box keeps its name for a screen reader.
        self.note.setAccessibleName(self.note.placeholderText())
        self.note.installEventFilter(self)
        self.hint = _Hint(_keys_hint(), self)
        self.hint.setObjectName("materialHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.hint)

    # ---- content ------------------------------------------------------------------------

    def set_materials(
        self,
        materials: tuple[Material, ...],
        cached: frozenset[str],
        marks: Mapping[str, MaterialMarks] | None = None,
    ) -> None:
        """Show ``materials``; the current material and check stay where they were.

        ``marks``: what the list says of a material beyond its record
        (resupplied after the notice, deferred and not handed in), by id.
        """
        self._marks = dict(marks or {})
        before = len(self._materials)
        current = self.current_material()
        column = max(self.tree.currentColumn(), FIRST_CHECK)
        self._materials = {m.id: m for m in materials}
        self._cached = set(cached)
        # Rebuilt silently: a reload after a sync is not the person moving, so
        # a failure waiting for its reason stays armed; one signal at the end.
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            for m in materials:
                item = QTreeWidgetItem()
                item.setData(NAME, _ID, m.id)
                self.tree.addTopLevelItem(item)
                self._fill(item, m)
            self._fit_columns()
            keep = self._item(current.id) if current is not None else None
            target = keep or self.tree.topLevelItem(0)
            if target is not None:
                self.tree.setCurrentItem(target, column)
        finally:
            self.tree.blockSignals(False)
        if self._armed is not None and self._armed[0] not in self._materials:
            self._disarm()
        if len(self._materials) != before:
            self.countChanged.emit(len(self._materials))
        self.currentMaterialChanged.emit(self.current_material())

    def update_material(self, material: Material) -> None:
        item = self._item(material.id)
        if item is None:
            return
        self._materials[material.id] = material
        self._fill(item, material)
        self._fit_columns()  # "✗ 不通过" where "—" was: not clipped

    def _fit_columns(self) -> None:
        # Every column but the last as wide as its title and cells: the checks' 100 px
        # default pushed File ("downloaded") out of a 1366-px screen's pane.
        for each in range(FILE):
            self.tree.resizeColumnToContents(each)

    def set_cached(self, sha256: str) -> None:
        """A file arrived in the cache (the viewer downloaded it)."""
        self._cached.add(sha256)
        for m in self._materials.values():
            item = self._item(m.id)
            if m.file_sha256 == sha256 and item is not None:
                self._fill(item, m)

    def materials(self) -> tuple[Material, ...]:
        return tuple(self._materials.values())

    def current_material(self) -> Material | None:
        item = self.tree.currentItem()
        return None if item is None else self._materials.get(str(item.data(NAME, _ID)))

    def current_check(self) -> Check:
        column = self.tree.currentColumn()
        index = column - FIRST_CHECK if FIRST_CHECK <= column < FLAGS else 0
        return CHECKS[index]

    def _item(self, material_id: str) -> QTreeWidgetItem | None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(NAME, _ID) == material_id:
                return item
        return None

    def _fill(self, item: QTreeWidgetItem, m: Material) -> None:
        # Item texts are plain text in Qt: names and notes from the platform are safe here.
        item.setText(NAME, safe(m.name))
        for offset, check in enumerate(CHECKS):
            verdict = m.verdict(check)
            item.setText(FIRST_CHECK + offset, verdict_text(verdict.verdict))
            item.setToolTip(FIRST_CHECK + offset, plain_tooltip(verdict.note))
        flags, why = _flags(m, self._marks.get(m.id, MaterialMarks()))
        item.setText(FLAGS, listed(flags))
        item.setToolTip(FLAGS, plain_tooltip("\n".join(why)))
        if not m.file_sha256:
            item.setText(FILE, QCoreApplication.translate("MaterialList", "no file"))
        elif m.file_sha256 in self._cached:
            item.setText(FILE, QCoreApplication.translate("MaterialList", "downloaded"))
        else:
            item.setText(FILE, QCoreApplication.translate("MaterialList", "not downloaded"))

    # ---- keys ---------------------------------------------------------------------------

    def _on_current(
        self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None
    ) -> None:
        if current is previous:
            return
        self._disarm()
        self.currentMaterialChanged.emit(self.current_material())

    def _on_verdict_key(self, verdict: Verdict) -> None:
        material = self.current_material()
        if material is None:
            return
        check = self.current_check()
        note = self.note.text().strip()
        if not self.editable:
            self.verdictRequested.emit(material.id, check.value, verdict.value, note)
            return  # refused (the detail says why): nothing moves, nothing is cleared
        if verdict == Verdict.FAIL and not note:
            self._armed = (material.id, check)
            self.hint.setText(
                QCoreApplication.translate(
                    "MaterialList",
                    "Type the reason for the failed check and press Enter (Escape cancels).",
                )
            )
            self.note.setFocus()
            return
        self._record(material.id, check, verdict, note)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._armed:
                note = self.note.text().strip()
                if note:
                    material_id, check = self._armed
                    self._record(material_id, check, Verdict.FAIL, note)
                    self.tree.setFocus()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._disarm()
                self.tree.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _record(self, material_id: str, check: Check, verdict: Verdict, note: str) -> None:
        self._disarm()
        self.note.clear()
        self.verdictRequested.emit(material_id, check.value, verdict.value, note)
        self._advance(material_id, check)

    def _disarm(self) -> None:
        if self._armed is not None:
            self._armed = None
            self.hint.setText(_keys_hint())

    def _advance(self, material_id: str, check: Check) -> None:
        """To the next check of the material, after the last to the next material."""
        item = self._item(material_id)
        if item is None:
            return
        index = CHECKS.index(check)
        if index + 1 < len(CHECKS):
            self.tree.setCurrentItem(item, FIRST_CHECK + index + 1)
            return
        below = self.tree.itemBelow(item)
        self.tree.setCurrentItem(below or item, FIRST_CHECK if below else FIRST_CHECK + index)
