"""The platform takes a verdict on a department's materials only from the task's holder.

9.5.1: the reviewer who has the task records the verdicts, while the task is
in review. Not from anyone on an unclaimed task, not from a colleague over
the holder's (a verdict re-applied from a conflict after the task changed
hands included: it would overwrite the holder's), not after the
department's opinion (it rests on the verdicts it had). The refusal names
the holder as colleagues read them, not by user name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_data, start, version
from support.verdicts import pass_on_platform

from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=1)
CODE = DEMO.fresh_cases[0]
DEPT = next(t.department_code for t in DEMO.tasks if t.case_code == CODE)
TASK = next(t.id for t in DEMO.tasks if t.case_code == CODE and t.department_code == DEPT)
MATERIAL = next(m for m in DEMO.materials if m.case_code == CODE and m.department_code == DEPT)
FIRST, SECOND = [u for u in DEMO.users if u.department_code == DEPT and "reviewer" in u.roles][:2]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _verdict(sandbox: Sandbox, client: Any, verdict: str = "pass") -> dict[str, Any]:
    payload = {"check": "legality", "verdict": verdict}
    if verdict == "fail":
        payload["note"] = "经营范围与申请事项不符"
    result: dict[str, Any] = client.command("material.verdict", "material", MATERIAL.id,
                                            version(sandbox, "material", MATERIAL.id), payload)
    return result


def _legality(sandbox: Sandbox) -> str:
    stored = sandbox.platform.record("material", MATERIAL.id)
    assert stored is not None
    return next(str(c["verdict"]) for c in stored.body["checks"] if c["check"] == "legality")


def test_only_the_holder_in_review_records_verdicts(sandbox: Sandbox, login: Any) -> None:
    first, second = login(FIRST.username), login(SECOND.username)

    unclaimed = _verdict(sandbox, first)
    assert unclaimed["status"] == "refused", unclaimed
    assert unclaimed["error"]["code"] == "material.task_not_in_review"

    claimed = second.command("task.claim", "review_task", TASK,
                             version(sandbox, "review_task", TASK))
    assert claimed["status"] == "applied", claimed
    assert _verdict(sandbox, second, "fail")["status"] == "applied"
    # The first reviewer's verdict (a conflict re-applied on the current version
    # is such a command) would overwrite the holder's: refused, the holder named.
    over = _verdict(sandbox, first)
    assert over["status"] == "refused", over
    assert over["error"]["code"] == "material.not_task_holder"
    said = over["error"]["message"]["zh"] + over["error"]["message"]["en"]
    assert SECOND.display_name in said and SECOND.username not in said
    assert _legality(sandbox) == "fail"

    pass_on_platform(sandbox, second, TASK)
    given = second.command("task.give_opinion", "review_task", TASK,
                           version(sandbox, "review_task", TASK), {"opinion": "同意"})
    assert given["status"] == "applied", given
    after = _verdict(sandbox, second, "fail")
    assert after["status"] == "refused", after
    assert after["error"]["code"] == "material.task_not_in_review"
