"""The platform's clock moved to a visit's start: a part is confirmed on site, not before.

The tests' platforms run on the demo's day (``demo_clock``), and the visits
they plan lie ahead of it; the platform refuses a part confirmed before its
visit begins (``inspection.visit_not_begun``), so a test that records the
inspector's confirmation first moves the platform there, as time would.
Access tokens issued before the move have expired by then: a
``PlatformClient`` refreshes its own (:func:`sign_in_again` past the refresh
token's two weeks), the sandbox tests' ``Client`` signs in again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from support.platform_env import PASSWORD
from support.sandbox_env import demo_clock

from backoffice.remote import PlatformClient
from backoffice.sandbox.server import Sandbox


def starts_at(sandbox: Sandbox, inspection_id: str) -> dt.datetime:
    stored = sandbox.platform.record("inspection", inspection_id)
    assert stored is not None and stored.body.get("starts_at"), "a planned visit"
    return dt.datetime.fromisoformat(str(stored.body["starts_at"]))


def go_to_visit(sandbox: Sandbox, inspection_id: str) -> dt.datetime:
    """The platform's clock from the visit's start on (running); that start."""
    start = starts_at(sandbox, inspection_id)
    sandbox.platform.clock = demo_clock(start)
    return start


@contextlib.contextmanager
def at_the_visit(sandbox: Sandbox, inspection_id: str) -> Iterator[dt.datetime]:
    """:func:`go_to_visit` while inside, the clock as it was after (a shared platform)."""
    before = sandbox.platform.clock
    try:
        yield go_to_visit(sandbox, inspection_id)
    finally:
        sandbox.platform.clock = before


def sign_in_again(*clients: PlatformClient) -> None:
    """Each client signed in anew, at the platform's time now."""
    for client in clients:
        assert client.username is not None
        client.login(client.username, PASSWORD)
