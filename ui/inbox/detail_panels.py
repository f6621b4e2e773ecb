"""The task detail's panels that ask for something: correction notice, opinion, comments.

They only show and ask (signals); the detail queues the commands. The
correction notice is the case's one notice (一次性告知, 6.9; 行政许可法
Art. 32): every department's items side by side, and this department's
additions proposed from its failing checks, sent with
``task.request_correction`` so the platform folds them into the single draft.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backoffice.domain.commands import JSONValue
from backoffice.domain.model import CorrectionNoticeStatus
from backoffice.domain.notes import MAX_COMMENT
from backoffice.domain.opinion_readiness import unverdicted
from ui.inbox.detail_data import Snapshot
from ui.inbox.detail_sections import deadline_text
from ui.inbox.detail_text import local_time, safe
from ui.widgets.plain import PlainLabel, plain_tooltip, set_plain_tooltip


class CorrectionPanel(QWidget):
    """``correctionNotice``: the case's notices and this department's proposed items."""

    requested = Signal(object, str)  # items (list of dicts), second-notice reason ("" for none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionNotice")
        self._items: list[dict[str, JSONValue]] = []
        self._left_out: set[tuple[str, str]] = set()  # unticked: not to go into the notice
        # Art. 32: every department on the case works against the same five days.
        self.limit = PlainLabel("", self)
        self.limit.setObjectName("noticeLimit")
        self.limit.setWordWrap(True)
        self.notices = QTreeWidget(self)
        self.notices.setObjectName("correctionNoticeItems")
        self.notices.setAccessibleName(
            QCoreApplication.translate("CorrectionNotice", "Correction notices"))
        self.notices.setMinimumHeight(130)
        # With no notice, a muted line in the empty list, not a row: as a row it was
        # chosen, and read, as if it were a notice.
        self.no_notice = PlainLabel(QCoreApplication.translate(
            "CorrectionNotice", "No correction notice yet"), self.notices.viewport())
        self.no_notice.setObjectName("correctionNoNotice")
        self.no_notice.setWordWrap(True)
        self.no_notice.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.no_notice.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        muted = self.no_notice.palette()
        muted.setColor(QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText))
        self.no_notice.setPalette(muted)
        self.no_notice.hide()
        self.notices.viewport().installEventFilter(self)
        self.notices.setHeaderLabels(
            [
                QCoreApplication.translate("CorrectionNotice", "Notice / department / material"),
                QCoreApplication.translate("CorrectionNotice", "Reason"),
            ]
        )
        self.proposed_title = PlainLabel(
            QCoreApplication.translate("CorrectionNotice", "Our items from failing checks"), self
        )
        self.proposed = QTreeWidget(self)
        self.proposed.setObjectName("correctionProposed")
        self.proposed.setAccessibleName(self.proposed_title.text())  # the heading above it
        self.proposed.setMaximumHeight(110)
        self.proposed.setRootIsDecorated(False)
        self.proposed.setHeaderLabels(
            [
                QCoreApplication.translate("CorrectionNotice", "Material"),
                QCoreApplication.translate("CorrectionNotice", "Reason"),
            ]
        )
        self.proposed.setToolTip(QCoreApplication.translate(
            "CorrectionNotice", "Untick an item to leave it out of the notice (Space)."))
        self.proposed.itemChanged.connect(self._ticked)
        self.second_reason = QLineEdit(self)
        self.second_reason.setObjectName("secondNoticeReason")
        self.second_reason.setPlaceholderText(
            QCoreApplication.translate(
                "CorrectionNotice",
                "A notice went out already: why a second one is needed (only for a defective "
                "supplement)",
            )
        )
        self.second_reason.setMaxLength(500)
        self.send = QPushButton(
            QCoreApplication.translate("CorrectionNotice", "Add our items to the notice"), self
        )
        self.send.setObjectName("requestCorrection")
        self.send.clicked.connect(self._on_send)
        # Checks still pending: what they find goes into the same draft later.
        self.pending = PlainLabel("", self)
        self.pending.setObjectName("correctionChecksPending")
        self.pending.setWordWrap(True)
        self.pending.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.limit)
        layout.addWidget(self.notices, 2)
        layout.addWidget(self.proposed_title)
        layout.addWidget(self.proposed, 1)
        layout.addWidget(self.second_reason)
        layout.addWidget(self.pending)
        layout.addWidget(self.send)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notices.viewport() and event.type() == QEvent.Type.Resize:
            self._place_no_notice()
        return super().eventFilter(watched, event)

    def _place_no_notice(self) -> None:
        self.no_notice.setGeometry(self.notices.viewport().rect().adjusted(6, 4, -6, -4))

    def show_snapshot(self, s: Snapshot, items: list[dict[str, JSONValue]]) -> None:
        self.notices.clear()
        status_text = {
            CorrectionNoticeStatus.DRAFT: QCoreApplication.translate(
                "CorrectionNotice", "Draft, not sent yet"
            ),
            CorrectionNoticeStatus.ISSUED: QCoreApplication.translate(
                "CorrectionNotice", "Issued on {date}"
            ),
            CorrectionNoticeStatus.ANSWERED: QCoreApplication.translate(
                "CorrectionNotice", "Answered (issued on {date})"
            ),
        }
        mine = s.task.department_code
        lead = s.case.lead_department == mine
        for notice in s.notices:
            date = notice.issued_on.isoformat() if notice.issued_on else ""
            top = QTreeWidgetItem([status_text[notice.status].format(date=date), ""])
            self.notices.addTopLevelItem(top)
            # While the lead department puts the notice together, the others see
            # what they contributed; once it went out, everyone sees all of it.
            draft = notice.status == CorrectionNoticeStatus.DRAFT
            shown = [i for i in notice.items if lead or not draft or i.department_code == mine]
            by_department: dict[str, QTreeWidgetItem] = {}
            for item in shown:
                group = by_department.get(item.department_code)
                if group is None:
                    group = QTreeWidgetItem([safe(s.department_name(item.department_code)), ""])
                    by_department[item.department_code] = group
                    top.addChild(group)
                line = QTreeWidgetItem([safe(item.material_name), safe(item.reason)])
                line.setToolTip(1, plain_tooltip(item.reason))
                group.addChild(line)
            removed = [r for r in notice.removed if lead or r.department_code == mine]
            if removed:
                group = QTreeWidgetItem(
                    [
                        QCoreApplication.translate(
                            "CorrectionNotice", "Changed by the lead department"
                        ),
                        "",
                    ]
                )
                top.addChild(group)
                for r in removed:
                    what = (
                        QCoreApplication.translate("CorrectionNotice", "dropped: {why}").format(
                            why=safe(r.dropped_reason)
                        )
                        if r.dropped_reason
                        else QCoreApplication.translate("CorrectionNotice", "reworded")
                    )
                    line = QTreeWidgetItem(
                        [
                            f"{safe(r.material_name)} · {safe(s.department_name(r.department_code))}",
                            f"{safe(r.reason)} — {what}",
                        ]
                    )
                    line.setToolTip(1, plain_tooltip(f"{r.reason}\n{r.dropped_reason}"))
                    group.addChild(line)
        self.notices.expandAll()
        # The tab is shared with the lead's panel: names must not shrink to "临江市…".
        self.notices.resizeColumnToContents(0)
        self.no_notice.setVisible(not s.notices)
        self._place_no_notice()
        self.notices.setAccessibleDescription(self.no_notice.text() if not s.notices else "")
        self.set_proposed(items, pending=len(unverdicted(s.materials)))
        sent = any(n.status != CorrectionNoticeStatus.DRAFT for n in s.notices)
        self.second_reason.setVisible(sent)
        limit = s.extras.notice_limit
        self.limit.setText(
            QCoreApplication.translate(
                "CaseActions",
                "Art. 32 of the Administrative Licensing Law: the notice must go out within five "
                "working days of acceptance: {due}",
            ).format(due=deadline_text(limit.due, limit.status))
            if limit is not None
            else ""
        )
        self.limit.setVisible(limit is not None)

    def set_proposed(self, items: list[dict[str, JSONValue]], *, pending: int = 0) -> None:
        """The items to add; ``pending``: the department's materials with a check to do.

        Adding items does not end the review: while the notice is a draft the
        department goes on checking and adds what it finds later to the same
        draft, and the lead issues it only once every department's checks are
        done. Said beside the button, so adding is not taken for sending.
        """
        self._items = list(items)
        # Each item can be left out (unticked) before it goes in; what was left
        # out stays so when the list is rebuilt after a verdict or a sync.
        self._left_out &= {_key(i) for i in items}
        self.proposed.blockSignals(True)
        self.proposed.clear()
        for item in items:
            row = QTreeWidgetItem([safe(item["material_name"]), safe(item["reason"])])
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Unchecked if _key(item) in self._left_out
                              else Qt.CheckState.Checked)
            self.proposed.addTopLevelItem(row)
        self.proposed.blockSignals(False)
        self.send.setEnabled(bool(self._chosen()))
        self.pending.setText(
            QCoreApplication.translate(
                "CorrectionNotice",
                "{count} of our materials still have checks without a verdict. Items added "
                "now wait in the draft: nothing goes to the applicant yet, you keep reviewing "
                "and can add more items later. The lead department sends the one notice when "
                "every department's checks are done.",
            ).format(count=pending)
            if pending
            else ""
        )
        self.pending.setVisible(bool(pending))

    def _chosen(self) -> list[dict[str, JSONValue]]:
        return [i for i in self._items if _key(i) not in self._left_out]

    def _ticked(self, row: QTreeWidgetItem, column: int) -> None:
        index = self.proposed.indexOfTopLevelItem(row)
        if column != 0 or not 0 <= index < len(self._items):
            return
        key = _key(self._items[index])
        if row.checkState(0) == Qt.CheckState.Checked:
            self._left_out.discard(key)
        else:
            self._left_out.add(key)
        self.send.setEnabled(bool(self._chosen()))

    def _on_send(self) -> None:
        reason = self.second_reason.text().strip() if self.second_reason.isVisible() else ""
        self.requested.emit(self._chosen(), reason)


def _key(item: dict[str, JSONValue]) -> tuple[str, str]:
    return str(item["material_name"]), str(item["reason"])


def send_from(edit: QPlainTextEdit, send: QPushButton) -> None:
    """Tab leaves ``edit`` for ``send`` (a tab typed into an opinion went out with it, and
    the keyboard could not reach the button); Ctrl+Enter presses ``send``."""
    edit.setTabChangesFocus(True)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(send.click)  # a disabled button ignores it
    send.setToolTip(QCoreApplication.translate("TaskDetail", "Ctrl+Enter in the text"))


class OpinionPanel(QWidget):
    """The department's opinion: ``publishedOpinion``, ``opinionEdit``, ``giveOpinion``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.published = PlainLabel("", self)
        self.published.setObjectName("publishedOpinion")
        self.published.setWordWrap(True)
        self.waiting = PlainLabel("", self)  # why the opinion cannot be given yet
        self.waiting.setObjectName("opinionWaiting")
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("opinionEdit")
        # Its placeholder names nothing for a screen reader ("edit", and the text).
        self.edit.setAccessibleName(QCoreApplication.translate("TaskDetail", "Opinion"))
        self.edit.setPlaceholderText(
            QCoreApplication.translate("TaskDetail", "The department's opinion on the case")
        )
        self.send = QPushButton(QCoreApplication.translate("TaskDetail", "Give opinion"), self)
        self.send.setObjectName("giveOpinion")
        send_from(self.edit, self.send)
        # Three lines at the least, the button beside the text (as for
        # comments): the text edit's own minimum and the button under it
        # made the tab scroll, the button below the fold at the usual height.
        self.edit.setMinimumHeight(3 * self.edit.fontMetrics().lineSpacing() + 12)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.send, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.published)
        layout.addWidget(self.waiting)
        layout.addLayout(row, 1)
        self._tip = self.send.toolTip()

    def set_waiting(self, why: str) -> None:
        """Give opinion disabled, ``why`` beside it and in its tooltip; "" enables it.

        A press while the task awaited the applicant got the state machine's
        refusal, steps and states in quotes, and the focus on the tab bar.
        """
        self.waiting.setText(why)
        self.waiting.setVisible(bool(why))
        set_plain_tooltip(self.send, why or self._tip)
        if why:
            self.send.setEnabled(False)


