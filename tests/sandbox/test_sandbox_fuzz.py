"""Property-based fuzzing of the running sandbox from its own OpenAPI document.

Schemathesis generates every operation's requests (positive and negative
data) from ``/openapi.json`` of the real sandbox (the module's own seeded
database); they are sent **signed in** — as a reviewer, then as a signer —
and, with some probability, rewritten around **real** seeded data so they
reach the handlers instead of bouncing off validation: real ``since``
cursors of the user's feed, command batches aimed at real tasks, materials,
cases, notices, procedures and extensions with their current (or stale)
versions, the real author and plausible payloads with junk mixed in.

Checks: no 5xx; every 4xx is the one error shape
``{"error": {"code", "message": {"zh", "en"}, "details"}}``; status codes,
content types and response bodies conform to the document.

Deterministic (``derandomize``, no example database) and bounded
(:data:`EXAMPLES` per operation and user).
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from support.sandbox_env import API, LIVE, PASSWORD, user

from backoffice.api import v1
from backoffice.sandbox.demo import DemoData
from backoffice.sandbox.review import KINDS
from backoffice.sandbox.server import Sandbox

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}  # per operation, user
DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
AUTH = {f"{API}/auth/login", f"{API}/auth/refresh", f"{API}/auth/logout"}
ROLES = ("reviewer", "signer")


def _operations() -> list[Any]:
    """(METHOD, path, mode) of the committed document, for stable test ids.

    An operation that takes nothing but bytes (the PKI's root and CRL take
    nothing; its timestamp authority takes any DER bytes, refused with 400
    when they are not a request) has no negative input to make: hypothesis
    would rightly call that unsatisfiable.
    """
    paths = json.loads(DOC.read_text(encoding="utf-8"))["paths"]
    found = []
    for path, ops in sorted(paths.items()):
        for method in sorted(ops):
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            op = ops[method]
            modes = [GenerationMode.POSITIVE]
            body = op.get("requestBody", {}).get("content", {})
            if op.get("parameters") or "application/json" in body:
                modes.append(GenerationMode.NEGATIVE)
            found += [pytest.param(method.upper(), path, mode,
                                   id=f"{method.upper()}-{path}-{mode.value}") for mode in modes]
    return found


@schemathesis.serializer("application/timestamp-query")
def _timestamp_query(_ctx: Any, value: Any) -> dict[str, Any]:
    # An RFC 3161 request is DER bytes: sent as generated, like any binary body.
    from schemathesis.transport.serialization import serialize_binary

    return {"data": serialize_binary(value)}


@schemathesis.serializer("application/offset+octet-stream")
def _upload_chunk(_ctx: Any, value: Any) -> dict[str, Any]:
    # A chunk of a resumable upload (tus PATCH): bytes, sent as generated.
    from schemathesis.transport.serialization import serialize_binary

    return {"data": serialize_binary(value)}


# --- the signed-in user and what they can see ------------------------------------


@dataclass
class Fuzzer:
    """One signed-in user, their real ids and the requests sent."""

    base: str
    username: str
    department: str
    access: str = ""
    signed_in_at: float = 0.0
    expires_in: int = 0
    cursor: str | None = None
    cursors: list[str] = field(default_factory=list)
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    sent: int = 0
    ids: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)  # status codes, command results
    session: requests.Session = field(default_factory=requests.Session)

    def login(self, username: str | None = None) -> dict[str, Any]:
        r = self.session.post(f"{self.base}{API}/auth/login", timeout=10,
                              json={"username": username or self.username, "password": PASSWORD})
        assert r.status_code == 200, r.text
        tokens: dict[str, Any] = r.json()
        return tokens

    def token(self) -> str:
        """The access token, signed in again shortly before it expires (15 minutes)."""
        if not self.access or time.monotonic() - self.signed_in_at > self.expires_in - 60:
            tokens = self.login()
            self.access, self.expires_in = tokens["access_token"], tokens["expires_in"]
            self.signed_in_at = time.monotonic()
        return self.access

    def pull(self) -> None:
        """Catch up with the feed: current versions of what the user sees, real cursors."""
        while True:
            params: dict[str, Any] = {"limit": 500}
            if self.cursor:
                params["since"] = self.cursor
            r = self.session.get(f"{self.base}{API}/changes", params=params, timeout=10,
                                 headers={"Authorization": f"Bearer {self.token()}"})
            assert r.status_code == 200, r.text
            page = r.json()
            for change in page["changes"]:
                bucket = self.records.setdefault(change["entity"], {})
                if change["change"] == "upsert":
                    bucket[change["id"]] = change["record"]
                else:
                    bucket.pop(change["id"], None)
            self.cursor = page["next_cursor"]
            self.cursors.append(self.cursor)
            if not page["has_more"]:
                return


# --- strategies around real data ---------------------------------------------------

_junk = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**12), st.floats(allow_nan=False),
                  st.text(max_size=20), st.lists(st.integers(), max_size=2),
                  st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))


def _value(real: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(real, real, real, _junk)


def _mostly(good: Any, *bad: Any) -> st.SearchStrategy[Any]:
    """``good`` about nine times in ten, else one of ``bad``."""
    return st.integers(0, 9).flatmap(
        lambda i: st.sampled_from(bad) if i == 9 and bad else st.just(good))


REQUIRED = {  # the payload fields each kind needs, so most real commands can apply
    "task.claim": ("assignee",), "task.give_opinion": ("opinion",),
    "task.transfer": ("to_department",), "task.request_correction": ("items",),
    "material.verdict": ("check", "verdict"), "case.suspend": ("procedure",),
    "extension.request": ("working_days", "reason"), "comment.add": ("text",),
}


def _payload(kind: str, fuzzer: Fuzzer, departments: list[str]) -> st.SearchStrategy[Any]:
    text = st.text(min_size=1, max_size=40)
    fields: dict[str, st.SearchStrategy[Any]] = {
        "assignee": st.sampled_from([fuzzer.username, "nobody", ""]),
        "opinion": text,
        "to_department": st.sampled_from(departments + ["XX-000"]),
        "items": st.lists(st.fixed_dictionaries({
            "material_name": text, "reason": text,
            "department_code": _mostly(fuzzer.department, *departments[:2])}), max_size=3),
        "second_notice_reason": st.one_of(st.none(), text, st.just(" ")),
        "check": st.sampled_from(["authenticity", "legality", "conformity", "other"]),
        "verdict": st.sampled_from(["pending", "pass", "fail", "not_applicable", "maybe"]),
        "note": text,
        "procedure": st.sampled_from(["hearing", "bidding", "auction", "testing", "quarantine",
                                      "appraisal", "party"]),
        "started_on": st.one_of(st.dates().map(str), st.just("2025-02-30"), text),
        "ended_on": st.one_of(st.dates().map(str), st.just("not a date")),
        "working_days": st.one_of(st.integers(-1, 61), st.booleans()),
        "reason": st.text(max_size=2100),
        "text": st.one_of(text, st.just("   ")),
    }
    required = st.fixed_dictionaries({k: _value(fields[k]) for k in REQUIRED.get(kind, ())})
    # Any other field sometimes too: handlers must ignore or refuse them, never crash.
    extra = st.dictionaries(st.sampled_from(sorted(fields)), st.just(None), max_size=3).flatmap(
        lambda keys: st.fixed_dictionaries({k: _value(fields[k]) for k in keys}))
    return st.tuples(extra, required).map(lambda pair: {**pair[0], **pair[1]})


def _command(fuzzer: Fuzzer, departments: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    targets = [(kind, spec.entity, rid, rec.get("version", 0))
               for kind, spec in sorted(KINDS.items())
               for rid, rec in sorted(fuzzer.records.get(spec.entity, {}).items())]
    assert targets, "the user sees no record to act on"

    def build(target: tuple[str, str, str, int]) -> st.SearchStrategy[dict[str, Any]]:
        kind, entity, rid, version = target
        return st.fixed_dictionaries({
            "id": st.just(""),  # filled in fresh (or reused) when sent
            "kind": _mostly(kind, "task.explode"),
            "format_version": _mostly(1, 2),
            "author": _mostly(fuzzer.username, "someone-else"),
            "entity": _mostly(entity, "case", "review_task", "nonsense"),
            "entity_id": _mostly(rid, "no-such-id"),
            "base_version": _mostly(version, 0, version + 1),
            "payload": _payload(kind, fuzzer, departments),
            "created_at": st.just("2025-03-03T10:00:00+08:00"),
        })
    return st.sampled_from(targets).flatmap(build)


# --- checks -----------------------------------------------------------------------


@schemathesis.check
def one_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx (and 5xx) body is ``{"error": {"code", "message": {zh, en}, "details"}}``."""
    del ctx, case
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code}: not JSON: {response.content[:200]!r}")
    v1.ErrorResponse.model_validate(body)
    error = body["error"]
    assert isinstance(error["details"], dict) and error["message"]["zh"] and \
        error["message"]["en"], body
    return True


