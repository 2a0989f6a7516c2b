"""Queries of `admin_notices`: claim a once-only admin notice across processes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store import sql
from bot.store.models import AdminNotice


async def claim(session: AsyncSession, *, kind: str, key: str, now: datetime) -> bool:
    """Write the (kind, key) row; True for the one caller that wrote it, False for the rest
    (`ON CONFLICT DO NOTHING` on the unique pair decides between racing processes)."""
    stmt = sql.insert(session, AdminNotice).values(kind=kind, key=key, created_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=["kind", "key"]).returning(
        col(AdminNotice.id)
    )
    return (await session.exec(stmt)).first() is not None
