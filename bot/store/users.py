"""Queries of `users`: the private chats with the bot (no names, no message text)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
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


#: How long a chat's touch stays current in `touch_seen` (SQLite only).
TOUCH_FRESH = timedelta(seconds=60)
#: Per database (its sync engine): chat -> (Telegram language, chosen language, touched at).
_touched: WeakKeyDictionary[Any, dict[int, tuple[str, str | None, datetime]]] = WeakKeyDictionary()


async def touch_seen(
    engine: AsyncEngine, *, chat_id: int, language: str, now: datetime
) -> str | None:
    """`touch_user` for an update, in its own transaction. On SQLite, where one process owns
    the database file (`bot.store.process_lock`), a chat touched in the last minute with the
    same language code is not written again: its `last_seen` is a minute old at most, and the
    writes that change the row (`choose_language`, `mark_blocked`, `forget_chat`) go through
    this process and call `forget_touch`. Skipping that transaction took the saturation bench
    from 3.06 to 2.6 ms of CPU per update (docs/benchmarks.md).
    PostgreSQL may have several processes writing: there every update writes."""
    cache = _touched.setdefault(engine.sync_engine, {}) if engine.dialect.name == "sqlite" else None
    if cache is not None:
        seen = cache.get(chat_id)
        if seen is not None and seen[0] == language and timedelta(0) <= now - seen[2] < TOUCH_FRESH:
            return seen[1]
    async with engine.begin() as conn:
        chosen = await touch_user(conn, chat_id=chat_id, language=language, now=now)
    if cache is not None:
        cache[chat_id] = (language, chosen, now)
    return chosen


def forget_touch(db: AsyncSession | AsyncConnection, chat_id: int) -> None:
    """The chat's row is changing: its next update writes it again (see `touch_seen`)."""
    if isinstance(db, AsyncConnection):
        engine: Any = db.sync_engine
    else:
        bind = db.get_bind()
        engine = getattr(bind, "engine", bind)
    cache = _touched.get(engine)
    if cache is not None:
        cache.pop(chat_id, None)


async def choose_language(session: AsyncSession, *, chat_id: int, language: str) -> None:
    """Store the language the chat picked (it wins over Telegram's code from now on)."""
    forget_touch(session, chat_id)
    user = await get_user(session, chat_id=chat_id)
    if user is None:
        user = User(chat_id=chat_id, language=language)
    user.chosen_language = language
    session.add(user)


async def get_user(session: AsyncSession, *, chat_id: int) -> User | None:
    return (await session.exec(select(User).where(User.chat_id == chat_id))).first()


async def mark_blocked(session: AsyncSession, *, chat_id: int, now: datetime | None = None) -> None:
    forget_touch(session, chat_id)
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
