"""Commands marked sent as their request leaves, and the marks undone when it was refused.

``sent`` means "may have reached the platform": a crash or a lost answer
leaves it, and the next push resends under the same id (the platform
answers a duplicate with its first result). The mark is made right before
the request's first byte goes onto a connection, so a request that could
not even connect is never marked; one the platform answered 401 (and the
sign-in could not be renewed) did not arrive either: its batch goes back
as it was (docs/sync.md, "Push").
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice.store.outbox import ACTIVE, OutboxState
from backoffice.store.uow import UnitOfWork

# Per command marked sent: its state and attempts before (see unmark_sent).
SentMarks = dict[str, tuple[OutboxState, int]]


def mark_sent(uow: UnitOfWork, command_ids: Iterable[str]) -> SentMarks:
    """Mark the active ones sent, one more attempt each; what :func:`unmark_sent` undoes."""
    marks: SentMarks = {}
    for command_id in command_ids:
        entry = uow.outbox.get(command_id)
        if entry is not None and entry.state in ACTIVE:
            # The last error stays: it tells a platform failure's resend
            # from a first send (mark_platform_failed counts them).
            uow.outbox.set_state(command_id, OutboxState.SENT, attempted=True,
                                 last_error=entry.last_error,
                                 error_details=entry.error_details)
            marks[command_id] = (entry.state, entry.attempts)
    return marks


def unmark_sent(uow: UnitOfWork, marks: SentMarks) -> None:
    """Undo :func:`mark_sent`: the platform cannot have the request it was for.

    Each command gets back its state and attempts: a pending one is pending
    again (the platform cannot have it), one sent before stays sent (that
    earlier request may have reached it), and neither counts a try. Only a
    command still as ``mark_sent`` left it: one answered, or marked again by
    another sync of this store meanwhile, is not touched.
    """
    found = uow.outbox.get_many(marks)
    for command_id, (state, attempts) in marks.items():
        entry = found.get(command_id)
        if entry is not None and entry.state == OutboxState.SENT \
                and entry.attempts == attempts + 1:
            uow.outbox.set_state(command_id, state, attempts=attempts,
                                 last_error=entry.last_error,
                                 error_details=entry.error_details)
