"""Commands: idempotency, conflicts in a batch, scope and roles, the review flow.

These need precise scenarios (fresh two-department cases, a department that is
on none of some cases), so this module seeds the hand-made set of
:mod:`sandbox_factories` instead of the real generator's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from conftest import start, version
from sandbox_factories import generate

from backoffice.api import v1
from backoffice.sandbox.server import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, generate(cases=40))


def test_same_command_twice_has_one_effect(sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer1")
    comment = scj.make("comment.add", "case", "DEMO000004", 0, {"text": "材料齐全，待现场核查"})
    first = scj.commands([comment])[0]
    again = scj.commands([comment, comment])  # in a later batch, and twice in it
    assert first["status"] == "applied"
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert all(r["first_status"] == "applied" and r["record"] == first["record"] for r in again)
    everything, _ = scj.pull_all()
    comments = [c for c in everything.values() if c["entity"] == "comment"
                and c["record"]["case_code"] == "DEMO000004"]
    assert len(comments) == 1
    # The other department on the case sees the comment too.
    xf_all, _ = login("xf.reviewer1").pull_all()
    assert ("comment", comment["id"]) in xf_all
    v1.CommandResults.model_validate({"results": again})


def test_stale_base_is_a_conflict_and_the_batch_goes_on(sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer1")
    task = "DEMO000005-SCJ"
    current = version(sandbox, "review_task", task)
    stale = scj.make("task.claim", "review_task", task, current - 1)
    comment = scj.make("comment.add", "case", "DEMO000005", 0, {"text": "冲突之后"})
    good = scj.make("task.claim", "review_task", task, current)
    results = scj.commands([stale, comment, good])
    assert [r["status"] for r in results] == ["conflict", "applied", "applied"]
    assert results[0]["record"]["version"] == current
    assert results[2]["record"]["assignee"] == "scj.reviewer1"
    related = {r["entity"]: r for r in results[2]["related"]}
    assert related["case"]["status"] == "in_review"  # first claim starts the review


def test_acting_on_another_departments_records_is_forbidden(sandbox: Sandbox,
                                                              login: Any) -> None:
    xf = login("xf.reviewer1")
    for entity, id in (("review_task", "DEMO000006-SCJ"), ("material", "DEMO000006-SCJ-M1")):
        kind = "task.claim" if entity == "review_task" else "material.verdict"
        result = xf.command(kind, entity, id, version(sandbox, entity, id),
                            {"check": "authenticity", "verdict": "pass"})
        assert result["status"] == "refused" and result["error"]["code"] == "forbidden"
    # A case XF is not on: not even a comment.
    result = xf.command("comment.add", "case", "DEMO000007", 0, {"text": "?"})
    assert result["error"]["code"] == "forbidden"


def test_envelope_refusals(sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer1")
    future = {**scj.make("comment.add", "case", "DEMO000008", 0, {"text": "x"}),
              "format_version": 99}
    other = {**scj.make("comment.add", "case", "DEMO000008", 0, {"text": "x"}),
             "author": "xf.reviewer1"}
    unknown = scj.make("task.fly", "review_task", "DEMO000008-SCJ", 1)
    missing = scj.make("task.claim", "review_task", "NOPE", 1)
    bad = scj.make("material.verdict", "material", "DEMO000008-SCJ-M1",
                   version(sandbox, "material", "DEMO000008-SCJ-M1"),
                   {"check": "authenticity", "verdict": "fail"})  # a failure needs a reason
    codes = [r["error"]["code"] for r in scj.commands([future, other, unknown, missing, bad])]
    assert codes == ["command.unsupported_format", "command.wrong_author",
                     "command.unknown_kind", "not_found", "material.fail_without_reason"]


def test_correction_items_combine_into_one_notice_issued_by_the_lead(
        sandbox: Sandbox, login: Any) -> None:
    scj, xf = login("scj.reviewer1"), login("xf.reviewer1")
    case = "DEMO000009"
    for client, dept in ((scj, "SCJ"), (xf, "XF")):
        task = f"{case}-{dept}"
        claimed = client.command("task.claim", "review_task", task,
                                 version(sandbox, "review_task", task))
        assert claimed["status"] == "applied", claimed
        asked = client.command("task.request_correction", "review_task", task,
                               claimed["record"]["version"],
                               {"items": [{"material_name": f"{dept} 材料",
                                           "department_code": dept, "reason": "缺少盖章"}]})
        assert asked["status"] == "applied", asked
        notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")
    assert len(notice["items"]) == 2 and notice["status"] == "draft"
    refused = xf.command("correction_notice.issue", "correction_notice", notice["id"],
                         notice["version"])
    assert refused["error"]["code"] == "forbidden"  # only the lead department issues it
    issued = scj.command("correction_notice.issue", "correction_notice", notice["id"],
                         notice["version"])
    assert issued["status"] == "applied", issued
    assert issued["record"]["status"] == "issued"
    case_after = next(r for r in issued["related"] if r["entity"] == "case")
    assert case_after["status"] == "awaiting_applicant"
    # A department cannot start a second notice while the first is out.
    task = sandbox.platform.record("review_task", f"{case}-SCJ")
    assert task is not None
    more = scj.command("task.request_correction", "review_task", task.id, task.version,
                       {"items": [{"material_name": "x", "department_code": "SCJ",
                                   "reason": "y"}]})
    assert more["status"] == "refused"


def test_suspend_resume_and_extension_move_the_deadline(sandbox: Sandbox, login: Any) -> None:
    scj, signer = login("scj.reviewer1"), login("scj.signer")
    case, task = "DEMO000010", "DEMO000010-SCJ"
    scj.command("task.claim", "review_task", task, version(sandbox, "review_task", task))
    before = sandbox.platform.record("case", case)
    assert before is not None
    suspended = scj.command("case.suspend", "case", case, before.version,
                            {"procedure": "expert_review", "started_on": "2025-03-03"})
    assert suspended["status"] == "applied", suspended
    proc = suspended["record"]
    ended = scj.command("special_procedure.end", "special_procedure", proc["id"],
                        proc["version"], {"ended_on": "2025-03-07"})
    assert ended["status"] == "applied", ended
    after = sandbox.platform.record("case", case)
    assert after is not None and after.body["status"] == "in_review"
    assert after.body["due_date"] > before.body["due_date"]  # a week did not count
    asked = scj.command("extension.request", "case", case, 0,
                        {"working_days": 5, "reason": "需专家论证"})
    ext = asked["record"]
    assert ext["status"] == "requested"
    refused = scj.command("extension.approve", "extension", ext["id"], ext["version"])
    assert refused["error"]["code"] == "role.missing"  # a reviewer does not approve
    approved = signer.command("extension.approve", "extension", ext["id"], ext["version"])
    assert approved["status"] == "applied", approved
    final = sandbox.platform.record("case", case)
    assert final is not None and final.body["due_date"] > after.body["due_date"]


def test_give_opinion_by_all_departments_moves_the_case_to_deciding(
        sandbox: Sandbox, login: Any) -> None:
    case = "DEMO000012"
    for user, dept in (("scj.reviewer1", "SCJ"), ("xf.reviewer1", "XF")):
        client = login(user)
        task = f"{case}-{dept}"
        claimed = client.command("task.claim", "review_task", task,
                                 version(sandbox, "review_task", task))
        given = client.command("task.give_opinion", "review_task", task,
                               claimed["record"]["version"], {"opinion": "同意"})
        assert given["status"] == "applied", given
    stored = sandbox.platform.record("case", case)
    assert stored is not None and stored.body["status"] == "deciding"
    # The other department sees the published opinion, not the assignee.
    xf_view, _ = login("xf.reviewer1").pull_all()
    scj_task = xf_view[("review_task", f"{case}-SCJ")]["record"]
    assert scj_task["opinion"] == "同意" and scj_task["assignee"] is None


def test_feed_names_the_callers_applied_commands(sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer2")
    _, cursor = scj.pull_all()
    task = "DEMO000013-SCJ"
    result = scj.command("task.claim", "review_task", task,
                         version(sandbox, "review_task", task))
    page = scj.get("/changes", since=cursor).json()
    assert result["command_id"] in page["applied_command_ids"]


def test_oversized_and_malformed_bodies(sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer1")
    big = scj.make("comment.add", "case", "DEMO000004", 0, {"text": "x" * (1024 * 1024)})
    r = scj.post("/commands", {"commands": [big]})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"
    r = scj.post("/commands", {"commands": [{"id": "not-a-uuid"}]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    r = requests.post(f"{sandbox.url}/api/v1/commands", data=b"{not json", timeout=10,
                      headers={"Authorization": f"Bearer {scj.access}",
                               "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    r = scj.get("/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert str(uuid.uuid4())


def test_catalog_and_calendar(login: Any) -> None:
    client = login("xf.reviewer1")
    catalog = v1.Catalog.model_validate(client.get("/catalog").json())
    assert catalog.entries[0].item.name == "食品经营许可证核发"
    assert {d.code for d in catalog.departments} == {"SCJ", "XF", "WJ"}
    r = client.get("/calendar")
    assert r.status_code == 200 and r.json() == []
    assert client.get("/calendar", year=2031).status_code == 404


def test_a_chunked_body_whose_last_chunk_crosses_the_limit_gets_413(
        sandbox: Sandbox, login: Any) -> None:
    scj = login("scj.reviewer1")

    def one_big_chunk() -> Iterator[bytes]:
        # Chunked (no Content-Length); the only chunk is also the last one, so
        # the limit must not wait for more body that never comes.
        yield b'{"commands": [' + b" " * (1024 * 1024 + 10) + b"]}"

    r = requests.post(f"{sandbox.url}/api/v1/commands", data=one_big_chunk(), timeout=10,
                      headers={"Authorization": f"Bearer {scj.access}",
                               "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"
