"""Seeding computes a case's clock as the platform does later: notices out stop it too."""

from __future__ import annotations

import json
from pathlib import Path

from support.sandbox_env import TODAY, demo_data

from backoffice.domain.model import CorrectionNoticeStatus
from backoffice.sandbox import db
from backoffice.sandbox.seed import seed


def test_a_case_whose_correction_notice_is_out_is_seeded_with_its_clock_stopped(
        tmp_path: Path) -> None:
    data = demo_data()
    out = {n.case_code for n in data.correction_notices
           if n.status == CorrectionNoticeStatus.ISSUED}
    assert out, "the demo data has no correction notice still with the applicant"
    engine = db.make_engine(tmp_path / "platform.sqlite3")
    db.create_schema(engine)
    seed(engine, data, password="pw", today=TODAY)
    with engine.connect() as conn:
        cases = {row.id: json.loads(row.body) for row in conn.execute(
            db.records.select().where(db.records.c.entity == "case"))}
    stopped = {code for code, body in cases.items() if body["clock_stopped"]}
    # The applicant has the notice: the department's clock stands (docs/deadlines.md).
    assert out <= stopped
