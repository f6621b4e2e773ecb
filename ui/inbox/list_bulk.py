"""Bulk claim, release and transfer of the selected review tasks.

Each task gets its own command and transaction (``list_rows.run_bulk``) on
one writer thread, so one refusal leaves the others queued. While a run is
under way the buttons are disabled: a second press cannot submit twice.
Afterwards every item's result is in the table's "Last action" column —
queued offline, later confirmed or refused by the platform (read from the
outbox on each refresh), or refused here with the reason — and the refused
items are the ones left selected, ready for another try.

"Transfer" is the state machine's ``transfer``: to another *department*
(the matter is not ours) — or, below a separator in the same menu, to a
colleague of the department (``task.transfer`` with ``to_user``: the task
stays ours, the colleague has it in review), from the colleague list the
sync keeps (:mod:`backoffice.sync.colleagues`).

Release and hand-over take a task from whoever claimed it: a reviewer only
their own claims, a coordinator anyone's (the platform's rule). Release is
offered only when the selection holds a task it can take; each of the
others is refused here with the reason (``list_rows.require_own_claim``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QStyle, QToolButton, QWidget

from ui.background import Background
from ui.inbox.list_rows import BulkAction, ItemResult, Outcome, is_coordinator, run_bulk
from ui.widgets.plain import PlainLabel

if TYPE_CHECKING:
    from backoffice.sync.colleagues import Colleague
    from ui.inbox.view import InboxList

    # What the menu is filled from: departments by code, the colleagues a task can be
    # handed to, whether the person coordinates, the department's whole staff.
    _Found = tuple[dict[str, str], tuple[Colleague, ...], bool, tuple[Colleague, ...]]

_log = logging.getLogger("ui.inbox")

MAX_BULK = 5000  # a selection larger than this is refused: one click, thousands of commands



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
        self.release.setToolTip(QCoreApplication.translate(
            "InboxBulk", "Release your own claims; a colleague's claim only a coordinator releases."))
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
        self.coordinator = False  # from the department's user list, read with the menu
        owner.view.selectionModel().selectionChanged.connect(self._offer_release)
        owner.model.refreshed.connect(self._offer_release)
        owner.model.queryApplied.connect(self._offer_release)

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

            return (reader.departments(), reviewers_except(reader.store, reader.me),
                    is_coordinator(reader.store, reader.me), cached(reader.store))

        self._reads.run(read, self._fill_menu)

    def _fill_menu(self, found: _Found) -> None:
        names, colleagues, self.coordinator, staff = found
        # The department's staff list names the people of the assignee column too.
        self.owner.model.set_names({c.username: c.display_name for c in staff})
        self._offer_release()
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
        self.transfer.setEnabled(bool(self.transfer_menu.actions()))

    def _fill_departments(self, names: dict[str, str]) -> None:
        self.transfer_menu.clear()
        for code, name in names.items():
            if self.owner.reader is not None and code == self.owner.reader.department_code:
                continue
            # A QAction's text takes "&" as a mnemonic: double it in data.
            action = QAction(f"{name} ({code})".replace("&", "&&"), self.transfer_menu)
            action.setObjectName(f"inboxTransferTo_{code}")
            action.triggered.connect(
                lambda _on=False, c=code: self.run(BulkAction("task.transfer", {"to_department": c})))
            self.transfer_menu.addAction(action)
        self.transfer.setEnabled(bool(self.transfer_menu.actions()))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.claim, self.release, self.transfer):
            button.setEnabled(not busy)
        self._offer_release()

    def _offer_release(self, *_changed: object) -> None:
        """Release on when the selection holds a task the person may release.

        An empty selection keeps it on (pressing says to select first), so do
        rows not loaded yet (their claims are unknown here; the run checks
        each) and selections too large to look through.
        """
        if self.busy:
            return
        reader = self.owner.reader
        me = reader.me if reader is not None else ""
        ranges = self.owner.selected_rows()
        n = sum(last - first + 1 for first, last in ranges)
        model = self.owner.model
        rows = (model.row(r) for first, last in ranges for r in range(first, last + 1))
        self.release.setEnabled(
            self.coordinator or n == 0 or n > MAX_BULK
            or any(row is None or row.data.assignee == me for row in rows))

    def run(self, action: BulkAction) -> None:
        """Queue ``action`` for every selected task (off the GUI thread)."""
        if self.busy:
            return
        ranges = self.owner.selected_rows()
        n = sum(last - first + 1 for first, last in ranges)
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
        self.status.setText(QCoreApplication.translate("InboxBulk", "Working on {n} tasks…").format(n=n))
        self._writer.run(work, self._done, self._failed)

    def _done(self, results: list[ItemResult]) -> None:
        refused = {r.task_id for r in results if r.outcome is Outcome.REFUSED}
        queued = len(results) - len(refused)
        self.owner.model.set_results(results)
        if queued and self.owner.session is not None:
            self.owner.session.local_action()
        self.status.setText(QCoreApplication.translate("InboxBulk", "{queued} queued offline, {refused} refused.").format(
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
