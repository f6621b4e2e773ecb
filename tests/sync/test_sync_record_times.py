"""A record whose time no clock can convert is quarantined alone; the sync goes on.

A platform once applied a comment dated ``0001-01-01T00:00:00+14:00`` (before
year 1 in UTC): every department's store failed on it, whole pages with it,
and stayed empty. The records are put into the platform's ledger as such a
platform would serve them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from support.sync_env import Device, busiest_unclaimed_department, data, reviewers

from backoffice.domain.states import TaskStatus
from backoffice.sandbox.ledger import Ledger
from backoffice.sandbox.server import Sandbox


def _put(sandbox: Sandbox, entity: str, body: dict[str, Any], department: str) -> None:
    platform = sandbox.platform
    with platform.lock, platform.engine.begin() as conn:
        Ledger(conn).put(entity, body, department_code=department)


def _comment(case_code: str, department: str, id: str, created_at: str) -> dict[str, Any]:
    return {"entity": "comment", "id": id, "case_code": case_code,
            "department_code": department, "author": "someone", "text": "备注",
            "created_at": created_at}


def test_times_out_of_range_are_quarantined_and_the_rest_is_stored(
        sandbox: Sandbox, device: Device) -> None:
    department = busiest_unclaimed_department()
    cases = sorted({t.case_code for t in data().tasks
                    if t.department_code == department and t.status == TaskStatus.UNCLAIMED})
    commented = cases[0]
    _put(sandbox, "comment", _comment(commented, department, "c-year-one",
                                      "0001-01-01T00:00:00+14:00"), department)
    _put(sandbox, "comment", _comment(commented, department, "c-naive",
                                      "2025-03-03T10:00:00"), department)
    _put(sandbox, "notification", {
        "entity": "notification", "id": "n-after-9999", "case_code": commented,
        "department_code": department, "channel": "sms", "kind": "other", "text": "通知",
        "author": "someone", "sent_at": "9999-12-31T23:00:00-10:00"}, department)

    engine = device(reviewers(department)[0])
    first = engine.sync_once()  # a first pull: the snapshot way
    assert first.pull.quarantined == 3
    with engine.store.read() as uow:
        reasons = {(q.entity, q.entity_id): q.reason.split(":")[0]
                   for q in uow.quarantine.entries()}
        assert uow.get("case", commented) is not None
        assert uow.get("comment", "c-year-one") is None
    assert reasons == {("comment", "c-year-one"): "record.time_out_of_range",
                       ("comment", "c-naive"): "comment.naive_time",
                       ("notification", "n-after-9999"): "record.time_out_of_range"}

    # The same on an ordinary page, and in every local zone: a day inside the range.
    _put(sandbox, "comment", _comment(commented, department, "c-last-day",
                                      "9999-12-31T12:00:00+00:00"), department)
    _put(sandbox, "comment", _comment(commented, department, "c-fine",
                                      "2025-03-03T10:00:00+08:00"), department)
    again = engine.sync_once()
    assert again.pull.quarantined == 1
    with engine.store.read() as uow:
        assert uow.get("comment", "c-last-day") is None
        fine = uow.get("comment", "c-fine")
    assert fine is not None
    assert fine.created_at == dt.datetime(2025, 3, 3, 2, tzinfo=dt.UTC)

