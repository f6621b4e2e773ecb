"""The department's reviewers, kept for offline use: who a task can be handed to.

Fetched with every sync round (``GET /departments/{code}/users``) and kept as
JSON in ``sync_state`` — like the work calendar, a small reference list that
is read whole and needs no table. Offline the person hands a task over to
someone from the last list the platform gave; the platform checks again
when the command arrives (``transfer.unknown_colleague``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from backoffice.store import Store

if TYPE_CHECKING:
    from backoffice.api import v1

COLLEAGUES_KEY = "sync.colleagues"
REVIEW_ROLES = frozenset({"reviewer", "coordinator"})


class UsersSource(Protocol):
    def department_users(self, department_code: str) -> v1.DepartmentUsers: ...


@dataclass(frozen=True, slots=True)
class Colleague:
    username: str
    display_name: str
    roles: tuple[str, ...]

    @property
    def reviews(self) -> bool:
        return bool(REVIEW_ROLES & set(self.roles))


def refresh(store: Store, client: object, department_code: str | None) -> bool:
    """Fetch and keep the list; True when it changed.

    A client without the call (a stand-in) or a platform without the
    endpoint (``remote.not_found``) leaves the kept list as it is: the
    hand-over then offers what it had, or nothing.
    """
    # Here, not at the top: reading the kept list (the inbox's hand-over menu,
    # at start-up) must not import the HTTP stack and the contract. Two
    # threads importing them at once broke an import (pydantic's lazy
    # attributes meeting PySide6's import hook) about one start in twenty.
    from backoffice.api import v1
    from backoffice.remote.errors import NOT_FOUND, RemoteError

    fetch = getattr(client, "department_users", None)
    if department_code is None or fetch is None:
        return False
    try:
        users = fetch(department_code)
    except RemoteError as exc:
        if exc.code == NOT_FOUND:
            return False
        raise
    assert isinstance(users, v1.DepartmentUsers)
    text = json.dumps([u.model_dump(mode="json") for u in users.users],
                      ensure_ascii=False, sort_keys=True)
    with store.write() as uow:
        if uow.sync_state.get(COLLEAGUES_KEY) == text:
            return False
        uow.sync_state.set(COLLEAGUES_KEY, text)
    return True


def cached(store: Store) -> tuple[Colleague, ...]:
    """The last list the platform gave (empty before the first sync)."""
    with store.read() as uow:
        return parse(uow.sync_state.get(COLLEAGUES_KEY))


def parse(text: str | None) -> tuple[Colleague, ...]:
    """The kept list (``COLLEAGUES_KEY``'s value) as colleagues; empty if none or damaged."""
    if not text:
        return ()
    try:
        raw = json.loads(text)
        return tuple(Colleague(str(u["username"]), str(u.get("display_name") or ""),
                               tuple(str(r) for r in u.get("roles") or ()))
                     for u in raw)
    except (ValueError, KeyError, TypeError):
        return ()  # a damaged cache is no colleague list; the next sync rewrites it


def reviewers_except(store: Store, username: str) -> tuple[Colleague, ...]:
    """Who the person can hand a task to: the department's reviewers but themselves."""
    return tuple(c for c in cached(store) if c.reviews and c.username != username)
