"""The platform's document numbers read as the demo's own: 吉市住建许〔2026〕1号, not a code.

The platform hands out numbers at sealing (the signing service) and ahead of
a local seal (reserved): both are worded by the one function the demo data's
numbers come from — the division's prefix and the department's short name,
报 for an escalation — never with the department's internal code.
"""

from __future__ import annotations

import re
from pathlib import Path

from support.sandbox_env import demo_data

from backoffice.domain.model import DecisionKind
from backoffice.sandbox import db
from backoffice.sandbox.decisions import allocate_number, reserve_numbers
from backoffice.sandbox.demo.cases import document_number


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
        # A department outside the demo's divisions keeps its code in front.
        assert allocate_number(conn, "SCJ", 2026) == "SCJ许〔2026〕1号"
    engine.dispose()


def test_the_demo_s_numbers_come_from_the_same_function() -> None:
    numbered = [d for d in demo_data().decisions if d.document_number]
    assert numbered
    for d in numbered:
        found = re.search(r"〔(\d{4})〕(\d+)号$", d.document_number or "")
        assert found, d.document_number
        year, n = int(found[1]), int(found[2])
        assert d.department_code not in (d.document_number or "")
        assert document_number(d.department_code, year, n,
                               escalate=d.kind == DecisionKind.ESCALATE) == d.document_number
