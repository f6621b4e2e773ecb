"""What kind of stop a command in the outbox came to, by its state and code.

The outbox has two stopped states, ``conflict`` and ``refused``, but they
hold more than a conflict and a refusal: a command held back behind another
one in conflict (:data:`BLOCKED`) and one released by that conflict's
resolution (:data:`RELEASED`) are ``conflict`` rows the platform never
judged; one the platform kept failing on (:data:`GAVE_UP`) is a ``refused``
row it never refused. Every place that heads a stopped command's reason
asks :func:`stopped_kind`, so the inbox, the task detail and the conflict
list say the same.

Kept apart from :mod:`backoffice.store.outbox` (which re-exports the codes):
no SQL here, so the inbox can word a row kept from the last session before
the store is open.
"""

from __future__ import annotations

import enum

# Error code of a command held back because an earlier command on the same
# record conflicted: it was made on top of a state that no longer exists.
BLOCKED = "outbox.blocked_by_conflict"
# A command held back by a conflict the person has since resolved, which fits
# the record as it now stands: theirs to re-apply or discard.
RELEASED = "outbox.held_back_released"
# The platform's answer for a command it failed on unexpectedly, and the
# code a command gets when that answer came too often in a row
# (``backoffice.store.outcomes.mark_platform_failed``).
PLATFORM_FAILED = "server.error"
GAVE_UP = "sync.platform_failed_repeatedly"

# Codes of stopped commands the platform did not judge: neither a conflict
# with a colleague's change nor a refusal.
_NOT_JUDGED = frozenset({BLOCKED, RELEASED, PLATFORM_FAILED, GAVE_UP})


class StoppedKind(enum.StrEnum):
    CONFLICT = "conflict"  # the record changed on the platform first (a stale base)
    REFUSED = "refused"  # the platform said no
    NOT_APPLIED = "not_applied"  # held back behind a conflict, or given up after failures


def stopped_kind(state: str, code: str | None) -> StoppedKind | None:
    """The kind of stop of a command in ``state`` (an ``OutboxState`` value) with
    ``code`` (its ``last_error``); None for a command that has not stopped."""
    if state not in ("conflict", "refused"):
        return None
    if code in _NOT_JUDGED:
        return StoppedKind.NOT_APPLIED
    return StoppedKind.REFUSED if state == "refused" else StoppedKind.CONFLICT
