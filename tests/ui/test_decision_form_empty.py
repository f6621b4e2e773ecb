"""The decision form with no case open says nothing, not placeholder values."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from ui.decisions.form import DecisionForm


def test_no_case_shows_dashes_not_2000_01_01_or_0_working_days(qtbot: QtBot) -> None:
    # And one working day does not read "1 working days": the unit is in the label.
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert form.report_by.text() == "—"
    assert form.notice_days.text() == "—"
    form.report_by.setDate(QDate(2025, 3, 17))  # a case's date shows as itself
    form.notice_days.setValue(1)
    assert form.report_by.text() == "2025-03-17" and form.notice_days.text() == "1"
    assert form.notice_days_label.buddy() is form.notice_days
    assert form.notice_days_label.text() == "Period (working days):"
    assert form.report_by.date().toPython() == dt.date(2025, 3, 17)
