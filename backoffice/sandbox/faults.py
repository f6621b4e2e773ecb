"""Fault mode: the sandbox fails, garbles or stalls chosen responses, for sync tests.

Not part of the contract: a test arms faults in-process (``sandbox.faults``;
there is no HTTP endpoint for it) and the next matching requests misbehave
the way a real network and platform do:

- :meth:`Faults.fail` answers ``status`` in the one error shape **without
  running the handler** (the request had no effect: a platform that is down);
- :meth:`Faults.malform` runs the handler (**its effect happens**) and then
  garbles the response: a lost or mangled answer to a request that worked;
- :meth:`Faults.break_commands` makes the next commands (of a kind) fail
  inside the platform **after their handler ran**, with an error no rule
  foresees: the command service rolls them back and answers ``refused``
  ``server.error`` for each, while the rest of the batch goes on;
- :meth:`Faults.stall` holds the whole response back (headers and body) for
  ``seconds`` after the handler ran, to test client deadlines. The stall ends
  early when the client hangs up or the faults are cleared, so a timed-out
  client never leaves a request sleeping until server shutdown.

A request is matched by path prefix (and method, when given); the oldest
armed fault that matches applies, one fault per request. ``bad_record``
applies only to a response that carries a record: otherwise it stays armed
for the next match. :attr:`Faults.injected` lists what was applied.

The middleware sits inside gzip, so it sees and rewrites the uncompressed
body, and gzip then compresses what it wrote (with its own length).
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backoffice.sandbox import errors

MALFORMATIONS = ("not_json", "truncated", "wrong_shape", "bad_record")
_POLL = 0.05  # seconds between checks of a stalled request for hang-up or clear()

# What a proxy or captive portal says instead of the platform's JSON.
_HTML = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>502 网关错误</title>'
         '</head><body><h1>502 Bad Gateway</h1><p>代理服务器未能从上游服务器获得有效响应。</p>'
         '</body></html>\n').encode()


@dataclass(slots=True)
class _Rule:
    kind: str  # "fail" | "malform" | "stall"
    prefix: str
    method: str | None
    left: int
    status: int = 503
    retry_after: int | None = None
    how: str = ""
    seconds: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        return self.left > 0 and path.startswith(self.prefix) and (
            self.method is None or self.method == method)


@dataclass(slots=True)
class _CommandRule:
    kind: str  # "": any kind
    left: int


def _times(times: int) -> int:
    if times < 1:
        raise ValueError(f"times must be 1 or more, not {times}")
    return times


def _method(method: str | None) -> str | None:
    return method.upper() if method is not None else None


class Faults:
    """Armed faults and the record of applied ones; safe to arm from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._injected: list[tuple[str, str, str]] = []
        self._generation = 0  # bumped by clear(): stalled requests let go
        self._commands: list[_CommandRule] = []  # break_commands

    def fail(self, path_prefix: str, *, times: int = 1, status: int = 503,
             method: str | None = None, retry_after: int | None = None) -> None:
        if not 400 <= status <= 599:
            raise ValueError(f"a failure needs a 4xx or 5xx status, not {status}")
        if retry_after is not None and retry_after < 0:
            raise ValueError(f"retry_after must not be negative, not {retry_after}")
        self._arm(_Rule("fail", path_prefix, _method(method), _times(times), status=status,
                        retry_after=retry_after))

    def malform(self, path_prefix: str, *, times: int = 1, how: str = "not_json",
                method: str | None = None) -> None:
        if how not in MALFORMATIONS:
            raise ValueError(f"how must be one of {', '.join(MALFORMATIONS)}, not {how!r}")
        self._arm(_Rule("malform", path_prefix, _method(method), _times(times), how=how))

    def stall(self, path_prefix: str, *, times: int = 1, seconds: float = 30.0,
              method: str | None = None) -> None:
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, not {seconds}")
        self._arm(_Rule("stall", path_prefix, _method(method), _times(times), seconds=seconds))

    def break_commands(self, *, kind: str | None = None, times: int = 1) -> None:
        """The next ``times`` commands (of ``kind``, else any) fail inside the platform."""
        with self._lock:
            self._commands.append(_CommandRule(kind or "", _times(times)))

    def take_command(self, kind: str) -> bool:
        """Whether this command is to fail (used up by one); called by the command service."""
        with self._lock:
            for rule in self._commands:
                if rule.left > 0 and rule.kind in ("", kind):
                    rule.left -= 1
                    self._injected.append(("POST", "/api/v1/commands", f"break {kind}"))
                    return True
        return False

    def clear(self) -> None:
        """Disarm every fault, forget what was injected, release stalled requests."""
        with self._lock:
            self._rules.clear()
            self._commands.clear()
            self._injected.clear()
            self._generation += 1

    @property
    def injected(self) -> tuple[tuple[str, str, str], ...]:
        """(method, path, kind) of every fault applied since the last clear(), in order."""
        with self._lock:
            return tuple(self._injected)

    @property
    def generation(self) -> int:
        return self._generation

    # -- used by the middleware -------------------------------------------------------
    def _arm(self, rule: _Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def take(self, method: str, path: str) -> _Rule | None:
        """The oldest armed fault for this request, used up by one."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    rule.left -= 1
                    return rule
        return None

    def give_back(self, rule: _Rule) -> None:
        """A taken fault that found nothing to do (``bad_record`` without a record)."""
        with self._lock:
            if rule in self._rules:  # not cleared meanwhile
                rule.left += 1

    def applied(self, method: str, path: str, kind: str) -> None:
        with self._lock:
            self._injected.append((method, path, kind))

    def armed(self) -> bool:
        with self._lock:
            return any(rule.left > 0 for rule in self._rules)


# --- the middleware ----------------------------------------------------------------


class FaultInjection:
    """Pure ASGI middleware applying :class:`Faults` (passes through when none is armed)."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app, self.faults = app, faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.faults.armed():
            await self.app(scope, receive, send)
            return
        method, path = str(scope["method"]).upper(), str(scope["path"])
        rule = self.faults.take(method, path)
        if rule is None:
            await self.app(scope, receive, send)
        elif rule.kind == "fail":
            await _drain(receive)
            self.faults.applied(method, path, "fail")
            await _fail(send, rule)
        elif rule.kind == "stall":
            await self._stall(scope, receive, send, rule)
        else:
            await self._malform(scope, receive, send, rule)

    async def _stall(self, scope: Scope, receive: Receive, send: Send, rule: _Rule) -> None:
        method, path = str(scope["method"]).upper(), str(scope["path"])
        stalled = False

        async def later(message: Message) -> None:
            nonlocal stalled
            if not stalled and message["type"] == "http.response.start":
                stalled = True
                self.faults.applied(method, path, "stall")
                await self._wait(rule.seconds, receive)
            await send(message)

        await self.app(scope, receive, later)

    async def _wait(self, seconds: float, receive: Receive) -> None:
        loop = asyncio.get_running_loop()
        deadline, generation = loop.time() + seconds, self.faults.generation
        hung_up = asyncio.ensure_future(_disconnected(receive))
        try:
            while (left := deadline - loop.time()) > 0 and \
                    self.faults.generation == generation and not hung_up.done():
                await asyncio.wait({hung_up}, timeout=min(left, _POLL))
        finally:
            hung_up.cancel()

    async def _malform(self, scope: Scope, receive: Receive, send: Send, rule: _Rule) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    assert start is not None
                    await self._send_garbled(scope, send, rule, start, b"".join(chunks))
            else:
                await send(message)

        await self.app(scope, receive, keep)

    async def _send_garbled(self, scope: Scope, send: Send, rule: _Rule, start: Message,
                            body: bytes) -> None:
        garbled = garble(rule.how, int(start["status"]), body)
        headers = [(k, v) for k, v in start.get("headers", [])
                   if k.lower() not in (b"content-length", b"content-type")]
        if garbled is None:
            self.faults.give_back(rule)
            status, content_type, out = start["status"], _header(start, b"content-type"), body
        else:
            self.faults.applied(str(scope["method"]).upper(), str(scope["path"]), "malform")
            status, content_type, out = garbled
        if content_type is not None:
            headers.append((b"content-type", content_type))
        headers.append((b"content-length", str(len(out)).encode()))
        await send({**start, "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": out})


def _header(message: Message, name: bytes) -> bytes | None:
    return next((v for k, v in message.get("headers", []) if k.lower() == name), None)


def garble(how: str, status: int, body: bytes) -> tuple[int, bytes, bytes] | None:
    """(status, content type, body) of the garbled response; None: nothing to garble."""
    if how == "not_json":
        return 200, b"text/html; charset=utf-8", _HTML
    if how == "truncated":
        return status, b"application/json", body[:len(body) // 2]
    if how == "wrong_shape":
        return status, b"application/json", b'{"unexpected": true}'
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    record = _first_record(doc)
    if record is None:
        return None
    if "status" in record:  # every record with a status has an enumerated one
        record["status"] = "bogus"
    else:
        record["version"] = -1
    return status, b"application/json", json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _first_record(doc: Any) -> dict[str, Any] | None:
    """The first record of a change-feed page (``changes[].record``) or a command
    batch's results (``results[].record``)."""
    if not isinstance(doc, dict):
        return None
    for key in ("changes", "results"):
        items = doc.get(key)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("record"), dict):
                    record: dict[str, Any] = item["record"]
                    return record
    return None


async def _fail(send: Send, rule: _Rule) -> None:
    code = "server.unavailable" if rule.status == 503 else "server.error"
    content = json.dumps({"error": errors.body(code)}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(content)).encode())]
    if rule.retry_after is not None:
        headers.append((b"retry-after", str(rule.retry_after).encode()))
    if rule.status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": rule.status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


async def _drain(receive: Receive) -> None:
    """Read the request body to its end: answering while the client still sends would
    make it see a reset instead of the failure."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
