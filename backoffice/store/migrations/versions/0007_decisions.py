"""The decision desk: more of a decision's record, and the seals still to finish.

``decisions`` gains what the desk and the platform's signing service record:
the joint-decision and public-notice flags and period, the reason a decision
came after the deadline, the sealed document and the archive package (SHA-256
in the file cache), who drafted and who sealed. ``sealing_jobs`` keeps a seal
under way — the platform's signing request id, so following it survives a
restart, or a local seal awaiting its timestamp.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("joint", sa.Boolean(), sa.text("0"), False),
    ("public_notice", sa.Boolean(), sa.text("0"), False),
    ("notice_days", sa.Integer(), sa.text("0"), False),
    ("overdue_reason", sa.Text(), sa.text("''"), False),
    ("document_sha256", sa.String(length=64), None, True),
    ("archive_sha256", sa.String(length=64), None, True),
    ("drafted_by", sa.String(length=64), sa.text("''"), False),
    ("sealed_by", sa.String(length=64), sa.text("''"), False),
)


def upgrade() -> None:
    for name, type_, default, nullable in _COLUMNS:
        op.add_column("decisions", sa.Column(name, type_, server_default=default,
                                             nullable=nullable))
    op.create_table(
        "sealing_jobs",
        sa.Column("decision_id", sa.String(length=128), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("document_number", sa.String(length=128), nullable=True),
        sa.Column("document_sha256", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("error", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_sealing_jobs")),
    )


def downgrade() -> None:
    op.drop_table("sealing_jobs")
    with op.batch_alter_table("decisions") as batch:
        for name, *_ in reversed(_COLUMNS):
            batch.drop_column(name)
