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
login; said to a person, the name their colleagues know them by. A release
or a hand-over of a colleague's claim by someone who is not a coordinator
is refused here (``task.held_by_colleague``), as the platform would at the
next sync — a re-applied release too, after a coordinator handed the task
to a colleague meanwhile — with the holder's name and the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backoffice.domain.errors import BackofficeError, DomainError
from backoffice.domain.model import ReviewTask
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


def takes_claim(kind: str, payload: Mapping[str, Any]) -> bool:
    """Release and hand-over take the task from whoever has claimed it."""
    return kind == "task.release" or (
        kind == "task.transfer" and payload.get("to_user") is not None)


def check_own_claim(uow: UnitOfWork, kind: str, payload: Mapping[str, Any], author: str,
                    task: object) -> None:
    """A reviewer lets go of their own claim only; a colleague's is a coordinator's call.

    While the author's roles are not known nothing is refused: the platform decides.
    """
    if not isinstance(task, ReviewTask) or not takes_claim(kind, payload):
        return
    holder = task.assignee
    if not holder or holder == author:
        return
    roles = known_roles(uow, author)
    if roles is None or "coordinator" in roles:
        return
    raise held_by_colleague(uow, task)


def held_by_colleague(uow: UnitOfWork, task: ReviewTask) -> DomainError:
    """The refusal of taking ``task`` from its holder: their name and the case, as a
    colleague says it (not the task's id and a login)."""
    holder = task.assignee or ""
    return DomainError("task.held_by_colleague", task=task.id, case_code=task.case_code,
                       assignee=_display_name(uow, holder), assignee_login=holder)


def _display_name(uow: UnitOfWork, username: str) -> str:
    from backoffice.sync.colleagues import COLLEAGUES_KEY, parse

    return next((c.display_name for c in parse(uow.sync_state.get(COLLEAGUES_KEY))
                 if c.username == username and c.display_name), username)


def name_holder(uow: UnitOfWork, exc: BackofficeError) -> None:
    """``task.already_claimed`` said with the holder's name (their login beside), when known."""
    holder = exc.params.get("holder")
    if exc.code != "task.already_claimed" or not isinstance(holder, str):
        return
    name = _display_name(uow, holder)
    if name != holder:
        exc.params = {**exc.params, "holder": name, "holder_login": holder}
