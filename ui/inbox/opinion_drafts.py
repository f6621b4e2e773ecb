"""Opinions typed and not given yet, one per review task, kept until given.

A reviewer may write an opinion for half an hour, move to another task and
back, quit, or lose the laptop's battery. What was typed must come back:
drafts live in the local store's key/value table (never in the outbox:
nothing reaches the platform until the person gives the opinion), written a
moment after typing stops, on a switch of task and when the session closes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from backoffice.store import Store

DRAFTS_KEY = "ui.opinion_drafts"  # task id → the opinion's text
MAX_DRAFT = 20_000  # more than an opinion may hold (4,000): the person trims it, not we


def load(store: Store) -> dict[str, str]:
    """The drafts kept by an earlier session (a damaged entry is dropped, not fatal)."""
    with store.read() as uow:
        text = uow.sync_state.get(DRAFTS_KEY)
    try:
        kept = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(kept, dict):
        return {}
    return {str(k): v[:MAX_DRAFT] for k, v in kept.items() if isinstance(v, str) and v.strip()}


def keep(store: Store, drafts: Mapping[str, str]) -> None:
    """Write ``drafts`` (all of them: the stored set is replaced)."""
    text = json.dumps(dict(sorted(drafts.items())), ensure_ascii=False)
    with store.write() as uow:
        uow.sync_state.set(DRAFTS_KEY, text)
