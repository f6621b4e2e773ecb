"""What the desk says of a draft decision reads as a sentence: a draft has no id
to name, so no sentence leans on one ("不予决定 须说明理由。" was a blank where
the id would be, after a word that is no term)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support.decision_env import DEMO

from backoffice import messages
from backoffice.domain.decisions import check_decision
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Decision, DecisionKind, DecisionStatus, ReviewTask
from backoffice.domain.states import TaskStatus
from ui.decisions.form import form_words

CASE = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
LEAD = CASE.lead_department
OTHER = "CSGL-220100"
BASIS = "《建筑工程施工许可管理办法》第四条"
TODAY = dt.date(2025, 3, 3)


def _refused(**fields: Any) -> tuple[str, dict[str, Any]]:
    """The code and params a draft the domain refuses to record is said with."""
    with pytest.raises(DomainError) as refused:
        Decision("", CASE.case_code, LEAD, status=DecisionStatus.DRAFT, **fields)
    return refused.value.code, dict(refused.value.params)


def _found(decision: Decision, code: str, **given: Any) -> tuple[str, dict[str, Any]]:
    (finding,) = [f for f in check_decision(decision, CASE, today=TODAY, **given)
                  if f.code == code]
    return finding.code, dict(finding.params)


def _draft_sayings() -> list[tuple[str, dict[str, Any]]]:
    """Every finding with a ``decision`` param a draft decision can show."""
    return [
        _refused(kind=DecisionKind.REFUSE, legal_basis=BASIS),
        _refused(kind=DecisionKind.REFUSE_ACCEPTANCE, reasons="材料不齐全"),
        _refused(kind=DecisionKind.ESCALATE, legal_basis=BASIS),
        _refused(kind=DecisionKind.GRANT, legal_basis=BASIS, public_notice=True),
        _found(Decision("", CASE.case_code, LEAD, DecisionKind.GRANT), "decision.field_missing"),
        _found(Decision("", CASE.case_code, LEAD, DecisionKind.REFUSE_ACCEPTANCE,
                        DecisionStatus.SUBMITTED, reasons="材料不齐全", legal_basis=BASIS,
                        joint=True),
               "decision.opinion_missing", for_seal=True,
               tasks=[ReviewTask("t1", CASE.case_code, OTHER, TaskStatus.IN_REVIEW, 6)],
               department_names={OTHER: "长春市城市管理局"}),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_a_draft_is_told_has_no_blank_where_an_id_would_be(lang: str) -> None:
    sayings = _draft_sayings()
    assert {code for code, params in sayings if "decision" in params} == {
        "decision.refusal_without_reasons", "decision.refusal_without_legal_basis",
        "decision.escalation_without_report_date", "decision.notice_period_missing",
        "decision.field_missing", "decision.opinion_missing"}
    for code, params in sayings:
        shown = form_words(code, params, lang)
        # The template itself: no blank left by an empty param for form_words to squeeze.
        raw = messages.render_code(code, {**params, "decision": ""}, lang)
        assert "  " not in raw and not raw.startswith(" "), raw
        if lang == "zh":
            assert " " not in shown, shown  # every other param here is Chinese
        # The same sentence for a decision that has an id: none depends on it.
        assert shown == form_words(code, {**params, "decision": "D-7f3a"}, lang) \
            == messages.render_code(code, {**params, "decision": "D-7f3a"}, lang)


def test_a_refusal_is_named_by_its_terms() -> None:
    code, params = _refused(kind=DecisionKind.REFUSE, legal_basis=BASIS)
    assert form_words(code, params, "zh") == "不予许可或不予受理决定须说明理由。"
    assert form_words(code, params, "en") == \
        "A refusal (of the licence or of acceptance) needs its reasons."
    code, params = _refused(kind=DecisionKind.REFUSE_ACCEPTANCE, reasons="材料不齐全")
    assert form_words(code, params, "zh") == "不予许可或不予受理决定须写明法律依据。"
    # "不予决定" is no term: 不予许可 and 不予受理 are.
    assert not [code for code, words in messages.CATALOG.items() if "不予决定" in words["zh"]]
