"""Chosen language: the language a chat picked with /language (or /langue). ``users.language``
stays Telegram's language code, rewritten on every contact; the chosen one wins over it.

Revision ID: 004
Revises: 003
Create Date: 2026-12-05 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "004"
down_revision: str | None = "003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("chosen_language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("users", "chosen_language")
