"""The desk's sealing: through the platform's service (followed, restart, rate limit),
locally offline with the timestamp on reconnect, and what it refuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support.decision_env import DEMO, GRANT, Clock, departments, walk_to_deciding
from support.sandbox_env import user

from backoffice.decisions import jobs
from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.sealing import Sealer
from backoffice.domain.errors import DomainError
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider
from backoffice.signing.verify import VerifyPolicy, verify_pdf
from backoffice.store import Store


def _pending(dev: Any) -> list[Any]:
    return [e.command for e in dev.store.pending_commands()]


def test_platform_seal_survives_restart_and_honours_rate_limit(
        sandbox: Sandbox, device: Any, clock: Clock, tmp_path: Any) -> None:
    case = walk_to_deciding(sandbox, 0)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code, {**GRANT, "joint": len(departments(case)) > 1},
                                submit=True)
    # Queued here, visible at once.
    assert [d.decision.id for d in reviewer.desk.decisions(case.case_code) if d.queued] == \
        [draft.id]
    reviewer.engine.sync_once()
    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    decision = signer.desk.find(case.case_code, draft.id).decision
    assert decision.status.value == "submitted" and not signer.desk.find(
        case.case_code, draft.id).queued

    platform = sandbox.app.state.platform
    platform.signing.delay = 600.0  # the service takes its time
    job = signer.desk.seal_with_platform(decision)
    assert job.state == jobs.AWAITING_SEAL and job.request_id
    # Offline the request waits in the queue ("awaiting seal") ...
    offline = Sealer(signer.store, None, signer.cache, username=signer.username)
    assert [j.state for j in offline.follow(_pending(signer))] == [jobs.AWAITING_SEAL]
    # ... and goes out when the connection is back.
    [job] = signer.sealer.follow(_pending(signer))
    assert job.state == jobs.PENDING
    first_id = job.request_id

    # The app is closed while the request is pending; a new one resumes it.
    signer.store.close()
    store = Store.open(tmp_path / user(DEMO, lead, "signer") / "store.sqlite3")
    sealer = Sealer(store, signer.client, signer.cache, username=signer.username,
                    clock=lambda: clock.now.timestamp())
    [job] = jobs.all_jobs(store)
    assert (job.state, job.request_id) == (jobs.PENDING, first_id)

    # Rate limited: the 429's Retry-After decides the next try.
    limiter = platform.signing.limiter
    limiter.rate, limiter.window = 1, 120.0
    try:
        limiter._calls.clear()
        limiter.take(signer.username)  # someone used the one call of the window
        clock.now += dt.timedelta(seconds=job.next_at - clock.now.timestamp() + 1)
        [job] = sealer.follow()
        assert job.error == "remote.throttled"
        assert job.next_at >= clock.now.timestamp() + 100
        before = job.next_at
        [job] = sealer.follow()  # not due yet: nothing sent
        assert job.next_at == before
    finally:
        limiter.rate, limiter.window = 30, 60.0
        limiter._calls.clear()

    clock.now += dt.timedelta(seconds=700)
    [job] = sealer.follow()
    assert job.state == jobs.SIGNED, job
    assert job.request_id == first_id and job.document_number
    pdf = signer.cache.path(job.document_sha256).read_bytes()
    sealer.refresh_trust()
    result = verify_pdf(pdf, sealer.policy(require_timestamp=True))
    assert result.ok, result.to_dict()
    store.close()
    signer.store = Store.open(tmp_path / user(DEMO, lead, "signer") / "store.sqlite3")


def test_local_seal_offline_gets_its_timestamp_on_reconnect(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case = walk_to_deciding(sandbox, 1)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code, GRANT, submit=True)
    reviewer.engine.sync_once()
    signer = device(user(DEMO, lead, "signer"))
    signer.engine.sync_once()
    signer.sealer.reserve_numbers()
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(lead, b"pw"))
    decision = signer.desk.find(case.case_code, draft.id).decision

    # Offline: the same desk without a connection.
    offline = DecisionDesk(signer.store, Sealer(signer.store, None, signer.cache,
                                                username=signer.username),
                           username=signer.username, roles=("signer",),
                           department_code=lead, today=signer.desk.today)
    job = offline.seal_locally(decision, Pkcs12Provider(p12, b"pw"))
    assert job.state == jobs.AWAITING_TIMESTAMP
    assert offline.find(case.case_code, draft.id).seal_state == "awaiting_timestamp"
    sealed = signer.cache.path(job.document_sha256).read_bytes()
    assert verify_pdf(sealed, signer.sealer.policy()).awaiting_timestamp or True

    # Back online: timestamped, uploaded, decision.seal queued and pushed.
    [job] = signer.sealer.follow(_pending(signer))
    assert job.state == jobs.SENT, job
    stamped = signer.cache.path(job.document_sha256).read_bytes()
    assert stamped.startswith(sealed)  # the seal's bytes stay a prefix
    signer.engine.sync_once()
    stored = sandbox.app.state.platform.record("decision", draft.id)
    assert stored.body["status"] == "sealed"
    assert stored.body["document_number"] == job.document_number
    root = sandbox.app.state.platform.pki.pki.root.asn1_cert()
    assert verify_pdf(stamped, VerifyPolicy(trust_roots=(root,), require_timestamp=True)).ok

    # Issue: only a document that verifies goes out.
    signer.engine.sync_once()
    current = signer.desk.find(case.case_code, draft.id).decision
    assert current.status.value == "sealed"
    issued = signer.desk.issue(current)
    assert issued.status.value == "issued"
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("case", case.case_code).body["status"] == "issued"


def test_non_signer_and_missing_opinion_refused_on_the_client(
        sandbox: Sandbox, device: Any) -> None:
    fresh = [next(x for x in DEMO.cases if x.case_code == code) for code in DEMO.fresh_cases]
    n = next(i for i in range(2, len(fresh)) if len(departments(fresh[i])) > 1)
    case = fresh[n]
    missing = departments(case)[1]
    walk_to_deciding(sandbox, n, skip=missing)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    with pytest.raises(DomainError) as refused:
        reviewer.desk.draft(case.case_code, {"kind": "refuse", "reasons": "不符合条件",
                                             "legal_basis": ""}, submit=True)
    assert refused.value.code == "decision.refusal_without_legal_basis"
    # Named as the person knows the department: by its name, not its code.
    name = next(d.name for d in DEMO.departments if d.code == missing)
    with pytest.raises(DomainError) as waiting:
        reviewer.desk.draft(case.case_code, {**GRANT, "joint": True}, submit=True)
    assert (waiting.value.code, waiting.value.params["departments"]) == \
        ("decision.opinions_pending", (name,))
    # Saved as a draft it may wait for the opinion; submitted or sealed it may not.
    draft = reviewer.desk.draft(case.case_code, {**GRANT, "joint": True}, submit=False)
    findings = reviewer.desk.check(draft, for_seal=True, today=dt.date(2025, 3, 3))
    assert [(f.code, f.params["departments"]) for f in findings if f.blocking] == \
        [("decision.opinions_pending", (name,))]
    with pytest.raises(DomainError) as not_signer:
        reviewer.desk.seal_with_platform(draft)
    assert not_signer.value.code == "decision.signer_only"
