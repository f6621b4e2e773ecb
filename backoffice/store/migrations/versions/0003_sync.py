"""What the sync needs: comments, notifications, quarantine, re-sync marks, command authors.

``outbox`` gains ``author`` (a command is pushed only under its author's
sign-in) and ``format_version`` (a queue written by this version is still
understood after an upgrade). Commands queued before this revision get an
empty author: the sync holds them for the person to look at rather than
guessing whose they were.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("confirmed_version", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.JSON(none_as_null=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_code", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=64), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.case_code"], name=op.f("fk_comments_case_code_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index(op.f("ix_comments_case_code"), "comments", ["case_code"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_code", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.case_code"], name=op.f("fk_notifications_case_code_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_case_code"), "notifications", ["case_code"])
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=True),
        sa.Column("entity_id", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
    )
    op.create_index(
        op.f("ix_quarantine_entity_entity_id"), "quarantine", ["entity", "entity_id"]
    )
    op.create_table(
        "resync_seen",
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", name=op.f("pk_resync_seen")),
    )
    # Plain ADD COLUMN, not a batch copy: SQLite adds a column with a
    # default in place, and a table copy would lose the outbox's
    # AUTOINCREMENT (sequence numbers must never be reused).
    op.add_column(
        "outbox",
        sa.Column("author", sa.String(length=64), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "outbox",
        sa.Column("format_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("format_version")
        batch.drop_column("author")
    op.drop_table("resync_seen")
    op.drop_index(op.f("ix_quarantine_entity_entity_id"), table_name="quarantine")
    op.drop_table("quarantine")
    op.drop_index(op.f("ix_notifications_case_code"), table_name="notifications")
    op.drop_table("notifications")
    op.drop_index(op.f("ix_comments_case_code"), table_name="comments")
    op.drop_table("comments")
