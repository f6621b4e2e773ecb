"""The platform takes a department's opinion only once its own materials' checks have verdicts.

9.5.1: each department audits its materials' authenticity, legality and
conformity before its opinion. Only the desktop's button held it back: a CLI
user, another client or a command queued offline gave "同意" with every check
pending. Refused as ``task.checks_pending``, naming the materials; a failed
check and one not applicable are verdicts; another department's checks are
its own business. Over HTTP, on a fresh case of several departments.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import Client, demo_data, start, user, version

from backoffice.domain.model import Check
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=1)
CODE = DEMO.fresh_cases[0]
CASE = next(c for c in DEMO.cases if c.case_code == CODE)
TASKS = {t.department_code: t.id for t in DEMO.tasks if t.case_code == CODE}
LEAD = CASE.lead_department
SECOND, THIRD = sorted(d for d in TASKS if d != LEAD)[:2]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _materials(department: str) -> list[tuple[str, str]]:
    """(id, name) of the department's materials on the case."""
    return [(m.id, m.name) for m in DEMO.materials
            if m.case_code == CODE and m.department_code == department]


def _claimed(sandbox: Sandbox, login: Any, department: str) -> Client:
    client: Client = login(user(DEMO, department))
    task = TASKS[department]
    done = client.command("task.claim", "review_task", task, version(sandbox, "review_task", task))
    assert done["status"] == "applied", done
    return client


def _opinion(sandbox: Sandbox, client: Client, department: str, text: str) -> dict[str, Any]:
    task = TASKS[department]
    return client.command("task.give_opinion", "review_task", task,
                          version(sandbox, "review_task", task), {"opinion": text})


def _verdict(sandbox: Sandbox, client: Client, material: str, check: Check, verdict: str,
             note: str = "") -> None:
    done = client.command("material.verdict", "material", material,
                          version(sandbox, "material", material),
                          {"check": check.value, "verdict": verdict, "note": note})
    assert done["status"] == "applied", done


def test_an_opinion_with_every_check_pending_is_refused(sandbox: Sandbox, login: Any) -> None:
    names = [name for _, name in _materials(LEAD)]
    assert len(names) > 1
    client = _claimed(sandbox, login, LEAD)
    before = sandbox.platform.record("review_task", TASKS[LEAD])
    assert before is not None
    refused = _opinion(sandbox, client, LEAD, "材料齐全，同意")
    assert refused["status"] == "refused", refused
    error = refused["error"]
    assert error["code"] == "task.checks_pending"
    assert error["details"]["case_code"] == CODE
    assert sorted(error["details"]["materials"]) == sorted(names)
    assert "、".join(error["details"]["materials"]) in error["message"]["zh"]
    after = sandbox.platform.record("review_task", TASKS[LEAD])
    assert after is not None and after.version == before.version
    assert after.body["status"] == "in_review" and not after.body.get("opinion")


def test_every_verdict_given_a_failed_one_too_lets_the_opinion_in(
        sandbox: Sandbox, login: Any) -> None:
    client = _claimed(sandbox, login, SECOND)
    (first, _), *others = _materials(SECOND)
    assert others
    _verdict(sandbox, client, first, Check.AUTHENTICITY, "pass")
    _verdict(sandbox, client, first, Check.LEGALITY, "fail", "印章不清晰")
    _verdict(sandbox, client, first, Check.CONFORMITY, "not_applicable")
    last, last_name = others[-1]
    for material, _ in others:
        for check in Check:
            if (material, check) != (last, Check.CONFORMITY):
                _verdict(sandbox, client, material, check, "pass")
    # One check left: only its material is named.
    refused = _opinion(sandbox, client, SECOND, "印章不清晰，不同意。")
    assert refused["error"]["code"] == "task.checks_pending", refused
    assert refused["error"]["details"]["materials"] == [last_name]
    _verdict(sandbox, client, last, Check.CONFORMITY, "pass")
    # The lead's checks are still pending: they are not this department's.
    given = _opinion(sandbox, client, SECOND, "印章不清晰，不同意。")
    assert given["status"] == "applied", given
    assert given["record"]["status"] == "opinion_given"
    assert given["record"]["opinion"] == "印章不清晰，不同意。"


def test_a_task_not_claimed_hears_its_state_first(sandbox: Sandbox, login: Any) -> None:
    client: Client = login(user(DEMO, THIRD))
    refused = _opinion(sandbox, client, THIRD, "同意。")
    assert refused["status"] == "refused", refused
    assert refused["error"]["code"] == "state.illegal_transition"
