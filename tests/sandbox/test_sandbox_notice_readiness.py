"""The one correction notice goes out only after every department's material review.

6.9, 9.3.3 (PRODUCT step 4): a department's defect found after the notice
could not be told at all, so the lead's issue is refused while a
department's task (the lead's own included) is unclaimed, or in review with
a check of its materials still without a verdict, items in the draft or
not. Adding items leaves the department reviewing: it records more verdicts
and adds more items to the same draft; its task waits for the applicant only
once the notice is issued. The applicant's text names departments by name,
not code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.domain.model import Material
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=1)
CODE = DEMO.fresh_cases[0]
CASE = next(c for c in DEMO.cases if c.case_code == CODE)
TASKS = {t.department_code: t for t in DEMO.tasks if t.case_code == CODE}
NAMES = {d.code: d.name for d in DEMO.departments}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _materials(department: str) -> list[Material]:
    return [m for m in DEMO.materials if m.case_code == CODE and m.department_code == department]


def _status(sandbox: Sandbox, department: str) -> str:
    task = sandbox.platform.record("review_task", TASKS[department].id)
    assert task is not None
    return str(task.body["status"])


def _claim(sandbox: Sandbox, client: Any, department: str) -> None:
    task = TASKS[department].id
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed


def _fail(sandbox: Sandbox, client: Any, material: Material, reason: str) -> None:
    done = client.command("material.verdict", "material", material.id,
                          version(sandbox, "material", material.id),
                          {"check": "authenticity", "verdict": "fail", "note": reason})
    assert done["status"] == "applied", done


def _contribute(sandbox: Sandbox, client: Any, department: str, material: Material,
                reason: str) -> dict[str, Any]:
    task = TASKS[department].id
    asked: dict[str, Any] = client.command(
        "task.request_correction", "review_task", task, version(sandbox, "review_task", task),
        {"items": [{"material_name": material.name, "department_code": department,
                    "reason": reason}]})
    assert asked["status"] == "applied", asked
    return next(r for r in asked["related"] if r["entity"] == "correction_notice")


def _issue(sandbox: Sandbox, lead: Any, notice_id: str) -> dict[str, Any]:
    result: dict[str, Any] = lead.command("correction_notice.issue", "correction_notice",
                                          notice_id,
                                          version(sandbox, "correction_notice", notice_id))
    return result


def _still_reviewing(sandbox: Sandbox, lead: Any, notice_id: str) -> str:
    early = _issue(sandbox, lead, notice_id)
    assert early["status"] == "refused", early
    assert early["error"]["code"] == "correction.others_not_reviewed"
    return str(early["error"]["details"]["departments"])


def test_the_notice_waits_for_every_department_s_checks(sandbox: Sandbox, login: Any) -> None:
    lead_dept = CASE.lead_department
    first, *rest = sorted(d for d in TASKS if d != lead_dept)
    assert rest, "a case of three departments or more"
    lead = login(user(DEMO, lead_dept))
    _claim(sandbox, lead, lead_dept)
    mine = _materials(lead_dept)[0]
    _fail(sandbox, lead, mine, "缺少盖章")
    notice = _contribute(sandbox, lead, lead_dept, mine, "缺少盖章")

    # The lead's own checks are pending too: it names itself with the others.
    named = _still_reviewing(sandbox, lead, notice["id"])
    assert all(NAMES[d] in named for d in (lead_dept, first, *rest))

    # Items in the draft with checks still pending: the department reviews on.
    them = login(user(DEMO, first))
    _claim(sandbox, them, first)
    theirs, later, *_ = _materials(first)
    _fail(sandbox, them, theirs, "平面图未标注安全出口")
    _contribute(sandbox, them, first, theirs, "平面图未标注安全出口")
    assert _status(sandbox, first) == "in_review"
    assert NAMES[first] in _still_reviewing(sandbox, lead, notice["id"])
    # ... records its next verdicts, and adds what they find to the same draft.
    _fail(sandbox, them, later, "缺少法定代表人签字")
    again = _contribute(sandbox, them, first, later, "缺少法定代表人签字")
    assert again["id"] == notice["id"]
    pass_on_platform(sandbox, them, TASKS[first].id)
    pass_on_platform(sandbox, lead, TASKS[lead_dept].id)
    still = _still_reviewing(sandbox, lead, notice["id"])
    assert NAMES[first] not in still and NAMES[lead_dept] not in still
    assert all(NAMES[d] in still for d in rest)

    # The others found nothing to correct: every check decided is their review,
    # with the opinion given or not.
    for n, dept in enumerate(rest):
        other = login(user(DEMO, dept))
        _claim(sandbox, other, dept)
        pass_on_platform(sandbox, other, TASKS[dept].id)
        if n == 0:
            given = other.command("task.give_opinion", "review_task", TASKS[dept].id,
                                  version(sandbox, "review_task", TASKS[dept].id),
                                  {"opinion": "材料齐全，同意"})
            assert given["status"] == "applied", given
    issued = _issue(sandbox, lead, notice["id"])
    assert issued["status"] == "applied", issued
    assert len(issued["record"]["items"]) == 3

    # Issued: the departments it speaks for wait for the applicant; the others
    # review on (or keep their opinion).
    assert _status(sandbox, lead_dept) == _status(sandbox, first) == "awaiting_applicant"
    assert _status(sandbox, rest[0]) == "opinion_given"
    assert all(_status(sandbox, d) == "in_review" for d in rest[1:])

    with sandbox.platform.engine.connect() as conn:
        (told,) = [s.body for s in Ledger(conn).of_case(CODE, "notification")]
    text = told["text"]
    assert f"（{NAMES[lead_dept]}）：缺少盖章" in text
    assert f"（{NAMES[first]}）：平面图未标注安全出口" in text
    assert lead_dept not in text and first not in text  # names, not codes
