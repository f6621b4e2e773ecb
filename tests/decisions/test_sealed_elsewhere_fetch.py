"""A decision sealed on another workstation: its document fetched into this one's file cache.

Against the real sandbox: the same signer seals on a laptop; the desk's
workstation learns it with its next sync and fetches the sealed document
(SHA-256 checked, pinned, the seal verified with pyHanko), so it can issue.
Bytes that are not the document (the sandbox's stored bytes edited) are
refused and nothing else changes; offline, the fetch waits for the next sync.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from support.decision_env import DEMO, signer_on_submitted
from support.falling_proxy import falling_proxy
from support.platform_env import FAST
from support.sandbox_env import PASSWORD, user

from backoffice.decisions import fetching, jobs
from backoffice.decisions.sealing import PIN_DECISION, ROOT_KEY, Sealer
from backoffice.domain.errors import DomainError
from backoffice.remote import PlatformClient
from backoffice.sandbox.files import FileStore
from backoffice.sandbox.server import Sandbox
from backoffice.signing.providers import Pkcs12Provider


def _sealed_on_the_laptop(sandbox: Sandbox, device: Any, tmp_path: Any,
                          n: int) -> tuple[Any, Any, Any, str]:
    """Case ``fresh_cases[n]`` sealed by its signer's laptop; the signer's desk workstation
    (synced before the seal, so it holds the submitted decision) and the document's SHA-256."""
    case, draft, desk = signer_on_submitted(sandbox, device, n)
    lead = case.lead_department
    laptop = device(user(DEMO, lead, "signer"), name="laptop")
    for dev in (desk, laptop):  # as in the app: the session's sealer follows every sync
        dev.engine.add_follower(dev.sealer)
    laptop.engine.sync_once()
    laptop.sealer.refresh_trust()
    laptop.sealer.reserve_numbers()
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(sandbox.app.state.platform.pki.pkcs12(lead, b"pw"))
    laptop.desk.seal_locally(laptop.desk.find(case.case_code, draft.id).decision,
                             Pkcs12Provider(p12, b"pw"))
    laptop.engine.sync_once()  # timestamped, uploaded, decision.seal pushed
    record = sandbox.app.state.platform.record("decision", draft.id).body
    assert record["status"] == "sealed", record
    return case, draft, desk, str(record["document_sha256"])


def test_a_decision_sealed_on_another_workstation_is_fetched_verified_and_issued(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, desk, sha = _sealed_on_the_laptop(sandbox, device, tmp_path, 0)
    assert jobs.all_jobs(desk.store) == []  # no seal of its own would ever fetch it

    desk.engine.sync_once()
    assert desk.cache.has(sha) and PIN_DECISION in desk.cache.pins(sha)
    decision = desk.desk.find(case.case_code, draft.id).decision
    data, result, why = desk.desk.sealed(decision)
    assert data is not None and result is not None and result.ok, result
    assert why is None and fetching.fetch_error(desk.store, draft.id) is None

    desk.desk.issue(decision)
    desk.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "issued"


def test_bytes_that_are_not_the_document_are_refused_and_fetched_again(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, desk, sha = _sealed_on_the_laptop(sandbox, device, tmp_path, 1)
    stored = FileStore.for_engine(sandbox.app.state.platform.engine).path(sha)
    good = stored.read_bytes()
    middle = len(good) // 2
    stored.write_bytes(good[:middle] + bytes([good[middle] ^ 0xFF]) + good[middle + 1:])
    try:
        desk.engine.sync_once()  # the round itself goes through
    finally:
        stored.write_bytes(good)
    assert not desk.cache.has(sha)
    assert not desk.cache.part_path(sha).exists()  # nothing of the wrong bytes is kept
    decision = desk.desk.find(case.case_code, draft.id).decision
    assert decision.status.value == "sealed" and decision.document_sha256 == sha
    assert desk.desk.sealed(decision) == (None, None, "files.hash_mismatch")
    with pytest.raises(DomainError) as refused:
        desk.desk.issue(decision)
    assert refused.value.code == "decision.not_verified"

    # The platform's bytes are right again: the next round brings them.
    desk.engine.sync_once()
    data, result, why = desk.desk.sealed(decision)
    assert data is not None and result is not None and result.ok and why is None


def test_offline_the_fetch_waits_for_the_next_sync(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, desk, sha = _sealed_on_the_laptop(sandbox, device, tmp_path, 2)
    desk.engine.followers.clear()
    desk.engine.sync_once()  # the pull learns it is sealed; then the line drops
    with falling_proxy(sandbox.url) as proxy:
        client = PlatformClient(proxy.url, settings=replace(FAST, retries=0), transient=True)
        client.login(desk.username, PASSWORD)
        sealer = Sealer(desk.store, client, desk.cache, username=desk.username)
        proxy.fall()
        assert sealer.follow_round([], online=True) is False
    assert not desk.cache.has(sha)
    assert fetching.fetch_error(desk.store, draft.id) == "remote.offline"
    decision = desk.desk.find(case.case_code, draft.id).decision
    assert desk.desk.sealed(decision) == (None, None, "remote.offline")
    # Following the seals between syncs (the desk's timer) does not try the network.
    desk.sealer.follow_round([], online=False)
    assert not desk.cache.has(sha)

    desk.engine.add_follower(desk.sealer)
    desk.engine.sync_once()
    assert desk.cache.has(sha) and fetching.fetch_error(desk.store, draft.id) is None


def test_a_document_whose_seal_does_not_verify_here_is_kept_and_refused_for_issuing(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    case, draft, desk, sha = _sealed_on_the_laptop(sandbox, device, tmp_path, 3)
    # This workstation trusts another root than the one the seal chains to.
    pki = sandbox.app.state.platform.pki.pki
    stranger = pki.seals[case.lead_department].certificate.public_bytes(Encoding.PEM)
    with desk.store.write() as uow:
        uow.sync_state.set(ROOT_KEY, stranger.decode("ascii"))
    desk.engine.sync_once()
    # The platform's document, byte for byte: kept as its record, never issued.
    assert desk.cache.has(sha) and PIN_DECISION in desk.cache.pins(sha)
    assert fetching.fetch_error(desk.store, draft.id) == fetching.NOT_VERIFIED
    decision = desk.desk.find(case.case_code, draft.id).decision
    data, result, _ = desk.desk.sealed(decision)
    assert data is not None and result is not None and not result.ok
    with pytest.raises(DomainError) as refused:
        desk.desk.issue(decision)
    assert refused.value.code == "decision.not_verified"
