"""Fault mode over real HTTP: fail (no effect), malform (effect, garbled answer), stall."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pydantic
import pytest
import requests
from support.sandbox_env import API, Client, demo_data, user, version

from backoffice.api import v1
from backoffice.sandbox.faults import Faults
from backoffice.sandbox.server import Sandbox

_DEMO = demo_data()
CASE = _DEMO.cases[0]
AUTHOR = user(_DEMO, CASE.lead_department)
COMMANDS = f"{API}/commands"
CHANGES = f"{API}/changes"


@pytest.fixture(autouse=True)
def clean(sandbox: Sandbox) -> Iterator[Faults]:
    sandbox.faults.clear()
    yield sandbox.faults
    sandbox.faults.clear()


def _comment(client: Client, text: str = "故障测试") -> dict[str, Any]:
    return client.make("comment.add", "case", CASE.case_code, 0, {"text": text})


def _send(client: Client, command: dict[str, Any], **kwargs: Any) -> requests.Response:
    return client.session.post(f"{client.base}{COMMANDS}", json={"commands": [command]},
                               headers={"Authorization": f"Bearer {client.access}"},
                               timeout=kwargs.pop("timeout", 10), **kwargs)


def _raw(client: Client, path: str, **headers: str) -> requests.Response:
    """GET with the body left as sent (not decompressed), for length checks."""
    r = client.session.get(f"{client.base}{path}", stream=True, timeout=10, headers={
        "Authorization": f"Bearer {client.access}", **headers})
    r.raw_bytes = r.raw.read(decode_content=False)  # type: ignore[attr-defined]
    return r


def test_fail_answers_without_running_the_handler(sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    command = _comment(client)
    sandbox.faults.fail(COMMANDS, method="POST", retry_after=7)
    r = _send(client, command)
    assert r.status_code == 503 and r.headers["Retry-After"] == "7"
    error = v1.ErrorResponse.model_validate(r.json()).error
    assert error.code == "server.unavailable" and error.message.zh and error.message.en
    assert sandbox.platform.record("comment", command["id"]) is None  # never reached
    assert sandbox.faults.injected == (("POST", COMMANDS, "fail"),)
    again = _send(client, command)  # used up: the resend is applied, once
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "applied"
    assert sandbox.platform.record("comment", command["id"]) is not None


def test_fail_counts_matches_by_method_and_other_statuses(sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    sandbox.faults.fail(f"{API}/me", times=2, status=500)
    sandbox.faults.fail(CHANGES, method="POST")  # never matches a GET
    statuses = [client.get("/me").status_code for _ in range(3)]
    assert statuses == [500, 500, 200]
    r = client.get("/changes", limit=1)
    assert r.status_code == 200
    sandbox.faults.fail(f"{API}/me", status=502)
    r = client.get("/me")
    assert r.status_code == 502 and r.json()["error"]["code"] == "server.error"
    assert "Retry-After" not in r.headers
    assert [kind for _, _, kind in sandbox.faults.injected] == ["fail"] * 3


def test_malformed_command_answer_was_applied_and_a_resend_is_a_duplicate(
        sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    command = _comment(client, "回执丢失")
    sandbox.faults.malform(COMMANDS, how="not_json")
    r = _send(client, command)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "<html>" in r.text and int(r.headers["Content-Length"]) == len(r.content)
    with pytest.raises(ValueError):
        r.json()
    stored = sandbox.platform.record("comment", command["id"])
    assert stored is not None and stored.body["text"] == "回执丢失"  # the effect happened
    result = _send(client, command).json()["results"][0]
    assert result["status"] == "duplicate" and result["first_status"] == "applied"
    assert result["record"]["id"] == command["id"]
    assert sandbox.faults.injected == (("POST", COMMANDS, "malform"),)


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_truncated_body_keeps_http_valid(sandbox: Sandbox, login: Any, encoding: str) -> None:
    client = login(AUTHOR)
    path = f"{CHANGES}?limit=20"
    whole = _raw(client, path, **{"Accept-Encoding": "identity"}).raw_bytes  # type: ignore[attr-defined]
    assert len(whole) > 1000  # big enough for gzip
    sandbox.faults.malform(CHANGES, how="truncated")
    r = _raw(client, path, **{"Accept-Encoding": encoding})
    raw = r.raw_bytes  # type: ignore[attr-defined]
    assert r.status_code == 200 and r.headers["Content-Length"] == str(len(raw))
    if encoding == "gzip":
        assert r.headers["Content-Encoding"] == "gzip"
        raw = gzip.decompress(raw)
    else:
        assert "Content-Encoding" not in r.headers
    assert raw == whole[:len(whole) // 2]
    with pytest.raises(ValueError):
        json.loads(raw)


def test_wrong_shape(sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    sandbox.faults.malform(f"{API}/me", how="wrong_shape", method="GET")
    r = client.get("/me")
    assert r.status_code == 200 and r.json() == {"unexpected": True}
    with pytest.raises(pydantic.ValidationError):
        v1.Me.model_validate(r.json())
    assert v1.Me.model_validate(client.get("/me").json()).username == AUTHOR


def test_bad_record_spoils_only_the_first_record_of_a_page(sandbox: Sandbox,
                                                           login: Any) -> None:
    client = login(AUTHOR)
    clean = client.get("/changes", limit=50).json()
    sandbox.faults.malform(f"{API}/", how="bad_record")
    # /me carries no record: passed through, the fault stays armed for the feed.
    assert v1.Me.model_validate(client.get("/me").json()).username == AUTHOR
    spoilt = client.get("/changes", limit=50).json()
    assert sandbox.faults.injected == (("GET", CHANGES, "malform"),)
    good = clean["changes"][0]["record"]
    assert good["entity"] == "department"  # no status: its version is spoilt
    assert spoilt["changes"][0]["record"] == {**good, "version": -1}
    with pytest.raises(pydantic.ValidationError):
        v1.Change.model_validate(spoilt["changes"][0])
    assert {**spoilt, "changes": spoilt["changes"][1:]} == \
        {**clean, "changes": clean["changes"][1:]}
    v1.ChangesPage.model_validate({**spoilt, "changes": spoilt["changes"][1:]})


def test_bad_record_gives_a_status_record_a_bogus_status(sandbox: Sandbox,
                                                         login: Any) -> None:
    task = next(t for t in _DEMO.tasks if t.status.value == "unclaimed")
    client = login(user(_DEMO, task.department_code))
    _, cursor = client.pull_all()
    claimed = client.command("task.claim", "review_task", task.id,
                             version(sandbox, "review_task", task.id))
    assert claimed["status"] == "applied", claimed
    clean = client.get("/changes", since=cursor).json()
    sandbox.faults.malform(CHANGES, how="bad_record")
    spoilt = client.get("/changes", since=cursor).json()
    good = clean["changes"][0]["record"]
    assert good["entity"] == "review_task" and good["status"] == "in_review"
    assert spoilt["changes"][0]["record"] == {**good, "status": "bogus"}
    assert {**spoilt, "changes": spoilt["changes"][1:]} == \
        {**clean, "changes": clean["changes"][1:]}


def test_bad_record_in_a_command_result(sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    command = _comment(client, "坏记录")
    sandbox.faults.malform(COMMANDS, how="bad_record")
    result = _send(client, command).json()["results"][0]
    assert result["status"] == "applied" and result["record"]["version"] == -1
    with pytest.raises(pydantic.ValidationError):
        v1.CommandResult.model_validate(result)
    clean = _send(client, command).json()["results"][0]  # the duplicate: the true record
    assert clean["record"] == {**result["record"], "version": 1}


def test_stall_outlasts_the_client_deadline_but_the_effect_happens(
        sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    command = _comment(client, "超时")
    sandbox.faults.stall(COMMANDS, seconds=30)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        _send(client, command, timeout=0.5)
    assert time.monotonic() - started < 10
    assert sandbox.platform.record("comment", command["id"]) is not None
    assert sandbox.faults.injected == (("POST", COMMANDS, "stall"),)
    fresh = login(AUTHOR)  # the server is not held up by the stalled request
    assert fresh.get("/me").status_code == 200
    assert _send(fresh, command).json()["results"][0]["status"] == "duplicate"


def test_short_stall_then_the_answer_and_clear_releases_a_stalled_request(
        sandbox: Sandbox, login: Any) -> None:
    client = login(AUTHOR)
    sandbox.faults.stall(f"{API}/me", seconds=0.3)
    started = time.monotonic()
    assert client.get("/me").status_code == 200
    assert time.monotonic() - started >= 0.3
    sandbox.faults.stall(f"{API}/me", seconds=60)
    answers: list[int] = []
    waiting = threading.Thread(target=lambda: answers.append(
        requests.get(f"{sandbox.url}{API}/me", timeout=30,
                     headers={"Authorization": f"Bearer {client.access}"}).status_code))
    waiting.start()
    deadline = time.monotonic() + 10
    while len(sandbox.faults.injected) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    sandbox.faults.clear()
    waiting.join(10)
    assert answers == [200]


def test_arguments_are_checked() -> None:
    faults = Faults()
    for bad in (lambda: faults.fail("/", times=0), lambda: faults.fail("/", status=200),
                lambda: faults.malform("/", how="garbage"), lambda: faults.stall("/", seconds=-1),
                lambda: faults.fail("/", retry_after=-1)):
        with pytest.raises(ValueError):
            bad()
    assert faults.injected == () and not faults.armed()
