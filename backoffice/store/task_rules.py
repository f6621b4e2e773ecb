"""Refusals the store gives before it queues a review task's command.

The platform takes a task's commands only from a reviewer or a coordinator
of the department (``role.missing``): an inspector or a signer whose claim
was queued heard of the refusal only after the next sync, and a re-apply
queued it to be refused again. The person's roles are their own line in
the department's user list every sync keeps (``sync.colleagues``), else
those the decision desk asked for (``decisions.roles``) — the app's rule
(``ui/inbox/roles.py``); while neither is known nothing is refused here and
the platform decides.

A claim of a task someone holds is refused by the domain naming the holder's
login; said to a person, the name their colleagues know them by.
"""

from __future__ import annotations

from backoffice.domain.errors import BackofficeError, DomainError
from backoffice.store.uow import UnitOfWork

REVIEW_ROLES = frozenset({"reviewer", "coordinator"})
# The kinds the platform takes from reviewers and coordinators only (own_record).
REVIEW_KINDS = frozenset(f"task.{a}" for a in (
    "claim", "release", "reopen", "transfer", "give_opinion", "request_correction"))
DESK_ROLES_KEY = "decisions.roles"  # backoffice.decisions.desk.ROLES_KEY


def known_roles(uow: UnitOfWork, username: str) -> frozenset[str] | None:
    """``username``'s roles as this computer last heard them; None when it never did."""
    # Here, not at the top: the sync package imports the store.
    from backoffice.sync.colleagues import COLLEAGUES_KEY, parse

    own = [c.roles for c in parse(uow.sync_state.get(COLLEAGUES_KEY)) if c.username == username]
    if own:  # listed, perhaps with no role at all
        return frozenset(own[0])
    asked = (uow.sync_state.get(DESK_ROLES_KEY) or "").split()
    return frozenset(asked) if asked else None


def check_roles(uow: UnitOfWork, kind: str, author: str) -> None:
    """Refuse now what the platform would refuse at the next sync for want of a role."""
    if kind not in REVIEW_KINDS:
        return
    roles = known_roles(uow, author)
    if roles is not None and not REVIEW_ROLES & roles:
        raise DomainError("role.missing", role="/".join(sorted(REVIEW_ROLES, reverse=True)))


def name_holder(uow: UnitOfWork, exc: BackofficeError) -> None:
    """``task.already_claimed`` said with the holder's name (their login beside), when known."""
    from backoffice.sync.colleagues import COLLEAGUES_KEY, parse

    holder = exc.params.get("holder")
    if exc.code != "task.already_claimed" or not isinstance(holder, str):
        return
    names = {c.username: c.display_name for c in parse(uow.sync_state.get(COLLEAGUES_KEY))
             if c.display_name}
    if holder in names:
        exc.params = {**exc.params, "holder": names[holder], "holder_login": holder}
