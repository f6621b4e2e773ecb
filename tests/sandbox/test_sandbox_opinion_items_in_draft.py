"""The platform takes no opinion while the department's items wait in the draft notice (6.9).

The last review: a department gave its opinion while its items were in the
case's draft correction notice; the lead issued the notice and the task kept
"opinion given", so the case could be decided while the applicant was still
correcting. The one domain rule the client's store runs too
(``opinion_readiness.check_items_not_in_draft``): refused, naming the
materials; once the lead drops the items the opinion is taken. Over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import Client, demo_data, start, user, version
from support.verdicts import pass_on_platform

from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=1)
CODE = DEMO.fresh_cases[0]
CASE = next(c for c in DEMO.cases if c.case_code == CODE)
TASKS = {t.department_code: t.id for t in DEMO.tasks if t.case_code == CODE}
OTHER = min(d for d in TASKS if d != CASE.lead_department)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _opinion(sandbox: Sandbox, client: Client) -> dict[str, Any]:
    task = TASKS[OTHER]
    return client.command("task.give_opinion", "review_task", task,
                          version(sandbox, "review_task", task), {"opinion": "印章不清晰，不同意。"})


def test_an_opinion_waits_for_the_items_in_the_draft(sandbox: Sandbox, login: Any) -> None:
    client: Client = login(user(DEMO, OTHER))
    task = TASKS[OTHER]
    claimed = client.command("task.claim", "review_task", task,
                             version(sandbox, "review_task", task))
    assert claimed["status"] == "applied", claimed
    pass_on_platform(sandbox, client, task)  # every check has its verdict
    name = next(m.name for m in DEMO.materials if m.case_code == CODE
                and m.department_code == OTHER and not m.from_shared_platform)
    item = {"material_name": name, "department_code": OTHER, "reason": f"{name}缺少盖章"}
    asked = client.command("task.request_correction", "review_task", task,
                           version(sandbox, "review_task", task), {"items": [item]})
    assert asked["status"] == "applied", asked
    notice = next(r for r in asked["related"] if r["entity"] == "correction_notice")

    refused = _opinion(sandbox, client)
    assert refused["status"] == "refused", refused
    assert refused["error"]["code"] == "task.items_in_draft_notice"
    assert refused["error"]["details"]["materials"] == [name]
    assert name in refused["error"]["message"]["zh"]
    stored = sandbox.platform.record("review_task", task)
    assert stored is not None and stored.body["status"] == "in_review"

    # The lead department drops the item: nothing of this department waits any more.
    lead: Client = login(user(DEMO, CASE.lead_department))
    dropped = lead.command("correction_notice.edit", "correction_notice", notice["id"],
                           version(sandbox, "correction_notice", notice["id"]),
                           {"item": item, "dropped_reason": "已在共享平台核验"})
    assert dropped["status"] == "applied", dropped
    given = _opinion(sandbox, client)
    assert given["status"] == "applied", given
    assert given["record"]["status"] == "opinion_given"
