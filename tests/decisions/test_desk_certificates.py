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


def _offline(signer: Any, department: str) -> DecisionDesk:
    """The signer's desk without a connection (same store and file cache)."""
    return DecisionDesk(signer.store, Sealer(signer.store, None, signer.cache,
                                             username=signer.username),
                        username=signer.username, roles=("signer",),
                        department_code=department, today=signer.desk.today)


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
    offline = _offline(signer, lead)
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


@pytest.mark.parametrize(("kind", "code"), [
    ("expired", "signing.own_certificate_expired"),
    ("not_yet_valid", "signing.own_certificate_not_yet_valid"),
    ("foreign_ca", "signing.own_certificate_untrusted"),
])
def test_a_certificate_that_could_never_be_timestamped_is_refused_before_a_number_is_spent(
        sandbox: Sandbox, device: Any, tmp_path: Any, kind: str, code: str) -> None:
    n = {"expired": 0, "not_yet_valid": 1, "foreign_ca": 2}[kind]
    case, draft, signer = _submitted(sandbox, device, n)
    lead = case.lead_department
    shapes: dict[str, dict[str, Any]] = {"expired": {"valid_days": (-400, -3)},
                                         "not_yet_valid": {"valid_days": (3, 400)},
                                         "foreign_ca": {"foreign_ca": True}}
    p12 = tmp_path / f"{kind}.p12"
    p12.write_bytes(seal_p12(sandbox, lead, b"pw", **shapes[kind]))
    provider = Pkcs12Provider(p12, b"pw")
    decision = signer.desk.find(case.case_code, draft.id).decision
    numbers = signer.sealer.numbers()
    signer.sealer.refresh_trust()  # offline, the kept root still tells another CA
    offline = _offline(signer, lead)
    for desk in (signer.desk, offline):
        with pytest.raises(BackofficeError) as refused:
            desk.seal_locally(decision, provider)
        assert refused.value.code == code
        assert refused.value.params["signer"] == sandbox.app.state.platform.pki.pki.names[lead]
        assert signer.sealer.numbers() == numbers
        assert jobs.get(signer.store, draft.id) is None


def test_a_seal_that_can_never_be_timestamped_fails_and_may_be_sealed_again(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _submitted(sandbox, device, 3)
    lead = case.lead_department
    foreign = tmp_path / "foreign.p12"
    foreign.write_bytes(seal_p12(sandbox, lead, b"pw", foreign_ca=True))
    decision = signer.desk.find(case.case_code, draft.id).decision
    # Sealed B-B where no trust was known (say a laptop that never went online).
    number = signer.sealer.numbers()[0]
    sealed = seal_pdf(signer.desk.preview(decision, number=number),
                      Pkcs12Provider(foreign, b"pw"))
    sha = signer.cache.add_local(sealed.pdf, pin=PIN_DECISION)
    stuck = jobs.save(signer.store, SealingJob(
        draft.id, jobs.LOCAL, jobs.AWAITING_TIMESTAMP, signer.username,
        document_number=number, document_sha256=sha))
    assert not stuck.replaceable  # waiting for its timestamp: the sync is on it

    [job] = [j for j in signer.sealer.follow(_pending(signer)) if j.decision_id == draft.id]
    assert (job.state, job.error) == (jobs.FAILED, "signing.own_certificate_untrusted")
    assert job.replaceable
    # A job left failing on the document by an older version may be replaced too.
    assert stuck.moved(error="signing.timestamp_failed").replaceable
    assert not stuck.moved(error="remote.offline").replaceable

    own = tmp_path / "own.p12"
    own.write_bytes(seal_p12(sandbox, lead, b"pw"))
    job = signer.desk.seal_locally(decision, Pkcs12Provider(own, b"pw"))
    assert job.state == jobs.READY
    [job] = [j for j in signer.sealer.follow(_pending(signer)) if j.decision_id == draft.id]
    assert job.state == jobs.SENT
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "sealed"
