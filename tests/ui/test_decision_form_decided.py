"""The decision form by keyboard, and a decided decision shown read-only, not disabled.

A tab typed into the reasons went into the decision's document. A decided
decision's fields were disabled: drawn in faint grey, a long legal basis
showing only its end, which could be neither scrolled nor copied.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from backoffice.domain.decision_model import Decision, DecisionKind, DecisionStatus
from ui.decisions.form import DecisionForm
from ui.widgets.plain import plain_tooltip

LEGAL_BASIS = ("《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》"
               "第二十二条；《建设工程消防设计审查验收工作细则》第三十条")
OVERDUE = ("专家评审意见于期限届满后方才送达，经分管负责人同意，本决定在法定期限届满后作出，"
           "相关情况已 <b>记录在案</b>")


def _form(qtbot: QtBot) -> DecisionForm:
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    form.resize(520, 700)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=5000)
    return form


def _escalation() -> Decision:
    return Decision("d1", "C1", "ZJ-220200", DecisionKind.ESCALATE, DecisionStatus.SEALED,
                    reasons="需上级机关决定。", legal_basis=LEGAL_BASIS, joint=True,
                    public_notice=True, notice_days=5, overdue_reason=OVERDUE,
                    report_by=dt.date(2026, 12, 20))


def test_tab_leaves_the_reasons_for_the_legal_basis(qtbot: QtBot) -> None:
    form = _form(qtbot)
    form.new_draft(joint_possible=False, today=dt.date(2026, 12, 1))
    form.reasons.setFocus()
    qtbot.keyClicks(form.reasons, "Fire plan incomplete.")
    qtbot.keyClick(form.reasons, Qt.Key.Key_Tab)
    assert form.reasons.toPlainText() == "Fire plan incomplete."
    assert QApplication.focusWidget() is form.legal_basis
    qtbot.keyClick(form.legal_basis, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is form.reasons
    assert form.fields()["reasons"] == "Fire plan incomplete."


def test_a_decided_legal_basis_shows_its_start_whole_in_the_tooltip(qtbot: QtBot) -> None:
    form = _form(qtbot)
    form.show_decision(_escalation())
    for edit, text in ((form.legal_basis, LEGAL_BASIS), (form.overdue_reason, OVERDUE)):
        assert edit.fontMetrics().horizontalAdvance(text) > edit.width()  # only a part fits
        assert edit.cursorPosition() == 0
        assert edit.isEnabled() and edit.isReadOnly()
        assert edit.toolTip() == plain_tooltip(text)  # "<b>" as written, not bold
    # It can be scrolled to its end and copied.
    form.legal_basis.setFocus()
    qtbot.keyClick(form.legal_basis, Qt.Key.Key_End)
    assert form.legal_basis.cursorPosition() == len(LEGAL_BASIS)
    qtbot.keyClick(form.legal_basis, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.legal_basis, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == LEGAL_BASIS


def _try_to_change(qtbot: QtBot, form: DecisionForm) -> None:
    for widget in (form.kind, form.joint, form.public_notice):
        widget.setFocus()
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_End, Qt.Key.Key_R):
            qtbot.keyClick(widget, key)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
        assert not form.kind.view().isVisible()  # no list of other kinds opened
    for widget in (form.reasons, form.legal_basis, form.overdue_reason, form.report_by,
                   form.notice_days):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_End)
        qtbot.keyClicks(widget, "9x")
        for key in (Qt.Key.Key_Up, Qt.Key.Key_Backspace):
            qtbot.keyClick(widget, key)
    form.report_by.setFocus()
    qtbot.keyClick(form.report_by, Qt.Key.Key_F4)
    qtbot.keyClick(form.report_by, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = form.report_by.calendarWidget()
    assert calendar is None or not calendar.isVisible()


def test_a_decided_decision_cannot_be_changed_and_reads_in_full_contrast(qtbot: QtBot) -> None:
    form = _form(qtbot)
    changes: list[None] = []
    form.changed.connect(lambda: changes.append(None))
    decision = _escalation()
    form.show_decision(decision)
    shown = form.fields()
    assert shown == {"kind": "escalate", "reasons": "需上级机关决定。", "legal_basis": LEGAL_BASIS,
                     "report_by": "2026-12-20", "joint": True, "public_notice": True,
                     "notice_days": 5, "overdue_reason": OVERDUE}
    fields: list[QWidget] = [form.kind, form.joint, form.reasons, form.legal_basis,
                             form.report_by, form.public_notice, form.notice_days,
                             form.overdue_reason]
    window = form.palette().color(QPalette.ColorRole.Window)
    for widget in fields:
        # Drawn as a value on the window's background, not faint as a disabled field.
        assert widget.isEnabled(), widget.objectName()
        assert widget.palette().color(QPalette.ColorRole.Base) == window, widget.objectName()
        assert widget.palette().color(QPalette.ColorRole.Text) == \
            form.palette().color(QPalette.ColorRole.Text)
    assert "drop-down" in form.kind.styleSheet()  # no arrow offering the other kinds
    _try_to_change(qtbot, form)
    assert form.fields() == shown and changes == []
    # Tab still goes through them (a screen reader reads them on the way).
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.joint

    # The same fields take the next new decision as before, in the usual look.
    form.new_draft(joint_possible=True, today=dt.date(2026, 12, 1))
    for widget in fields:
        base = widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        assert base != window, widget.objectName()
    assert not form.kind.styleSheet()
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    assert form.current_kind() == DecisionKind.REFUSE
    qtbot.keyClick(form.kind, Qt.Key.Key_F4)
    qtbot.waitUntil(form.kind.view().isVisible, timeout=5000)
    form.kind.hidePopup()
    form.legal_basis.setFocus()
    qtbot.keyClicks(form.legal_basis, "Art. 10")
    form.public_notice.setFocus()
    qtbot.keyClick(form.public_notice, Qt.Key.Key_Space)
    assert form.fields()["legal_basis"] == "Art. 10" and form.fields()["public_notice"]
    assert changes


def test_what_does_not_apply_to_a_decided_decision_stays_disabled(qtbot: QtBot) -> None:
    form = _form(qtbot)
    form.show_decision(Decision("d2", "C2", "ZJ-220200", DecisionKind.GRANT,
                                DecisionStatus.ISSUED, legal_basis="第十条"))
    assert not form.report_by.isEnabled() and form.report_by.text() == "—"
    assert not form.notice_days.isEnabled() and form.notice_days.text() == "—"
    assert form.joint.isEnabled() and not form.joint.isChecked()
