"""A sealed decision shown after another keeps none of the other's report-by date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from backoffice.domain.decision_model import Decision, DecisionKind, DecisionStatus
from ui.decisions.form import DecisionForm


def test_a_grant_shown_after_an_escalation_has_no_report_by_date(qtbot: QtBot) -> None:
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    escalation = Decision("d1", "C1", "ZJ-220200", DecisionKind.ESCALATE,
                          DecisionStatus.SEALED, reasons="x", legal_basis="y",
                          report_by=dt.date(2026, 12, 20))
    grant = Decision("d2", "C2", "ZJ-220200", DecisionKind.GRANT,
                     DecisionStatus.SEALED, legal_basis="y")
    form.show_decision(escalation)
    assert form.report_by.text() == "2026-12-20"
    form.show_decision(grant)
    assert form.report_by.text() == "—"
    assert not form.report_by.isEnabled()


def test_the_escalation_date_is_named_by_the_app_s_word_for_it(qtbot: QtBot) -> None:
    # 上报 is "escalate" everywhere in the app; the form still said "Report by".
    form = DecisionForm(lang="en")
    qtbot.addWidget(form)
    [label] = [layout.labelForField(form.report_by) for layout in form.findChildren(QFormLayout)
               if layout.labelForField(form.report_by) is not None]
    assert isinstance(label, QLabel) and label.text() == "Escalate by"
