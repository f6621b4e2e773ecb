"""The decision form (``decisionForm``): kind, reasons, legal basis, dates, seal and issue.

A widget that knows nothing of the store: it shows a decision and what the
desk found about it, says what the person asks for by signals, and hands its
fields out as the payload of ``decision.draft``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backoffice import messages
from backoffice.domain.decision_model import COURIER
from backoffice.domain.decisions import MAX_ADDRESS, MAX_TEXT, Finding
from backoffice.domain.model import Decision, DecisionKind, DecisionStatus
from ui.decisions.delivery import delivery_names
from ui.decisions.states import copyable_verdict
from ui.widgets.access import named
from ui.widgets.plain import PlainLabel, plain_tooltip


def kind_names() -> list[tuple[DecisionKind, str]]:
    return [
        (DecisionKind.GRANT, QCoreApplication.translate("DecisionDesk", "Grant")),
        (DecisionKind.REFUSE, QCoreApplication.translate("DecisionDesk", "Refuse")),
        (DecisionKind.ESCALATE, QCoreApplication.translate("DecisionDesk", "Escalate to the upper-level authority")),
        (DecisionKind.REFUSE_ACCEPTANCE, QCoreApplication.translate("DecisionDesk", "Refusal of acceptance")),
    ]


# The law's own words, which the documents and colleagues use: a tooltip in the
# English UI (the Chinese one says them already), never part of the label.
LEGAL_TERMS = {
    DecisionKind.GRANT: "准予许可",
    DecisionKind.REFUSE: "不予许可",
    DecisionKind.ESCALATE: "上报",
    DecisionKind.REFUSE_ACCEPTANCE: "不予受理",
}
PUBLIC_NOTICE_TERM = "公示"


VALID_STYLE = "color: #1b5e20; font-weight: bold;"
WARNING_STYLE = ("color: white; background: #b71c1c; font-weight: bold; font-size: 14px; "
                 "padding: 8px; border: 3px solid #7f0000;")
# A decided kind looks like the read-only texts beside it: no arrow offering other kinds.
READ_ONLY_COMBO_STYLE = (
    "QComboBox { background: palette(window); border: 1px solid palette(mid); "
    "border-radius: 2px; padding: 1px 4px; } "
    "QComboBox:focus { border-color: palette(highlight); } "
    "QComboBox::drop-down { width: 0px; border: none; }")
# What would change a combo or check box, which have no read-only mode of their own.
_CHANGING_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease})
_MOVING_ON = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def form_words(code: str, params: Mapping[str, object], lang: str) -> str:
    """What the desk says of the form being edited: the draft's own id means nothing
    to the person ("this decision" is the form), so it is left out."""
    shown = {k: "" if k == "decision" else v for k, v in params.items()}
    return " ".join(messages.render_code(code, shown, lang).split())


class DecisionForm(QWidget):
    saveRequested = Signal(bool)  # submit too
    submitRequested = Signal()
    sealRequested = Signal(str)  # "platform" | "local"
    issueRequested = Signal()
    previewRequested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, lang: str = "zh") -> None:
        super().__init__(parent)
        self.setObjectName("decisionForm")
        self.lang = lang
        self.title = PlainLabel("", self)
        self.title.setObjectName("decisionTitle")
        self.title.setWordWrap(True)
        self.kind = QComboBox(self)
        self.kind.setObjectName("decisionKind")
        # A drop-down without a name is read out by its value ("Grant"), not as what it chooses.
        named(self.kind, QCoreApplication.translate("DecisionDesk", "Kind"))
        glossed = not lang.startswith("zh")
        for kind, name in kind_names():
            self.kind.addItem(name, kind.value)
            if glossed:
                self.kind.setItemData(self.kind.count() - 1, LEGAL_TERMS[kind],
                                      Qt.ItemDataRole.ToolTipRole)
        self.joint = QCheckBox(QCoreApplication.translate("DecisionDesk", "Joint decision of the lead department, gathering every "
                                  "department's opinion"), self)
        self.joint.setObjectName("decisionJoint")
        self.reasons = QPlainTextEdit(self)
        self.reasons.setObjectName("decisionReasons")
        self.reasons.setPlaceholderText(QCoreApplication.translate("DecisionDesk", "Reasons (required for a refusal)"))
        self.reasons.setMaximumHeight(90)
        # A tab typed here went into the decision's document; Tab moves on instead.
        self.reasons.setTabChangesFocus(True)
        self.legal_basis = QLineEdit(self)
        self.legal_basis.setObjectName("decisionLegalBasis")
        self.legal_basis.setPlaceholderText(QCoreApplication.translate("DecisionDesk", "e.g. 《食品经营许可和备案管理办法》第二十一条"))
        # The one-line texts stop at the limit; the reasons' limit is said by the
        # findings once passed (decision.text_too_long): a cut would hide pasted text.
        self.legal_basis.setMaxLength(MAX_TEXT)
        self.report_by = QDateEdit(self)
        self.report_by.setObjectName("decisionReportBy")
        self.report_by.setCalendarPopup(True)
        self.report_by.setDisplayFormat("yyyy-MM-dd")
        # No case open: "—", not Qt's default 2000-01-01 (no decision reports before).
        self.report_by.setMinimumDate(QDate(2000, 1, 1))
        self.report_by.setSpecialValueText("—")
        self.report_by.setDate(self.report_by.minimumDate())
        self.public_notice = QCheckBox(QCoreApplication.translate("DecisionDesk", "Public notice required by law"), self)
        if glossed:
            self.public_notice.setToolTip(PUBLIC_NOTICE_TERM)
        self.public_notice.setObjectName("decisionPublicNotice")
        self.notice_days = QSpinBox(self)
        self.notice_days.setObjectName("decisionNoticeDays")
        self.notice_days.setRange(0, 60)
        # The unit is in the label beside it: a suffix read "1 working days".
        self.notice_days.setSpecialValueText("—")  # no public notice: not "0"
        self.overdue_reason = QLineEdit(self)
        self.overdue_reason.setObjectName("decisionOverdueReason")
        self.overdue_reason.setPlaceholderText(QCoreApplication.translate("DecisionDesk", "Why the decision comes after the deadline"))
        self.overdue_reason.setMaxLength(MAX_TEXT)
        self.findings = PlainLabel("", self)
        self.findings.setObjectName("decisionFindings")
        self.findings.setWordWrap(True)
        self.state = PlainLabel("", self)
        self.state.setObjectName("decisionState")
        self.state.setWordWrap(True)
        self.signature = PlainLabel("", self)
        self.signature.setObjectName("signatureStatus")
        self.signature.setWordWrap(True)
        copyable_verdict(self.signature)

        self.save = QPushButton(QCoreApplication.translate("DecisionDesk", "Save draft"), self)
        self.save.setObjectName("decisionSave")
        self.submit = QPushButton(QCoreApplication.translate("DecisionDesk", "Save and submit for sealing"), self)
        self.submit.setObjectName("decisionSubmit")
        self.preview = QPushButton(QCoreApplication.translate("DecisionDesk", "Preview"), self)
        self.preview.setObjectName("decisionPreviewButton")
        self.method = QComboBox(self)
        self.method.setObjectName("sealMethod")
        named(self.method, QCoreApplication.translate("DecisionDesk", "Sealing method"))
        self.method.addItem(QCoreApplication.translate("DecisionDesk", "Platform signing service"), "platform")
        self.method.addItem(QCoreApplication.translate("DecisionDesk", "Local certificate (.p12)"), "local")
        self.cert_path = QLineEdit(self)
        self.cert_path.setObjectName("sealCertificate")
        self.cert_path.setPlaceholderText(QCoreApplication.translate("DecisionDesk", "Path of the .p12 file"))
        # The file dialog for the mouse; the path field stays for keyboards and tests.
        self.cert_browse = QPushButton(QCoreApplication.translate("DecisionDesk", "Choose…"), self)
        self.cert_browse.setObjectName("sealCertificateBrowse")
        self.cert_dialog: QFileDialog | None = None
        self.cert_password = QLineEdit(self)
        self.cert_password.setObjectName("sealPassword")
        self.cert_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cert_password.setPlaceholderText(QCoreApplication.translate("DecisionDesk", "Password of the certificate"))
        # Training mode offers its own certificate (ui/training.py): which one it is
        # and its password, under the path.
        self.cert_note = PlainLabel("", self)
        self.cert_note.setObjectName("sealCertificateNote")
        self.cert_note.setWordWrap(True)
        self._offered: Path | None = None
        self.seal = QPushButton(QCoreApplication.translate("DecisionDesk", "Seal"), self)
        self.seal.setObjectName("sealButton")
        self.issue = QPushButton(QCoreApplication.translate("DecisionDesk", "Issue to the applicant"), self)
        self.issue.setObjectName("decisionIssue")
        self.delivery = QComboBox(self)
        self.delivery.setObjectName("decisionDelivery")
        named(self.delivery, QCoreApplication.translate("DecisionDesk", "Delivery"))
        for value, name in delivery_names(lang):
            self.delivery.addItem(name, value)
        self.delivery_address = QLineEdit(self)
        self.delivery_address.setObjectName("decisionDeliveryAddress")
        self.delivery_address.setPlaceholderText(QCoreApplication.translate(
            "DecisionDesk", "The applicant's postal address"))
        self.delivery_address.setMaxLength(MAX_ADDRESS)
        self._case_address = ""
        # No label beside them: called what their placeholder asks, which typing hides.
        for edit in (self.cert_path, self.cert_password, self.delivery_address):
            named(edit, edit.placeholderText())
        self._can_issue, self._issue_hint = False, ""
        self._delivered = False  # an issued decision's delivery is shown, not chosen
        self.delivery.installEventFilter(self)

        form = QFormLayout()
        form.addRow(QCoreApplication.translate("DecisionDesk", "Kind"), self.kind)
        form.addRow("", self.joint)
        form.addRow(QCoreApplication.translate("DecisionDesk", "Reasons"), self.reasons)
        form.addRow(QCoreApplication.translate("DecisionDesk", "Legal basis"), self.legal_basis)
        form.addRow(QCoreApplication.translate("DecisionDesk", "Escalate by"), self.report_by)
        notice = QHBoxLayout()
        notice.addWidget(self.public_notice)
        self.notice_days_label = PlainLabel(
            QCoreApplication.translate("DecisionDesk", "Period (working days):"), self)
        self.notice_days_label.setBuddy(self.notice_days)
        notice.addWidget(self.notice_days_label)
        notice.addWidget(self.notice_days)
        form.addRow(QCoreApplication.translate("DecisionDesk", "Public notice"), notice)
        form.addRow(QCoreApplication.translate("DecisionDesk", "Overdue reason"), self.overdue_reason)
        drafting = QHBoxLayout()
        for button in (self.save, self.submit, self.preview):
            drafting.addWidget(button)
        sealing = QHBoxLayout()
        sealing.addWidget(self.method)
        sealing.addWidget(self.seal)
        sealing.addWidget(self.issue)
        delivery = QHBoxLayout()
        delivery_label = PlainLabel(QCoreApplication.translate("DecisionDesk", "Delivery:"), self)
        delivery_label.setBuddy(self.delivery)
        delivery.addWidget(delivery_label)
        delivery.addWidget(self.delivery)
        delivery.addWidget(self.delivery_address, 1)
        cert = QHBoxLayout()
        cert.addWidget(self.cert_path)
        cert.addWidget(self.cert_browse)
        cert.addWidget(self.cert_password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.findings)
        layout.addLayout(drafting)
        layout.addWidget(self.state)
        layout.addLayout(sealing)
        layout.addLayout(delivery)
        layout.addLayout(cert)
        layout.addWidget(self.cert_note)
        layout.addWidget(self.signature)
        layout.addStretch(1)

        self.save.clicked.connect(lambda: self.saveRequested.emit(False))
        self.submit.clicked.connect(lambda: self.saveRequested.emit(True))
        self.preview.clicked.connect(self.previewRequested.emit)
        self.seal.clicked.connect(lambda: self.sealRequested.emit(self.method.currentData()))
        self.issue.clicked.connect(self.issueRequested.emit)
        self.cert_browse.clicked.connect(self.choose_certificate)
        self.method.currentIndexChanged.connect(lambda _i: self._adapt())
        self.delivery.currentIndexChanged.connect(lambda _i: self._delivery_chosen())
        self.delivery_address.textChanged.connect(_whole_in_tooltip(self.delivery_address))
        self.delivery_address.textChanged.connect(lambda _t: self._hold_buttons())
        self.kind.currentIndexChanged.connect(lambda _i: self._edited())
        # Before _edited: the change it reports carries the period already shown.
        self.public_notice.toggled.connect(self._notice_toggled)
        self.public_notice.toggled.connect(lambda _on: self._edited())
        for edit in (self.legal_basis, self.overdue_reason):
            edit.textChanged.connect(lambda _t: self._edited())
            edit.textChanged.connect(_whole_in_tooltip(edit))
        for widget in (self.kind, self.joint, self.public_notice):
            widget.installEventFilter(self)
        self.reasons.textChanged.connect(self._edited)
        self.joint.toggled.connect(lambda _on: self._edited())
        self._editable = True
        # The period typed before public notice was unticked, back when it is ticked
        # again: unticking by mistake does not lose it.
        self._notice_days_kept = 0
        self._looks_decided: bool | None = None
        self._joint_possible = False
        self._can_save = self._can_submit = self._can_seal = False
        self._seal_hint = self._held = self._save_hint = self._blocked = ""
        self._adapt()

    def add_section(self, widget: QWidget) -> None:
        """A part of the desk shown under the seal's status (the archive package)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, widget)  # before the stretch

    def choose_certificate(self) -> QFileDialog:
        """The file dialog for the .p12 (window-modal, ``open()``: never blocks the loop)."""
        if self.cert_dialog is None:
            dialog = QFileDialog(self, QCoreApplication.translate(
                "DecisionDesk", "Choose the seal certificate"))
            dialog.setObjectName("sealCertificateDialog")
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
            dialog.setNameFilters([
                QCoreApplication.translate("DecisionDesk", "Seal certificates (*.p12 *.pfx)"),
                QCoreApplication.translate("DecisionDesk", "All files (*)")])
            dialog.fileSelected.connect(self._certificate_chosen)
            self.cert_dialog = dialog
        current = self.cert_path.text().strip()
        if current:
            self.cert_dialog.selectFile(current)
        elif self._offered is not None:
            self.cert_dialog.setDirectory(str(self._offered.parent))
        self.cert_dialog.open()
        return self.cert_dialog

    def offer_certificate(self, path: Path, note: str) -> None:
        """A certificate to seal with, in the path field and where the file dialog starts,
        ``note`` saying what it is (training mode's own)."""
        self._offered = path
        if not self.cert_path.text().strip():
            self.cert_path.setText(str(path))
        self.cert_note.setText(note)
        self._adapt()

    def _certificate_chosen(self, path: str) -> None:
        if path:
            self.cert_path.setText(path)
            self.cert_password.setFocus()

    # --- what is shown -------------------------------------------------------------

    def current_kind(self) -> DecisionKind:
        return DecisionKind(str(self.kind.currentData()))

    def fields(self) -> dict[str, Any]:
        """The payload of ``decision.draft`` (without ``submit``)."""
        escalate = self.current_kind() == DecisionKind.ESCALATE
        return {
            "kind": self.current_kind().value,
            "reasons": self.reasons.toPlainText().strip(),
            "legal_basis": self.legal_basis.text().strip(),
            "report_by": _day(self.report_by.date()).isoformat() if escalate else None,
            "joint": self.joint.isChecked(),
            "public_notice": self.public_notice.isChecked(),
            "notice_days": self.notice_days.value() if self.public_notice.isChecked() else 0,
            "overdue_reason": self.overdue_reason.text().strip(),
        }

    def new_draft(self, *, joint_possible: bool, today: dt.date,
                  report_by: dt.date | None = None) -> None:
        """An empty form for a new decision; ``report_by``: the escalation's default date
        (the case's deadline, or today once it has passed; today without one)."""
        self._editable = True
        self.kind.setCurrentIndex(0)
        for edit in (self.legal_basis, self.overdue_reason):
            edit.clear()
        self.reasons.clear()
        self._joint_possible = joint_possible
        self.joint.setChecked(joint_possible)
        self.public_notice.setChecked(False)
        self.notice_days.setValue(0)
        self._notice_days_kept = 0  # not the previous case's period
        self.report_by.setDate(_qdate(report_by or today))
        self._adapt()

    def show_decision(self, decision: Decision) -> None:
        """A decision made already: its fields, read-only."""
        self._editable = False
        index = self.kind.findData(decision.kind.value)
        self.kind.setCurrentIndex(max(0, index))
        self.reasons.setPlainText(decision.reasons)
        self.legal_basis.setText(decision.legal_basis)
        self.joint.setChecked(decision.joint)
        self.public_notice.setChecked(decision.public_notice)
        self.notice_days.setValue(decision.notice_days)
        self._notice_days_kept = 0
        self.overdue_reason.setText(decision.overdue_reason)
        for edit in (self.legal_basis, self.overdue_reason):
            edit.setCursorPosition(0)  # its start, not its end, in sight
        # The control is reused from one decision to the next: without a date of its
        # own, the previous decision's would show.
        self.report_by.setDate(self.report_by.minimumDate() if decision.report_by is None
                               else _qdate(decision.report_by))
        self._adapt()

    def delivery_choice(self) -> tuple[str, str]:
        """How the decision is to reach the applicant, and a courier's address."""
        return str(self.delivery.currentData()), self.delivery_address.text().strip()

    def show_delivery(self, decision: Decision | None, case_address: str) -> None:
        """An issued decision's delivery, read-only; else a choice, the courier's address
        proposed from the case (``case_address``) and changed as the applicant asks."""
        issued = decision is not None and decision.status == DecisionStatus.ISSUED
        self._case_address = case_address
        if issued and decision is not None:
            index = self.delivery.findData(decision.delivery)
            self.delivery.setCurrentIndex(max(0, index))
            self.delivery_address.setText(decision.delivery_address)
        else:
            self.delivery.setCurrentIndex(0)
            self.delivery_address.setText(case_address)
        # Read-only, not disabled, as the decided fields: it is read, not greyed out.
        self._delivered = issued
        self.delivery.setStyleSheet(READ_ONLY_COMBO_STYLE if issued else "")
        # Issued before it was recorded: the state says so; no method to show.
        self.delivery.setVisible(not (issued and decision is not None and not decision.delivery))
        self.delivery_address.setReadOnly(issued)
        self.delivery_address.setCursorPosition(0)
        self._delivery_chosen()

    def _delivery_chosen(self) -> None:
        courier = self.delivery.currentData() == COURIER and self.delivery.isVisibleTo(self)
        self.delivery_address.setVisible(courier)
        if courier and not self.delivery_address.text().strip():
            self.delivery_address.setText(self._case_address)
        self._hold_buttons()

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """What the desk found, in words; blocking ones first, marked. While one blocks,
        saving and submitting wait and say why: the click would only be refused."""
        focused = QApplication.focusWidget()
        lines = []
        for f in sorted(findings, key=lambda f: not f.blocking):
            mark = "✖ " if f.blocking else "⚠ "
            lines.append(mark + form_words(f.code, f.params, self.lang))
        self.findings.setText("\n".join(lines))
        self.findings.setStyleSheet("color: #b71c1c;" if any(f.blocking for f in findings)
                                    else "color: #8a6d00;")
        self._blocked = "\n".join(form_words(f.code, f.params, self.lang)
                                  for f in findings if f.blocking)
        self._hold_buttons()
        self._keep_focus(focused, issue_came=False)

    def set_actions(self, *, can_save: bool, can_seal: bool, can_issue: bool,
                    seal_hint: str = "", can_submit: bool | None = None,
                    issue_hint: str = "", save_hint: str = "") -> None:
        """``can_submit``: as ``can_save`` unless said (a saved draft is submitted as it is);
        the hints: why an action that is off waits."""
        focused, could_issue = QApplication.focusWidget(), self.issue.isEnabled()
        self._can_save, self._save_hint = can_save, save_hint
        self._can_submit = can_save if can_submit is None else can_submit
        self._can_seal, self._seal_hint = can_seal, seal_hint
        self._can_issue, self._issue_hint = can_issue, issue_hint
        self._hold_buttons()
        self._keep_focus(focused, issue_came=can_issue and not could_issue)

    def hold(self, reason: str) -> None:
        """Submitting and sealing wait (``reason`` says for what, e.g. opinions still
        missing); a draft may still be saved. An empty reason lets them go."""
        focused = QApplication.focusWidget()
        self._held = reason
        self._hold_buttons()
        self._keep_focus(focused, issue_came=False)

    def _keep_focus(self, focused: QWidget | None, *, issue_came: bool) -> None:
        """Whoever pressed Seal or Issue from the keyboard stays on the seal's row:
        Qt would move the focus of a button turned off to the next widget in the
        chain (the preview). It goes to the next action possible: Issue once the
        seal is verified, else Seal, else the seal method."""
        row = (self.method, self.seal, self.issue)
        if focused not in row:
            return
        lost = focused is not None and not focused.isEnabled()
        if not lost and not issue_came:
            return
        target = next((w for w in (self.issue, self.seal) if w.isEnabled()), self.method)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hold_buttons(self) -> None:
        # By courier without an address the issue would only be refused: it waits.
        unaddressed = self.delivery.currentData() == COURIER and not self._delivered \
            and not self.delivery_address.text().strip()
        self.issue.setEnabled(self._can_issue and not unaddressed)
        self.issue.setToolTip(self._issue_hint or (QCoreApplication.translate(
            "DecisionDesk", "Type the applicant's postal address for the courier.")
            if unaddressed else ""))
        # A decision sealed or submitted keeps its own reason: the form's findings
        # are about what is being drafted.
        blocked = self._blocked if self._can_save or self._can_submit else ""
        self.save.setEnabled(self._can_save and not blocked)
        self.save.setToolTip(self._save_hint or blocked)
        self.submit.setEnabled(self._can_submit and not self._held and not blocked)
        self.submit.setToolTip(self._held or blocked or ("" if self._can_submit else self._save_hint))
        # Shown on a submitted decision, the findings are the seal's own (the desk
        # checks it for sealing): a blocking one would only refuse the click.
        unsealable = self._blocked if self._can_seal else ""
        self.seal.setEnabled(self._can_seal and not self._held and not unsealable)
        self.seal.setToolTip(self._seal_hint or self._held or unsealable)

    def set_signature(self, text: str, *, ok: bool | None) -> None:
        """``ok`` None: nothing verified yet; False: the unmistakable warning."""
        self.signature.setText(text)
        self.signature.setStyleSheet("" if ok is None else VALID_STYLE if ok else WARNING_STYLE)

    def _notice_toggled(self, on: bool) -> None:
        """Without public notice the period reads "—", not a number that no longer
        applies; the number comes back with the tick."""
        if on:
            if self.notice_days.value() == self.notice_days.minimum():
                self.notice_days.setValue(self._notice_days_kept)
        else:
            self._notice_days_kept = self.notice_days.value()
            self.notice_days.setValue(self.notice_days.minimum())

    def _edited(self) -> None:
        self._adapt()
        if self._editable:
            self.changed.emit()

    def _show_read_only(self, decided: bool) -> None:
        """A decided decision is read-only, not disabled: a disabled field is drawn
        faint, and a long legal basis could be neither scrolled nor copied."""
        self._looks_decided = decided
        for edit in (self.reasons, self.legal_basis, self.overdue_reason, self.report_by,
                     self.notice_days):
            edit.setReadOnly(decided)
        # Before the palettes: a style sheet taken away restores the palette it found.
        self.kind.setStyleSheet(READ_ONLY_COMBO_STYLE if decided else "")
        # On the window's background: a value to read, not a place to type, in the
        # text's full contrast. Only Base is set: the rest follows the window.
        palette = QPalette()
        if decided:
            palette.setBrush(QPalette.ColorRole.Base, self.palette().window())
        for widget in (self.kind, self.joint, self.reasons, self.legal_basis,
                       self.public_notice, self.notice_days, self.overdue_reason,
                       self.report_by):
            widget.setPalette(palette)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A decided decision's kind and boxes, and an issued one's delivery, do not
        change; Tab still moves on."""
        fixed = (not self._editable and watched in (self.kind, self.joint, self.public_notice)
                 or self._delivered and watched is self.delivery)
        if not fixed or event.type() not in _CHANGING_EVENTS:
            return False
        return not (isinstance(event, QKeyEvent) and event.key() in _MOVING_ON)

    def _adapt(self) -> None:
        kind, decided = self.current_kind(), not self._editable
        if self._looks_decided != decided:
            self._show_read_only(decided)
        self.joint.setEnabled(decided or self._joint_possible)
        # Disabled stays for what does not apply: no report-by date but for an
        # escalation, no period without a public notice.
        self.report_by.setEnabled(kind == DecisionKind.ESCALATE)
        self.notice_days.setEnabled(self.public_notice.isChecked())
        self.notice_days_label.setEnabled(self.public_notice.isChecked())
        local = self.method.currentData() == "local"
        self.cert_path.setVisible(local)
        self.cert_browse.setVisible(local)
        self.cert_password.setVisible(local)
        self.cert_note.setVisible(local and bool(self.cert_note.text()))


def _whole_in_tooltip(edit: QLineEdit) -> Callable[[str], None]:
    """The field shows a part of a long text only: its tooltip has all of it."""
    return lambda text: edit.setToolTip(plain_tooltip(text))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
