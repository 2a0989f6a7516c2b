"""Delete and count everything stored about a chat (`/forget`, `/privacy`, tests)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import PERSONAL_TABLES


async def count_rows(session: AsyncSession, *, chat_id: int) -> dict[str, int]:
    """Rows per table that belong to the chat."""
    counts: dict[str, int] = {}
    for table in PERSONAL_TABLES:
        column = table.__table__.c.chat_id  # type: ignore[attr-defined]
        stmt = select(func.count()).select_from(table.__table__).where(column == chat_id)  # type: ignore[attr-defined]
        counts[str(table.__tablename__)] = int((await session.execute(stmt)).scalar_one())
    return counts


async def forget_chat(session: AsyncSession, *, chat_id: int) -> int:
    """Delete every row about the chat, children first; returns the number of rows deleted."""
    deleted = 0
    for table in PERSONAL_TABLES:  # ordered children -> users
        column = table.__table__.c.chat_id  # type: ignore[attr-defined]
        result = await session.execute(delete(table).where(column == chat_id))
        deleted += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return deleted
