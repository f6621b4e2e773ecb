"""The change feed over the real demo data: snapshot, scope, reduced records, cursor
resume, 410, left_scope."""

from __future__ import annotations

from typing import Any

from support.sandbox_env import LIVE, case_departments, user

from backoffice.api import convert, v1
from backoffice.sandbox.server import Sandbox


def _shared_cases(demo: Any) -> list[str]:
    """Cases with live tasks of two or more departments, in generation order."""
    return [c.case_code for c in demo.cases if c.status.value != "withdrawn"
            and len({t.department_code for t in demo.tasks
                     if t.case_code == c.case_code and t.status.value in LIVE}) >= 2]


def test_snapshot_is_valid_and_scoped(demo: Any, login: Any) -> None:
    shared = _shared_cases(demo)[0]
    dept = next(c.lead_department for c in demo.cases if c.case_code == shared)
    r = login(user(demo, dept)).get("/changes", limit=1000)
    page = v1.ChangesPage.model_validate(r.json())  # what the client of issue 4 does
    assert not page.has_more
    records = [c.record for c in page.changes if c.record is not None]
    for record in records:
        convert.to_domain(record)  # domain rules hold for every record
    cases = {x.case_code for x in records if x.entity == "case"}
    expected = {c.case_code for c in demo.cases if dept in case_departments(demo, c.case_code)}
    assert shared in cases and cases == expected
    assert all(x.due_date is not None for x in records if x.entity == "case")
    materials = [x for x in records if x.entity == "material"]
    assert materials and {x.department_code for x in materials} == {dept}
    tasks = [x for x in records if x.entity == "review_task"]
    assert {t.view for t in tasks if t.department_code == dept} == {"full"}
    assert {t.view for t in tasks if t.department_code != dept} == {"reduced"}
    assert all(t.assignee is None for t in tasks if t.department_code != dept)
    assert all(t.step_due_date is not None for t in tasks)
    assert {x.entity for x in records} >= {"department", "service_item", "case", "review_task",
                                           "material"}


def test_cursor_resume_gives_exactly_the_rest(demo: Any, login: Any) -> None:
    client = login(user(demo, demo.cases[0].lead_department))
    everything, _ = client.pull_all()
    first = client.get("/changes", limit=7).json()
    second = client.get("/changes", limit=7, since=first["next_cursor"]).json()
    assert first["has_more"] and second["has_more"]
    rest, _ = client.pull_all(since=second["next_cursor"], limit=5)  # "after a crash"
    got = [(c["entity"], c["id"]) for c in first["changes"] + second["changes"]] + list(rest)
    assert sorted(got) == sorted(everything) and len(got) == len(set(got))
    seqs = [c["seq"] for c in first["changes"] + second["changes"]]
    assert seqs == sorted(seqs)


def test_a_page_with_more_names_the_next_in_its_link_header(demo: Any, login: Any) -> None:
    """RFC 8288 ``rel="next"``, before the body: what the client asks for ahead (issue 4)."""
    client = login(user(demo, demo.cases[0].lead_department))
    first = client.get("/changes", limit=7)
    body = first.json()
    assert body["has_more"]
    assert first.links["next"]["url"] == (
        f"{v1.API_PREFIX}/changes?since={body['next_cursor']}&limit=7")
    # Following it gives the page the body's cursor gives.
    followed = client.session.get(client.base + first.links["next"]["url"], timeout=10,
                                  headers={"Authorization": f"Bearer {client.access}"})
    assert followed.json() == client.get("/changes", limit=7, since=body["next_cursor"]).json()
    _, cursor = client.pull_all()
    last = client.get("/changes", since=cursor)
    assert not last.json()["has_more"] and "Link" not in last.headers


def test_idle_cursor_returns_nothing(demo: Any, login: Any) -> None:
    client = login(user(demo, demo.departments[0].code))
    _, cursor = client.pull_all()
    page = client.get("/changes", since=cursor).json()
    assert page["changes"] == [] and page["next_cursor"] == cursor and not page["has_more"]


def test_unknown_cursor_is_410(demo: Any, login: Any) -> None:
    client = login(user(demo, demo.departments[0].code))
    for bad in ("garbage", "MTpkZWFkYmVlZjo1", "MTpkZWFkYmVlZjpYWA"):
        r = client.get("/changes", since=bad)
        assert r.status_code == 410, r.text
        assert r.json()["error"]["code"] == "cursor.expired"


def test_bad_limit_is_our_422(demo: Any, login: Any) -> None:
    r = login(user(demo, demo.departments[0].code)).get("/changes", limit=0)
    assert r.status_code == 422
    body = v1.ErrorResponse.model_validate(r.json())
    assert body.error.code == "request.invalid" and body.error.details["errors"]


def test_transfer_leaves_scope_and_enters_the_receivers(sandbox: Sandbox, demo: Any,
                                                        login: Any) -> None:
    # An unclaimed task of a department that is not the lead and has no other
    # live task on the case; the receiver: a department of the same division
    # that is not on the case.
    task = next(t for t in demo.tasks if t.status.value == "unclaimed"
                and t.department_code != next(c.lead_department for c in demo.cases
                                              if c.case_code == t.case_code)
                and sum(1 for u in demo.tasks if u.case_code == t.case_code
                        and u.department_code == t.department_code
                        and u.status.value in LIVE) == 1)
    on_case = case_departments(demo, task.case_code)
    division = task.department_code.rsplit("-", 1)[1]
    receiver = next(d.code for d in demo.departments
                    if d.code.endswith(division) and d.code not in on_case)
    giver, taker = login(user(demo, task.department_code)), login(user(demo, receiver))
    _, giver_cursor = giver.pull_all()
    taker_all, taker_cursor = taker.pull_all()
    assert ("case", task.case_code) not in taker_all
    stored = sandbox.platform.record("review_task", task.id)
    assert stored is not None
    result = giver.command("task.transfer", "review_task", task.id, stored.version,
                           {"to_department": receiver})
    assert result["status"] == "applied", result
    assert result["record"]["status"] == "transferred"
    gone, _ = giver.pull_all(since=giver_cursor)
    left = {k for k, c in gone.items() if c["change"] == "left_scope"}
    assert {("case", task.case_code), ("review_task", task.id)} <= left
    arrived, _ = taker.pull_all(since=taker_cursor)
    assert arrived[("case", task.case_code)]["change"] == "upsert"
    new_tasks = [c for c in arrived.values() if c["entity"] == "review_task"
                 and c["record"]["department_code"] == receiver]
    assert len(new_tasks) == 1 and new_tasks[0]["record"]["status"] == "unclaimed"
    again = giver.command("task.claim", "review_task", task.id, stored.version + 1)
    assert again["status"] == "refused"  # the giver may no longer act on it


def test_withdrawal_leaves_scope_except_for_the_lead(sandbox: Sandbox, demo: Any,
                                                     login: Any) -> None:
    code = _shared_cases(demo)[-1]
    lead_dept = next(c.lead_department for c in demo.cases if c.case_code == code)
    other_dept = min(case_departments(demo, code) - {lead_dept})
    lead, other = login(user(demo, lead_dept)), login(user(demo, other_dept))
    _, lead_cursor = lead.pull_all()
    _, other_cursor = other.pull_all()
    sandbox.platform.withdraw_case(code)
    other_changes, _ = other.pull_all(since=other_cursor)
    assert other_changes[("case", code)]["change"] == "left_scope"
    lead_changes, _ = lead.pull_all(since=lead_cursor)
    case = lead_changes[("case", code)]
    assert case["change"] == "upsert" and case["record"]["status"] == "withdrawn"
