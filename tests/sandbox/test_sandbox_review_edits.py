"""Handing a task to a colleague, the lead's edits of the combined notice, deferred owners.

On the real generator's data (``fresh`` cases, like ``test_sandbox_commands``),
over real HTTP: the colleague list is scoped to the caller's department and
holds no secrets; ``task.transfer`` with ``to_user`` keeps the task in the
department; ``correction_notice.edit`` is the lead's and the notice keeps what
was dropped, and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.api import v1
from backoffice.domain.model import Case, Material, ReviewTask
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=6)
CASE_CODES = DEMO.fresh_cases


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _case(n: int) -> Case:
    return next(c for c in DEMO.cases if c.case_code == CASE_CODES[n])


def _task(case: Case, department: str) -> ReviewTask:
    return next(t for t in DEMO.tasks
                if t.case_code == case.case_code and t.department_code == department)


def _materials(case: Case, department: str) -> list[Material]:
    return [m for m in DEMO.materials
            if m.case_code == case.case_code and m.department_code == department]


def _reviewers(department: str) -> list[str]:
    return [u.username for u in DEMO.users
            if u.department_code == department and "reviewer" in u.roles]


def _department_with_two_reviewers(case: Case) -> str:
    departments = {t.department_code for t in DEMO.tasks if t.case_code == case.case_code}
    return next(d for d in sorted(departments) if len(_reviewers(d)) >= 2)


def test_colleagues_are_the_callers_department_only_without_secrets(
        sandbox: Sandbox, login: Any) -> None:
    department = _department_with_two_reviewers(_case(0))
    client = login(_reviewers(department)[0])
    answer = client.get(f"/departments/{department}/users")
    assert answer.status_code == 200, answer.text
    listed = v1.DepartmentUsers.model_validate(answer.json())
    expected = sorted(u.username for u in DEMO.users if u.department_code == department)
    assert [u.username for u in listed.users] == expected
    assert "password" not in answer.text and "scrypt" not in answer.text
    other = next(d.code for d in DEMO.departments if d.code != department)
    refused = client.get(f"/departments/{other}/users")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_a_task_is_handed_to_a_colleague_and_stays_in_the_department(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(1)
    department = _department_with_two_reviewers(case)
    me, colleague = _reviewers(department)[:2]
    client = login(me)
    task = _task(case, department).id
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed
    outsider = next(u.username for u in DEMO.users if u.department_code != department)
    wrong = client.command("task.transfer", "review_task", task, claimed["record"]["version"],
                           {"to_user": outsider})
    assert wrong["error"]["code"] == "transfer.unknown_colleague"
    same = client.command("task.transfer", "review_task", task, claimed["record"]["version"],
                          {"to_user": me})
    assert same["error"]["code"] == "transfer.same_assignee"
    handed = client.command("task.transfer", "review_task", task, claimed["record"]["version"],
                            {"to_user": colleague})
    assert handed["status"] == "applied", handed
    record = handed["record"]
    assert (record["status"], record["assignee"], record["department_code"]) == (
        "in_review", colleague, department)
    # Now the colleague's: taking it back is a coordinator's call, not a reviewer's.
    back = client.command("task.transfer", "review_task", task, record["version"],
                          {"to_user": me})
    assert back["status"] == "refused" and back["error"]["code"] == "task.claimed_by_other"


def _coordinator(department: str) -> str:
    return next(u.username for u in DEMO.users
                if u.department_code == department and "coordinator" in u.roles)


def test_only_a_coordinator_releases_a_colleagues_claim(sandbox: Sandbox, login: Any) -> None:
    case = _case(3)
    department = _department_with_two_reviewers(case)
    me, colleague = _reviewers(department)[:2]
    task = _task(case, department).id
    claimed = login(colleague).command("task.claim", "review_task", task,
                                       version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed
    at = claimed["record"]["version"]
    mine = login(me)
    released = mine.command("task.release", "review_task", task, at)
    assert released["status"] == "refused", released
    error = released["error"]
    assert error["code"] == "task.claimed_by_other"
    assert error["details"] == {"task": task, "assignee": colleague}
    assert colleague in error["message"]["en"] and "coordinator" in error["message"]["en"]
    assert (version(sandbox, "review_task", task), claimed["record"]["assignee"]) == (
        at, colleague)  # nothing happened
    by_coordinator = login(_coordinator(department)).command(
        "task.release", "review_task", task, at)
    assert by_coordinator["status"] == "applied", by_coordinator
    assert (by_coordinator["record"]["status"], by_coordinator["record"]["assignee"]) == (
        "unclaimed", None)
    # Their own claim a reviewer releases as before.
    again = mine.command("task.claim", "review_task", task, by_coordinator["record"]["version"])
    own = mine.command("task.release", "review_task", task, again["record"]["version"])
    assert own["status"] == "applied", own


def test_a_coordinator_claims_only_for_someone_who_reviews_for_the_task(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(4)
    department = _department_with_two_reviewers(case)
    task = _task(case, department).id
    coordinator = login(_coordinator(department))
    at = version(sandbox, "review_task", task)
    outsider = next(u.username for u in DEMO.users
                    if u.department_code != department and "reviewer" in u.roles)
    signer = next((u.username for u in DEMO.users if u.department_code == department
                   and u.roles == ("signer",)), None)
    for nobody in filter(None, ["ghost.user.does.not.exist", outsider, signer]):
        refused = coordinator.command("task.claim", "review_task", task, at,
                                      {"assignee": nobody})
        assert refused["status"] == "refused", (nobody, refused)
        assert refused["error"]["code"] == "transfer.unknown_colleague"
        assert version(sandbox, "review_task", task) == at  # nothing happened
    colleague = _reviewers(department)[1]
    given = coordinator.command("task.claim", "review_task", task, at, {"assignee": colleague})
    assert given["status"] == "applied", given
    assert given["record"]["assignee"] == colleague


def test_the_lead_rewords_and_drops_items_and_the_notice_keeps_why(
        sandbox: Sandbox, login: Any) -> None:
    case = _case(2)
    departments = [t.department_code for t in DEMO.tasks
                   if t.case_code == case.case_code and _materials(case, t.department_code)]
    other = next(d for d in departments if d != case.lead_department)
    clients = {d: login(user(DEMO, d)) for d in (case.lead_department, other)}
    notice: dict[str, Any] = {}
    for dept, client in clients.items():
        task = _task(case, dept).id
        claimed = client.command("task.claim", "review_task", task,
                                 version(sandbox, "review_task", task))
        # An e-licence is never an item (9.1.2): the department's own papers are.
        names = [m.name for m in _materials(case, dept)
                 if not m.from_shared_platform][:2] or ["x"]
        asked = client.command("task.request_correction", "review_task", task,
                               claimed["record"]["version"],
                               {"items": [{"material_name": n, "department_code": dept,
                                           "reason": f"{n}缺少盖章"} for n in names]})
        assert asked["status"] == "applied", asked
        notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")
        # The notice waits for every check of the department's materials too.
        pass_on_platform(sandbox, client, task)
    theirs = [i for i in notice["items"] if i["department_code"] == other]
    lead, non_lead = clients[case.lead_department], clients[other]
    edit = {"item": theirs[0], "reason": "请提供加盖公章的原件扫描件"}
    refused = non_lead.command("correction_notice.edit", "correction_notice", notice["id"],
                               notice["version"], edit)
    assert refused["error"]["code"] == "forbidden"  # only the lead department edits
    both = lead.command("correction_notice.edit", "correction_notice", notice["id"],
                        notice["version"], {**edit, "dropped_reason": "重复"})
    assert both["error"]["code"] == "correction.bad_edit"
    reworded = lead.command("correction_notice.edit", "correction_notice", notice["id"],
                            notice["version"], edit)
    assert reworded["status"] == "applied", reworded
    stale = lead.command("correction_notice.edit", "correction_notice", notice["id"],
                         reworded["record"]["version"],
                         {"item": theirs[0], "dropped_reason": "已在共享平台核验"})
    assert stale["error"]["code"] == "correction.item_not_found"  # it was reworded meanwhile
    last = reworded["record"]
    dropped = lead.command("correction_notice.edit", "correction_notice", notice["id"],
                           last["version"],
                           {"item": {**theirs[0], "reason": "请提供加盖公章的原件扫描件"},
                            "dropped_reason": "已在共享平台核验"})
    assert dropped["status"] == "applied", dropped
    record = dropped["record"]
    assert len(record["items"]) == len(notice["items"]) - 1
    assert record["removed"] == [
        {**theirs[0], "dropped_reason": ""},
        {**theirs[0], "reason": "请提供加盖公章的原件扫描件", "dropped_reason": "已在共享平台核验"}]
    # The other department sees the record (the notice is case-level) with what was removed.
    changes, _ = non_lead.pull_all()
    seen = changes[("correction_notice", notice["id"])]["record"]
    assert seen["removed"] == record["removed"]
    # The case's other departments found nothing to correct: their opinions close
    # their review, which the one notice waits for.
    for task in DEMO.tasks:
        if task.case_code == case.case_code and task.department_code not in clients:
            them = login(user(DEMO, task.department_code))
            claimed = them.command("task.claim", "review_task", task.id,
                                   version(sandbox, "review_task", task.id))
            pass_on_platform(sandbox, them, task.id)
            given = them.command("task.give_opinion", "review_task", task.id,
                                 claimed["record"]["version"], {"opinion": "同意"})
            assert given["status"] == "applied", given
    issued = lead.command("correction_notice.issue", "correction_notice", notice["id"],
                          record["version"])
    assert issued["status"] == "applied", issued
    late = lead.command("correction_notice.edit", "correction_notice", notice["id"],
                        issued["record"]["version"],
                        {"item": record["items"][0], "reason": "改"})
    assert late["error"]["code"] == "correction.already_issued"


def test_deferred_materials_name_the_department_that_asks_for_them(sandbox: Sandbox,
                                                                  login: Any) -> None:
    deferred = [d for d in DEMO.deferred]
    assert deferred and all(d.department_code for d in deferred)
    d = deferred[0]
    case = next(c for c in DEMO.cases if c.case_code == d.case_code)
    client = login(user(DEMO, case.lead_department))
    changes, _ = client.pull_all()
    record = changes[("deferred_material", d.id)]["record"]
    assert record["department_code"] == d.department_code
