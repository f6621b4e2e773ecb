"""The change feed: snapshot, scope, reduced records, cursor resume, 410, left_scope."""

from __future__ import annotations

from typing import Any

from backoffice.api import convert, v1
from backoffice.api.records import CaseRecord, ReviewTaskRecord
from backoffice.sandbox.server import Sandbox


def test_snapshot_is_valid_and_scoped(login: Any) -> None:
    scj = login("scj.reviewer1")
    r = scj.get("/changes", limit=1000)
    page = v1.ChangesPage.model_validate(r.json())  # what the client of issue 4 does
    assert not page.has_more
    records = [c.record for c in page.changes if c.record is not None]
    for record in records:
        convert.to_domain(record)  # domain rules hold for every record
    cases = [x for x in records if isinstance(x, CaseRecord)]
    assert len(cases) == 30  # every fourth case is WJ's alone
    assert all(c.due_date is not None for c in cases)
    kinds = {(x.entity, getattr(x, "department_code", None)) for x in records}
    assert ("material", "XF") not in kinds  # never another department's materials
    tasks = [x for x in records if isinstance(x, ReviewTaskRecord)]
    assert {t.view for t in tasks if t.department_code == "XF"} == {"reduced"}
    assert {t.view for t in tasks if t.department_code == "SCJ"} == {"full"}
    assert all(t.step_due_date is not None for t in tasks)
    assert {x.entity for x in records} >= {"department", "service_item", "case", "review_task",
                                           "material"}


def test_cursor_resume_gives_exactly_the_rest(login: Any) -> None:
    xf = login("xf.reviewer1")
    everything, _ = xf.pull_all()
    first = xf.get("/changes", limit=7).json()
    second = xf.get("/changes", limit=7, since=first["next_cursor"]).json()
    assert first["has_more"] and second["has_more"]
    rest, _ = xf.pull_all(since=second["next_cursor"], limit=5)  # "after a crash"
    got = [(c["entity"], c["id"]) for c in first["changes"] + second["changes"]] + list(rest)
    assert sorted(got) == sorted(everything) and len(got) == len(set(got))
    seqs = [c["seq"] for c in first["changes"] + second["changes"]]
    assert seqs == sorted(seqs)


def test_idle_cursor_returns_nothing(login: Any) -> None:
    wj = login("wj.reviewer1")
    _, cursor = wj.pull_all()
    page = wj.get("/changes", since=cursor).json()
    assert page["changes"] == [] and page["next_cursor"] == cursor and not page["has_more"]


def test_unknown_cursor_is_410(login: Any) -> None:
    client = login("wj.reviewer1")
    for bad in ("garbage", "MTpkZWFkYmVlZjo1", "MTpkZWFkYmVlZjpYWA"):
        r = client.get("/changes", since=bad)
        assert r.status_code == 410, r.text
        assert r.json()["error"]["code"] == "cursor.expired"


def test_bad_limit_is_our_422(login: Any) -> None:
    r = login("wj.reviewer1").get("/changes", limit=0)
    assert r.status_code == 422
    body = v1.ErrorResponse.model_validate(r.json())
    assert body.error.code == "request.invalid" and body.error.details["errors"]


def test_transfer_leaves_scope_and_enters_the_receivers(sandbox: Sandbox, login: Any) -> None:
    xf, wj = login("xf.reviewer1"), login("wj.reviewer1")
    _, xf_cursor = xf.pull_all()
    wj_all, wj_cursor = wj.pull_all()
    assert ("case", "DEMO000001") not in wj_all
    task = sandbox.platform.record("review_task", "DEMO000001-XF")
    assert task is not None
    result = xf.command("task.transfer", "review_task", task.id, task.version,
                        {"to_department": "WJ"})
    assert result["status"] == "applied", result
    assert result["record"]["status"] == "transferred"
    gone, _ = xf.pull_all(since=xf_cursor)
    left = {k for k, c in gone.items() if c["change"] == "left_scope"}
    assert {("case", "DEMO000001"), ("review_task", "DEMO000001-XF"),
            ("material", "DEMO000001-XF-M1")} <= left
    arrived, _ = wj.pull_all(since=wj_cursor)
    assert arrived[("case", "DEMO000001")]["change"] == "upsert"
    assert arrived[("material", "DEMO000001-XF-M1")]["record"]["department_code"] == "WJ"
    new_tasks = [c for c in arrived.values() if c["entity"] == "review_task"
                 and c["record"]["department_code"] == "WJ"]
    assert len(new_tasks) == 1 and new_tasks[0]["record"]["status"] == "unclaimed"
    # And XF may no longer act on it.
    again = xf.command("task.claim", "review_task", task.id, task.version + 1)
    assert again["status"] == "refused"


def test_withdrawal_leaves_scope_except_for_the_lead(sandbox: Sandbox, login: Any) -> None:
    scj, xf = login("scj.reviewer1"), login("xf.reviewer1")
    _, scj_cursor = scj.pull_all()
    _, xf_cursor = xf.pull_all()
    sandbox.platform.withdraw_case("DEMO000002")
    xf_changes, _ = xf.pull_all(since=xf_cursor)
    assert xf_changes[("case", "DEMO000002")]["change"] == "left_scope"
    scj_changes, _ = scj.pull_all(since=scj_cursor)
    case = scj_changes[("case", "DEMO000002")]
    assert case["change"] == "upsert" and case["record"]["status"] == "withdrawn"
