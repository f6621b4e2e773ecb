"""A store synced before 0012 pulls everything once more: what it dropped comes back.

Before 0012 the sync dropped a requested extension, and before 0011 a
correction notice's answer day; the platform sends a record again only
when it changes, so such a store would miss them for good (a signer with
no request to approve, a clock that runs on). A store that had a cursor
then gets the re-sync marker: its next pull starts from scratch, keeps
every pending command on top and sweeps what the platform no longer has
(``backoffice.store.resync``). A store that started at 0012 or later
(``migrate.FROM_REVISION``) kept everything already; one whose start is
not known (a developer's Alembic run) re-syncs to be safe.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied, not imported: a migration outlives the code.
WANTED_KEY = "resync.wanted"
CURSOR_KEY = "cursor"
FROM_REVISION = "store.from_revision"
UNKNOWN = "unknown"


def upgrade() -> None:
    start = context.config.attributes.get(FROM_REVISION, UNKNOWN)
    if start is None or (start != UNKNOWN and start >= "0012"):
        return
    op.execute(
        sa.text(
            "INSERT INTO sync_state (key, value) SELECT :key, '0013' "
            "WHERE EXISTS (SELECT 1 FROM sync_state WHERE key = :cursor) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ).bindparams(key=WANTED_KEY, cursor=CURSOR_KEY)
    )


def downgrade() -> None:
    # An older build knows no such marker; its own pulls go on from the cursor.
    op.execute(sa.text("DELETE FROM sync_state WHERE key = :key").bindparams(key=WANTED_KEY))
