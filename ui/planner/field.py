"""Field mode: the inspector's record on site, offline (9.5.2, 9.5.2.2).

The confirmed inspections (``fieldInspections``: the person's own under
"Inspections you take part in", then "Other inspections of your department"), prepared
before leaving (``fieldPrefetch``: materials and photos pinned in the file
cache), and for the chosen one our department's part: the checklist
(``fieldChecklist``: pass / fail / not applicable and a note per line),
findings, photos from files (downscaled, the original's hash kept), on-site
corrections, the result and the inspector's confirmation. Saving queues one
``inspection.record_part``; the sync uploads the photos and sends it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from backoffice.domain import clock
from backoffice.domain import inspections as di
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import Inspection, Verdict
from backoffice.inspections import field, service
from backoffice.inspections import field_drafts as drafts
from backoffice.store.outbox import OutboxState
from ui.inbox.detail_status import Outbox, most_telling
from ui.inbox.detail_text import beijing
from ui.planner import words
from ui.planner.draft_photos import hold
from ui.planner.field_photos import PhotoBox
from ui.planner.field_words import verdict_choices
from ui.widgets.access import named
from ui.widgets.item_lines import ItemLines
from ui.widgets.plain import PlainLabel, set_plain_tooltip

Run = Callable[..., None]

AUTOSAVE_MS = 3000  # after the last edit: typing is not slowed, little is lost


def _results() -> list[tuple[str, di.InspectionResult | None]]:
    return [(QCoreApplication.translate("Planner", "no result yet"), None), (QCoreApplication.translate("Planner", "pass"), di.InspectionResult.PASS),
            (QCoreApplication.translate("Planner", "pass with corrections"), di.InspectionResult.PASS_WITH_CORRECTIONS),
            (QCoreApplication.translate("Planner", "fail"), di.InspectionResult.FAIL)]


class FieldPanel(QWidget):
    changed = Signal()
    loaded = Signal()  # a part is on screen

    def __init__(self, session: Any, run: Run, parent: QWidget | None = None, *,
                 lang: str = "zh", photo_max_side: int = field.PHOTO_MAX_SIDE) -> None:
        super().__init__(parent)
        self.setObjectName("fieldPanel")
        self.session, self._run, self.lang = session, run, lang
        self.photo_max_side = photo_max_side
        self.found: list[Inspection] = []
        self._rows: list[int] = []  # per list row: its index in ``found``, -1 for a heading
        self.part: di.InspectionPart | None = None
        self.inspection: Inspection | None = None
        self._ticket = 0  # the latest part load; see _choose
        self._following: tuple[str, ...] = ()  # the last saved record's command, its message shown
        # Unsaved entries per inspection id: a switch to another inspection or a
        # closed session must not throw away two hours of notes and photos.
        self._drafts: dict[str, drafts.Draft] = {}
        self._drafts_kept: dict[str, drafts.Draft] = {}  # as last written to the store
        self._drafts_read = False
        # The part's version the form's entries are made on (see drafts.Draft.base).
        self._base: int | None = None
        # Entries kept a moment after each edit: a crash or a flat battery must not
        # take what was typed since the last switch of inspection.
        self._autosave = QTimer(self)
        self._autosave.setObjectName("fieldAutosave")
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._keep_draft)
        self.inspections = named(QListWidget(self), QCoreApplication.translate("Planner", "Inspections to record"))
        self.inspections.setObjectName("fieldInspections")
        # As the planner's list: long addresses elided (whole in the tooltip), not scrolled.
        self.inspections.setItemDelegate(ItemLines(self.inspections, elide=True))
        self.inspections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.prefetch = QPushButton(QCoreApplication.translate("Planner", "Prepare for field work"), self)
        self.prefetch.setObjectName("fieldPrefetch")
        self.status = PlainLabel("", self)
        self.status.setObjectName("fieldStatus")
        self.status.setWordWrap(True)
        self.title = PlainLabel("", self)
        self.title.setObjectName("fieldTitle")
        self.title.setWordWrap(True)
        self.checklist = named(QTableWidget(0, 3, self), QCoreApplication.translate("Planner", "Checklist"))
        self.checklist.setObjectName("fieldChecklist")
        self.checklist.setHorizontalHeaderLabels([QCoreApplication.translate("Planner", "Point"), QCoreApplication.translate("Planner", "Verdict"), QCoreApplication.translate("Planner", "Note")])
        header = self.checklist.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Tab leaves the checklist (rows by the arrow keys): cell to cell, it kept the
        # keyboard from ever reaching the findings, the photos and Save.
        self.checklist.setTabKeyNavigation(False)
        self.findings = QPlainTextEdit(self)
        self.findings.setObjectName("fieldFindings")
        # Tab moves on rather than typing a tab into the record (as in the opinion).
        self.findings.setTabChangesFocus(True)
        self.findings.setPlaceholderText(QCoreApplication.translate("Planner", "What was found on site"))
        box = self.photo_box = PhotoBox(self, session, run, lambda: self.photo_max_side)
        self.photos, self.photo_path, self.browse = box.list, box.path, box.browse
        self.add_photo, self.open_photo, self.remove_photo = box.add, box.open, box.remove
        self.corrections = QPlainTextEdit(self)
        self.corrections.setObjectName("fieldCorrections")
        self.corrections.setTabChangesFocus(True)
        self.corrections.setPlaceholderText(QCoreApplication.translate("Planner", "On-site corrections, one per line: point: what to correct"))
        self.result = named(QComboBox(self), QCoreApplication.translate("Planner", "Result"))  # a box says its value
        self.result.setObjectName("fieldResult")
        for text, value in _results():
            self.result.addItem(text, value)
        self.confirm = QCheckBox(QCoreApplication.translate("Planner", "I was there and confirm this record as the inspector"), self)
        self.confirm.setObjectName("fieldConfirm")
        self.save = QPushButton(QCoreApplication.translate("Planner", "Save the record"), self)
        self.save.setObjectName("fieldSave")
        self.message = PlainLabel("", self)
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        # The checklist is the form's main part: the free-text boxes stay compact.
        for shown, height in ((self.findings, 110), (self.photos, 96), (self.corrections, 90)):
            shown.setMaximumHeight(height)
        self._layout()
        self.inspections.currentRowChanged.connect(self._choose)
        self.prefetch.clicked.connect(self._prefetch)
        self.save.clicked.connect(self._save)
        box.said.connect(self._say)
        box.attaching.connect(self._attaching)
        for edited in (self.findings.textChanged, self.corrections.textChanged,
                       self.result.currentIndexChanged, self.confirm.toggled,
                       self.checklist.itemChanged, box.edited):
            edited.connect(self._edited)

    def _layout(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(PlainLabel(QCoreApplication.translate("Planner", "Confirmed inspections"), left))
        column.addWidget(self.inspections, 1)
        column.addWidget(self.prefetch)
        column.addWidget(self.status)
        record = QWidget(self)
        form = QFormLayout(record)
        form.addRow(self.title)
        form.addRow(self.checklist)
        form.addRow(QCoreApplication.translate("Planner", "Findings"), self.findings)
        form.addRow(QCoreApplication.translate("Planner", "Photos"), self.photos)
        form.addRow("", self.photo_box.row())
        form.addRow(QCoreApplication.translate("Planner", "Corrections on site"), self.corrections)
        form.addRow(QCoreApplication.translate("Planner", "Result"), self.result)
        form.addRow(self.confirm)
        form.addRow(self.save)
        form.addRow(self.message)
        self.splitter = splitter = QSplitter(self)
        splitter.setObjectName("fieldSplitter")  # its place is kept by name
        splitter.addWidget(left)
        splitter.addWidget(record)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(splitter)

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        store, me = self.session.store, self.session.account.username
        dept, files = self.session.account.department_code, self.session.files

        first = not self._drafts_read
        self._drafts_read = True
        following = self._following
        shown = self.part

        def load() -> tuple[list[Inspection], dict[str, drafts.Draft] | None, Outbox | None,
                            di.InspectionPart | None]:
            field.release_field_pins(store, files, dept)  # records synced since: files may go
            kept = drafts.load(store) if first else None
            with store.read() as uow:
                followed = list(uow.outbox.get_many(following).values())
                now = None if shown is None else uow.inspection_parts.get(shown.id)
            return (field.field_inspections(store, me, dept), kept,
                    most_telling(followed) if following else None, now)

        self._run(load, lambda loaded: self._listed(loaded, following, shown), self._say)

    def _listed(self, loaded: object, following: tuple[str, ...] = (),
                shown: di.InspectionPart | None = None) -> None:
        result, kept, outbox, now = cast(
            "tuple[list[Inspection], dict[str, drafts.Draft] | None, Outbox | None, "
            "di.InspectionPart | None]", loaded)
        if following and following == self._following:
            self._follow_up(outbox)
        if kept:
            self._drafts = {**kept, **self._drafts}  # this session's entries are newer
            self._drafts_kept = dict(kept)
        keep = self.inspection.id if self.inspection is not None else None
        self.found = result
        self.inspections.blockSignals(True)
        self._show_list(result)
        self.inspections.blockSignals(False)
        if keep is not None and self.row_of(keep) >= 0:
            self.inspections.blockSignals(True)
            self.inspections.setCurrentRow(self.row_of(keep))
            self.inspections.blockSignals(False)
            if shown is not None and shown is self.part and now is not None:
                self._moved_on(now)
            return
        if keep is not None:
            # The shown one left the list (cancelled, another team): its record can no
            # longer be saved, so it must not stay on screen as if it could.
            self._keep_draft()  # back if it comes back
            self._clear()
        if result and self.part is None:
            self.inspections.setCurrentRow(self.row_of(result[0].id))

    def _moved_on(self, now: di.InspectionPart) -> None:
        """The shown part as the sync left it: a form kept on the old one would save over
        a colleague's version unseen."""
        part = self.part
        if part is None or now.version == part.version:
            return
        if drafts.of_part(now).entries() == drafts.of_part(part).entries():
            # The same entries, newer version: our own save confirmed. Entries typed
            # since are on top of it, not on an older one.
            self.part = now
            if self._base == part.version:
                self._base = now.version
                self._keep_draft()  # a draft kept meanwhile is on the new version too
            return
        # Someone else's save: shown, with the person's unsaved entries (if any) kept
        # on the version they were made on and said to be so (_show).
        self._keep_draft()
        self._load(self.inspections.currentRow())

    def _show_list(self, result: list[Inspection]) -> None:
        """The person's own visits, then the department's others, each under a heading that
        says what they are: the list holds both, and "Yours" alone said not what of yours."""
        me = self.session.account.username
        self.inspections.clear()
        self._rows = []
        for going, heading in ((True, QCoreApplication.translate(
                                   "Planner", "Inspections you take part in")),
                               (False, QCoreApplication.translate(
                                   "Planner", "Other inspections of your department"))):
            group = [n for n, i in enumerate(result) if (me in i.inspectors) == going]
            if not group:
                continue
            title = QListWidgetItem(heading)
            title.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: never chosen
            title.setForeground(self.inspections.palette().text())  # read, not greyed out
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            self.inspections.addItem(title)
            self._rows.append(-1)
            for n in group:
                i = result[n]
                when = words.when(i.starts_at, i.ends_at) if i.starts_at and i.ends_at else ""
                item = QListWidgetItem(f"{i.case_code}\n{when}\n{i.site_address}")
                item.setToolTip(i.site_address)
                self.inspections.addItem(item)
                self._rows.append(n)

    def row_of(self, inspection_id: str) -> int:
        """The list's row of the inspection (headings take rows too); -1 if not listed."""
        return next((row for row, n in enumerate(self._rows)
                     if n >= 0 and self.found[n].id == inspection_id), -1)

    def _clear(self) -> None:
        self.inspection = self.part = None
        self.title.setText(QCoreApplication.translate("Planner", "Choose an inspection in the list."))
        self.checklist.setRowCount(0)
        self._fill(drafts.Draft((), "", (), "", None, False))
        for w in self._editors():
            w.setEnabled(False)

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self._rows) or self._rows[row] < 0:
            return
        self._keep_draft()
        self._load(row)

    def _load(self, row: int) -> None:
        inspection = self.found[self._rows[row]]
        store, dept = self.session.store, self.session.account.department_code
        key = di.part_id(inspection.id, dept)

        def load() -> tuple[Inspection, di.InspectionPart | None]:
            with store.read() as uow:
                return inspection, uow.inspection_parts.get(key)

        # Only the latest load is shown: an earlier one arriving after it (a
        # refresh from a sync chose the row again meanwhile) would replace the
        # form — and what the inspector has entered since — with older data.
        self._ticket += 1
        ticket = self._ticket

        def show(result: object) -> None:
            if ticket == self._ticket:
                self._show(result)

        self._run(load, show, self._say)

    def _show(self, result: object) -> None:
        inspection, part = cast("tuple[Inspection, di.InspectionPart | None]", result)
        self.inspection, self.part = inspection, part
        if part is None:
            self.title.setText(QCoreApplication.translate("Planner", "Your department has no part in this inspection."))
            self.checklist.setRowCount(0)
            self.loaded.emit()
            return
        when = (words.when(inspection.starts_at, inspection.ends_at)
                if inspection.starts_at and inspection.ends_at else "")
        self.title.setText(f"{inspection.case_code} · {inspection.site_address}\n{when}")
        self.checklist.setRowCount(len(part.lines))
        previous: QWidget = self.checklist
        for row, line in enumerate(part.lines):
            item = QTableWidgetItem(line.item)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.checklist.setItem(row, 0, item)
            combo = named(QComboBox(self.checklist), QCoreApplication.translate("Planner", "Verdict on: {point}").format(point=line.item))
            combo.setObjectName(f"fieldVerdict_{row}")  # named by its point, not "pass", "fail"…
            for text, value in verdict_choices():
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(line.verdict)))
            combo.currentIndexChanged.connect(self._edited)
            self.checklist.setCellWidget(row, 1, combo)
            self.checklist.setItem(row, 2, QTableWidgetItem(line.note))
            # Made after the form, Tab reached the verdicts only after Save: each
            # follows the checklist (and the one before it), the findings follow them.
            QWidget.setTabOrder(previous, combo)
            previous = combo
        QWidget.setTabOrder(previous, self.findings)
        final = part.confirmed
        draft = self._drafts.get(inspection.id)
        behind = draft is not None and draft.base is not None and draft.base != part.version
        if draft is not None and final:
            # Confirmed meanwhile (on another computer of the department): final,
            # so the entries cannot go into it; the person is told, not left guessing.
            del self._drafts[inspection.id]
            self._keep_drafts()
            self._say(QCoreApplication.translate(
                "Planner", "This record was confirmed meanwhile; your unsaved entries for it "
                "could not be kept."))
        elif draft is not None and behind:
            self._say(QCoreApplication.translate(
                "Planner", "Someone else saved this record after you began your entries; "
                "yours are back, made on the earlier version. Saved, they go to the "
                "conflicts to compare with that version, nothing lost."))
        elif draft is not None:
            self._say(QCoreApplication.translate(
                "Planner", "Your unsaved entries for this inspection are back; save the "
                "record to send them."))
        restored = draft if draft is not None and not final else drafts.of_part(part)
        self._base = part.version if restored.base is None else restored.base
        self._fill(restored)
        self._autosave.stop()  # filled, not edited
        for w in self._editors():
            w.setEnabled(not final)
        self._gate_confirmation()
        self.loaded.emit()

    def _editors(self) -> tuple[QWidget, ...]:
        """What edits the record, the photo's path and Browse too: left enabled on a final
        record, they offered a photo that could not be attached."""
        return (self.checklist, self.findings, self.photo_path, self.browse, self.add_photo,
                self.remove_photo, self.corrections, self.result, self.confirm, self.save)

    def _gate_confirmation(self) -> None:
        """Before the visit nobody has been on site: the confirmation waits for its
        start (the platform refuses it too, ``inspection.visit_not_begun``); the record
        is saved as a draft meanwhile. Looked at again when the start comes."""
        inspection, part = self.inspection, self.part
        if inspection is None or part is None or part.confirmed or inspection.starts_at is None:
            set_plain_tooltip(self.confirm, "")
            return
        wait = inspection.starts_at - clock.now()
        self.confirm.setEnabled(wait.total_seconds() <= 0)
        if wait.total_seconds() <= 0:
            set_plain_tooltip(self.confirm, "")
            return
        self.confirm.setChecked(False)
        set_plain_tooltip(self.confirm, (QCoreApplication.translate(
            "Planner", "You can confirm the record from {start}, when the visit begins; "
            "until then it is saved as a draft.").format(start=beijing(inspection.starts_at))))
        # At most an hour at a time: a timer's milliseconds end at 24 days.
        QTimer.singleShot(min(int(wait.total_seconds() * 1000) + 1000, 3_600_000), self,
                          self._gate_confirmation)

    def _fill(self, draft: drafts.Draft) -> None:
        for row in range(self.checklist.rowCount()):
            point = self.checklist.item(row, 0)
            entered = draft.line(point.text()) if point is not None else None
            if entered is None:
                continue
            combo = self.checklist.cellWidget(row, 1)
            if isinstance(combo, QComboBox):
                combo.setCurrentIndex(max(0, combo.findData(Verdict(entered[0]))))
            self.checklist.setItem(row, 2, QTableWidgetItem(entered[1]))
        self.findings.setPlainText(draft.findings)
        self.photo_box.set_photos(draft.photos)
        self.corrections.setPlainText(draft.corrections)
        result = di.InspectionResult(draft.result) if draft.result else None
        self.result.setCurrentIndex(max(0, self.result.findData(result)))
        self.confirm.setChecked(draft.confirm)

    def _form(self) -> drafts.Draft:
        """What the form holds now, as entered (nothing checked yet)."""
        assert self.part is not None
        lines = []
        for row, line in enumerate(self.part.lines):
            combo = self.checklist.cellWidget(row, 1)
            note = self.checklist.item(row, 2)
            # Qt hands enum data back as plain strings.
            verdict = Verdict(combo.currentData()).value if isinstance(combo, QComboBox) \
                else line.verdict.value
            lines.append((line.item, verdict, note.text() if note else ""))
        chosen = self.result.currentData()
        return drafts.Draft(tuple(lines), self.findings.toPlainText(), tuple(self.photo_box.photos),
                            self.corrections.toPlainText(),
                            di.InspectionResult(chosen).value if chosen else None,
                            self.confirm.isChecked(), self._base)

    def has_unsaved(self) -> bool:
        """Entries not saved yet: on screen or kept for another inspection."""
        self._keep_draft(write=False)
        return bool(self._drafts)

    def _keep_draft(self, *, write: bool = True) -> None:
        """Remember the shown inspection's unsaved entries (forget them once nothing is)."""
        inspection, part = self.inspection, self.part
        if inspection is None or part is None or part.confirmed:
            return
        self._autosave.stop()
        now = self._form()
        if now.entries() == drafts.of_part(part).entries():
            self._drafts.pop(inspection.id, None)
        else:
            self._drafts[inspection.id] = now
        if write:
            self._keep_drafts()

    def _edited(self) -> None:
        if self.part is not None and not self.part.confirmed:
            self._autosave.start()  # again from now: kept once the typing pauses

    def _keep_drafts(self) -> None:
        # Held from now, not once the worker has written them: a discard meanwhile.
        hold(self, (p.sha256 for d in self._drafts.values() for p in d.photos))
        if self._drafts == self._drafts_kept:
            return
        store, files, kept = self.session.store, self.session.files, dict(self._drafts)
        self._drafts_kept = kept
        self._run(lambda: drafts.keep(store, kept, files), lambda _r: None, self._say)

    def close_session(self) -> None:
        """Keep what is on screen for the next session (the caller then waits for the worker)."""
        self._keep_draft()
        self._autosave.stop()
        hold(self, ())  # kept in the store now
        hold(self.photo_box, ())

    # --- actions --------------------------------------------------------------------------

    def _prefetch(self) -> None:
        s = self.session
        self.status.setText(QCoreApplication.translate("Planner", "Preparing…"))
        self._run(lambda: field.prefetch_for_field(s.store, s.files, s.client,
                                                   s.account.username, s.account.department_code),
                  self._prefetched, self._say)

    def _prefetched(self, report: object) -> None:
        assert isinstance(report, field.FieldReport)
        # Singular or plural by the number, without %n forms (the house rule).
        count, files, failed = len(report.ready), report.pinned, report.failed
        ready = QCoreApplication.translate(
            "Planner", "1 inspection ready for field work") if count == 1 else \
            QCoreApplication.translate(
                "Planner", "{count} inspections ready for field work").format(count=count)
        kept = QCoreApplication.translate(
            "Planner", "1 file kept on this computer until the records are synced.") \
            if files == 1 else QCoreApplication.translate(
                "Planner", "{count} files kept on this computer until the records are "
                "synced.").format(count=files)
        text = QCoreApplication.translate("Planner", "{ready}; {kept}").format(
            ready=ready, kept=kept)
        if failed:
            text += " " + (QCoreApplication.translate(
                "Planner", "1 file could not be fetched; try again while online.")
                if failed == 1 else QCoreApplication.translate(
                    "Planner", "{count} files could not be fetched; try again while "
                    "online.").format(count=failed))
        self.status.setText(text)

    def current_part(self) -> di.InspectionPart:
        """The part as the form shows it (raises the domain's error when it breaks a rule)."""
        assert self.part is not None
        form = self._form()
        lines = [di.ChecklistLine(item, Verdict(verdict), note)
                 for item, verdict, note in form.lines]
        corrections = drafts.corrections_of(form.corrections)
        return dataclasses.replace(
            self.part, lines=tuple(lines), findings=form.findings, photos=form.photos,
            corrections=tuple(corrections),
            result=di.InspectionResult(form.result) if form.result else None)

    def _attaching(self, busy: bool) -> None:
        """Until an attached photo is in the list, the record stays the one shown and is
        not saved: the photo goes to the record it was attached for and into its save.
        Saved before it came, the record went without it and the form, shown again as
        saved, lost it without a word."""
        self.inspections.setEnabled(not busy)
        self.save.setEnabled(not busy and self.part is not None and not self.part.confirmed)

    def _save(self) -> None:
        if self.part is None or self.photo_box.pending:
            return
        try:
            part = self.current_part()
        except BackofficeError as exc:
            self._say(messages.render(exc, self.lang))
            return
        store, me, confirm = self.session.store, self.session.account.username, \
            self.confirm.isChecked()
        saved = self.inspection.id if self.inspection is not None else ""
        base = self._base

        def save() -> tuple[str, bool]:
            command = service.save_part(store, me, part, confirm=confirm, base_version=base)
            with store.read() as uow:
                entry = uow.outbox.get(command)
            return command, entry is not None and entry.state == OutboxState.CONFLICT

        def done(result: object) -> None:
            command, conflicted = cast("tuple[str, bool]", result)
            self._autosave.stop()
            if conflicted:
                # Made on a version a colleague's save has left: theirs stays shown,
                # this one waits in the conflicts, where both are compared.
                self._say(QCoreApplication.translate(
                    "Planner", "Someone else saved this record after you began your "
                    "entries. Yours are kept in the conflicts, to compare with theirs and "
                    "re-apply or discard; the form now shows their version."))
            else:
                self._say(QCoreApplication.translate("Planner", "Saved here — sent at the next sync."))
                self._following = (command,)
            self.session.local_action()
            self.changed.emit()
            if self._drafts.pop(saved, None) is not None:
                self._keep_drafts()
            row = self.inspections.currentRow()
            if 0 <= row < len(self._rows) and self._rows[row] >= 0:
                if self.inspection is not None and self.inspection.id == saved:
                    self.part = None  # the form is what was saved: nothing unsaved till reloaded
                self._load(row)

        self._run(save, done, self._say)

    def _say(self, text: str) -> None:
        self._following = ()  # the message says something else now
        self.message.setText(text)

    def _follow_up(self, outbox: Outbox | None) -> None:
        """The saved record's message follows its command as the planner's does: sent,
        confirmed, or the refusal's sentence pointing to the conflict list."""
        text, still = words.followed(outbox, self.lang)
        if text is not None:
            self.message.setText(text)
        if not still:
            self._following = ()