CHECKS = [not_a_server_error, one_error_shape, status_code_conformance,
          content_type_conformance, response_schema_conformance]


# --- fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema(sandbox: Sandbox) -> Any:
    loaded = schemathesis.openapi.from_url(f"{sandbox.url}/openapi.json", timeout=10)
    return loaded


@pytest.fixture(scope="module")
def fuzzers(sandbox: Sandbox, demo: DemoData) -> Iterator[dict[str, Fuzzer]]:
    # The reviewer of the department with the most live tasks; the signer of the
    # department that leads the most cases (extensions to approve).
    busiest = Counter(t.department_code for t in demo.tasks if t.status.value in LIVE)
    leading = Counter(c.lead_department for c in demo.cases)
    chosen = {"reviewer": busiest.most_common(1)[0][0], "signer": leading.most_common(1)[0][0]}
    made = {}
    for role in ROLES:
        fuzzer = Fuzzer(sandbox.url, user(demo, chosen[role], role), chosen[role])
        fuzzer.pull()
        made[role] = fuzzer
    yield made
    total = sum(f.sent for f in made.values())
    outcomes = sum((f.outcomes for f in made.values()), Counter[str]())
    print(f"\nfuzz: {total} requests sent; {dict(sorted(outcomes.items()))}")


# --- the test ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "mode"), _operations())
def test_fuzz_no_server_error(schema: Any, fuzzers: dict[str, Fuzzer], demo: DemoData,
                              sandbox: Sandbox, method: str, path: str, role: str,
                              mode: GenerationMode) -> None:
    operation = schema[path][method]
    fuzzer = fuzzers[role]
    departments = sorted({u.department_code for u in demo.users})
    fuzzer.pull()
    commands = _command(fuzzer, departments)
    # Wrong passwords throttle a name (429): login is fuzzed with names that
    # nothing else signs in as; refresh and logout get sessions of other users.
    mine = {f.username for f in fuzzers.values()}
    others = [u.username for u in demo.users if u.username not in mine]
    guessed, usernames = others[:5], others[5:10]

    @settings(max_examples=EXAMPLES[mode], derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate),  # bounded: no shrinking
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        headers: dict[str, str] = {}
        real = data.draw(st.booleans(), label="real")  # about half: aimed at real data
        if path == f"{API}/auth/login":
            if real and isinstance(case.body, dict):
                case.body["username"] = data.draw(st.sampled_from(guessed))
                if data.draw(st.booleans()):
                    case.body["password"] = PASSWORD
        elif path in (f"{API}/auth/refresh", f"{API}/auth/logout"):
            # A throwaway session's real tokens: never the fuzzer's own.
            if real:
                tokens = fuzzer.login(data.draw(st.sampled_from(usernames)))
                if path.endswith("/logout") and data.draw(st.booleans()):
                    headers["Authorization"] = f"Bearer {tokens['access_token']}"
                if isinstance(case.body, dict) or case.body is None or mode is \
                        GenerationMode.POSITIVE:
                    case.body = {"refresh_token": tokens["refresh_token"]}
            elif path.endswith("/logout") and case.headers:
                case.headers.pop("Authorization", None)
        else:
            headers["Authorization"] = f"Bearer {fuzzer.token()}"
            if real and path == f"{API}/changes":
                case.query = dict(case.query or {})
                case.query["since"] = data.draw(st.sampled_from(fuzzer.cursors))
            if real and path == f"{API}/commands":
                batch = data.draw(st.lists(commands, min_size=1, max_size=4))
                for command in batch:  # fresh ids, sometimes one already sent (idempotency)
                    reuse = fuzzer.ids and data.draw(st.integers(0, 9)) == 9
                    command["id"] = (fuzzer.ids[-1] if reuse else str(
                        uuid.uuid5(uuid.NAMESPACE_URL, f"{fuzzer.username}/{len(fuzzer.ids)}")))
                    fuzzer.ids.append(command["id"])
                case.body = {"commands": batch}
        fuzzer.sent += 1
        response = case.call_and_validate(base_url=sandbox.url, session=fuzzer.session,
                                          headers=headers, checks=CHECKS, timeout=10)
        fuzzer.outcomes[f"{response.status_code}"] += 1
        if path == f"{API}/commands" and response.status_code == 200:
            for result in response.json()["results"]:
                fuzzer.outcomes[result["status"] + (
                    f":{result['error']['code']}" if result.get("error") else "")] += 1
        if path == f"{API}/commands" and real:
            fuzzer.pull()  # current versions for the next batch

    run()
