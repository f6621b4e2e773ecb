"""Commands: idempotency, conflicts in a batch, scope and roles, the review flow.

On the real generator's data with ``fresh=FRESH``: each test walks its own
just-routed case of several departments (``demo.fresh_cases``), so no test
meets another's claims, and a department that is not on a case is always at
hand.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from support.sandbox_env import case_departments, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.api import v1
from backoffice.domain.model import Case, Material, ReviewTask
from backoffice.sandbox.server import Sandbox

FRESH = 10
DEMO = demo_data(fresh=FRESH)
CASE_CODES = DEMO.fresh_cases


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == CASE_CODES[n])


def _tasks(case: Case) -> dict[str, ReviewTask]:
    """The case's tasks by department, lead first."""
    tasks = {t.department_code: t for t in DEMO.tasks if t.case_code == case.case_code}
    return {case.lead_department: tasks.pop(case.lead_department), **tasks}


def _materials(case: Case, department: str) -> list[Material]:
    return [m for m in DEMO.materials
            if m.case_code == case.case_code and m.department_code == department]


def _outsider(case: Case) -> str:
    """A reviewer of a department that is not on the case."""
    seen = case_departments(DEMO, case.case_code)
    return user(DEMO, next(d.code for d in DEMO.departments if d.code not in seen))


def test_fresh_cases_are_unclaimed_and_shared(sandbox: Sandbox) -> None:
    assert len(CASE_CODES) == FRESH
    for n in range(FRESH):
        case, tasks = _case(n), _tasks(_case(n))
        stored = sandbox.platform.record("case", case.case_code)
        assert stored is not None and stored.body["status"] == "routed"
        assert len(tasks) >= 2 and all(t.status.value == "unclaimed" for t in tasks.values())


