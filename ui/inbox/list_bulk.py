"""Bulk claim, release and transfer of the selected review tasks.

Each task gets its own command and transaction (``list_rows.run_bulk``) on
one writer thread, so one refusal leaves the others queued. While a run is
under way the buttons are disabled: a second press cannot submit twice.
Afterwards every item's result is in the table's "Last action" column —
queued (sent at the next sync), later confirmed or refused by the platform (read from the
outbox on each refresh), or refused here with the reason — and the refused
items are the ones left selected, ready for another try.

"Transfer" is the state machine's ``transfer``: to another *department*
(the matter is not ours) — or, below a separator in the same menu, to a
colleague of the department (``task.transfer`` with ``to_user``: the task
stays ours, the colleague has it in review), from the colleague list the
sync keeps (:mod:`backoffice.sync.colleagues`).

Release and hand-over take a task from whoever claimed it: a reviewer only
their own claims, a coordinator anyone's (the platform's rule). Each button
is offered only when the selection holds a task it can act on — Claim an
unclaimed one, Release one the person may let go, Transfer one not yet
given away — its tooltip saying why not (an empty selection: select first;
a transfer then asked which department and only afterwards said there was
nothing to transfer). Each other task of the selection is refused here with
the reason (``list_rows.require_own_claim``).

A transfer to another department gives the matter away, so it is asked
first, naming the department and the number of tasks (Cancel the default).
The menu lists the department's own division first: the province's other
cities come after, where a slip of the mouse used to land.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QMessageBox, QStyle, QToolButton, QWidget

from backoffice.domain.states import TASK_MACHINE, TaskStatus
from ui.background import Background
from ui.inbox.list_rows import BulkAction, ItemResult, Outcome, is_coordinator, run_bulk
from ui.inbox.roles import may_review, role_tip
from ui.widgets.plain import PlainLabel
from ui.widgets.question import final_question

if TYPE_CHECKING:
    from collections.abc import Iterable

    from backoffice.domain.model import Department
    from backoffice.sync.colleagues import Colleague
    from ui.inbox.view import InboxList

    # What the menu is filled from: the departments, the colleagues a task can be
    # handed to, whether the person coordinates, the department's whole staff,
    # whether the person's roles allow review work at all.
    _Found = tuple[list[Department], tuple[Colleague, ...], bool, tuple[Colleague, ...], bool]

_log = logging.getLogger("ui.inbox")

MAX_BULK = 5000  # a selection larger than this is refused: one click, thousands of commands


def transfer_targets(departments: Iterable[Department],
                     own: str) -> tuple[list[Department], list[Department]]:
    """The departments a task can go to: those of ``own``'s division, then the rest.

    A task sent on mostly goes next door, within the city or county; the
    others are grouped by division so one city's bodies stand together.
    """
    every = list(departments)
    division = next((d.division_code for d in every if d.code == own), None)
    found = [d for d in every if d.code != own]
    near = sorted((d for d in found if d.division_code == division), key=lambda d: d.code)
    far = sorted((d for d in found if d.division_code != division),
                 key=lambda d: (d.division_code, d.code))
    return near, far


def _can(status: str, action: str) -> bool:
    """Whether the state machine lets a task in ``status`` (the list's text) take ``action``."""
    return status in set(TaskStatus) and TASK_MACHINE.can(TaskStatus(status), action)


class _MenuButton(QToolButton):
    """A tool button whose menu arrow has room of its own: its size hint left none, and
    the arrow covered the text's last character ("移交其他部门")."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        arrow = self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)
        # The text stays centred: the arrow's width on either side keeps it clear.
        return QSize(hint.width() + 2 * arrow, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

class BulkBar(QWidget):
    def __init__(self, owner: InboxList, *, lang: str = "zh") -> None:
        super().__init__(owner)
        self.owner, self.lang = owner, lang
        self.setObjectName("inboxBulk")
        self.claim = QToolButton(self)
        self.claim.setObjectName("inboxClaim")
        self.claim.setText(QCoreApplication.translate("InboxBulk", "Claim"))
        self.release = QToolButton(self)
        self.release.setObjectName("inboxRelease")
        self.release.setText(QCoreApplication.translate("InboxBulk", "Release"))
        self._release_tip = QCoreApplication.translate(
            "InboxBulk", "Release your own claims; a colleague's claim only a coordinator releases.")
        self.release.setToolTip(self._release_tip)
        self.transfer = _MenuButton(self)
        self.transfer.setObjectName("inboxTransfer")
        self.transfer.setText(QCoreApplication.translate("InboxBulk", "Transfer to department"))
        self.transfer.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.transfer_menu = QMenu(self.transfer)
        self.transfer_menu.setObjectName("inboxTransferMenu")
        self.transfer.setMenu(self.transfer_menu)
        self.status = PlainLabel("", self)
        self.status.setObjectName("inboxBulkStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.claim, self.release, self.transfer):
            layout.addWidget(w)
        layout.addWidget(self.status, 1)
        self.claim.clicked.connect(self._claim)
        self.release.clicked.connect(lambda: self.run(BulkAction("task.release")))
        self._writer = Background(self, threads=1)
        self._reads = Background(self, threads=1)
        self.busy = False
        self.confirmation: QMessageBox | None = None  # the open "transfer?" question
        self._confirm_to = ""
        self.coordinator = False  # from the department's user list, read with the menu
        self.reviews = True  # the person's roles allow review work (ui.inbox.roles)
        owner.view.selectionModel().selectionChanged.connect(self._offer)
        owner.model.refreshed.connect(self._offer)
        owner.model.queryApplied.connect(self._offer)
        self._offer()

    def _claim(self) -> None:
        reader = self.owner.reader
        if reader is not None:
            self.run(BulkAction("task.claim", {"assignee": reader.me}))

    def load_departments(self) -> None:
        reader = self.owner.reader
        if reader is None:
            return

        def read() -> _Found:
            # Imported here, on the worker, like every store read.
            from backoffice.sync.colleagues import cached, reviewers_except

            with reader.store.read() as uow:
                departments = uow.departments.all()
            return (departments, reviewers_except(reader.store, reader.me),
                    is_coordinator(reader.store, reader.me), cached(reader.store),
                    may_review(reader.store, reader.me))

        self._reads.run(read, self._fill_menu)

    def _fill_menu(self, found: _Found) -> None:
        names, colleagues, self.coordinator, staff, self.reviews = found
        # The department's staff list names the people of the assignee column too.
        self.owner.model.set_names({c.username: c.display_name for c in staff})
        self._fill_departments(names)
        if colleagues:
            self.transfer_menu.addSeparator()
        for c in colleagues:
            label = QCoreApplication.translate("InboxBulk", "To colleague {name} ({user})").format(
                name=c.display_name or c.username, user=c.username)
            action = QAction(label.replace("&", "&&"), self.transfer_menu)
            action.setObjectName(f"inboxHandOverTo_{c.username}")
            action.triggered.connect(
                lambda _on=False, u=c.username: self.run(BulkAction("task.transfer", {"to_user": u})))
            self.transfer_menu.addAction(action)
        self._offer()

    def _fill_departments(self, departments: list[Department]) -> None:
        self.transfer_menu.clear()
        own = self.owner.reader.department_code if self.owner.reader is not None else ""
        for group in transfer_targets(departments, own):
            if group and self.transfer_menu.actions():
                self.transfer_menu.addSeparator()
            for d in group:
                label = f"{d.name} ({d.code})"
                # A QAction's text takes "&" as a mnemonic: double it in data.
                action = QAction(label.replace("&", "&&"), self.transfer_menu)
                action.setObjectName(f"inboxTransferTo_{d.code}")
                action.triggered.connect(
                    lambda _on=False, c=d.code, t=label: self.ask_transfer(c, t))
                self.transfer_menu.addAction(action)
        self._offer()

    def ask_transfer(self, code: str, department: str) -> None:
        """Ask before the selection goes to ``department`` (without blocking: the
        answer arrives by signal); the matter is then theirs, not ours to take back."""
        if self.busy or self.confirmation is not None:
            return
        n = self._selected_count()
        if n == 0 or n > MAX_BULK:  # nothing to ask: run says why
            self.run(BulkAction("task.transfer", {"to_department": code}))
            return
        if n == 1:  # singular or plural by the number, no %n forms
            text = QCoreApplication.translate(
                "InboxBulk", "Transfer the selected task to {department}?")
        else:
            text = QCoreApplication.translate(
                "InboxBulk", "Transfer the {n} selected tasks to {department}?")
        box = final_question(
            self, name="inboxTransferConfirmation",
            title=QCoreApplication.translate("InboxBulk", "Transfer to department"),
            text=text.format(n=n, department=department),
            consequence=QCoreApplication.translate(
                "InboxBulk", "The matter becomes theirs; this department cannot take it back."),
            action=QCoreApplication.translate("InboxBulk", "Transfer"))
        box.finished.connect(self._transfer_answered)
        self.confirmation, self._confirm_to = box, code
        box.open()

    def _transfer_answered(self, _result: int) -> None:
        box, self.confirmation = self.confirmation, None
        # The button pressed, not the result code: Escape and the title bar's
        # close count as Cancel.
        chosen = box.standardButton(box.clickedButton()) if box is not None else None
        if chosen == QMessageBox.StandardButton.Yes:
            self.run(BulkAction("task.transfer", {"to_department": self._confirm_to}))

    def _selected_count(self) -> int:
        return sum(last - first + 1 for first, last in self.owner.selected_rows())

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.claim, self.release, self.transfer):
            button.setEnabled(not busy)
        if not busy:
            self._offer()

    def _offer(self, *_changed: object) -> None:
        """Each button on when the selection holds a task it can act on, its tooltip
        saying why not: the person's roles, an empty selection, or none of the tasks.

        Rows not loaded yet count as actionable (their states are unknown
        here; the run checks each), and so do selections too large to look through.
        """
        if self.busy:
            return
        reader = self.owner.reader
        me = reader.me if reader is not None else ""
        ranges = self.owner.selected_rows()
        n = sum(last - first + 1 for first, last in ranges)
        model = self.owner.model
        rows = ([model.row(r) for first, last in ranges for r in range(first, last + 1)]
                if n <= MAX_BULK else [None])
        claims = any(row is None or _can(row.data.status, "claim") for row in rows)
        releases = self.coordinator or any(
            row is None or row.data.assignee == me for row in rows)
        transfers = bool(self.transfer_menu.actions()) and any(
            row is None or _can(row.data.status, "transfer") for row in rows)
        first = QCoreApplication.translate("InboxBulk", "Select tasks first.")
        # (button, whether it acts, why not, its tooltip while on)
        for button, can, why, on in (
                (self.claim, claims, QCoreApplication.translate(
                    "InboxBulk", "None of the selected tasks is unclaimed."), ""),
                (self.release, releases, self._release_tip, self._release_tip),
                (self.transfer, transfers, QCoreApplication.translate(
                    "InboxBulk", "None of the selected tasks is unclaimed or in review."), "")):
            button.setEnabled(self.reviews and n > 0 and can)
            button.setToolTip(role_tip(self.reviews) or (first if n == 0 else on if can else why))

    def run(self, action: BulkAction) -> None:
        """Queue ``action`` for every selected task (off the GUI thread)."""
        if self.busy:
            return
        ranges = self.owner.selected_rows()
        n = self._selected_count()
        if n == 0:
            self.status.setText(QCoreApplication.translate("InboxBulk", "Select tasks first."))
            return
        if n > MAX_BULK:
            self.status.setText(QCoreApplication.translate("InboxBulk", "Select at most {max} tasks.").format(max=MAX_BULK))
            return
        model, reader = self.owner.model, self.owner.reader
        if reader is None:  # no store yet
            return
        known = [model.row(r) for first, last in ranges for r in range(first, last + 1)]
        ids = [row.task_id for row in known if row is not None]
        query, store, lang = model.query, reader.store, self.lang
        if len(ids) < n:  # some rows not loaded: read their ids with the same query
            ids = []

        def work() -> list[ItemResult]:
            wanted = ids or [i for first, last in ranges
                             for i in reader.ids(query, first, last - first + 1)]
            return run_bulk(store, action, wanted, reader.me, lang)

        self._set_busy(True)
        if n == 1:  # singular or plural by the number, no %n forms
            working = QCoreApplication.translate("InboxBulk", "Working on 1 task…")
        else:
            working = QCoreApplication.translate("InboxBulk", "Working on {n} tasks…").format(n=n)
        self.status.setText(working)
        self._writer.run(work, self._done, self._failed)

    def _done(self, results: list[ItemResult]) -> None:
        refused = {r.task_id for r in results if r.outcome is Outcome.REFUSED}
        queued = len(results) - len(refused)
        self.owner.model.set_results(results)
        if queued and self.owner.session is not None:
            self.owner.session.local_action()
        # Not "offline": online, the next sync sends them within seconds.
        self.status.setText(QCoreApplication.translate(
            "InboxBulk", "{queued} queued — sent at the next sync; {refused} refused.").format(
            queued=queued, refused=len(refused)))
        model = self.owner.model

        def reselect() -> None:
            model.refreshed.disconnect(reselect)
            self.owner.select_tasks(refused)
            self._set_busy(False)

        model.refreshed.connect(reselect)
        self.owner.refresh()

    def _failed(self, exc: BaseException) -> None:
        # Refusals are results, not failures: this is the store itself failing.
        _log.error("bulk action failed", exc_info=exc)
        self._set_busy(False)
        self.status.setText(QCoreApplication.translate(
            "InboxBulk", "The action failed; see the log. Nothing more was queued."))

    def stop(self) -> None:
        self._writer.wait()
        self._reads.wait()
