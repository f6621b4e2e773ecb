"""An issued decision's document: fetched when the desk opens it, and left evictable.

The document of a sealed decision is fetched by every sync round and pinned:
the desk needs it to issue. Issued ones were fetched too, twenty a round,
and stayed pinned for ever — a department's years of decisions grew the
cache without bound. Now the pin is let go once the platform has the
decision issued; another workstation does not fetch it with its rounds, but
when its desk opens the decision, unpinned; offline then, the next round
brings it. Against the real sandbox, real stores and file caches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from support.decision_env import DEMO
from support.falling_proxy import falling_proxy
from support.platform_env import FAST
from support.sandbox_env import PASSWORD, user
from test_sealed_elsewhere_fetch import _sealed_on_the_laptop

from backoffice.decisions import fetching
from backoffice.decisions.desk import DecisionDesk
from backoffice.decisions.sealing import PIN_DECISION, Sealer
from backoffice.domain.model import DecisionStatus
from backoffice.remote import PlatformClient
from backoffice.sandbox.server import Sandbox


def test_an_issued_decision_s_document_is_fetched_when_opened_and_left_evictable(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, desk, sha = _sealed_on_the_laptop(sandbox, device, tmp_path, 0)
    desk.engine.sync_once()
    assert PIN_DECISION in desk.cache.pins(sha)  # sealed: kept until issued
    desk.desk.issue(desk.desk.find(case.case_code, draft.id).decision)
    desk.engine.sync_once()
    assert sandbox.app.state.platform.record("decision", draft.id).body["status"] == "issued"
    desk.engine.sync_once()  # the round after the platform confirmed it
    assert desk.cache.pins(sha) == frozenset()
    assert sha in desk.cache.evict(target_bytes=0)

    # Another workstation of the department: its rounds leave the issued document.
    colleague = device(user(DEMO, case.lead_department, "signer"), name="colleague")
    colleague.engine.add_follower(colleague.sealer)
    colleague.engine.sync_once()
    colleague.engine.sync_once()
    assert not colleague.cache.has(sha)
    decision = colleague.desk.find(case.case_code, draft.id).decision
    assert decision.status == DecisionStatus.ISSUED

    data, result, why = colleague.desk.sealed(decision)  # the desk opens it
    assert data is not None and result is not None and result.ok and why is None
    assert colleague.cache.pins(sha) == frozenset()
    colleague.engine.sync_once()
    assert colleague.cache.pins(sha) == frozenset()
    assert sha in colleague.cache.evict(target_bytes=0)
    assert fetching.fetch_error(colleague.store, draft.id) is None


def test_opened_offline_the_next_round_brings_it_unpinned(
        sandbox: Sandbox, device: Any, tmp_path: Any) -> None:
    case, draft, desk, sha = _sealed_on_the_laptop(sandbox, device, tmp_path, 1)
    desk.engine.sync_once()
    desk.desk.issue(desk.desk.find(case.case_code, draft.id).decision)
    desk.engine.sync_once()
    colleague = device(user(DEMO, case.lead_department, "signer"), name="colleague")
    colleague.engine.add_follower(colleague.sealer)
    colleague.engine.sync_once()
    decision = colleague.desk.find(case.case_code, draft.id).decision
    assert decision.status == DecisionStatus.ISSUED and not colleague.cache.has(sha)

    with falling_proxy(sandbox.url) as proxy:  # the desk opens it as the line drops
        client = PlatformClient(proxy.url, settings=replace(FAST, retries=0), transient=True)
        client.login(colleague.username, PASSWORD)
        offline = DecisionDesk(colleague.store, Sealer(colleague.store, client, colleague.cache,
                                                       username=colleague.username),
                               username=colleague.username, roles=colleague.desk.roles,
                               department_code=case.lead_department)
        proxy.fall()
        assert offline.sealed(decision) == (None, None, "remote.offline")

    colleague.engine.sync_once()  # asked for: the round brings it
    assert colleague.cache.has(sha) and colleague.cache.pins(sha) == frozenset()
    data, result, why = colleague.desk.sealed(decision)
    assert data is not None and result is not None and result.ok and why is None