def test_same_command_twice_has_one_effect(sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    lead, other = list(_tasks(case))[:2]
    client = login(user(DEMO, lead))
    comment = client.make("comment.add", "case", case.case_code, 0,
                          {"text": "材料齐全，待现场核查"})
    first = client.commands([comment])[0]
    again = client.commands([comment, comment])  # in a later batch, and twice in it
    assert first["status"] == "applied"
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert all(r["first_status"] == "applied" and r["record"] == first["record"] for r in again)
    everything, _ = client.pull_all()
    comments = [c for c in everything.values() if c["entity"] == "comment"
                and c["record"]["case_code"] == case.case_code]
    assert len(comments) == 1
    # The other department on the case sees the comment too.
    theirs, _ = login(user(DEMO, other)).pull_all()
    assert ("comment", comment["id"]) in theirs
    v1.CommandResults.model_validate({"results": again})


def test_stale_base_is_a_conflict_and_the_batch_goes_on(sandbox: Sandbox, login: Any) -> None:
    case = _case(1)
    task = _tasks(case)[case.lead_department].id
    client = login(user(DEMO, case.lead_department))
    current = version(sandbox, "review_task", task)
    stale = client.make("task.claim", "review_task", task, current - 1)
    comment = client.make("comment.add", "case", case.case_code, 0, {"text": "冲突之后"})
    good = client.make("task.claim", "review_task", task, current)
    results = client.commands([stale, comment, good])
    assert [r["status"] for r in results] == ["conflict", "applied", "applied"]
    assert results[0]["record"]["version"] == current
    assert results[2]["record"]["assignee"] == client.username
    related = {r["entity"]: r for r in results[2]["related"]}
    assert related["case"]["status"] == "in_review"  # first claim starts the review


def test_acting_on_another_departments_records_is_forbidden(sandbox: Sandbox,
                                                              login: Any) -> None:
    case = _case(2)
    lead, other = list(_tasks(case))[:2]
    intruder = login(user(DEMO, other))
    material = _materials(case, lead)[0]
    for entity, id in (("review_task", _tasks(case)[lead].id), ("material", material.id)):
        kind = "task.claim" if entity == "review_task" else "material.verdict"
        result = intruder.command(kind, entity, id, version(sandbox, entity, id),
                                  {"check": "authenticity", "verdict": "pass"})
        assert result["status"] == "refused" and result["error"]["code"] == "forbidden"
    # A department that is not on the case: not even a comment.
    result = login(_outsider(case)).command("comment.add", "case", case.case_code, 0,
                                            {"text": "?"})
    assert result["error"]["code"] == "forbidden"


def test_envelope_refusals(sandbox: Sandbox, login: Any) -> None:
    case = _case(3)
    client = login(user(DEMO, case.lead_department))
    material = _materials(case, case.lead_department)[0].id
    future = {**client.make("comment.add", "case", case.case_code, 0, {"text": "x"}),
              "format_version": 99}
    other = {**client.make("comment.add", "case", case.case_code, 0, {"text": "x"}),
             "author": _outsider(case)}
    unknown = client.make("task.fly", "review_task", _tasks(case)[case.lead_department].id, 1)
    missing = client.make("task.claim", "review_task", "NOPE", 1)
    bad = client.make("material.verdict", "material", material,
                      version(sandbox, "material", material),
                      {"check": "authenticity", "verdict": "fail"})  # a failure needs a reason
    codes = [r["error"]["code"] for r in client.commands([future, other, unknown, missing, bad])]
    assert codes == ["command.unsupported_format", "command.wrong_author",
                     "command.unknown_kind", "not_found", "material.fail_without_reason"]


def give_opinion(sandbox: Sandbox, client: Any, task: str) -> None:
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    pass_on_platform(sandbox, client, task)
    given = client.command("task.give_opinion", "review_task", task,
                           claimed["record"]["version"], {"opinion": "同意"})
    assert given["status"] == "applied", given


def test_correction_items_combine_into_one_notice_issued_by_the_lead(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(4)
    departments = [d for d in _tasks(case) if _materials(case, d)][:2]
    assert len(departments) == 2 and departments[0] == case.lead_department
    clients = {d: login(user(DEMO, d)) for d in departments}
    for dept, client in clients.items():
        task = _tasks(case)[dept].id
        claimed = client.command("task.claim", "review_task", task,
                                 version(sandbox, "review_task", task))
        assert claimed["status"] == "applied", claimed
        asked = client.command("task.request_correction", "review_task", task,
                               claimed["record"]["version"],
                               {"items": [{"material_name": _materials(case, dept)[0].name,
                                           "department_code": dept, "reason": "缺少盖章"}]})
        assert asked["status"] == "applied", asked
        # Nothing went to the applicant yet: the department reviews on.
        assert asked["record"]["status"] == "in_review"
        notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")
        # The notice waits for every check of the department's materials.
        pass_on_platform(sandbox, client, task)
    assert len(notice["items"]) == 2 and notice["status"] == "draft"
    # The case's other departments found nothing to correct: they give their opinion,
    # or the one notice could not go out yet (their review is still open).
    for dept, task in _tasks(case).items():
        if dept not in departments:
            give_opinion(sandbox, login(user(DEMO, dept)), task.id)
    lead, other = (clients[d] for d in departments)
    refused = other.command("correction_notice.issue", "correction_notice", notice["id"],
                            notice["version"])
    assert refused["error"]["code"] == "forbidden"  # only the lead department issues it
    issued = lead.command("correction_notice.issue", "correction_notice", notice["id"],
                          notice["version"])
    assert issued["status"] == "applied", issued
    assert issued["record"]["status"] == "issued"
    case_after = next(r for r in issued["related"] if r["entity"] == "case")
    assert case_after["status"] == "awaiting_applicant"
    # Issued, the notice holds the two departments' items: their tasks wait now.
    for dept in departments:
        waiting = sandbox.platform.record("review_task", _tasks(case)[dept].id)
        assert waiting is not None and waiting.body["status"] == "awaiting_applicant"
    # A department cannot start a second notice while the first is out.
    task = sandbox.platform.record("review_task", _tasks(case)[case.lead_department].id)
    assert task is not None
    more = lead.command("task.request_correction", "review_task", task.id, task.version,
                        {"items": [{"material_name": "x", "department_code": task.department_code,
                                    "reason": "y"}]})
    assert more["status"] == "refused"


def test_suspend_resume_and_extension_move_the_deadline(
        sandbox: Sandbox, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # On a day within the case's period: on the machine's date the demo's deadlines
    # have passed, and Art. 42 and 45 refuse an extension or a stop dated back then.
    monday = dt.datetime(2025, 3, 10, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    monkeypatch.setattr(sandbox.platform, "clock", lambda: monday)
    case = _case(5)
    code, task = case.case_code, _tasks(case)[case.lead_department].id
    reviewer = login(user(DEMO, case.lead_department))
    signer = login(user(DEMO, case.lead_department, "signer"))
    reviewer.command("task.claim", "review_task", task, version(sandbox, "review_task", task))
    before = sandbox.platform.record("case", code)
    assert before is not None
    suspended = reviewer.command("case.suspend", "case", code, before.version,
                                 {"procedure": "expert_review", "started_on": "2025-03-03"})
    assert suspended["status"] == "applied", suspended
    proc = suspended["record"]
    ended = reviewer.command("special_procedure.end", "special_procedure", proc["id"],
                             proc["version"], {"ended_on": "2025-03-07"})
    assert ended["status"] == "applied", ended
    after = sandbox.platform.record("case", code)
    assert after is not None and after.body["status"] == "in_review"
    assert after.body["due_date"] > before.body["due_date"]  # a week did not count
    asked = reviewer.command("extension.request", "case", code, 0,
                             {"working_days": 5, "reason": "需专家论证"})
    ext = asked["record"]
    assert ext["status"] == "requested"
    refused = reviewer.command("extension.approve", "extension", ext["id"], ext["version"])
    assert refused["error"]["code"] == "role.missing"  # a reviewer does not approve
    approved = signer.command("extension.approve", "extension", ext["id"], ext["version"])
    assert approved["status"] == "applied", approved
    final = sandbox.platform.record("case", code)
    assert final is not None and final.body["due_date"] > after.body["due_date"]


def test_give_opinion_by_all_departments_moves_the_case_to_deciding(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(6)
    for dept, task in _tasks(case).items():
        client = login(user(DEMO, dept))
        claimed = client.command("task.claim", "review_task", task.id,
                                 version(sandbox, "review_task", task.id))
        pass_on_platform(sandbox, client, task.id)
        given = client.command("task.give_opinion", "review_task", task.id,
                               claimed["record"]["version"], {"opinion": "同意"})
        assert given["status"] == "applied", given
    stored = sandbox.platform.record("case", case.case_code)
    assert stored is not None and stored.body["status"] == "deciding"
    # Another department sees the published opinion, not the assignee.
    other = list(_tasks(case))[1]
    view, _ = login(user(DEMO, other)).pull_all()
    lead_task = view[("review_task", _tasks(case)[case.lead_department].id)]["record"]
    assert lead_task["opinion"] == "同意" and lead_task["assignee"] is None
    assert lead_task["view"] == "reduced"


def test_feed_names_the_callers_applied_commands(sandbox: Sandbox, login: Any) -> None:
    case = _case(7)
    second = [u.username for u in DEMO.users
              if u.department_code == case.lead_department and "reviewer" in u.roles][1]
    client = login(second)
    _, cursor = client.pull_all()
    task = _tasks(case)[case.lead_department].id
    result = client.command("task.claim", "review_task", task,
                            version(sandbox, "review_task", task))
    page = client.get("/changes", since=cursor).json()
    assert result["command_id"] in page["applied_command_ids"]


def test_oversized_and_malformed_bodies(sandbox: Sandbox, login: Any) -> None:
    case = _case(0)
    client = login(user(DEMO, case.lead_department))
    big = client.make("comment.add", "case", case.case_code, 0, {"text": "x" * (1024 * 1024)})
    r = client.post("/commands", {"commands": [big]})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"
    r = client.post("/commands", {"commands": [{"id": "not-a-uuid"}]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    r = requests.post(f"{sandbox.url}/api/v1/commands", data=b"{not json", timeout=10,
                      headers={"Authorization": f"Bearer {client.access}",
                               "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    r = client.get("/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert str(uuid.uuid4())


def test_catalog_and_calendar(login: Any) -> None:
    client = login(user(DEMO, DEMO.departments[0].code))
    catalog = v1.Catalog.model_validate(client.get("/catalog").json())
    assert [e.item.code for e in catalog.entries] == sorted(e.item.code for e in DEMO.catalog)
    assert {d.code for d in catalog.departments} == {d.code for d in DEMO.departments}
    years = [v1.CalendarYear.model_validate(y) for y in client.get("/calendar").json()]
    assert [y.year for y in years] == [y["year"] for y in DEMO.calendar_years]
    one = client.get("/calendar", year=years[0].year)
    assert one.status_code == 200 and len(one.json()) == 1
    assert client.get("/calendar", year=2031).status_code == 404


def test_a_chunked_body_whose_last_chunk_crosses_the_limit_gets_413(
        sandbox: Sandbox, login: Any) -> None:
    client = login(user(DEMO, _case(0).lead_department))

    def one_big_chunk() -> Iterator[bytes]:
        # Chunked (no Content-Length); the only chunk is also the last one, so
        # the limit must not wait for more body that never comes.
        yield b'{"commands": [' + b" " * (1024 * 1024 + 10) + b"]}"

    r = requests.post(f"{sandbox.url}/api/v1/commands", data=one_big_chunk(), timeout=10,
                      headers={"Authorization": f"Bearer {client.access}",
                               "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request.too_large"
