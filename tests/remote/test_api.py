"""The API through the client: feed paging and quarantine, push idempotency, reference data."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from support.faultproxy import FaultProxy
from support.platform_env import PASSWORD, Make, a_case, command, demo_data, snapshot, user

from backoffice.api import v1
from backoffice.remote import PlatformClient, RemoteError
from backoffice.sandbox.server import Sandbox

API = "/api/v1"


def test_the_feed_pages_to_its_end(signed_in: PlatformClient) -> None:
    whole = snapshot(signed_in)
    assert len(whole) > 20
    seen: list[tuple[str, str]] = []
    cursor: str | None = None
    pages = 0
    while True:
        page = signed_in.changes(cursor, limit=7)
        pages += 1
        assert not page.rejected and len(page.changes) <= 7
        seen += [(c.entity, c.id) for c in page.changes]
        cursor = page.next_cursor
        if not page.has_more:
            break
    assert pages > 3
    assert sorted(seen) == sorted(whole)
    at_head = signed_in.changes(cursor)
    assert at_head.changes == [] and at_head.next_cursor == cursor and not at_head.has_more


def test_a_malformed_record_is_quarantined_and_the_rest_arrive(
        sandbox: Sandbox, signed_in: PlatformClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="backoffice.remote")
    clean = signed_in.changes(None, limit=10)
    sandbox.faults.malform(f"{API}/changes", how="bad_record")
    page = signed_in.changes(None, limit=10)
    assert sandbox.faults.injected == (("GET", f"{API}/changes", "malform"),)
    assert len(page.rejected) == 1 and len(page.changes) == 9
    bad = page.rejected[0]
    first = clean.changes[0]
    assert (bad.entity, bad.id) == (first.entity, first.id)
    assert isinstance(bad.raw, dict) and bad.raw["id"] == first.id
    assert bad.reason.startswith("record")
    assert [c.id for c in page.changes] == [c.id for c in clean.changes[1:]]
    assert page.next_cursor == clean.next_cursor
    assert any("quarantined" in r.getMessage() and first.id in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("how", ["not_json", "truncated", "wrong_shape"])
def test_a_garbled_page_is_a_bad_payload(sandbox: Sandbox, signed_in: PlatformClient,
                                         how: str) -> None:
    sandbox.faults.malform(f"{API}/changes", how=how)
    with pytest.raises(RemoteError) as caught:
        signed_in.changes(None, limit=50)
    assert caught.value.code == "remote.bad_payload"
    # A JSON answer cut short is said as cut short, not as "not JSON".
    assert caught.value.params["reason"] == how
    assert signed_in.changes(None, limit=50).changes  # the next call is fine


def test_an_unknown_cursor_means_sync_from_scratch(signed_in: PlatformClient) -> None:
    with pytest.raises(RemoteError) as caught:
        signed_in.changes("MTpub3RoaXM6OTk5", limit=5)
    assert caught.value.code == "remote.cursor_expired"


def _unclaimed_task(client: PlatformClient) -> Any:
    """The struct (or model) of a review task; both have the fields of ReviewTaskRecord."""
    department = client.me().department.code
    for change in snapshot(client).values():
        record = change.record
        if change.entity == "review_task" and record and record.department_code == department \
                and record.status.value == "unclaimed" and record.view == "full":
            return record
    raise AssertionError("no unclaimed task of the department in the demo data")


def test_a_lost_push_answer_is_harmless_to_send_again(
        sandbox: Sandbox, make_client: Make) -> None:
    data = demo_data()
    department = next(t.department_code for t in data.tasks if t.status.value == "unclaimed"
                      and any(u.department_code == t.department_code and "reviewer" in u.roles
                              for u in data.users))
    client = make_client()
    client.login(user(department), PASSWORD)
    task = _unclaimed_task(client)
    claim = command(client, "task.claim", "review_task", task.id, task.version)
    sandbox.faults.malform(f"{API}/commands", how="not_json", method="POST")
    with pytest.raises(RemoteError) as caught:
        client.push([claim])
    assert caught.value.code == "remote.bad_payload"
    again = client.push([claim])
    assert not again.rejected
    [result] = again.results
    assert (result.status, result.first_status) == ("duplicate", "applied")
    assert result.command_id == str(claim.id)


def test_a_push_whose_answer_is_reset_is_retried_and_applied_once(
        make_client: Make, proxy: FaultProxy, reviewer: str) -> None:
    client = make_client(proxy.url)
    client.login(reviewer, PASSWORD)
    case = a_case(client)
    # A comment is not idempotent by nature: only the command id keeps it single.
    comment = command(client, "comment.add", "case", case.id, case.version, text="复核")
    proxy.reset(after=0)
    [result] = client.push([comment]).results
    assert proxy.applied == ["reset"]
    assert (result.status, result.first_status) == ("duplicate", "applied")
    comments = [c for c in snapshot(client).values() if c.entity == "comment"
                and c.id == str(comment.id)]
    assert len(comments) == 1


def test_a_malformed_result_is_quarantined_with_its_command_id(
        sandbox: Sandbox, signed_in: PlatformClient) -> None:
    case = a_case(signed_in)
    first, second = (command(signed_in, "comment.add", "case", case.id, case.version,
                             text=f"第{n}条") for n in (1, 2))
    sandbox.faults.malform(f"{API}/commands", how="bad_record")
    pushed = signed_in.push([first, second])
    assert [r.command_id for r in pushed.rejected] == [str(first.id)]
    assert [(r.command_id, r.status) for r in pushed.results] == [(str(second.id), "applied")]


def test_batches_outside_the_limits_are_refused_before_sending(
        signed_in: PlatformClient) -> None:
    case = a_case(signed_in)
    with pytest.raises(ValueError):
        signed_in.push([])
    big = [command(signed_in, "comment.add", "case", case.id, 0, text="长" * 3000)
           for _ in range(150)]
    with pytest.raises(ValueError):
        signed_in.push(big)


def test_reference_data(signed_in: PlatformClient, sandbox: Sandbox) -> None:
    catalog = signed_in.catalog()
    assert catalog.departments and catalog.entries
    years = signed_in.calendar()
    assert all(isinstance(y, v1.CalendarYear) for y in years)
    with pytest.raises(RemoteError) as caught:
        signed_in.calendar(2001)
    assert caught.value.code == "remote.not_found"
    case = a_case(signed_in)
    assert signed_in.timeline(case.id).case_code == case.id
    busy = signed_in.free_busy(dt.date(2025, 3, 3), dt.date(2025, 3, 7))
    assert busy.from_date == dt.date(2025, 3, 3) and busy.inspectors
    with pytest.raises(RemoteError) as caught:
        signed_in.free_busy(dt.date(2025, 3, 7), dt.date(2025, 3, 3))
    assert caught.value.code == "remote.rejected"
    assert caught.value.params["server_code"] == "free_busy.bad_range"
