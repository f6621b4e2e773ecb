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


def test_unticked_public_notice_greys_its_period_and_shows_a_dash(qtbot: QtBot) -> None:
    # The period's label greys with its box; the box shows "—", not a stale number,
    # and the number typed comes back when the tick does.
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    form.new_draft(joint_possible=False, today=dt.date(2026, 12, 1))
    form.show()
    qtbot.waitExposed(form)
    assert not form.notice_days_label.isEnabled() and not form.notice_days.isEnabled()
    form.public_notice.setChecked(True)
    assert form.notice_days_label.isEnabled() and form.notice_days.isEnabled()
    form.notice_days.setValue(20)
    form.public_notice.setChecked(False)
    assert not form.notice_days_label.isEnabled()
    assert form.notice_days.text() == "—"
    assert form.fields()["notice_days"] == 0
    form.public_notice.setChecked(True)
    assert form.notice_days.text() == "20" and form.fields()["notice_days"] == 20
    form.new_draft(joint_possible=False, today=dt.date(2026, 12, 1))  # another case
    form.public_notice.setChecked(True)
    assert form.notice_days.text() == "—"
