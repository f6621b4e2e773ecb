"""Joint site inspections: the plan's answers, requests and the departments' parts.

``inspections`` gains the proposal number, the departments' answers to it,
the originals the applicant brings (8.4.3) and the reasons of a reschedule,
cancellation or slot after the deadline; rows stored before default to no
answers and no reasons. ``inspection_requests`` and ``inspection_parts``
are new: a department's request, and its part of the joint record.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("confirmed_version", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.JSON(none_as_null=True), nullable=True),
    ]


def _case_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["case_code"], ["cases.case_code"], name=op.f(f"fk_{table}_case_code_cases"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("inspections") as batch:
        batch.add_column(sa.Column("proposal", sa.Integer(), server_default=sa.text("0"),
                                   nullable=False))
        batch.add_column(sa.Column("answers", sa.JSON(), server_default=sa.text("'[]'"),
                                   nullable=False))
        batch.add_column(sa.Column("originals", sa.JSON(), server_default=sa.text("'[]'"),
                                   nullable=False))
        batch.add_column(sa.Column("reason", sa.Text(), server_default=sa.text("''"),
                                   nullable=False))
        batch.add_column(sa.Column("after_deadline_reason", sa.Text(),
                                   server_default=sa.text("''"), nullable=False))
    op.create_table(
        "inspection_requests",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("case_code", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=64), nullable=False),
        sa.Column("site_address", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("inspection_id", sa.String(length=128), nullable=False),
        sa.Column("task_id", sa.String(length=128), nullable=False),
        *_synced(),
        _case_fk("inspection_requests"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_requests")),
    )
    for column in ("case_code", "department_code", "inspection_id"):
        op.create_index(op.f(f"ix_inspection_requests_{column}"), "inspection_requests",
                        [column])
    op.create_table(
        "inspection_parts",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("inspection_id", sa.String(length=128), nullable=False),
        sa.Column("case_code", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("corrections", sa.JSON(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("confirmed_by", sa.Text(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        *_synced(),
        _case_fk("inspection_parts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_parts")),
    )
    for column in ("case_code", "inspection_id"):
        op.create_index(op.f(f"ix_inspection_parts_{column}"), "inspection_parts", [column])


def downgrade() -> None:
    op.drop_table("inspection_parts")
    op.drop_table("inspection_requests")
    with op.batch_alter_table("inspections") as batch:
        for column in ("after_deadline_reason", "reason", "originals", "answers", "proposal"):
            batch.drop_column(column)
