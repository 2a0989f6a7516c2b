"""Queries of `users`: the private chats with the bot (no names, no message text)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import User
from bot.store.types import UTCDateTime, utcnow

# One statement, the same on SQLite (3.24+) and PostgreSQL, compiled once: this runs for
# every update, so it avoids the ORM's per-call compilation of an upsert.
_TOUCH = text(
    "INSERT INTO users (chat_id, language, first_seen, last_seen, blocked) "
    "VALUES (:chat_id, :language, :now, :now, false) "
    "ON CONFLICT (chat_id) DO UPDATE SET last_seen = excluded.last_seen, "
    "language = excluded.language, blocked = false, blocked_at = NULL"
).bindparams(bindparam("now", type_=UTCDateTime()))


async def touch_user(
    db: AsyncSession | AsyncConnection,
    *,
    chat_id: int,
    language: str,
    now: datetime | None = None,
) -> None:
    """Record that the chat was seen (insert or update in one statement, race-free), in a
    session or, on the update path, straight on a Core connection."""
    params = {"chat_id": chat_id, "language": language[:16], "now": now or utcnow()}
    if isinstance(db, AsyncConnection):
        await db.execute(_TOUCH, params)
    else:
        await db.exec(_TOUCH, params=params)  # type: ignore[call-overload]  # text() runs fine


async def get_user(session: AsyncSession, *, chat_id: int) -> User | None:
    return (await session.exec(select(User).where(User.chat_id == chat_id))).first()


async def mark_blocked(session: AsyncSession, *, chat_id: int, now: datetime | None = None) -> None:
    user = await get_user(session, chat_id=chat_id)
    if user is not None and not user.blocked:
        user.blocked = True
        user.blocked_at = now or utcnow()
        session.add(user)


async def languages(session: AsyncSession, *, chat_ids: Iterable[int]) -> dict[int, str]:
    """The stored language of each chat that has a row."""
    stmt = select(User.chat_id, User.language).where(col(User.chat_id).in_(list(chat_ids)))
    return {chat_id: language for chat_id, language in (await session.exec(stmt)).all()}
