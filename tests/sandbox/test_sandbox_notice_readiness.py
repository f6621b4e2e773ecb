"""The one correction notice goes out only after every department's material review.

6.9, 9.3.3 (PRODUCT step 4): a department's defect found after the notice
could not be told at all, so the lead's issue is refused while another
department's task is unclaimed, or in review with no items and no opinion.
The applicant's text names departments by name, not code.
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


def _material(department: str) -> Material:
    return next(m for m in DEMO.materials
                if m.case_code == CODE and m.department_code == department)


def _claim(sandbox: Sandbox, client: Any, department: str) -> int:
    task = TASKS[department].id
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed
    return int(claimed["record"]["version"])


def _contribute(client: Any, department: str, base: int, reason: str) -> dict[str, Any]:
    asked: dict[str, Any] = client.command(
        "task.request_correction", "review_task", TASKS[department].id, base,
        {"items": [{"material_name": _material(department).name,
                    "department_code": department, "reason": reason}]})
    assert asked["status"] == "applied", asked
    return next(r for r in asked["related"] if r["entity"] == "correction_notice")


def _issue(sandbox: Sandbox, lead: Any, notice_id: str) -> dict[str, Any]:
    result: dict[str, Any] = lead.command("correction_notice.issue", "correction_notice",
                                          notice_id,
                                          version(sandbox, "correction_notice", notice_id))
    return result


def test_the_notice_waits_for_every_department_s_review(sandbox: Sandbox, login: Any) -> None:
    lead_dept = CASE.lead_department
    first, *rest = sorted(d for d in TASKS if d != lead_dept)
    assert rest, "a case of three departments or more"
    lead = login(user(DEMO, lead_dept))
    notice = _contribute(lead, lead_dept, _claim(sandbox, lead, lead_dept), "缺少盖章")

    early = _issue(sandbox, lead, notice["id"])
    assert early["status"] == "refused"
    assert early["error"]["code"] == "correction.others_not_reviewed"
    named = early["error"]["details"]["departments"]
    assert all(NAMES[d] in named for d in (first, *rest))

    # Claimed but not reviewed yet: still open. Its items in the draft: done.
    them = login(user(DEMO, first))
    base = _claim(sandbox, them, first)
    assert NAMES[first] in _issue(sandbox, lead, notice["id"])["error"]["details"][
        "departments"]
    _contribute(them, first, base, "平面图未标注安全出口")
    still = _issue(sandbox, lead, notice["id"])["error"]["details"]["departments"]
    assert NAMES[first] not in still and all(NAMES[d] in still for d in rest)

    # The others found nothing to correct: their opinions are their review.
    for dept in rest:
        other = login(user(DEMO, dept))
        base = _claim(sandbox, other, dept)
        pass_on_platform(sandbox, other, TASKS[dept].id)
        given = other.command("task.give_opinion", "review_task", TASKS[dept].id,
                              base, {"opinion": "材料齐全，同意"})
        assert given["status"] == "applied", given
    issued = _issue(sandbox, lead, notice["id"])
    assert issued["status"] == "applied", issued
    assert len(issued["record"]["items"]) == 2

    with sandbox.platform.engine.connect() as conn:
        (told,) = [s.body for s in Ledger(conn).of_case(CODE, "notification")]
    text = told["text"]
    assert f"（{NAMES[lead_dept]}）：缺少盖章" in text
    assert f"（{NAMES[first]}）：平面图未标注安全出口" in text
    assert lead_dept not in text and first not in text  # names, not codes
