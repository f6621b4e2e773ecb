"""A quarantined case takes its records with it; the department's feed goes on.

The store's tables point at their case (a foreign key). A case the client
quarantines (malformed) left its tasks and materials on the same page, and
on every later page, with nothing to point at: the page failed, the next
pull failed on it again, and the department got no update of any case from
then on.
"""

from __future__ import annotations

from support.sync_env import Device, busiest_unclaimed_department, data, reviewers

from backoffice.domain.states import TaskStatus
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox


def _spoil_case(sandbox: Sandbox, case_code: str) -> None:
    """The case as a faulty platform would serve it: a time no clock can convert."""
    platform = sandbox.platform
    with platform.lock, platform.engine.begin() as conn:
        ledger = Ledger(conn)
        stored = ledger.get("case", case_code)
        assert stored is not None
        ledger.put("case", {**stored.body, "accepted_at": "0001-01-01T00:00:00+14:00"},
                   department_code=stored.department_code)


def _touch(sandbox: Sandbox, entity: str, id: str) -> None:
    """The record changed on the platform: it comes again on the next page."""
    platform = sandbox.platform
    with platform.lock, platform.engine.begin() as conn:
        ledger = Ledger(conn)
        stored = ledger.get(entity, id)
        assert stored is not None
        ledger.put(entity, dict(stored.body), department_code=stored.department_code)


def test_the_records_of_a_quarantined_case_are_quarantined_and_the_rest_stored(
        sandbox: Sandbox, device: Device) -> None:
    department = busiest_unclaimed_department()
    cases = sorted({t.case_code for t in data().tasks
                    if t.department_code == department and t.status == TaskStatus.UNCLAIMED})
    spoiled, healthy = cases[0], cases[1]
    _spoil_case(sandbox, spoiled)
    tasks = [t.id for t in data().tasks if t.case_code == spoiled]
    materials = [m.id for m in data().materials
                 if m.case_code == spoiled and m.department_code == department]

    engine = device(reviewers(department)[0])
    first = engine.sync_once()  # a first pull: the snapshot way
    with engine.store.read() as uow:
        assert uow.get("case", spoiled) is None and uow.get("case", healthy) is not None
        assert all(uow.get("review_task", t) is None for t in tasks)
        reasons = {(q.entity, q.entity_id): q.reason.split(":")[0]
                   for q in uow.quarantine.entries()}
    assert reasons[("case", spoiled)] == "record.time_out_of_range"
    for task in tasks:
        assert reasons[("review_task", task)] == "record.case_missing"
    for material in materials:
        assert reasons[("material", material)] == "record.case_missing"
    assert first.pull.quarantined == len(reasons)

    # Later pages (the normal way) bring a change of that case's task: it joins
    # the quarantine, and the department's other changes still arrive.
    _touch(sandbox, "review_task", tasks[0])
    healthy_task = next(t.id for t in data().tasks
                        if t.case_code == healthy and t.department_code == department)
    _touch(sandbox, "review_task", healthy_task)
    later = engine.sync_once()
    assert later.pull.quarantined == 1 and later.pull.records >= 1
    with engine.store.read() as uow:
        assert uow.get("review_task", tasks[0]) is None
        assert uow.get("review_task", healthy_task) is not None
