"""A material's check verdicts as a JSON column of the material, not a table.

``material_checks`` held one row per check (three per material): 475,000
rows at 20,000 cases, two thirds of the rows of a first pull and a third
of its time, for values that are only ever read and written with their
material (no query counted them). ``materials.checks`` now holds them as
the JSON list the row mapping writes: ``[{"check", "verdict", "note"}]``
in position order. The rows are moved here in SQL, then the table goes
(its indexes with it).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("materials") as batch:
        batch.add_column(sa.Column("checks", sa.JSON(), server_default=sa.text("'[]'"),
                                   nullable=False))
    # json_group_array keeps the order of the rows it is fed; a subquery's
    # ORDER BY is what feeds them by position.
    op.execute(
        "UPDATE materials SET checks = ("
        " SELECT json_group_array(json_object('check', c.\"check\", 'verdict', c.verdict,"
        " 'note', c.note)) FROM (SELECT \"check\", verdict, note FROM material_checks"
        " WHERE material_id = materials.id ORDER BY position) AS c)"
        " WHERE EXISTS (SELECT 1 FROM material_checks WHERE material_id = materials.id)"
    )
    op.drop_table("material_checks")


def downgrade() -> None:
    op.create_table(
        "material_checks",
        sa.Column("material_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=32), nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["material_id"], ["materials.id"],
                                name=op.f("fk_material_checks_material_id_materials"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("material_id", "position", name=op.f("pk_material_checks")),
    )
    op.create_index(op.f("ix_material_checks_material_id_check"), "material_checks",
                    ["material_id", "check"], unique=True)
    op.create_index(op.f("ix_material_checks_verdict"), "material_checks", ["verdict"])
    op.execute(
        "INSERT INTO material_checks (material_id, position, \"check\", verdict, note)"
        " SELECT m.id, j.key, json_extract(j.value, '$.check'),"
        " json_extract(j.value, '$.verdict'), json_extract(j.value, '$.note')"
        " FROM materials AS m, json_each(m.checks) AS j"
    )
    with op.batch_alter_table("materials") as batch:
        batch.drop_column("checks")