class CommentsPanel(QWidget):
    """``comments``: the case's comments (``commentLog``), ``commentEdit`` and ``addComment``."""

    requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comments")
        self.log = QPlainTextEdit(self)
        self.log.setObjectName("commentLog")
        self.log.setAccessibleName(QCoreApplication.translate("TaskDetail", "Comments"))
        self.log.setReadOnly(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("commentEdit")
        self.edit.setAccessibleName(QCoreApplication.translate("TaskDetail", "New comment"))
        self.edit.setPlaceholderText(
            QCoreApplication.translate(
                "TaskDetail", "A comment for the other departments on this case"
            )
        )
        self.edit.setMaximumHeight(80)
        self.send = QPushButton(QCoreApplication.translate("TaskDetail", "Add comment"), self)
        self.send.setObjectName("addComment")
        self.send.clicked.connect(lambda: self.requested.emit(self.edit.toPlainText()))
        send_from(self.edit, self.send)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(self.log, 1)
        layout.addLayout(row)

    def show_comments(self, comments: tuple[dict[str, Any], ...], names: dict[str, str]) -> None:
        blocks = []
        for c in comments:
            department = names.get(str(c.get("department_code")), str(c.get("department_code")))
            head = (
                f"{local_time(c.get('created_at'))}  {safe(c.get('author'))} · {safe(department)}"
            )
            if c.get("pending"):
                head += "  " + QCoreApplication.translate(
                    "TaskDetail", "(queued — sent at the next sync)"
                )
            blocks.append(f"{head}\n{safe(c.get('text'), multiline=True)}")
        # setPlainText: the text is never parsed as HTML, whatever it looks like.
        self.log.setPlainText(
            "\n\n".join(blocks)
            if blocks
            else QCoreApplication.translate("TaskDetail", "No comments yet.")
        )

    @staticmethod
    def too_long(text: str) -> bool:
        return len(text) > MAX_COMMENT
