"""The inbox's status order: the workflow's, not the status codes' alphabet.

Sorted as text the codes read as random, in Chinese most of all
(awaiting_applicant < in_review < opinion_given < unclaimed). The list
sorts by a rank instead, an SQL ``CASE`` that an expression index of the
tasks table serves (migration 0015): the index and the query must spell the
expression the same way, literals and all, or SQLite sorts the department's
tasks for every page. Both take it from :func:`status_rank_sql`. No
SQLAlchemy here: the schema, the query and the migration share it.
"""

from __future__ import annotations

from backoffice.domain.states import TaskStatus

STATUS_ORDER: tuple[TaskStatus, ...] = (
    TaskStatus.UNCLAIMED,
    TaskStatus.IN_REVIEW,
    TaskStatus.AWAITING_APPLICANT,
    TaskStatus.SUSPENDED,
    TaskStatus.OPINION_GIVEN,
    TaskStatus.TRANSFERRED,
    TaskStatus.WITHDRAWN,
)
# A status this version does not know (a newer platform's) comes last.
UNKNOWN_RANK = len(STATUS_ORDER)
_RANKS = {status.value: rank for rank, status in enumerate(STATUS_ORDER)}


def status_rank(status: str) -> int:
    return _RANKS.get(status, UNKNOWN_RANK)


def status_of_rank(rank: int) -> str:
    """The status a rank stands for ("" for the unknown ones, which rank alike)."""
    return STATUS_ORDER[rank].value if 0 <= rank < UNKNOWN_RANK else ""


def status_rank_sql(column: str) -> str:
    """``CASE column WHEN 'unclaimed' THEN 0 … ELSE 7 END``, with literals an index can match."""
    whens = " ".join(f"WHEN '{status.value}' THEN {rank}" for rank, status in enumerate(STATUS_ORDER))
    return f"CASE {column} {whens} ELSE {UNKNOWN_RANK} END"
