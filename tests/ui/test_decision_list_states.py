"""Every case in the decision desk's list has its state line, one without a decision too.

docs/ui-automation.md promises one per item; a case not yet decided showed
none, so the signer could not tell it from a row cut short."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from backoffice.domain.model import Applicant, ApplicantKind, Case, CaseKind
from backoffice.domain.states import CaseStatus
from ui.decisions.states import case_line

CASE = Case("220100-20250303-000001", "SI-1", "食品经营许可证核发",
            Applicant("王芳（虚构）", "220101199001010001", ApplicantKind.PERSON),
            "MSA-220100", CaseKind.PROMISED, CaseStatus.IN_REVIEW,
            dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))), 10, 20,
            version=1)


def test_a_case_without_a_decision_says_so_in_its_line(qtbot: QtBot) -> None:
    assert case_line(CASE, "").splitlines() == [CASE.case_code, "王芳（虚构）", "No decision yet"]
    assert case_line(CASE, "submitted").splitlines()[-1] == "Awaiting seal"
