"""The decision form by keyboard.

A tab typed into the reasons went into the decision's document.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.decisions.form import DecisionForm


def _form(qtbot: QtBot) -> DecisionForm:
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    form.resize(520, 700)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=5000)
    return form


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
