"""An inspection record broken on the platform is refused naming its departments.

The record's own rules (answers of departments that do not take part, a
department listed twice, a decline without a reason) said the departments
by their codes (``(SCJG-220100)``); the platform knows their names. The
ledger's record is broken by hand here: no command makes one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.sandbox_env import Client, demo_clock, demo_data, start, user, version
from test_sandbox_inspections import _departments, _inspection_id, _request

from backoffice.domain.model import Case
from backoffice.sandbox import db
from backoffice.sandbox.server import Sandbox

DEMO = demo_data(fresh=3)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from start(tmp_path_factory, DEMO, clock=demo_clock())


def _name(code: str) -> str:
    return next(d.name for d in DEMO.departments if d.code == code)


def _break(sandbox: Sandbox, iid: str, change: Callable[[dict[str, Any]], None]) -> None:
    stored = sandbox.platform.record("inspection", iid)
    assert stored is not None
    body = dict(stored.body)
    change(body)
    r = db.records.c
    with sandbox.platform.engine.begin() as conn:
        conn.execute(db.records.update().where(r.entity == "inspection", r.id == iid)
                     .values(body=json.dumps(body, ensure_ascii=False)))


def _stranger(lead: str, other: str) -> str:
    return next(d.code for d in DEMO.departments if d.code not in (lead, other))


BREAKS: dict[str, Callable[[str, str], Callable[[dict[str, Any]], None]]] = {
    "inspection.bad_answers": lambda lead, other: lambda body: body.update(
        answers=[{"department_code": _stranger(lead, other), "answer": "pending"}]),
    "inspection.duplicate_department": lambda lead, other: lambda body: body.update(
        departments=[lead, other, other]),
    "inspection.decline_without_reason": lambda lead, other: lambda body: body.update(
        status="proposed", proposal=1,
        answers=[{"department_code": other, "answer": "declined", "reason": " "}]),
}


@pytest.mark.parametrize(("n", "code"), list(enumerate(BREAKS)))
def test_a_broken_record_is_refused_with_its_departments_by_name(
        sandbox: Sandbox, n: int, code: str) -> None:
    case: Case = next(c for c in DEMO.cases if c.case_code == DEMO.fresh_cases[n])
    lead, other = _departments(case)[:2]
    clients = {d: Client(sandbox.url, user(DEMO, d, "inspector")).login() for d in (lead, other)}
    for d in (lead, other):
        assert _request(clients[d], case, d)["status"] == "applied"
    iid = _inspection_id(sandbox, case)
    _break(sandbox, iid, BREAKS[code](lead, other))
    said = other if code != "inspection.bad_answers" else _stranger(lead, other)

    result = clients[lead].command("inspection.cancel", "inspection", iid,
                                   version(sandbox, "inspection", iid), {"reason": "申请人撤回"})

    assert result["status"] == "refused", result
    error = result["error"]
    assert error["code"] == code
    assert said in json.dumps(error["details"])  # the code kept beside
    for text in error["message"].values():
        assert _name(said) in text and said not in text, text
        assert "['" not in text and "('" not in text, text  # a list said, not its repr
