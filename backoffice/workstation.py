"""What a signed-in workstation runs between rounds: one recipe for the app and the CLI.

A sync round does more than pull and push: files taken offline (inspection
photos, locally sealed decisions) go up before the commands that name them,
the inbox's material files are prefetched, and seals requested from the
platform's signing service are followed until their PDF is in the cache.
The app and ``backoffice sync`` (a scheduled task on a field laptop, with no
window open) must do the same, so both build their engine here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backoffice import paths
from backoffice.decisions.sealing import Sealer
from backoffice.remote.client import PlatformClient
from backoffice.store import Store
from backoffice.sync.accounts import Account
from backoffice.sync.engine import SyncEngine
from backoffice.sync.files import (
    DEFAULT_LIMIT_BYTES,
    DEFAULT_PREFETCH_BYTES,
    FileCache,
    default_root,
)
from backoffice.sync.status import StatusHub


def trust_dir() -> Path:
    """Extra trusted roots for verifying sealed documents (PEM files an administrator puts there)."""
    return paths.data_dir(create=False) / "trust"


def open_files(account: Account, *, limit_bytes: int = DEFAULT_LIMIT_BYTES) -> FileCache:
    return FileCache(default_root(account.profile), limit_bytes=limit_bytes)


@dataclass(frozen=True)
class Workstation:
    engine: SyncEngine
    sealer: Sealer


def assemble(account: Account, store: Store, client: PlatformClient, files: FileCache, *,
             prefetch_bytes: int = DEFAULT_PREFETCH_BYTES,
             status: StatusHub | None = None) -> Workstation:
    """The sync engine with the file cache, the department's prefetch and the seal follower."""
    sealer = Sealer(store, client, files, username=account.username, trust_dir=trust_dir())
    engine = SyncEngine(store, client, files=files, department_code=account.department_code,
                        prefetch_bytes=prefetch_bytes, status=status, followers=(sealer,))
    return Workstation(engine, sealer)
