"""A client that syncs one big photo slowly until it is killed (test_resumable_upload_sync.py).

argv: store path, file cache root, platform URL, user, password, progress log.
Before each chunk it appends the offset it starts from to the log (and naps,
so that the parent can kill it mid-upload on a fast loopback).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from backoffice.remote import PlatformClient, RemoteError
from backoffice.remote.http import HttpSettings
from backoffice.remote.uploads import UploadProgress
from backoffice.store import Store
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import FileCache

CHUNK = 64 * 1024


class SlowClient(PlatformClient):
    def __init__(self, *args: Any, log: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log = open(log, "a", encoding="utf-8")  # noqa: SIM115 - killed, never closed

    def upload(self, sha256: str, path: Path, **kwargs: Any) -> Any:
        return super().upload(sha256, path, progress=self._progress, **kwargs)

    def _progress(self, state: UploadProgress) -> None:
        self.log.write(f"{state.offset}\n")
        self.log.flush()
        os.fsync(self.log.fileno())
        time.sleep(0.03)


def main() -> None:
    store_path, root, url, user, password, log = sys.argv[1:7]
    client = SlowClient(url, settings=HttpSettings(retries=1, backoff_factor=0.01,
                                                   upload_chunk=CHUNK), log=log)
    client.login(user, password)
    engine = SyncEngine(Store.open(store_path), client, files=FileCache(Path(root)))
    while True:
        try:
            engine.sync_once()
        except RemoteError:
            pass


if __name__ == "__main__":
    main()
