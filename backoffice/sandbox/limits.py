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


class TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._drain(receive, int(length))
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
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
                await self._drain(receive, _DRAIN_LIMIT)
                await self._refuse(send)

    async def _drain(self, receive: Receive, length: int) -> None:
        """Read (and drop) a moderately oversized body before answering.

        Answering while the client is still sending makes its TCP stack see a
        reset, and the client reports "connection reset" instead of our 413.
        Past :data:`_DRAIN_LIMIT` we stop reading and let the connection close.
        """
        if length > _DRAIN_LIMIT:
            return
        while True:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return

    async def _refuse(self, send: Send) -> None:
        payload: Any = {"error": errors.body("request.too_large", {"limit": self.limit})}
        content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(content)).encode())]})
        await send({"type": "http.response.body", "body": content})
