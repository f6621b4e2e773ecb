"""A stopped command keeps the details of its reason, not its code alone.

The platform refuses a command with a code and details (which department,
which date, which limit); ``last_error`` kept the code only, so a sentence
that needs a detail fell back to a general one everywhere the reason is
said. ``error_details`` keeps them beside the code, already checked as a
short mapping of plain values (``backoffice.store.reason_details``).
Rows stored before this revision have none: they keep the general sentence.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: a table copy would lose the
    # outbox's AUTOINCREMENT (sequence numbers must never be reused).
    op.add_column("outbox", sa.Column("error_details", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+), for the same AUTOINCREMENT; an older build
    # says the general sentence for the codes it keeps.
    op.drop_column("outbox", "error_details")
