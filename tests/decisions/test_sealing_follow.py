"""Seals under way are followed by the sync (issue #10, gaps 1, 2, 5, 6), against the sandbox.

No desk timer here: only ``SyncEngine.sync_once`` with the sealer as its
follower. A platform request completes across a restart, honouring the
service's ``Retry-After``; a local seal made offline gets its timestamp on the
first sync that gets through, however long its offline back-off; a failure of
sealing is recorded on the job and never fails the sync; a revoked local
certificate is refused online and caught offline; a sealed refusal of
acceptance ends the case, which the desk still lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support.decision_env import DEMO, GRANT, Clock, departments, seal_p12, walk_to_deciding
from support.sandbox_env import user

from backoffice.decisions import jobs
from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.jobs import SealingJob
from backoffice.decisions.sealing import Sealer
from backoffice.domain.errors import BackofficeError
from backoffice.domain.model import CaseStatus
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.status import SyncState


def _follows(dev: Any) -> Any:
    """The device's engine with its sealer as follower (what the app's session has)."""
    dev.engine.add_follower(dev.sealer)
    dev.engine.add_follower(dev.sealer)  # once, however often added
    assert dev.engine.followers == [dev.sealer]
    return dev


def _drafted(sandbox: Sandbox, device: Any, n: int, **fields: Any) -> tuple[Any, Any, Any]:
    """Case ``n`` walked to deciding, a grant drafted and submitted; (case, draft, signer)."""
    case = walk_to_deciding(sandbox, n)
    reviewer = device(user(DEMO, case.lead_department))
    reviewer.engine.sync_once()
    draft = reviewer.desk.draft(case.case_code, {**GRANT, "joint": len(departments(case)) > 1,
                                                 **fields}, submit=True)
    reviewer.engine.sync_once()
    signer = _follows(device(user(DEMO, case.lead_department, "signer")))
    signer.engine.sync_once()
    return case, draft, signer


def test_the_sync_follows_a_platform_seal_across_a_restart_and_retry_after(
        sandbox: Sandbox, device: Any, clock: Clock, tmp_path: Any) -> None:
    case, draft, signer = _drafted(sandbox, device, 0)
    platform = sandbox.app.state.platform
    platform.signing.delay = 600.0
    decision = signer.desk.find(case.case_code, draft.id).decision
    assert signer.desk.seal_with_platform(decision).state == jobs.AWAITING_SEAL

    report = signer.engine.sync_once()  # the request goes out with the round
    [job] = jobs.all_jobs(signer.store)
    assert job.state == jobs.PENDING and not report.followed
    rid = job.request_id

    # The app closes while the request is pending; the next start's sync resumes it.
    signer.store.close()
    path = tmp_path / user(DEMO, case.lead_department, "signer") / "store.sqlite3"
    store = Store.open(path)
    sealer = Sealer(store, signer.client, signer.cache, username=signer.username,
                    clock=lambda: clock.now.timestamp())
    engine = SyncEngine(store, signer.client, followers=[sealer])
    try:
        # The service is busy: its Retry-After holds even right after a good round.
        limiter = platform.signing.limiter
        limiter.rate, limiter.window = 1, 120.0
        try:
            limiter._calls.clear()
            limiter.take(signer.username)
            clock.now += dt.timedelta(seconds=job.next_at - clock.now.timestamp() + 1)
            engine.sync_once()  # the sync itself is fine
            assert engine.status.current.state == SyncState.IDLE
            [job] = jobs.all_jobs(store)
            assert (job.state, job.error) == (jobs.PENDING, "remote.throttled")
            assert job.next_at >= clock.now.timestamp() + 100
            engine.sync_once()  # not due: nothing asked
            assert jobs.all_jobs(store) == [job]
        finally:
            limiter.rate, limiter.window = 30, 60.0
            limiter._calls.clear()

        clock.now += dt.timedelta(seconds=700)
        report = engine.sync_once()
        [job] = jobs.all_jobs(store)
        assert (job.state, job.request_id, job.error) == (jobs.SIGNED, rid, None)
        assert report.followed
        # The same round brought the sealed decision and the decided case back.
        with store.read() as uow:
            assert uow.decisions.get(draft.id).status.value == "sealed"
            assert uow.cases.get(case.case_code).status == CaseStatus.DECIDED
        assert signer.cache.path(job.document_sha256) is not None
    finally:
        store.close()
        signer.store = Store.open(path)


@pytest.mark.parametrize(("error", "n"), [("remote.offline", 1), ("remote.proxy_unreachable", 6)])
def test_a_local_seal_gets_its_timestamp_on_the_first_online_sync(
        sandbox: Sandbox, device: Any, clock: Clock, tmp_path: Any, error: str, n: int) -> None:
    case, draft, signer = _drafted(sandbox, device, n)
    signer.sealer.reserve_numbers()
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(case.lead_department, b"pw"))
    offline = DecisionDesk(signer.store, Sealer(signer.store, None, signer.cache,
                                                username=signer.username),
                           username=signer.username, roles=("signer",),
                           department_code=case.lead_department, today=signer.desk.today)
    decision = signer.desk.find(case.case_code, draft.id).decision
    job = offline.seal_locally(decision, Pkcs12Provider(p12, b"pw"))
    assert job.state == jobs.AWAITING_TIMESTAMP
    # A morning offline (or the proxy down): every try failed, the back-off is at its longest.
    jobs.save(signer.store, job.moved(attempts=9, next_at=clock.now.timestamp() + 300,
                                      error=error))

    report = signer.engine.sync_once()  # the first sync that gets through
    [job] = jobs.all_jobs(signer.store)
    assert job.state == jobs.SENT and job.error is None, job
    assert report.followed and report.push.applied >= 1  # decision.seal went up at once
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "sealed"
    with signer.store.read() as uow:
        assert uow.decisions.get(draft.id).status.value == "sealed"
    result = signer.desk.verify(signer.desk.find(case.case_code, draft.id).decision)
    assert result is not None and result.ok and not result.awaiting_timestamp


def test_a_step_cancelled_by_a_closing_session_leaves_its_job_as_it_was(
        sandbox: Sandbox, device: Any, clock: Clock) -> None:
    """Not an attempt, not an error for the desk to show, not a longer back-off."""
    case, draft, signer = _drafted(sandbox, device, 5)
    decision = signer.desk.find(case.case_code, draft.id).decision
    job = signer.desk.seal_with_platform(decision)
    assert job.state == jobs.AWAITING_SEAL
    signer.client.cancel_requests()
    assert signer.sealer.follow(online=True) == [job]
    assert jobs.all_jobs(signer.store) == [job]
    signer.client.allow_requests()
    [after] = signer.sealer.follow(online=True)
    assert after.state in (jobs.PENDING, jobs.SIGNED) and after.error is None


def test_a_failing_seal_is_recorded_on_its_job_not_the_sync(
        sandbox: Sandbox, device: Any, clock: Clock) -> None:
    case, draft, signer = _drafted(sandbox, device, 2)
    # A local seal whose document is gone from the cache (a broken disk, say).
    jobs.save(signer.store, SealingJob(draft.id, jobs.LOCAL, jobs.AWAITING_TIMESTAMP,
                                       signer.username, document_number="X",
                                       document_sha256="0" * 64))
    signer.engine.sync_once()
    assert signer.engine.status.current.state == SyncState.IDLE
    [job] = jobs.all_jobs(signer.store)
    assert job.open and job.error == "decision.document_missing" and job.attempts == 1
    assert job.next_at > clock.now.timestamp()
    # The desk shows it on the decision.
    shown = signer.desk.find(case.case_code, draft.id)
    assert shown.job == job and shown.seal_state == jobs.AWAITING_TIMESTAMP

    # Outside a round the followers run only when no sync does (one at a time).
    with signer.engine._one_at_a_time:
        assert signer.engine.follow_now() is None
    assert signer.engine.follow_now() is False
    jobs.remove(signer.store, draft.id)


def test_a_revoked_local_certificate_is_refused_online_and_caught_offline(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, signer = _drafted(sandbox, device, 3)
    lead = case.lead_department
    # The department's own name (another department's certificate is refused for that).
    p12 = tmp_path / "revoked.p12"
    p12.write_bytes(seal_p12(sandbox, lead, b"pw", revoked=True))
    provider = Pkcs12Provider(p12, b"pw")
    signer.sealer.reserve_numbers()
    numbers = signer.sealer.numbers()
    decision = signer.desk.find(case.case_code, draft.id).decision

    # Online: checked against the platform's CRL before sealing; no number spent.
    with pytest.raises(BackofficeError) as refused:
        signer.desk.seal_locally(decision, provider)
    assert refused.value.code == "signing.own_certificate_revoked"
    assert refused.value.params["since"]
    assert signer.sealer.numbers() == numbers
    assert jobs.get(signer.store, draft.id) is None

    # Offline: it seals (B-B, no CRL to ask) ...
    offline = DecisionDesk(signer.store, Sealer(signer.store, None, signer.cache,
                                                username=signer.username),
                           username=signer.username, roles=("signer",),
                           department_code=lead, today=signer.desk.today)
    job = offline.seal_locally(decision, provider)
    assert job.state == jobs.AWAITING_TIMESTAMP
    # ... and verification catches it: the desk shows it revoked, it cannot be issued.
    result = signer.desk.verify(signer.desk.find(case.case_code, draft.id).decision)
    assert result is not None and not result.ok and "verify.revoked" in result.problems
    # Back online the sync does not timestamp a revoked seal: the job fails, for good.
    signer.engine.sync_once()
    [job] = jobs.all_jobs(signer.store)
    assert (job.state, job.error) == (jobs.FAILED, "signing.own_certificate_revoked")
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "submitted"


def test_a_sealed_refusal_of_acceptance_ends_the_case_and_stays_listed(
        sandbox: Sandbox, device: Any, clock: Clock) -> None:
    code = DEMO.fresh_cases[4]  # just routed: nobody has reviewed it
    case = next(c for c in DEMO.cases if c.case_code == code)
    lead = case.lead_department
    reviewer = device(user(DEMO, lead))
    reviewer.engine.sync_once()
    assert code not in [c.case_code for c in reviewer.desk.cases()]
    draft = reviewer.desk.draft(code, {"kind": "refuse_acceptance",
                                       "reasons": "申请事项不属于本部门职权范围。",
                                       "legal_basis": "《中华人民共和国行政许可法》第三十二条"},
                                submit=True)
    # The desk lists the department's drafts, queued ones too.
    assert code in [c.case_code for c in reviewer.desk.cases()]
    reviewer.engine.sync_once()
    assert code in [c.case_code for c in reviewer.desk.cases()]

    signer = _follows(device(user(DEMO, lead, "signer")))
    signer.engine.sync_once()
    sandbox.app.state.platform.signing.delay = 0
    signer.desk.seal_with_platform(signer.desk.find(code, draft.id).decision)
    signer.engine.sync_once()  # request made
    clock.now += dt.timedelta(seconds=10)
    signer.engine.sync_once()  # signed, and the case comes back not accepted
    with signer.store.read() as uow:
        assert uow.cases.get(code).status == CaseStatus.NOT_ACCEPTED
        assert all(t.status.value in ("withdrawn", "opinion_given", "transferred")
                   for t in uow.tasks.for_case(code))
    assert code in [c.case_code for c in signer.desk.cases()]
    current = signer.desk.find(code, draft.id)
    assert current.decision.status.value == "sealed"
    assert not [f for f in signer.desk.check(current.decision) if f.blocking]
    signer.desk.issue(current.decision)
    signer.engine.sync_once()
    assert sandbox.app.state.platform.record("case", code).body["status"] == "not_accepted"


def test_a_second_local_seal_spends_no_number_and_a_superseded_job_is_closed(
        sandbox: Sandbox, device: Any, clock: Clock, tmp_path: Any) -> None:
    """A double click on Seal (or the CLI beside the desk) seals once; a job left
    by a second seal over a decision already sealed is closed, not retried for ever."""
    case, draft, signer = _drafted(sandbox, device, 7)
    signer.sealer.reserve_numbers()
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(case.lead_department, b"pw"))
    provider = Pkcs12Provider(p12, b"pw")
    decision = signer.desk.find(case.case_code, draft.id).decision
    first = signer.desk.seal_locally(decision, provider)
    numbers = signer.sealer.numbers()
    with pytest.raises(BackofficeError) as again:
        signer.desk.seal_locally(decision, provider)
    assert again.value.code == "decision.seal_under_way"
    assert signer.sealer.numbers() == numbers and jobs.all_jobs(signer.store) == [first]

    signer.engine.sync_once()
    [job] = jobs.all_jobs(signer.store)
    assert job.state == jobs.SENT
    with pytest.raises(BackofficeError) as sealed:
        signer.sealer.seal_locally(draft.id, lambda number: b"", provider, department="")
    assert sealed.value.code == "decision.already_sealed"
    assert signer.sealer.numbers() == numbers

    # What a second seal left before it was refused: its own number, its job in
    # the place of the first one's, its decision.seal refused by the decision's state.
    jobs.save(signer.store, job.moved(state=jobs.READY, document_number=numbers[0]))
    for _ in range(2):
        clock.now += dt.timedelta(seconds=600)
        signer.engine.sync_once()
    [job] = jobs.all_jobs(signer.store)
    assert (job.state, job.error) == (jobs.FAILED, "decision.seal_superseded"), job
    assert not job.open and not [e for e in signer.store.pending_commands()]
    record = sandbox.app.state.platform.record("decision", draft.id).body
    assert (record["status"], record["document_number"]) == ("sealed", first.document_number)
    current = signer.desk.find(case.case_code, draft.id)
    assert current.seal_state == "sealed"
    result = signer.desk.verify(current.decision)  # the recorded seal's document, kept
    assert result is not None and result.ok
