"""An escalation sealed on this machine says 报, as the platform's own numbers do.

The platform numbers an escalation (上报告知书) 报〔year〕n号 and any other
decision 许〔year〕n号. The numbers it reserves for local seals carry their
kind: the desk seals an escalation with a 报 one, offline included, and the
platform refuses a number of the other kind. A store that reserved numbers
before they had kinds (all 许) still seals grants with them, and asks to
connect before it seals an escalation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

import pypdfium2 as pdfium
import pytest
from sqlalchemy import update
from support.decision_env import DEMO, GRANT, departments, seal_p12, walk_to_deciding
from support.sandbox_env import user

from backoffice import messages
from backoffice.decisions import jobs
from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import NUMBERS_KEYS, PIN_DECISION, Sealer
from backoffice.domain.errors import DomainError
from backoffice.domain.model import DecisionKind
from backoffice.sandbox.decisions import reserved_numbers
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import seal_pdf


def _pending(dev: Any) -> list[Any]:
    return [e.command for e in dev.store.pending_commands()]


def _submitted(sandbox: Sandbox, device: Any, n: int, fields: dict[str, Any]
               ) -> tuple[Any, Any, Any]:
    """Case ``n`` walked to deciding, a decision of ``fields`` submitted; (case, draft, signer)."""
    case = walk_to_deciding(sandbox, n)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code,
                                {**fields, "joint": len(departments(case)) > 1}, submit=True)
    reviewer.engine.sync_once()
    signer = device(user(DEMO, case.lead_department, "signer"))
    signer.engine.sync_once()
    return case, draft, signer


def _escalation(sandbox: Sandbox, n: int) -> dict[str, Any]:
    case_code = DEMO.fresh_cases[n]
    due = sandbox.app.state.platform.record("case", case_code).body["due_date"]
    return {"kind": "escalate", "legal_basis": "《中华人民共和国行政许可法》第三十五条",
            "reasons": "须报上级行政机关决定", "report_by": due}


def _offline(signer: Any, department: str) -> DecisionDesk:
    """The signer's desk without a connection (same store and file cache)."""
    return DecisionDesk(signer.store, Sealer(signer.store, None, signer.cache,
                                             username=signer.username),
                        username=signer.username, roles=("signer",),
                        department_code=department, today=signer.desk.today)


def _text(pdf: bytes) -> str:
    return "".join(pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range().split())


def test_an_escalation_sealed_offline_is_numbered_with_bao(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _submitted(sandbox, device, 0, _escalation(sandbox, 0))
    lead = case.lead_department
    signer.sealer.reserve_numbers()
    assert signer.sealer.numbers("escalate") and signer.sealer.numbers()
    assert all("报〔" in n for n in signer.sealer.numbers("escalate"))
    assert all("许〔" in n for n in signer.sealer.numbers())
    grants = signer.sealer.numbers()
    p12 = tmp_path / "own.p12"
    p12.write_bytes(seal_p12(sandbox, lead, b"pw"))
    decision = signer.desk.find(case.case_code, draft.id).decision

    job = _offline(signer, lead).seal_locally(decision, Pkcs12Provider(p12, b"pw"))
    assert job.state == jobs.AWAITING_TIMESTAMP
    number = job.document_number or ""
    assert re.fullmatch(r"\w+报〔\d{4}〕\d+号", number), job
    # The sealed document itself says it, and the grants' numbers were not touched.
    sealed = signer.cache.path(job.document_sha256).read_bytes()
    assert number in _text(sealed)
    assert signer.sealer.numbers() == grants and signer.sealer.numbers("escalate") == []

    [job] = [j for j in signer.sealer.follow(_pending(signer)) if j.decision_id == draft.id]
    assert job.state == jobs.SENT, job
    signer.engine.sync_once()
    stored = sandbox.app.state.platform.record("decision", draft.id).body
    assert (stored["status"], stored["document_number"]) == ("sealed", job.document_number)
    assert sandbox.app.state.platform.record("case", case.case_code).body["status"] == \
        "reported"


def test_the_platform_refuses_a_number_of_the_other_kind(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _submitted(sandbox, device, 1, _escalation(sandbox, 1))
    lead = case.lead_department
    signer.sealer.reserve_numbers()
    p12 = tmp_path / "own.p12"
    p12.write_bytes(seal_p12(sandbox, lead, b"pw"))
    decision = signer.desk.find(case.case_code, draft.id).decision
    # Sealed some other way with a 许 number (say by a version that had no other).
    number = signer.sealer.numbers()[0]
    pki = sandbox.app.state.platform.pki.pki
    sealed = seal_pdf(signer.desk.preview(decision, number=number), Pkcs12Provider(p12, b"pw"),
                      timestamper=pki.timestamper())
    sha = signer.cache.add_local(sealed.pdf, pin=PIN_DECISION)
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.READY, signer.username,
                                       document_number=number, document_sha256=sha))
    [job] = [j for j in signer.sealer.follow(_pending(signer)) if j.decision_id == draft.id]
    assert job.state == jobs.SENT
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "submitted"
    [refused] = [e for e in signer.store.conflicts() if e.command.kind == "decision.seal"]
    assert refused.last_error is not None and "decision.number_wrong_kind" in refused.last_error


def test_numbers_reserved_before_kinds_still_seal_a_grant_and_not_an_escalation(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _submitted(sandbox, device, 2, GRANT)
    lead = case.lead_department
    # A store from before: only the 许 list, under the key it always had; on the
    # platform their rows have no kind.
    signer.sealer.reserve_numbers({"decision": 2})
    with signer.store.read() as uow:
        assert uow.sync_state.get(NUMBERS_KEYS["escalate"]) is None
    old = signer.sealer.numbers()
    assert len(old) == 2
    platform = sandbox.app.state.platform
    with platform.engine.begin() as conn:
        conn.execute(update(reserved_numbers).where(reserved_numbers.c.number.in_(old))
                     .values(kind=None))
    p12 = tmp_path / "own.p12"
    p12.write_bytes(seal_p12(sandbox, lead, b"pw"))
    offline = _offline(signer, lead)
    decision = signer.desk.find(case.case_code, draft.id).decision
    due = platform.record("case", case.case_code).body["due_date"]
    escalation = replace(decision, kind=DecisionKind.ESCALATE,
                         report_by=dt.date.fromisoformat(due))
    with pytest.raises(DomainError) as refused:
        offline.seal_locally(escalation, Pkcs12Provider(p12, b"pw"))
    assert refused.value.code == "decision.no_reserved_escalation_number"
    assert "报" in messages.render(refused.value, "zh")
    assert signer.sealer.numbers() == old and jobs.get(signer.store, draft.id) is None

    job = offline.seal_locally(decision, Pkcs12Provider(p12, b"pw"))
    assert job.document_number == old[0]
    [job] = [j for j in signer.sealer.follow(_pending(signer)) if j.decision_id == draft.id]
    assert job.state == jobs.SENT, job
    signer.engine.sync_once()
    stored = platform.record("decision", draft.id).body
    assert (stored["status"], stored["document_number"]) == ("sealed", old[0])
