"""Commands a careless or hostile client may send: each is refused alone, the batch goes on.

A command's ``created_at`` dates what the platform records for every
department on the case (a comment's time, the day of a decision); one no
clock can convert stopped every department's sync (docs/platform-api.md,
"Commands").
"""

from __future__ import annotations

from typing import Any

import pytest
from support.sandbox_env import user

from backoffice.sandbox import db
from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.server import Sandbox


def _comment(client: Any, case_code: str, text: str, created_at: str) -> dict[str, Any]:
    command = client.make("comment.add", "case", case_code, 0, {"text": text})
    return {**command, "created_at": created_at}


def _comments(sandbox: Sandbox, case_code: str) -> list[str]:
    with sandbox.platform.engine.connect() as conn:
        bodies = conn.execute(db.records.select().where(
            db.records.c.entity == "comment", db.records.c.case_code == case_code)).all()
    return [row.body for row in bodies]


@pytest.mark.parametrize("created_at", [
    "0001-01-01T00:00:00+14:00",  # before year 1 in UTC: no store can convert it
    "9999-12-31T23:00:00-10:00",  # after year 9999 in UTC
    "1999-12-31T23:59:59+00:00",  # before any case of this platform
    "2026-11-30T10:00:00",  # no time zone
    "2100-01-01T00:00:00+00:00",  # decades ahead of any case of this platform
])
def test_a_command_dated_where_no_one_acted_is_refused_alone(
        sandbox: Sandbox, login: Any, demo: DemoData, created_at: str) -> None:
    case = demo.cases[0]
    client = login(user(demo, case.lead_department))
    before = _comments(sandbox, case.case_code)
    bad = _comment(client, case.case_code, "时间不可信的备注", created_at)
    good = _comment(client, case.case_code, "同一批的备注", "2025-03-03T10:00:00+08:00")
    refused, applied = client.commands([bad, good])
    assert refused["status"] == "refused", refused
    assert refused["error"]["code"] == "command.bad_created_at"
    assert refused["error"]["details"]["created_at"].startswith(created_at[:10])
    assert applied["status"] == "applied", applied
    after = _comments(sandbox, case.case_code)
    assert len(after) == len(before) + 1 and "时间不可信" not in "".join(after)
