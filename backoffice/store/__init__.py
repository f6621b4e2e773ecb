"""The local store: SQLite via SQLAlchemy, Alembic migrations, full-text search.

Entry points: :class:`Store` (``Store.open(path)``), :func:`describe`, and
for multi-step transactions the :mod:`backoffice.store.pending` functions
on a ``store.write()`` unit of work. Everything handed out is a domain
dataclass (or a plain value object of this package), never an ORM row.
"""

from backoffice.store.cases import CaseDeadline
from backoffice.store.inbox import TaskQuery, TaskSort
from backoffice.store.outbox import OutboxEntry, OutboxState
from backoffice.store.pending import ApplyReport
from backoffice.store.store import Store, describe
from backoffice.store.uow import UnitOfWork

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
