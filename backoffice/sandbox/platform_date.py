"""The ``Date`` of the sandbox's answers from the platform's own clock.

Uvicorn dates every answer with the machine's time. A platform running on
another clock (training mode on the demo's day, whose app reads the same
clock) would then look hours or years off to the app, which warns of its own
clock being wrong. Opt-in (``running_sandbox(dated=True)``): the tests of the
sync's clock-skew warning want the machine's time against a platform on the
demo's day.
"""

from __future__ import annotations

from email.utils import formatdate

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backoffice.sandbox.platform import Clock


class PlatformDate:
    def __init__(self, app: ASGIApp, now: Clock) -> None:
        self.app, self.now = app, now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                headers.append((b"date", formatdate(self.now().timestamp(), usegmt=True).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, dated)
