"""The verdicts a reviewer records before the department's opinion, for tests that give one.

The platform and the client's store refuse an opinion while a check of the
department's own materials has no verdict (9.5.1,
``backoffice/domain/opinion_readiness.py``). A test walking a case on records
them first, as its reviewer would: each pending check passed, one
``material.verdict`` each; a check with a verdict already is left as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from support.sandbox_env import Client

from backoffice.domain.model import Material, Verdict
from backoffice.domain.opinion_readiness import unverdicted
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine


def _passed(check: str) -> dict[str, Any]:
    return {"check": check, "verdict": Verdict.PASS.value}


def passed(material: Material) -> Material:
    """``material`` as the platform confirms it once its reviewer passed its pending checks."""
    return dataclasses.replace(material, checks=tuple(
        dataclasses.replace(c, verdict=Verdict.PASS) if c.verdict == Verdict.PENDING else c
        for c in material.checks))


def pass_over_http(client: Client, materials: Iterable[Mapping[str, Any]], case_code: str,
                   department: str) -> None:
    """Through ``client`` (the department's reviewer): the pending checks of the
    department's materials on ``case_code``, given as the platform's records."""
    for body in materials:
        if body["case_code"] != case_code or body["department_code"] != department:
            continue
        base = int(body["version"])
        for check in body.get("checks", ()):
            if check["verdict"] == Verdict.PENDING.value:
                done = client.command("material.verdict", "material", str(body["id"]), base,
                                      _passed(check["check"]))
                assert done["status"] == "applied", done
                base = int(done["record"]["version"])


def pass_on_platform(sandbox: Sandbox, client: Client, task_id: str) -> None:
    """Before ``client`` gives the opinion of ``task_id``: its department's checks."""
    task = sandbox.platform.record("review_task", task_id)
    assert task is not None
    with sandbox.platform.engine.connect() as conn:
        materials = [s.body for s in Ledger(conn).of_case(str(task.case_code), "material")]
    pass_over_http(client, materials, str(task.case_code), str(task.department_code))


def queue_passes(store: Store, author: str, task_id: str) -> int:
    """Queued in ``store`` by ``author``: the pending checks of ``task_id``'s
    department's materials there. How many commands were queued."""
    with store.read() as uow:
        task = uow.tasks.get(task_id)
        assert task is not None
        waiting = unverdicted(m for m in uow.materials.for_case(task.case_code)
                              if m.department_code == task.department_code)
    queued = 0
    for material in waiting:
        for check in material.checks:
            if check.verdict == Verdict.PENDING:
                store.queue("material.verdict", material.id, _passed(check.check.value),
                            author=author)
                queued += 1
    return queued


def pass_and_sync(engine: SyncEngine, task_id: str) -> None:
    """On a device with nothing else queued: the checks queued and pushed, so that
    the next push's count is the test's own."""
    queued = queue_passes(engine.store, engine.client.username or "", task_id)
    assert engine.sync_once().push.applied == queued
