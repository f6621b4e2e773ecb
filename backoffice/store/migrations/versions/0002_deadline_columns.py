"""Deadline columns: the engine's estimate beside the platform's date.

Cases get ``estimated_due_date``, the effective ``due_date`` (indexed for
sorting and filtering), ``due_date_differs``, ``due_date_provisional`` and
``clock_stopped``; review tasks get ``estimated_step_due_date``, the
effective ``step_due`` and a copy of the case's ``case_due_date``, and the
inbox indexes move from ``step_due_date`` to those (see
``backoffice.store.deadline_columns``).

What SQL alone can fill is filled here: the effective dates as the
platform's, so sorting works on the migrated file as it did before. The
estimates need the deadline engine and the store's work calendar, which a
migration must not depend on (it has to keep meaning what it meant when it
shipped): the migration leaves the marker ``store.deadlines_stale`` in
``sync_state``, and ``Store.open`` recomputes every deadline column and
removes the marker in one transaction.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STALE_KEY = "store.deadlines_stale"  # copied, not imported: see the docstring

_CASE_FLAGS = ("due_date_differs", "due_date_provisional", "clock_stopped")
_OLD_TASK_INDEXES = {
    "ix_review_tasks_department_code_step_due_date": ["department_code", "step_due_date"],
    "ix_review_tasks_department_code_status_step_due_date": [
        "department_code",
        "status",
        "step_due_date",
    ],
    "ix_review_tasks_department_code_assignee_step_due_date": [
        "department_code",
        "assignee",
        "step_due_date",
    ],
}
_NEW_TASK_INDEXES = {
    "ix_review_tasks_department_code_step_due": ["department_code", "step_due"],
    "ix_review_tasks_department_code_status_step_due": ["department_code", "status", "step_due"],
    "ix_review_tasks_department_code_assignee_step_due": [
        "department_code",
        "assignee",
        "step_due",
    ],
    "ix_review_tasks_department_code_case_due_date": ["department_code", "case_due_date"],
    "ix_review_tasks_department_code_status_case_due_date": [
        "department_code",
        "status",
        "case_due_date",
    ],
}


def upgrade() -> None:
    # Plain ADD COLUMNs (no table copy): nullable dates, and flags that are
    # NOT NULL with a default so rows already there get false.
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("estimated_due_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        for name in _CASE_FLAGS:
            batch.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.text("0"))
            )
    op.create_index(op.f("ix_cases_due_date"), "cases", ["due_date"])

    with op.batch_alter_table("review_tasks") as batch:
        batch.add_column(sa.Column("estimated_step_due_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("step_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("case_due_date", sa.Date(), nullable=True))
    for name in _OLD_TASK_INDEXES:
        op.drop_index(name, table_name="review_tasks")
    for name, columns in _NEW_TASK_INDEXES.items():
        op.create_index(name, "review_tasks", columns)

    op.execute("UPDATE cases SET due_date = platform_due_date")
    op.execute(
        "UPDATE review_tasks SET step_due = step_due_date, case_due_date = "
        "(SELECT c.due_date FROM cases AS c WHERE c.case_code = review_tasks.case_code)"
    )
    op.execute(
        sa.text(
            "INSERT INTO sync_state (key, value) VALUES (:key, '0002') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ).bindparams(key=STALE_KEY)
    )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM sync_state WHERE key = :key").bindparams(key=STALE_KEY))
    for name in _NEW_TASK_INDEXES:
        op.drop_index(name, table_name="review_tasks")
    with op.batch_alter_table("review_tasks") as batch:
        batch.drop_column("case_due_date")
        batch.drop_column("step_due")
        batch.drop_column("estimated_step_due_date")
    for name, columns in _OLD_TASK_INDEXES.items():
        op.create_index(name, "review_tasks", columns)
    op.drop_index(op.f("ix_cases_due_date"), table_name="cases")
    with op.batch_alter_table("cases") as batch:
        for name in reversed(_CASE_FLAGS):
            batch.drop_column(name)
        batch.drop_column("due_date")
        batch.drop_column("estimated_due_date")
