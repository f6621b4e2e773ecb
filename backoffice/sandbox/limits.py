"""Request bodies are bounded: a clear 413 in the error shape, before parsing.

Pure ASGI (not ``BaseHTTPMiddleware``) so the body is counted as it streams:
``Content-Length`` over the limit is refused at once, before any of the body
is read; a chunked body is refused as soon as it passes the limit, never
buffered whole.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backoffice.sandbox import errors

_DRAIN_LIMIT = 16 * 1024 * 1024
_DRAIN_SECONDS = 10.0  # how long the rest of a refused body may keep coming


class TooLarge(BaseException):
    """Raised from inside the app's body reading to unwind to :class:`BodyLimit`.

    A ``BaseException`` on purpose: FastAPI turns any ``Exception`` raised
    while it reads a body into "400 error parsing the body", which would hide
    the 413 of a chunked body (no ``Content-Length``) that grows too large.
    """


class BodyLimit:
    """Refuse a body over ``limit`` bytes with 413 ``code`` (``{"limit": …}``).

    The answer goes out at once, with ``Connection: close``: a client that
    never sends the body it announced, or waits to be asked
    (``Expect: 100-continue``), has it without waiting. Then, for at most
    :data:`_DRAIN_SECONDS` and up to ``drain_limit`` bytes, the rest of the
    body is read and dropped before the connection closes: closing on
    unread bytes makes the client's TCP stack see a reset, and a client
    still sending would report "connection reset" instead of our 413.
    """

    def __init__(self, app: ASGIApp, limit: int, *, code: str = "request.too_large",
                 drain_limit: int = _DRAIN_LIMIT) -> None:
        self.app, self.limit, self.code, self.drain_limit = app, limit, code, drain_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(send, receive, drain=int(length) <= self.drain_limit)
            return
        seen, started, ended = 0, False, False

        async def counting() -> Message:
            nonlocal seen, ended
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                # The message that crosses the limit may be the last one: then
                # there is nothing left to drain, and waiting would hang.
                ended = not message.get("more_body", False)
                if seen > self.limit:
                    raise TooLarge
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, tracking)
        except TooLarge:
            if not started:
                await self._refuse(send, receive,
                                   drain=not ended and seen <= self.drain_limit)

    async def _refuse(self, send: Send, receive: Receive, *, drain: bool) -> None:
        payload: Any = {"error": errors.body(self.code, {"limit": self.limit})}
        content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(content)).encode()),
                                (b"connection", b"close")]})
        # The whole answer, but the response kept open while the body drains:
        # once it is complete the server no longer reads the request.
        await send({"type": "http.response.body", "body": content, "more_body": True})
        if drain:
            try:
                await asyncio.wait_for(self._drain(receive), _DRAIN_SECONDS)
            except TimeoutError:
                pass
        await send({"type": "http.response.body", "body": b""})

    async def _drain(self, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return
