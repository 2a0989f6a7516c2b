"""Delete and count everything stored about a chat (`/forget`, `/privacy`, tests)."""

from __future__ import annotations

from sqlalchemy import delete, func, text
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import PERSONAL_TABLES
from bot.store.users import forget_touch


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
    forget_touch(session, chat_id)
    deleted = 0
    for table in PERSONAL_TABLES:  # ordered children -> users
        column = table.__table__.c.chat_id  # type: ignore[attr-defined]
        result = await session.exec(delete(table).where(column == chat_id))
        deleted += int(result.rowcount or 0)
    return deleted


async def flush_deleted(session: AsyncSession) -> None:
    """After `forget_chat` committed: on SQLite, copy the write-ahead log into the database
    file and truncate it, so the deleted rows' old versions are not left readable in the
    `-wal` file (`secure_delete`, set on every connection, zeroes them in the main file).
    PostgreSQL keeps dead tuples until VACUUM; nothing is done there."""
    bind = session.bind
    if bind is not None and bind.dialect.name == "sqlite":
        await session.exec(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # type: ignore[call-overload]
