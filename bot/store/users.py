"""Queries about users (chats)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import User
from bot.store.types import utcnow


async def touch_user(
    session: AsyncSession, *, chat_id: int, language: str, now: datetime | None = None
) -> None:
    """Record that the chat was seen (insert or update in one statement, race-free)."""
    now = now or utcnow()
    values = {
        "chat_id": chat_id,
        "language": language[:16],
        "first_seen": now,
        "last_seen": now,
        "blocked": False,
    }
    update = {"last_seen": now, "language": language[:16], "blocked": False, "blocked_at": None}
    bind = session.bind
    dialect = bind.dialect.name if bind is not None else "sqlite"
    if dialect == "postgresql":
        pg_stmt = pg_insert(User).values(**values)
        await session.exec(pg_stmt.on_conflict_do_update(index_elements=["chat_id"], set_=update))
    else:
        lite_stmt = sqlite_insert(User).values(**values)
        await session.exec(lite_stmt.on_conflict_do_update(index_elements=["chat_id"], set_=update))


async def get_user(session: AsyncSession, *, chat_id: int) -> User | None:
    return (await session.exec(select(User).where(User.chat_id == chat_id))).first()


async def mark_blocked(session: AsyncSession, *, chat_id: int, now: datetime | None = None) -> None:
    user = await get_user(session, chat_id=chat_id)
    if user is not None and not user.blocked:
        user.blocked = True
        user.blocked_at = now or utcnow()
        session.add(user)
