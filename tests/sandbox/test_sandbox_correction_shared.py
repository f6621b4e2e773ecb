"""No correction item for an e-licence the platform looks up itself (9.1.2), on the platform.

The client leaves such materials out of the items it proposes and refuses
one typed in (``ui/inbox/detail_data``); the platform refuses the command by
the same domain rule, so an old client or a script cannot ask the applicant
again for what the shared platform already holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox_env import demo_data, start, user, version

from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=4)
SHARED = next(m for m in DEMO.materials
              if m.case_code in DEMO.fresh_cases and m.from_shared_platform)
OWN = next(m for m in DEMO.materials
           if m.case_code == SHARED.case_code and m.department_code == SHARED.department_code
           and not m.from_shared_platform)
TASK = next(t for t in DEMO.tasks
            if t.case_code == SHARED.case_code and t.department_code == SHARED.department_code)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO)


def _ask(sandbox: Sandbox, client: Any, material_name: str) -> dict[str, Any]:
    asked: dict[str, Any] = client.command(
        "task.request_correction", "review_task", TASK.id,
        version(sandbox, "review_task", TASK.id),
        {"items": [{"material_name": material_name, "department_code": TASK.department_code,
                    "reason": "复印件不清晰"}]})
    return asked


def test_the_platform_refuses_an_e_licence_as_a_correction_item(sandbox: Sandbox,
                                                              login: Any) -> None:
    reviewer = login(user(DEMO, TASK.department_code))
    claimed = reviewer.command("task.claim", "review_task", TASK.id,
                               version(sandbox, "review_task", TASK.id))
    assert claimed["status"] == "applied", claimed

    refused = _ask(sandbox, reviewer, SHARED.name)
    assert refused["status"] == "refused", refused
    assert refused["error"]["code"] == "correction.shared_platform_material"
    task = sandbox.platform.record("review_task", TASK.id)
    assert task is not None and task.body["status"] == "in_review"

    # The department's own paper material is still the applicant's to correct.
    applied = _ask(sandbox, reviewer, OWN.name)
    assert applied["status"] == "applied", applied
