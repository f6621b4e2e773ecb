"""The day a correction notice was answered: the applicant's time stops the clock.

From the notice's issue to the day the corrections come in the case's
clock stands, as during a special procedure (docs/deadlines.md), so the
deadline columns need the day a notice was answered. Notices answered
before this revision have none: they stop nothing until the platform sends
them again. Every deadline column is recomputed at the next start (the
``STALE_KEY`` marker): a notice still out now stops its case's clock.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STALE_KEY = "store.deadlines_stale"  # copied, not imported: a migration outlives the code


def upgrade() -> None:
    op.add_column("correction_notices", sa.Column("answered_on", sa.Date(), nullable=True))
    op.execute(
        sa.text(
            "INSERT INTO sync_state (key, value) VALUES (:key, '0011') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ).bindparams(key=STALE_KEY)
    )


def downgrade() -> None:
    # SQLite drops a column in place (3.35+): a batch copy of the table would
    # take the notices' items with it (ON DELETE CASCADE).
    op.drop_column("correction_notices", "answered_on")
