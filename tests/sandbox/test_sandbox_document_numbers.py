"""The platform's document numbers read as the demo's own: 吉市住建许〔2026〕1号, not a code.

The platform hands out numbers at sealing (the signing service) and ahead of
a local seal (reserved): both are worded by the one function the demo data's
numbers come from — the division's prefix and the department's short name,
报 for an escalation — never with the department's internal code.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.sandbox_env import Client, demo_clock, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.domain.model import DecisionKind
from backoffice.sandbox import db
from backoffice.sandbox.decisions import allocate_number, reserve_numbers
from backoffice.sandbox.demo.cases import document_number
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=1)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def test_the_platform_numbers_a_department_s_documents_as_the_public_reads_them(
        tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "platform.sqlite3")
    db.create_schema(engine)
    with engine.begin() as conn:
        assert allocate_number(conn, "ZJ-220200", 2026) == "吉市住建许〔2026〕1号"
        # An escalation (上报告知书) says 报; one count per department and year.
        assert allocate_number(conn, "ZJ-220200", 2026, escalate=True) == "吉市住建报〔2026〕2号"
        assert allocate_number(conn, "SCJG-220100", 2026) == "长市监许〔2026〕1号"
        assert reserve_numbers(conn, "ZJ-220200", "zj.jl.signer1", 2026, 2) == [
            "吉市住建许〔2026〕3号", "吉市住建许〔2026〕4号"]
        # Reserved for an escalation sealed on the department's own machine: 报.
        assert reserve_numbers(conn, "ZJ-220200", "zj.jl.signer1", 2026, 1,
                               kind="escalate") == ["吉市住建报〔2026〕5号"]
        # A department outside the demo's divisions keeps its code in front.
        assert allocate_number(conn, "SCJ", 2026) == "SCJ许〔2026〕1号"
    engine.dispose()


def test_the_demo_s_numbers_come_from_the_same_function() -> None:
    numbered = [d for d in DEMO.decisions if d.document_number]
    assert numbered
    for d in numbered:
        found = re.search(r"〔(\d{4})〕(\d+)号$", d.document_number or "")
        assert found, d.document_number
        year, n = int(found[1]), int(found[2])
        assert d.department_code not in (d.document_number or "")
        assert document_number(d.department_code, year, n,
                               escalate=d.kind == DecisionKind.ESCALATE) == d.document_number


def test_an_escalation_sealed_by_the_service_is_numbered_with_bao(sandbox: Sandbox) -> None:
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
    for task in [t for t in DEMO.tasks if t.case_code == case.case_code]:
        client = Client(sandbox.url, user(DEMO, task.department_code)).login()
        for kind, payload in (("task.claim", {}), ("task.give_opinion", {"opinion": "同意。"})):
            if kind == "task.give_opinion":
                pass_on_platform(sandbox, client, task.id)
            r = client.command(kind, "review_task", task.id,
                               version(sandbox, "review_task", task.id), payload)
            assert r["status"] == "applied", r
    due = sandbox.platform.record("case", case.case_code).body["due_date"]
    reviewer = Client(sandbox.url, user(DEMO, case.lead_department)).login()
    drafted = reviewer.command("decision.draft", "case", case.case_code, 0, {
        "kind": "escalate", "legal_basis": "《行政许可法》第三十五条", "report_by": due,
        "reasons": "须报上级机关决定", "submit": True})
    assert drafted["status"] == "applied", drafted
    signer = Client(sandbox.url, user(DEMO, case.lead_department, "signer")).login()
    sandbox.platform.signing.delay = 0
    rid = str(uuid.uuid4())
    assert signer.post("/signing-requests", {"id": rid, "decision_id": drafted["record"]["id"]}
                       ).status_code == 202
    # The status read seals (a due request): give it the time a loaded machine needs.
    done = signer.session.get(f"{signer.base}/api/v1/signing-requests/{rid}", timeout=300,
                              headers={"Authorization": f"Bearer {signer.access}"}).json()
    assert done["status"] == "signed", done
    year = sandbox.platform.today().year  # numbered in the year it is sealed
    assert re.fullmatch(rf"\w+报〔{year}〕\d+号", done["document_number"]), done
    assert case.lead_department not in done["document_number"]


def test_numbers_are_reserved_of_the_kind_asked_for(sandbox: Sandbox) -> None:
    signer = Client(sandbox.url, user(DEMO, DEMO.cases[0].lead_department, "signer")).login()
    year = sandbox.platform.today().year
    for query, word in (("count=2", "许"), ("count=2&kind=decision", "许"),
                        ("count=1&kind=escalate", "报")):
        answer = signer.post(f"/document-numbers?{query}", None)
        assert answer.status_code == 200, answer.text
        numbers = answer.json()["numbers"]
        assert numbers and all(re.fullmatch(rf"\w+{word}〔{year}〕\d+号", n) for n in numbers), \
            (query, numbers)
    assert signer.post("/document-numbers?kind=permit", None).status_code == 422
