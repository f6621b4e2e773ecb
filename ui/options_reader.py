"""The sync options the Settings say, read on the GUI thread, built on a worker.

Building them imports the HTTP stack, so start-up does that on its worker:
:func:`read_options` reads the settings now and returns what builds them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ui.settings import Settings

if TYPE_CHECKING:
    from ui.session import SyncOptions

MiB = 1024 * 1024


def read_options(settings: Settings) -> Callable[[], SyncOptions]:
    """``settings`` read now (GUI thread); the options built by the caller of the result."""
    proxy, ca = settings.proxy, settings.ca_bundle
    interval = float(settings.sync_interval)
    cache, prefetch = settings.cache_size_mib * MiB, settings.prefetch_mib * MiB

    def build() -> SyncOptions:
        from backoffice.remote.http import HttpSettings
        from ui.session import SyncOptions

        return SyncOptions(
            interval=interval, cache_bytes=cache, prefetch_bytes=prefetch,
            http=HttpSettings(proxies={"http": proxy, "https": proxy} if proxy else None,
                              ca_bundle=Path(ca) if ca else None))

    return build
