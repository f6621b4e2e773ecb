"""How an issued decision reached the applicant (9.7 便捷送达; 8.4.1 a)).

``decision.issue`` now says it: handed over at the window, by courier (with
the address it is posted to) or online download. Decisions stored before
have none (``''``): they are said as not recorded until the platform sends
their record again.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("delivery", sa.String(length=16),
                                         server_default=sa.text("''"), nullable=False))
    op.add_column("decisions", sa.Column("delivery_address", sa.Text(),
                                         server_default=sa.text("''"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("delivery_address")
        batch.drop_column("delivery")
