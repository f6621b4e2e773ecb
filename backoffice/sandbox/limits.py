"""Request bodies are bounded: a clear 413 in the error shape, before parsing.

Pure ASGI (not ``BaseHTTPMiddleware``) so the body is counted as it streams:
``Content-Length`` over the limit is refused at once; a chunked body is
refused as soon as it passes the limit, never buffered whole.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backoffice.sandbox import errors

_DRAIN_LIMIT = 16 * 1024 * 1024


class TooLarge(BaseException):
    """Raised from inside the app's body reading to unwind to :class:`BodyLimit`.

    A ``BaseException`` on purpose: FastAPI turns any ``Exception`` raised
    while it reads a body into "400 error parsing the body", which would hide
    the 413 of a chunked body (no ``Content-Length``) that grows too large.
    """


class BodyLimit:
    """Refuse a body over ``limit`` bytes with 413 ``code`` (``{"limit": …}``).

    A body up to ``drain_limit`` is read to its end before the answer goes out:
    answering while the client still sends makes its TCP stack see a reset,
    and it reports "connection reset" instead of our 413. Past that we stop
    reading and let the connection close.
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
            if int(length) <= self.drain_limit:
                await self._drain(receive)
            await self._refuse(send)
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
                if not ended and seen <= self.drain_limit:
                    await self._drain(receive)
                await self._refuse(send)

    async def _drain(self, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return

    async def _refuse(self, send: Send) -> None:
        payload: Any = {"error": errors.body(self.code, {"limit": self.limit})}
        content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.body", "body": content})
