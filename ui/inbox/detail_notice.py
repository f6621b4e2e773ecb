"""The one combined correction notice as a text: the lead's to issue, everyone's to read.

``noticeIssue``, inside the correction notice panel under every department's
items (6.9, Art. 32). While the case's notice is a draft, to the lead
department only: the items of every department (``noticeEditItems``), each of which the lead may reword or drop with a reason (``noticeEditText``,
``rewordItem``, ``dropItem``: ``correction_notice.edit``; what was dropped
and why stays on the notice's record), the preview of the text the applicant
gets (``noticePreview``) and ``issueNotice`` (``correction_notice.issue``; a
second notice needs the reason typed into ``secondNoticeReason``).

The notice waits for every department's material review
(:mod:`backoffice.domain.notice_readiness`): while a department's task (the lead's too)
is unclaimed, or in review with checks of its materials pending, ``noticeWaiting``
names those departments (as of the last sync) and Issue is disabled, the
reason as its tooltip and accessible description (as for an empty draft and
a notice too long to send); a refusal of the platform to issue is said there
too, and leaves Issue enabled to ask again.

The preview is the text the platform sends (the one builder,
:mod:`backoffice.signing.correction_notice`); a notice longer than the
platform carries is said in ``noticeWaiting`` and not queued. Once issued,
the panel shows the notice as it went out to every department on the case
(read only, without the editing: the others answer the applicant's questions
about their items from it too), and ``printNotice`` lays it out as the paper copy (GB/T 9704, marked as not
sealed) to print or save as PDF, as the planner's inspection notice.

Input is checked here first; nothing is queued on a message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from backoffice.domain.commands import MAX_CORRECTION_REASON, JSONValue
from backoffice.domain.model import CorrectionItem, CorrectionNotice, CorrectionNoticeStatus
from backoffice.domain.notice_readiness import unreviewed_departments
from backoffice.signing import correction_notice
from backoffice.signing.correction_notice import MAX_NOTICE_TEXT
from backoffice.sync.reasons import stopped_reason
from ui.inbox.detail_case_data import CaseCommand, draft_notice, issued_notice, notice_text
from ui.inbox.detail_data import Snapshot
from ui.inbox.detail_panels import CorrectionPanel
from ui.inbox.detail_text import safe
from ui.planner.notice import NoticePage
from ui.widgets.listing import listed
from ui.widgets.plain import PlainLabel, plain_tooltip, set_plain_tooltip

Queue = Callable[[Sequence[CaseCommand]], None]
Run = Callable[[Callable[[], object], Callable[[object], None]], None]
_ITEM = Qt.ItemDataRole.UserRole


class NoticeIssue(QGroupBox):
    """``noticeIssue``: edit every department's items, preview and issue the notice."""

    def __init__(
        self,
        correction: CorrectionPanel,
        queue: Queue,
        say: Callable[[str], None],
        run: Run,
    ) -> None:
        super().__init__(
            QCoreApplication.translate(
                "CaseActions", "Issue the one combined notice (lead department)"
            ),
            correction,
        )
        self.setObjectName("noticeIssue")
        self.correction, self._queue, self._say, self._run = correction, queue, say, run
        self.document: QDialog | None = None  # the issued notice as a document, once asked for
        self.snapshot: Snapshot | None = None
        # The Art. 32 limit is the correction panel's (every department sees it).
        self.limit = correction.limit
        self.items = QTreeWidget(self)
        self.items.setObjectName("noticeEditItems")
        self.items.setRootIsDecorated(False)
        self.items.setHeaderLabels(
            [
                QCoreApplication.translate("CaseActions", "Department"),
                QCoreApplication.translate("CaseActions", "Material"),
                QCoreApplication.translate("CaseActions", "Reason"),
            ]
        )
        self.items.setMaximumHeight(130)
        self.edit_text = QLineEdit(self)
        self.edit_text.setObjectName("noticeEditText")
        self.edit_text.setPlaceholderText(
            QCoreApplication.translate(
                "CaseActions", "New wording of the chosen item, or why it is dropped"
            )
        )
        self.edit_text.setMaxLength(MAX_CORRECTION_REASON + 1)  # one over: a message, not a cut
        self.reword = QPushButton(QCoreApplication.translate("CaseActions", "Reword"), self)
        self.reword.setObjectName("rewordItem")
        self.drop = QPushButton(QCoreApplication.translate("CaseActions", "Drop"), self)
        self.drop.setObjectName("dropItem")
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("noticePreview")
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)
        self.preview.setMaximumHeight(160)
        self.button = QPushButton(QCoreApplication.translate("CaseActions", "Issue notice"), self)
        self.button.setObjectName("issueNotice")
        self.reword.clicked.connect(self._reword)
        self.drop.clicked.connect(self._drop)
        self.button.clicked.connect(self._issue)
        self.print_button = QPushButton(
            QCoreApplication.translate("CaseActions", "Print or save as PDF…"), self)
        self.print_button.setObjectName("printNotice")
        self.print_button.clicked.connect(self._print)
        row = QHBoxLayout()
        row.addWidget(self.edit_text, 1)
        row.addWidget(self.reword)
        row.addWidget(self.drop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items)
        layout.addLayout(row)
        self.hint = PlainLabel("", self)
        self.hint.setObjectName("noticeHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addWidget(self.preview)
        self.waiting = PlainLabel("", self)
        self.waiting.setObjectName("noticeWaiting")
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        layout.addWidget(self.waiting)
        layout.addWidget(self.button)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_snapshot(self, s: Snapshot, *, lead: bool) -> None:
        self.snapshot = s
        # The draft is the lead's to edit and issue; the notice that went out is
        # every department's to read (each has the whole notice: the platform
        # sends the case's notices, all items, to every department on the case).
        draft = draft_notice(s.notices) if lead else None
        issued = None if draft is not None else issued_notice(s.notices)
        self.setVisible((draft or issued) is not None)
        for widget in (self.items, self.edit_text, self.reword, self.drop, self.button):
            widget.setVisible(draft is not None)
        self.print_button.setVisible(issued is not None)
        if issued is not None:
            self._show_issued(s, issued)
            return
        if draft is None:
            return
        self.setTitle(QCoreApplication.translate(
            "CaseActions", "Issue the one combined notice (lead department)"))
        self.hint.setText(QCoreApplication.translate(
            "CaseActions",
            "What the applicant receives: every department's items, in one notice "
            "(dated today if issued today).",
        ))
        chosen = self._chosen()
        self.items.clear()
        for item in draft.items:
            row = QTreeWidgetItem(
                [
                    safe(s.department_name(item.department_code)),
                    safe(item.material_name),
                    safe(item.reason),
                ]
            )
            row.setData(0, _ITEM, item)
            row.setToolTip(2, plain_tooltip(item.reason))
            self.items.addTopLevelItem(row)
            if item == chosen:
                self.items.setCurrentItem(row)
        for column in (0, 1):
            self.items.resizeColumnToContents(column)
        first = self.items.topLevelItem(0)
        if self.items.currentItem() is None and first is not None:
            self.items.setCurrentItem(first)
        self.reword.setEnabled(bool(draft.items))
        self.drop.setEnabled(bool(draft.items))
        text = notice_text(s.case, draft, s.notices, s.departments) if draft.items else ""
        self._show_waiting(s, text)
        self._enable_issue(self._blocked(s, draft, text))
        if draft.items:
            self.preview.setPlainText(safe(text, multiline=True))
        else:
            self.preview.setPlainText(
                QCoreApplication.translate("CaseActions", "The draft notice has no items yet.")
            )

    def _show_issued(self, s: Snapshot, issued: CorrectionNotice) -> None:
        """The notice that went out stays readable: the lead answers the applicant's questions
        and hands over a paper copy from it."""
        day = issued.issued_on.isoformat() if issued.issued_on else ""
        self.setTitle(QCoreApplication.translate(
            "CaseActions", "The one combined notice, issued on {day}").format(day=day))
        self.hint.setText(QCoreApplication.translate(
            "CaseActions", "What the applicant received: the notice as it was sent."))
        text = notice_text(s.case, issued, s.notices, s.departments)
        self.preview.setPlainText(safe(text, multiline=True))
        self.waiting.hide()

    def _print(self) -> None:
        """The issued notice laid out as the paper copy, shown to print or save (off the GUI
        thread: laying out takes a moment)."""
        s = self.snapshot
        issued = issued_notice(s.notices) if s is not None else None
        if s is None or issued is None or issued.issued_on is None:
            return
        case, notices, names = s.case, s.notices, dict(s.departments)
        day, ordinal = issued.issued_on, correction_notice.notice_ordinal(notices, issued)
        self._run(lambda: correction_notice.notice_pdf(case, issued, names, issued_on=day,
                                                       ordinal=ordinal),
                  lambda pdf: self._show_document(pdf, case.case_code))

    def _show_document(self, pdf: object, name: str) -> None:
        assert isinstance(pdf, bytes)
        if self.document is None:
            self.document = QDialog(self)
            self.document.setObjectName("noticeDocument")
            self.document.setWindowTitle(QCoreApplication.translate(
                "CaseActions", "The one combined notice"))
            self.document.resize(760, 900)
            box = QVBoxLayout(self.document)
            box.addWidget(NoticePage(self.document))
        page = self.document.findChild(NoticePage)
        assert page is not None
        page.show_pdf(pdf, name)
        self.document.open()

    def _too_long_text(self, length: int) -> str:
        return QCoreApplication.translate(
            "CaseActions",
            "The notice is {length} characters long; the platform sends at most {limit}. "
            "Shorten the reasons (Reword) so that the applicant receives all of it: "
            "nothing may be left out of the one notice.",
        ).format(length=length, limit=MAX_NOTICE_TEXT)

    def _open_codes(self, s: Snapshot) -> list[str]:
        """The departments whose review still holds the notice (none without a draft)."""
        if draft_notice(s.notices) is None:
            return []
        return unreviewed_departments(s.tasks, s.materials)

    def _open_departments(self, s: Snapshot) -> str:
        """The names of the departments whose review still holds the notice ("" if none)."""
        return listed(s.department_name(c) for c in self._open_codes(s))

    def _waiting_text(self, s: Snapshot) -> str:
        """Why the notice waits: one department said as one ("are ... their" read wrong),
        the reader's own as "your department" (its own name read as someone else's)."""
        codes = self._open_codes(s)
        if codes == [s.task.department_code]:
            return QCoreApplication.translate(
                "CaseActions",
                "Not yet: your department is still reviewing its materials (task unclaimed, "
                "or checks without a verdict) as of the last sync. The one notice waits for "
                "every department: a defect found after it could not be told to the "
                "applicant.")
        if len(codes) == 1:
            return QCoreApplication.translate(
                "CaseActions",
                "Not yet: {department} is still reviewing its materials (task unclaimed, or "
                "checks without a verdict) as of the last sync. The one notice waits for "
                "every department: a defect found after it could not be told to the "
                "applicant.",
            ).format(department=safe(s.department_name(codes[0])))
        return QCoreApplication.translate(
            "CaseActions",
            "Not yet: {departments} are still reviewing their materials (task unclaimed, or "
            "checks without a verdict) as of the last sync. The one notice waits for every "
            "department: a defect found after it could not be told to the applicant.",
        ).format(departments=safe(self._open_departments(s)))

    def _blocked(self, s: Snapshot, draft: CorrectionNotice, notice: str) -> str:
        """Why Issue would queue nothing now ("" when it would queue the issue).

        The same checks :meth:`_issue` makes, so the button says them before it
        is pressed. A refusal of the platform does not block: another press
        asks the platform again (the department may have finished since).
        """
        if not draft.items:
            return QCoreApplication.translate(
                "CaseActions",
                "The notice has no items, so there is nothing to tell the applicant.")
        departments = self._open_departments(s)
        if departments:
            return self._waiting_text(s)
        if len(notice) > MAX_NOTICE_TEXT:
            return self._too_long_text(len(notice))
        return ""

    def _enable_issue(self, why: str) -> None:
        """Issue disabled while it would queue nothing, the reason as its tooltip and
        accessible description (a screen reader says why the button does nothing)."""
        self.button.setEnabled(not why)
        set_plain_tooltip(self.button, why)

    def _show_waiting(self, s: Snapshot, notice: str) -> None:
        departments = self._open_departments(s)
        if len(notice) > MAX_NOTICE_TEXT:
            text = self._too_long_text(len(notice))
        elif s.extras.notice_refused:
            # The departments the platform named when it refused; a refusal an
            # older build kept without them: those open as of the last sync.
            reason = stopped_reason(
                s.extras.notice_refused, refused=True,
                params={"case_code": s.case.case_code, "departments": departments
                        or QCoreApplication.translate("CaseActions", "other departments")},
                details=s.extras.notice_refused_details)
            text = QCoreApplication.translate(
                "CaseActions", "The platform refused to issue the notice: {reason}"
            ).format(reason=safe(reason))
        elif departments:
            text = self._waiting_text(s)
        else:
            text = ""
        self.waiting.setText(text)
        self.waiting.setVisible(bool(text))

    def _chosen(self) -> CorrectionItem | None:
        current = self.items.currentItem()
        value = current.data(0, _ITEM) if current is not None else None
        return value if isinstance(value, CorrectionItem) else None

    def _edit(self, key: str) -> None:
        s = self.snapshot
        draft = draft_notice(s.notices) if s is not None else None
        item = self._chosen()
        if draft is None or item is None:
            self._say(
                QCoreApplication.translate(
                    "CaseActions", "Choose an item of the notice first; nothing was queued."
                )
            )
            return
        text = self.edit_text.text().strip()
        if not text:
            self._say(
                QCoreApplication.translate(
                    "CaseActions",
                    "Write the new wording, or why the item is dropped; nothing was queued.",
                )
            )
            self.edit_text.setFocus()
            return
        if len(text) > MAX_CORRECTION_REASON:
            self._say(
                QCoreApplication.translate(
                    "CaseActions", "At most {limit} characters; nothing was queued."
                ).format(limit=MAX_CORRECTION_REASON)
            )
            self.edit_text.setFocus()
            return
        wire: dict[str, JSONValue] = {
            "material_name": item.material_name,
            "department_code": item.department_code,
            "reason": item.reason,
        }
        self._queue([CaseCommand("correction_notice.edit", draft.id, {"item": wire, key: text})])
        self.edit_text.clear()

    def _reword(self) -> None:
        self._edit("reason")

    def _drop(self) -> None:
        self._edit("dropped_reason")

    def _issue(self) -> None:
        s = self.snapshot
        draft = draft_notice(s.notices) if s is not None else None
        if s is None or draft is None:
            return
        if not draft.items:
            self._say(
                QCoreApplication.translate(
                    "CaseActions",
                    "The notice has no items, so there is nothing to tell the applicant; "
                    "nothing was queued.",
                )
            )
            return
        departments = self._open_departments(s)
        if departments:
            self._say(
                QCoreApplication.translate("CaseActions", "{waiting} Nothing was queued.").format(
                    waiting=self._waiting_text(s)
                )
            )
            return
        length = len(notice_text(s.case, draft, s.notices, s.departments))
        if length > MAX_NOTICE_TEXT:
            self._say(
                QCoreApplication.translate("CaseActions", "{why} Nothing was queued.").format(
                    why=self._too_long_text(length)
                )
            )
            return
        reason = second_notice_reason(s.notices, self.correction.second_reason, self._say)
        if reason is None:
            return
        payload: dict[str, JSONValue] = {"second_notice_reason": reason} if reason else {}
        self._queue([CaseCommand("correction_notice.issue", draft.id, payload)])


def second_notice_reason(
    notices: Sequence[CorrectionNotice], field: QLineEdit, say: Callable[[str], None]
) -> str | None:
    """The reason for a second notice typed in ``field``: "" while no notice went out.

    None when one went out and the field is blank: said, the focus on the field,
    and the caller queues nothing. The platform refuses a second notice
    without its reason (:func:`~backoffice.domain.corrections.ensure_one_time_notice`,
    6.9, 9.3.3), the lead's issue and a department's items alike: asked here
    before either is queued, not learnt from the refusal after a sync.
    """
    if all(n.status == CorrectionNoticeStatus.DRAFT for n in notices):
        return ""
    reason = field.text().strip()
    if not reason:
        say(QCoreApplication.translate(
            "CaseActions",
            "A notice went out already: say why a second one is needed; nothing was queued."))
        field.setFocus()
        return None
    return reason
