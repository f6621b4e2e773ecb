"""Commands a careless or hostile client may send: each is refused alone, the batch goes on.

A lone surrogate ("\\udc00") in a payload text, or any failure of the
platform on one command, gave 500 for the whole batch — the commands before
it applied but their results lost — and the same on every resend.

A command's ``created_at`` dates what the platform records for every
department on the case (a comment's time, the day of a decision); one no
clock can convert stopped every department's sync (docs/platform-api.md,
"Commands").
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from sqlalchemy import event
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


def _raw_batch(client: Any, commands: list[dict[str, Any]], text: str) -> requests.Response:
    # json.dumps writes a lone surrogate as the escape "\udc00", as a hostile
    # client would: valid JSON syntax, no Unicode text.
    body = json.dumps({"commands": commands}).replace(json.dumps(SURROGATE), json.dumps(text))
    return client.session.post(f"{client.base}/api/v1/commands", data=body.encode(),
                               headers={"Authorization": f"Bearer {client.access}",
                                        "Content-Type": "application/json"}, timeout=10)


SURROGATE = "SURROGATE-PLACEHOLDER"


@pytest.mark.parametrize(("kind", "payload", "field"), [
    ("comment.add", {"text": SURROGATE}, "payload.text"),
    ("notification.send", {"channel": "sms", "kind": "other", "text": SURROGATE},
     "payload.text"),
    ("extension.request", {"working_days": 3, "reason": SURROGATE}, "payload.reason"),
    ("inspection.request", {"reason": SURROGATE, "checklist": ["要点"]}, "payload.reason"),
    ("comment.add", {"text": "正文", "extra": [1, {"deep": SURROGATE}]},
     "payload.extra[1].deep"),
])
def test_a_lone_surrogate_in_a_payload_refuses_its_command_alone(
        sandbox: Sandbox, login: Any, demo: DemoData, kind: str, payload: dict[str, Any],
        field: str) -> None:
    case = demo.cases[1]
    department = case.lead_department
    client = login(user(demo, department))
    if kind == "inspection.request":
        payload = {**payload, "department_code": department}
    before = len(_comments(sandbox, case.case_code))
    batch = [_comment(client, case.case_code, "前", "2025-03-03T10:00:00+08:00"),
             client.make(kind, "case", case.case_code, 0, payload),
             _comment(client, case.case_code, "后", "2025-03-03T10:00:00+08:00")]
    for attempt in ("first", "again"):
        answer = _raw_batch(client, batch, "\udc00")
        assert answer.status_code == 200, answer.text
        first, bad, last = answer.json()["results"]
        assert bad["status" if attempt == "first" else "first_status"] == "refused", bad
        assert bad["error"]["code"] == "command.bad_payload"
        assert bad["error"]["details"] == {"kind": kind, "field": field}
        statuses = {"first": "applied", "again": "duplicate"}[attempt]
        assert first["status"] == last["status"] == statuses
    assert len(_comments(sandbox, case.case_code)) == before + 2


def test_a_command_the_platform_fails_on_is_refused_alone_and_tried_again_when_resent(
        sandbox: Sandbox, login: Any, demo: DemoData) -> None:
    case = demo.cases[2]
    client = login(user(demo, case.lead_department))
    engine = sandbox.platform.engine

    def fail(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "磁盘出错" in str(params):
            raise RuntimeError("the disk failed")  # a fault no rule of the platform foresees

    batch = [_comment(client, case.case_code, text, "2025-03-03T10:00:00+08:00")
             for text in ("前", "磁盘出错", "后")]
    event.listen(engine, "before_cursor_execute", fail)
    try:
        first, failed, last = client.commands(batch)
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert (first["status"], last["status"]) == ("applied", "applied")
    assert failed["status"] == "refused" and failed["error"]["code"] == "server.error"
    # Not remembered: the platform's failure is no answer to the command.
    _, again, _ = client.commands(batch)
    assert again["status"] == "applied", again
