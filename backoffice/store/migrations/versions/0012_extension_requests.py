"""Requested extensions are kept: a signer approves one from the case (Art. 42).

``extensions`` gains the request's ``status`` (``requested``/``approved``),
who asked and when; ``approved_on`` may be empty (a request has not been
approved yet). Rows stored before were all approved (the sync dropped a
request): they default to ``approved`` and keep moving their deadlines, so
no deadline column changes. A request the platform sent before this
revision was not kept; it arrives when the platform sends the extension
again (its approval, or a re-sync).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A batch copy: SQLite cannot drop NOT NULL in place. No table refers to
    # extensions, so the copy takes nothing with it.
    with op.batch_alter_table("extensions") as batch:
        batch.alter_column("approved_on", existing_type=sa.Date(), nullable=True)
        batch.add_column(sa.Column("status", sa.String(length=16),
                                   server_default=sa.text("'approved'"), nullable=False))
        batch.add_column(sa.Column("requested_by", sa.Text(), server_default=sa.text("''"),
                                   nullable=False))
        batch.add_column(sa.Column("requested_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # The older schema has no place for a request: it goes (the platform
    # still has it), as it would never have been stored.
    op.execute(sa.text("DELETE FROM extensions WHERE status != 'approved'"))
    with op.batch_alter_table("extensions") as batch:
        for column in ("requested_on", "requested_by", "status"):
            batch.drop_column(column)
        batch.alter_column("approved_on", existing_type=sa.Date(), nullable=False)
