"""Delete and count everything stored about a chat (`/forget`, `/privacy`, tests)."""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import PERSONAL_TABLES


async def count_rows(session: AsyncSession, *, chat_id: int) -> dict[str, int]:
    """Rows per table that belong to the chat."""
    counts: dict[str, int] = {}
    for table in PERSONAL_TABLES:
        column = table.__table__.c.chat_id  # type: ignore[attr-defined]
        stmt = select(func.count()).select_from(table).where(column == chat_id)
        counts[str(table.__tablename__)] = int((await session.exec(stmt)).one())
    return counts


async def forget_chat(session: AsyncSession, *, chat_id: int) -> int:
    """Delete every row about the chat, children first; returns the number of rows deleted."""
    deleted = 0
    for table in PERSONAL_TABLES:  # ordered children -> users
        column = table.__table__.c.chat_id  # type: ignore[attr-defined]
        result = await session.exec(delete(table).where(column == chat_id))
        deleted += int(result.rowcount or 0)
    return deleted
