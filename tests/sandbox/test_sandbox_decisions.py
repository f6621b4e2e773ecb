"""Decisions and the signing service on the platform: the flow, and every refusal.

Each test walks its own just-routed case (``demo.fresh_cases``) to
``deciding`` (every department claims and gives its opinion), so tests never
meet each other's decisions. The platform's clock is fixed on the seed's day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import Client, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.domain.model import Case
from backoffice.sandbox.server import Sandbox
from backoffice.signing.verify import VerifyPolicy, verify_pdf

FRESH = 8
DEMO = demo_data(fresh=FRESH)
NOW = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=lambda: NOW)


@pytest.fixture
def login(sandbox: Sandbox) -> Any:
    def make(username: str) -> Client:
        return Client(sandbox.url, username).login()
    return make


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])


def _departments(case: Case) -> list[str]:
    others = sorted({t.department_code for t in DEMO.tasks if t.case_code == case.case_code}
                    - {case.lead_department})
    return [case.lead_department, *others]


def _opinions(sandbox: Sandbox, login: Any, case: Case, *, skip: str | None = None) -> None:
    """Every department (but ``skip``) claims its task and gives its opinion."""
    for task in [t for t in DEMO.tasks if t.case_code == case.case_code]:
        if task.department_code == skip:
            continue
        client = login(user(DEMO, task.department_code))
        r = client.command("task.claim", "review_task", task.id,
                           version(sandbox, "review_task", task.id))
        assert r["status"] == "applied", r
        pass_on_platform(sandbox, client, task.id)
        r = client.command("task.give_opinion", "review_task", task.id,
                           version(sandbox, "review_task", task.id), {"opinion": "同意。"})
        assert r["status"] == "applied", r


def _draft(client: Client, case: Case, **payload: Any) -> dict[str, Any]:
    body = {"kind": "grant", "legal_basis": "《食品经营许可和备案管理办法》第二十一条",
            "submit": True, **payload}
    return client.command("decision.draft", "case", case.case_code, 0, body)


def _sign(sandbox: Sandbox, signer: Client, decision_id: str) -> dict[str, Any]:
    sandbox.app.state.platform.signing.delay = 0
    rid = str(uuid.uuid4())
    r = signer.post("/signing-requests", {"id": rid, "decision_id": decision_id})
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "pending"
    # The status read seals (a due request): give it the time a loaded machine needs.
    r = signer.session.get(f"{signer.base}/api/v1/signing-requests/{rid}", timeout=300,
                           headers={"Authorization": f"Bearer {signer.access}"})
    assert r.status_code == 200, r.text
    return dict(r.json())


def _root(sandbox: Sandbox) -> Any:
    return sandbox.app.state.platform.pki.pki.root.asn1_cert()


def test_grant_sealed_by_the_service_issued_and_archived(sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    _opinions(sandbox, login, case)
    lead = case.lead_department
    reviewer, signer = login(user(DEMO, lead)), login(user(DEMO, lead, "signer"))
    drafted = _draft(reviewer, case, joint=len(_departments(case)) > 1)
    assert drafted["status"] == "applied", drafted
    decision = drafted["record"]
    assert decision["status"] == "submitted" and decision["drafted_by"] == reviewer.username

    done = _sign(sandbox, signer, decision["id"])
    assert done["status"] == "signed", done
    # Numbered as the public reads it (the demo's own numbers): no internal code.
    assert re.fullmatch(r"\w+许〔2025〕\d+号", done["document_number"]), done["document_number"]
    assert lead not in done["document_number"]
    assert done["level"] == "B-LTA"
    pdf = signer.get(f"/files/{done['document_sha256']}").content
    assert hashlib.sha256(pdf).hexdigest() == done["document_sha256"]
    result = verify_pdf(pdf, VerifyPolicy(trust_roots=(_root(sandbox),), require_timestamp=True))
    assert result.ok, result.to_dict()
    # Another department on the case sees the decision and may read its document.
    for other in _departments(case)[1:]:
        seen, _ = login(user(DEMO, other)).pull_all()
        assert seen[("decision", decision["id"])]["record"]["status"] == "sealed"

    sealed = sandbox.app.state.platform.record("decision", decision["id"])
    assert sealed.body["sealed_by"] == signer.username
    assert sandbox.app.state.platform.record("case", case.case_code).body["status"] == "decided"
    issued = signer.command("decision.issue", "decision", decision["id"], sealed.version)
    assert issued["status"] == "applied", issued
    assert sandbox.app.state.platform.record("case", case.case_code).body["status"] == "issued"
    assert any(r["entity"] == "notification" for r in issued["related"])
    archive = issued["record"]["archive_sha256"]
    package = signer.get(f"/files/{archive}").content
    names = zipfile.ZipFile(io.BytesIO(package)).namelist()
    assert "manifest.json.p7s" in names and f"decision/{decision['id']}.pdf" in names
    # Each material named by what it is (the demo's pages are PNG).
    materials = [n for n in names if n.startswith("materials/")]
    assert materials and all(n.endswith(".png") for n in materials), names
    # The package holds every department's materials: only the deciding department
    # downloads it, though the others see the decision and may read its document.
    for other in _departments(case)[1:]:
        colleague = login(user(DEMO, other))
        assert colleague.get(f"/files/{archive}").status_code == 404
        assert colleague.get(f"/files/{done['document_sha256']}").status_code == 200


def test_only_a_signer_seals(sandbox: Sandbox, login: Any) -> None:
    case = _case(1)
    _opinions(sandbox, login, case)
    reviewer = login(user(DEMO, case.lead_department))
    decision = _draft(reviewer, case)["record"]
    r = reviewer.post("/signing-requests", {"id": str(uuid.uuid4()), "decision_id": decision["id"]})
    assert r.status_code == 403 and r.json()["error"]["code"] == "role.missing"
    r = reviewer.command("decision.seal", "decision", decision["id"], decision["version"],
                         {"document_sha256": "0" * 64, "document_number": "X"})
    assert r["status"] == "refused" and r["error"]["code"] == "role.missing"
    # A signer of another department on the case may not either.
    other = _departments(case)[1] if len(_departments(case)) > 1 else None
    if other is not None:
        stranger = login(user(DEMO, other, "signer"))
        r = stranger.post("/signing-requests",
                          {"id": str(uuid.uuid4()), "decision_id": decision["id"]})
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_refusal_needs_legal_basis(sandbox: Sandbox, login: Any) -> None:
    case = _case(2)
    reviewer = login(user(DEMO, case.lead_department))
    r = _draft(reviewer, case, kind="refuse", reasons="场所不符合要求", legal_basis="")
    assert r["status"] == "refused"
    assert r["error"]["code"] == "decision.refusal_without_legal_basis"


def test_joint_decision_with_a_missing_opinion_is_not_sealed(sandbox: Sandbox,
                                                             login: Any) -> None:
    case = next(_case(n) for n in range(3, FRESH) if len(_departments(_case(n))) > 1)
    missing = _departments(case)[1]
    _opinions(sandbox, login, case, skip=missing)
    reviewer = login(user(DEMO, case.lead_department))
    # Not even submitted for sealing while a department still reviews (9.5.4.1); a
    # review reopened after submitting stops the seal: test_sandbox_decision_order.
    drafted = _draft(reviewer, case, joint=True)
    assert drafted["status"] == "refused", drafted
    assert drafted["error"]["code"] == "decision.opinions_pending"
    # Said to a person by the department's name; its code kept beside it.
    name = next(d.name for d in DEMO.departments if d.code == missing)
    details = drafted["error"]["details"]
    assert (details["departments"], details["department_codes"]) == ([name], [missing])
    assert name in drafted["error"]["message"]["zh"]
    assert missing not in drafted["error"]["message"]["zh"] + drafted["error"]["message"]["en"]


def test_revoked_certificate_is_refused_and_rate_limit(sandbox: Sandbox, login: Any) -> None:
    case = next(_case(n) for n in range(3, FRESH) if len(_departments(_case(n))) == 1) \
        if any(len(_departments(_case(n))) == 1 for n in range(3, FRESH)) else _case(FRESH - 1)
    _opinions(sandbox, login, case)
    lead = case.lead_department
    decision = _draft(login(user(DEMO, lead)), case)["record"]
    platform = sandbox.app.state.platform
    platform.pki.revoke(lead)
    signer = login(user(DEMO, lead, "signer"))
    try:
        done = _sign(sandbox, signer, decision["id"])
    finally:
        platform.pki.restore(lead)
    assert done["status"] == "refused"
    assert done["error"]["code"] == "signing.certificate_revoked"
    # The signer reads the department's name, not its code.
    name = next(d.name for d in DEMO.departments if d.code == lead)
    assert done["error"]["details"]["department"] == name
    assert name in done["error"]["message"]["zh"] and lead not in done["error"]["message"]["zh"]
    seals = platform.pki.pki.seals
    seal = seals.pop(lead)  # no certificate for the department at all: said by name too
    try:
        none = _sign(sandbox, signer, decision["id"])
    finally:
        seals[lead] = seal
    assert none["error"]["code"] == "signing.no_certificate", none
    assert name in none["error"]["message"]["zh"] and lead not in none["error"]["message"]["zh"]

    limiter = platform.signing.limiter
    before = limiter.rate
    limiter.rate = 1
    try:
        rid = done["id"]
        signer.get(f"/signing-requests/{rid}")
        r = signer.get(f"/signing-requests/{rid}")
        assert r.status_code == 429
        assert r.json()["error"]["code"] == "signing.rate_limited"
        assert int(r.headers["Retry-After"]) >= 1
    finally:
        limiter.rate = before
        limiter._calls.clear()


def test_pki_served(sandbox: Sandbox) -> None:
    import requests

    root = requests.get(f"{sandbox.url}/api/v1/pki/root.pem", timeout=10)
    assert root.status_code == 200 and root.content.startswith(b"-----BEGIN CERTIFICATE")
    crl = requests.get(f"{sandbox.url}/api/v1/pki/crl", timeout=10)
    assert crl.status_code == 200 and crl.headers["content-type"] == "application/pkix-crl"


def test_a_sealed_refusal_of_acceptance_ends_the_case(sandbox: Sandbox, login: Any) -> None:
    """不予受理 (9.3.3, 6.7): sealed, the case is not accepted, its live reviews end; issued,
    it is registered and the case stays ended; nothing decides it again."""
    from sqlalchemy import select

    from backoffice.sandbox.decisions import refusal_register

    case = _case(2)  # just routed (its refused draft above changed nothing)
    lead = case.lead_department
    platform = sandbox.app.state.platform
    assert platform.record("case", case.case_code).body["status"] in ("routed", "in_review")
    reviewer, signer = login(user(DEMO, lead)), login(user(DEMO, lead, "signer"))
    refusal = {"kind": "refuse_acceptance", "reasons": "申请事项不属于本机关职权范围。",
               "legal_basis": "《中华人民共和国行政许可法》第三十二条第一款"}
    r = _draft(reviewer, case, **{**refusal, "legal_basis": ""})
    assert r["error"]["code"] == "decision.refusal_without_legal_basis"
    drafted = _draft(reviewer, case, **refusal)
    assert drafted["status"] == "applied", drafted
    done = _sign(sandbox, signer, drafted["record"]["id"])
    assert done["status"] == "signed", done
    assert platform.record("case", case.case_code).body["status"] == "not_accepted"
    tasks = [platform.record("review_task", t.id).body["status"]
             for t in DEMO.tasks if t.case_code == case.case_code]
    assert tasks and set(tasks) <= {"withdrawn", "transferred", "opinion_given"}, tasks

    sealed = platform.record("decision", drafted["record"]["id"])
    issued = signer.command("decision.issue", "decision", sealed.id, sealed.version)
    assert issued["status"] == "applied", issued
    assert platform.record("case", case.case_code).body["status"] == "not_accepted"
    with platform.engine.connect() as conn:
        kinds = conn.execute(select(refusal_register.c.kind).where(
            refusal_register.c.case_code == case.case_code)).scalars().all()
    assert kinds == ["refuse_acceptance"]

    # The case is past acceptance now: a second refusal of acceptance does not fit.
    again = _draft(reviewer, case, **refusal)
    assert again["status"] == "refused"
    assert again["error"]["code"] == "decision.acceptance_past"
