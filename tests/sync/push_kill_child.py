"""A client killed in a push at a chosen point (test_push_kill_points.py).

argv: store path, platform URL, user, password, where:

- ``marked``: SIGKILLed the moment its batch is marked sent — right before
  the request's first byte goes onto the connection, so nothing of it left;
- ``answer``: pushes and waits; the parent kills it once the platform has
  the request (its answer held back by the fault proxy). It touches
  ``<store>.ready`` once signed in and pushes only after ``<store>.go``
  exists, so the parent arms the proxy for the push's answer alone.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from backoffice.api import v1
from backoffice.remote import PlatformClient
from backoffice.remote.http import HttpSettings
from backoffice.remote.validate import PushResults
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine


class KilledOnceMarked(PlatformClient):
    """Dies right after the sync's own ``leaving`` committed the sent marks."""

    def push(self, commands: list[v1.CommandIn], *,
             leaving: Callable[[], None] | None = None,
             not_taken: Callable[[], None] | None = None) -> PushResults:
        def marked_then_killed() -> None:
            assert leaving is not None
            leaving()
            os.kill(os.getpid(), signal.SIGKILL)

        return super().push(commands, leaving=marked_then_killed, not_taken=not_taken)


def main() -> None:
    path, url, user, password, where = sys.argv[1:6]
    store = Store.open(Path(path))
    kind = KilledOnceMarked if where == "marked" else PlatformClient
    client = kind(url, settings=HttpSettings(retries=0))
    client.login(user, password)
    Path(path + ".ready").touch()
    while where == "answer" and not Path(path + ".go").exists():
        time.sleep(0.01)
    SyncEngine(store, client).push()
    sys.exit("the push ended: the child was to be killed in it")


if __name__ == "__main__":
    main()
