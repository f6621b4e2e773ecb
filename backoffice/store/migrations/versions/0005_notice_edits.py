"""The lead department's edits of the combined notice; the owner of a deferred material.

``correction_removed_items`` keeps the items the lead department dropped
(with its reason) or reworded before issuing the one notice (6.9), so the
record says what each department asked for. ``deferred_materials`` gains
``department_code``: the department that asks for a missing deferred
material in the notice ('' for records the platform sent before it said).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "correction_removed_items",
        sa.Column("notice_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("material_name", sa.Text(), nullable=False),
        sa.Column("department_code", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("dropped_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["correction_notices.id"],
            name=op.f("fk_correction_removed_items_notice_id_correction_notices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "notice_id", "position", name=op.f("pk_correction_removed_items")
        ),
    )
    op.add_column(
        "deferred_materials",
        sa.Column(
            "department_code", sa.String(length=64), server_default=sa.text("''"), nullable=False
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("deferred_materials") as batch:
        batch.drop_column("department_code")
    op.drop_table("correction_removed_items")
