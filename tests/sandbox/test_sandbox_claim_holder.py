"""A claim of a task a colleague holds is refused naming the colleague, on the platform too.

QA: claiming a colleague's task, or losing a claim race, was refused with the
state machine's sentence (审核任务当前为"审核中"，不能"认领"…办理环节须按程序依次进行):
nothing said it was claimed, nor by whom.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_data, start, version

from backoffice import messages
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=2)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def test_a_colleagues_claim_is_named(sandbox: Sandbox, login: Any) -> None:
    case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[0])
    task = next(t for t in DEMO.tasks
                if t.case_code == case.case_code and t.department_code == case.lead_department)
    first, second = [u for u in DEMO.users
                     if u.department_code == case.lead_department and "reviewer" in u.roles][:2]
    mine = login(first.username)
    assert mine.command("task.claim", "review_task", task.id,
                        version(sandbox, "review_task", task.id))["status"] == "applied"
    theirs = login(second.username)
    refused = theirs.command("task.claim", "review_task", task.id,
                             version(sandbox, "review_task", task.id))
    error, details = refused["error"], refused["error"]["details"]
    assert refused["status"] == "refused" and error["code"] == "task.already_claimed"
    assert (details["holder"], details["holder_login"]) == (first.display_name, first.username)
    said = messages.render_code(error["code"], details, "zh")
    assert said == error["message"]["zh"]
    assert f"已由 {first.display_name} 认领" in said and "按程序依次" not in said
    again = mine.command("task.claim", "review_task", task.id,
                         version(sandbox, "review_task", task.id))
    assert again["error"]["code"] == "task.already_yours"
