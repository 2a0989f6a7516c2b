"""Reminders are claimed before they are sent: ``reminders.claimed_until`` is set by the
process about to send one (a conditional update that only one process can win), so with
several processes a due reminder is sent once; a claim left by a crash expires.

Revision ID: 006
Revises: 005
Create Date: 2026-12-05 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "006"
down_revision: str | None = "005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "reminders", sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("reminders", "claimed_until")
