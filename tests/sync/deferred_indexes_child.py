"""A first pull that stops, to be killed, with the bulk tables' indexes dropped.

argv: store path, platform URL, user, password, where ("pages" or "finish"),
ready file. ``pages``: after two pages committed (the indexes dropped, the
marker stored); ``finish``: inside the last page's transaction, after the
end of the snapshot began building indexes again. Either way it touches the
ready file and waits for test_deferred_indexes.py's SIGKILL.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from backoffice.remote import PlatformClient
from backoffice.remote.http import HttpSettings
from backoffice.store import Store, search
from backoffice.sync.engine import SyncEngine


def main() -> None:
    path, url, user, password, where, ready = sys.argv[1:7]
    store = Store.open(path)
    client = PlatformClient(url, settings=HttpSettings(retries=1, backoff_factor=0.01))
    client.login(user, password)
    engine = SyncEngine(store, client, page_size=15)

    def stop() -> None:
        Path(ready).touch()
        while True:
            time.sleep(1)

    if where == "pages":
        real_apply = engine._apply_page
        applied: list[bool] = []

        def apply_page(*args: Any, **kwargs: Any) -> None:
            real_apply(*args, **kwargs)
            applied.append(True)
            if len(applied) == 2:
                stop()

        engine._apply_page = apply_page  # type: ignore[method-assign]
    else:
        # Called once, by the end of the snapshot, after the indexes are back.
        real_merge = search.merge_all

        def merge_all(*args: Any, **kwargs: Any) -> None:
            real_merge(*args, **kwargs)
            stop()

        search.merge_all = merge_all  # type: ignore[assignment]
    engine.sync_once()
    raise SystemExit("the pull ended without stopping")


if __name__ == "__main__":
    main()
