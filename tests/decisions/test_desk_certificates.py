"""Which certificate may seal a local decision, against the sandbox.

Every department's certificate chains to the platform's one root, so a
trusted chain does not say whose seal it is: the certificate must name the
deciding department. Another department's is refused at sealing (before a
reserved number is spent, online or offline), by the desk's verification
(never shown as verified, never issued) and by the platform.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.decision_env import DEMO, GRANT, departments, seal_p12, walk_to_deciding
from support.sandbox_env import user

from backoffice.decisions import jobs
from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import PIN_DECISION, Sealer
from backoffice.domain.errors import BackofficeError, DomainError
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.seal import seal_pdf


def _pending(dev: Any) -> list[Any]:
    return [e.command for e in dev.store.pending_commands()]


def _submitted(sandbox: Sandbox, device: Any, n: int) -> tuple[Any, Any, Any]:
    """Case ``n`` walked to deciding, a grant drafted and submitted; (case, draft, signer)."""
    case = walk_to_deciding(sandbox, n)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code, {**GRANT, "joint": len(departments(case)) > 1},
                                submit=True)
    reviewer.engine.sync_once()
    signer = device(user(DEMO, case.lead_department, "signer"))
    signer.engine.sync_once()
    signer.sealer.reserve_numbers()
    return case, draft, signer


def test_another_departments_certificate_does_not_seal_verify_or_pass_the_platform(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _submitted(sandbox, device, 6)
    lead = case.lead_department
    pki = sandbox.app.state.platform.pki.pki
    other = next(code for code in pki.seals if code != lead)
    p12 = tmp_path / "other.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(other, b"pw"))
    provider = Pkcs12Provider(p12, b"pw")
    decision = signer.desk.find(case.case_code, draft.id).decision
    numbers = signer.sealer.numbers()

    # Refused at sealing, online and offline, before a number is spent.
    offline = DecisionDesk(signer.store, Sealer(signer.store, None, signer.cache,
                                                username=signer.username),
                           username=signer.username, roles=("signer",),
                           department_code=lead, today=signer.desk.today)
    for desk in (signer.desk, offline):
        with pytest.raises(BackofficeError) as refused:
            desk.seal_locally(decision, provider)
        assert refused.value.code == "signing.wrong_department"
        assert refused.value.params == {"signer": pki.names[other],
                                        "department": pki.names[lead]}
        assert signer.sealer.numbers() == numbers
        assert jobs.get(signer.store, draft.id) is None

    # A document sealed with it some other way: the desk does not verify it ...
    number = numbers[0]
    forged = seal_pdf(signer.desk.preview(decision, number=number), provider,
                      timestamper=pki.timestamper())
    sha = signer.cache.add_local(forged.pdf, pin=PIN_DECISION)
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.READY, signer.username,
                                       document_number=number, document_sha256=sha))
    result = signer.desk.verify(decision)
    assert result is not None and not result.ok
    assert "verify.wrong_signer" in result.problems
    # ... and the platform refuses its decision.seal: the decision stays submitted.
    [job] = [j for j in signer.sealer.follow(_pending(signer)) if j.decision_id == draft.id]
    assert job.state == jobs.SENT
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "submitted"
    [refused_seal] = [e for e in signer.store.conflicts() if e.command.kind == "decision.seal"]
    assert refused_seal.last_error is not None
    assert "decision.seal_invalid" in refused_seal.last_error
    with pytest.raises(DomainError) as not_issued:
        signer.desk.issue(signer.desk.find(case.case_code, draft.id).decision)
    assert not_issued.value.code == "decision.not_verified"


def test_the_departments_own_certificate_still_seals(sandbox: Sandbox, device: Any,
                                                     tmp_path: Any) -> None:
    case, draft, signer = _submitted(sandbox, device, 7)
    p12 = tmp_path / "own.p12"
    p12.write_bytes(seal_p12(sandbox, case.lead_department, b"pw"))
    decision = signer.desk.find(case.case_code, draft.id).decision
    job = signer.desk.seal_locally(decision, Pkcs12Provider(p12, b"pw"))
    assert job.state == jobs.READY
    result = signer.desk.verify(signer.desk.find(case.case_code, draft.id).decision)
    assert result is not None and result.ok, result.problems
