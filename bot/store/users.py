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
    "language = excluded.language, blocked = false, blocked_at = NULL "
    "RETURNING chosen_language"
).bindparams(bindparam("now", type_=UTCDateTime()))


async def touch_user(
    db: AsyncSession | AsyncConnection,
    *,
    chat_id: int,
    language: str,
    now: datetime | None = None,
) -> str | None:
    """Record that the chat was seen (insert or update in one statement, race-free), in a
    session or, on the update path, straight on a Core connection. ``language`` is Telegram's
    code; returns the language the chat chose with /language, if any."""
    params = {"chat_id": chat_id, "language": language[:16], "now": now or utcnow()}
    if isinstance(db, AsyncConnection):
        result = await db.execute(_TOUCH, params)
    else:
        result = await db.exec(_TOUCH, params=params)  # type: ignore[call-overload]  # text() runs fine
    chosen: str | None = result.scalar_one_or_none()
    return chosen


async def choose_language(session: AsyncSession, *, chat_id: int, language: str) -> None:
    """Store the language the chat picked (it wins over Telegram's code from now on)."""
    user = await get_user(session, chat_id=chat_id)
    if user is None:
        user = User(chat_id=chat_id, language=language)
    user.chosen_language = language
    session.add(user)


async def get_user(session: AsyncSession, *, chat_id: int) -> User | None:
    return (await session.exec(select(User).where(User.chat_id == chat_id))).first()


async def mark_blocked(session: AsyncSession, *, chat_id: int, now: datetime | None = None) -> None:
    user = await get_user(session, chat_id=chat_id)
    if user is not None and not user.blocked:
        user.blocked = True
        user.blocked_at = now or utcnow()
        session.add(user)


async def languages(session: AsyncSession, *, chat_ids: Iterable[int]) -> dict[int, str]:
    """The language to write to each chat that has a row: the one it chose with /language,
    else its Telegram language code."""
    stmt = select(User.chat_id, User.chosen_language, User.language).where(
        col(User.chat_id).in_(list(chat_ids))
    )
    return {chat_id: chosen or code for chat_id, chosen, code in (await session.exec(stmt)).all()}
