"""The local store: SQLite via SQLAlchemy, Alembic migrations, full-text search.

Entry points: :class:`Store` (``Store.open(path)``), :func:`describe`, and
for multi-step transactions the :mod:`backoffice.store.pending` functions
on a ``store.write()`` unit of work. Everything handed out is a domain
dataclass (or a plain value object of this package), never an ORM row.

Importing the package imports no SQLAlchemy: the names below that need it
are loaded on first use (PEP 562), so ``backoffice.store.inbox_query`` —
the inbox's plain query types — can be imported by a window that paints
before the store is open.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from backoffice.store.inbox_query import TaskQuery, TaskSort

if TYPE_CHECKING:
    from backoffice.store.cases import CaseDeadline
    from backoffice.store.outbox import OutboxEntry, OutboxState
    from backoffice.store.pending import ApplyReport
    from backoffice.store.store import Store, describe
    from backoffice.store.uow import UnitOfWork

# Name → module, imported when the name is first asked for.
_LAZY = {
    "ApplyReport": "backoffice.store.pending",
    "CaseDeadline": "backoffice.store.cases",
    "OutboxEntry": "backoffice.store.outbox",
    "OutboxState": "backoffice.store.outbox",
    "Store": "backoffice.store.store",
    "describe": "backoffice.store.store",
    "UnitOfWork": "backoffice.store.uow",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later lookups are plain attribute reads
    return value


__all__ = [
    "ApplyReport",
    "CaseDeadline",
    "OutboxEntry",
    "OutboxState",
    "Store",
    "TaskQuery",
    "TaskSort",
    "UnitOfWork",
    "describe",
]
