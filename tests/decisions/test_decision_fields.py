"""What a decision's document needs of it is checked before it is saved: the
templates' ``required`` lists and the domain's table are one rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from support.decision_env import DEMO, departments, walk_to_deciding
from support.sandbox_env import Client, user, version

from backoffice import messages
from backoffice.domain.decisions import DOCUMENT_FIELDS, MAX_TEXT, check_decision
from backoffice.domain.errors import DomainError
from backoffice.domain.model import Decision, DecisionKind
from backoffice.sandbox.server import Sandbox
from backoffice.signing.documents import DocumentKind, load_template


@pytest.mark.parametrize("kind", list(DecisionKind))
def test_the_domain_asks_exactly_what_the_template_needs_of_the_decision(
        kind: DecisionKind) -> None:
    own = {f.name for f in dataclasses.fields(Decision)}
    required = load_template(DocumentKind(kind.value)).get("required", [])
    assert sorted(DOCUMENT_FIELDS[kind]) == sorted(n for n in required if n in own)


@pytest.mark.parametrize(("kind", "fields"), [
    (DecisionKind.GRANT, {}),
    (DecisionKind.ESCALATE, {"report_by": dt.date(2025, 3, 20)}),
])
def test_a_grant_or_escalation_without_legal_basis_is_a_blocking_finding(
        kind: DecisionKind, fields: dict[str, Any]) -> None:
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
    decision = Decision("D", case.case_code, case.lead_department, kind, **fields)
    found = [f for f in check_decision(decision, case, today=dt.date(2025, 3, 3))
             if f.code == "decision.field_missing"]
    assert [(f.params["field"], f.blocking) for f in found] == [("legal_basis", True)]
    # Named in words, not by its key.
    zh = messages.render_code(found[0].code, found[0].params, "zh")
    en = messages.render_code(found[0].code, found[0].params, "en")
    assert "法律依据" in zh and "legal basis" in en
    assert "legal_basis" not in zh + en


def test_the_document_s_missing_field_is_named_in_words() -> None:
    error = DomainError("document.field_missing", field="legal_basis", kind="grant")
    assert "“法律依据”" in messages.render(error, "zh")
    assert "legal_basis" not in messages.render(error, "zh")


def test_the_desk_and_the_platform_refuse_a_grant_without_legal_basis(
        sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 5)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    with pytest.raises(DomainError) as refused:
        reviewer.desk.draft(case.case_code, {"kind": "grant",
                                             "joint": len(departments(case)) > 1}, submit=True)
    assert refused.value.code == "decision.field_missing"
    assert refused.value.params["field"] == "legal_basis"
    assert reviewer.store.pending_commands() == []

    client = Client(sandbox.url, user(DEMO, case.lead_department)).login()
    answer = client.command("decision.draft", "case", case.case_code,
                            version(sandbox, "case", case.case_code),
                            {"kind": "escalate", "report_by": "2025-03-20", "submit": True,
                             "joint": len(departments(case)) > 1})
    assert answer["status"] == "refused", answer
    assert answer["error"]["code"] == "decision.field_missing"


def test_an_over_long_text_is_told_with_its_limit(sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 6)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    fields = {"kind": "refuse", "legal_basis": "《中华人民共和国行政许可法》第三十八条",
              "reasons": "理" * (MAX_TEXT + 1), "joint": len(departments(case)) > 1}
    with pytest.raises(DomainError) as refused:
        reviewer.desk.draft(case.case_code, fields, submit=True)
    assert refused.value.code == "decision.text_too_long"
    assert refused.value.params == {"field": "reasons", "limit": MAX_TEXT,
                                    "length": MAX_TEXT + 1}
    zh = messages.render(refused.value, "zh")
    assert "理由" in zh and str(MAX_TEXT) in zh and "reasons" not in zh
    assert reviewer.store.pending_commands() == []
    # At the limit it is fine.
    reviewer.desk.draft(case.case_code, {**fields, "reasons": "理" * MAX_TEXT}, submit=True)
    # Not text at all is still the payload's fault.
    with pytest.raises(DomainError) as bad:
        reviewer.desk.draft(case.case_code, {**fields, "reasons": 42}, submit=True)
    assert bad.value.code == "command.bad_payload"


def test_a_character_no_font_has_is_told_while_drafting(sandbox: Sandbox, device: Any) -> None:
    case = walk_to_deciding(sandbox, 7)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    fields = {"kind": "refuse", "legal_basis": "《中华人民共和国行政许可法》第三十八条",
              "reasons": "经核查，申请人𠮷（U+20BB7 无字形）不符合条件 🙂",
              "joint": len(departments(case)) > 1}
    with pytest.raises(DomainError) as refused:
        reviewer.desk.draft(case.case_code, fields, submit=True)
    # Told before anything is queued, not when the signer seals.
    assert refused.value.code == "document.unsupported_characters"
    assert "U+20BB7" in refused.value.params["chars"] and "U+1F642" in refused.value.params["chars"]
    assert reviewer.store.pending_commands() == []
    # The rare characters of names that the fallback font has are fine.
    reviewer.desk.draft(case.case_code, {**fields, "reasons": "申请人陈𫖮、周䶮不符合条件"},
                        submit=True)
