"""Whether the person's roles let them work review tasks (claim, release, hand
over, transfer, give the opinion, ask for corrections).

The platform takes a task's commands only from a reviewer or a coordinator
of the department (``role.missing`` otherwise): an inspector or a signer
signed in would see the claim queued and refused at the next sync. The roles
are the person's own line in the department's user list that every sync
round keeps (``backoffice.sync.colleagues``), so they are known from the
first sync on and follow a change of roles at the next; before that, those
the decision desk asked the platform for (``ui.decisions.workspace.ROLES_KEY``).
Before either is known, nothing is withheld and the platform decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # the store (SQLAlchemy) is not imported before the first paint
    from backoffice.store import Store


def may_review(store: Store, me: str) -> bool:
    """Read on a worker: whether ``me``'s kept roles allow review work (True while unknown)."""
    # Imported here, on the worker: the desk's module and the store are heavy,
    # and the window's skeleton paints before SQLAlchemy is imported.
    from backoffice.sync.colleagues import COLLEAGUES_KEY, REVIEW_ROLES, parse
    from ui.decisions.workspace import ROLES_KEY

    with store.read() as uow:
        listed, asked = uow.sync_state.get(COLLEAGUES_KEY), uow.sync_state.get(ROLES_KEY)
    own = [set(c.roles) for c in parse(listed) if c.username == me]
    if own:  # listed, perhaps with no role at all
        return bool(REVIEW_ROLES & own[0])
    roles = set((asked or "").split())
    return not roles or bool(REVIEW_ROLES & roles)


def role_tip(reviews: bool) -> str:
    """Why the review actions are disabled ("" when the roles allow them)."""
    if reviews:
        return ""
    return QCoreApplication.translate(
        "InboxRoles",
        "Only reviewers and coordinators work review tasks; your account has neither role.",
    )
