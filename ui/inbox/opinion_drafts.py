"""Text typed in the task detail and not sent yet, one per review task, kept until sent.

A reviewer may write an opinion for half an hour, move to another task and
back, quit, or lose the laptop's battery. What was typed must come back: the
opinion until it is given, a comment until it is added (:mod:`.detail_drafts`
keeps each box's). Drafts live in the local store's key/value table, one
entry per box (never in the outbox: nothing reaches the platform until the
person sends it), written a moment after typing stops, on a switch of task
and when the session closes. The store is the signed-in account's own
(``accounts.open_store``): a colleague signing in on the same workstation
opens another and never sees them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from backoffice.store import Store

DRAFTS_KEY = "ui.opinion_drafts"  # task id → the opinion's text
COMMENT_DRAFTS_KEY = "ui.comment_drafts"  # task id → the comment's text
MAX_DRAFT = 20_000  # more than an opinion or a comment may hold: the person trims it, not we


def load(store: Store, key: str = DRAFTS_KEY) -> dict[str, str]:
    """The drafts kept by an earlier session (a damaged entry is dropped, not fatal)."""
    with store.read() as uow:
        text = uow.sync_state.get(key)
    try:
        kept = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(kept, dict):
        return {}
    return {str(k): v[:MAX_DRAFT] for k, v in kept.items() if isinstance(v, str) and v.strip()}


def keep(store: Store, drafts: Mapping[str, str], key: str = DRAFTS_KEY) -> None:
    """Write ``drafts`` (all of them: the stored set is replaced)."""
    text = json.dumps(dict(sorted(drafts.items())), ensure_ascii=False)
    with store.write() as uow:
        uow.sync_state.set(key, text)
