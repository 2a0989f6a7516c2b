"""Rounds' French names: ``draws.name_fr`` holds the ``drawName`` of IRCC's French feed for
rounds recorded by a poll that could read it. Older rows keep NULL (their French names come
from ``bot/data/round_names_fr.json``).

Revision ID: 005
Revises: 004
Create Date: 2026-12-05 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "005"
down_revision: str | None = "004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "draws",
        sa.Column("name_fr", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("draws", "name_fr")
