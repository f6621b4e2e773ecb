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

from typing import TYPE_CHECKING

from backoffice.lazy import lazy_names
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

__getattr__ = lazy_names(__name__, _LAZY, globals())


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
