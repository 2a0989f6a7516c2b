"""Recording that a chat was seen, once a minute at most on SQLite (bot/store/users.py
`touch_seen`): the row still follows every change that matters (language, /language,
blocked, /forget), and PostgreSQL writes on every update."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.privacy import forget_chat
from bot.store.users import choose_language, mark_blocked, touch_seen

CHAT = 4242
T0 = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


async def row(engine: AsyncEngine) -> tuple[str, str | None, bool, str] | None:
    async with engine.connect() as conn:
        found = (
            await conn.execute(
                text(
                    "SELECT language, chosen_language, blocked, last_seen FROM users "
                    "WHERE chat_id = :c"
                ),
                {"c": CHAT},
            )
        ).first()
    return None if found is None else (found[0], found[1], bool(found[2]), str(found[3]))


async def test_a_second_update_within_the_minute_is_not_written_on_sqlite_only(
    engine: AsyncEngine,
) -> None:
    assert await touch_seen(engine, chat_id=CHAT, language="en", now=T0) is None
    first = await row(engine)
    assert first is not None
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0 + timedelta(seconds=30))
    later = await row(engine)
    assert later is not None
    if engine.dialect.name == "sqlite":
        assert later == first  # last_seen is at most a minute old
    else:
        assert later[3] != first[3]  # several processes may share PostgreSQL: always written
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0 + timedelta(seconds=61))
    after_a_minute = await row(engine)
    assert after_a_minute is not None and after_a_minute[3] != first[3]


async def test_a_new_language_code_is_written_at_once(engine: AsyncEngine) -> None:
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0)
    await touch_seen(engine, chat_id=CHAT, language="fr", now=T0 + timedelta(seconds=5))
    found = await row(engine)
    assert found is not None and found[0] == "fr"


async def test_the_language_chosen_with_slash_language_wins_at_once(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0)
    async with sessions.begin() as s:
        await choose_language(s, chat_id=CHAT, language="fr")
    chosen = await touch_seen(engine, chat_id=CHAT, language="en", now=T0 + timedelta(seconds=5))
    assert chosen == "fr"


async def test_a_chat_marked_blocked_is_unblocked_by_its_next_update(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0)
    async with sessions.begin() as s:
        await mark_blocked(s, chat_id=CHAT, now=T0 + timedelta(seconds=1))
    blocked = await row(engine)
    assert blocked is not None and blocked[2] is True
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0 + timedelta(seconds=5))
    unblocked = await row(engine)
    assert unblocked is not None and unblocked[2] is False


async def test_a_forgotten_chat_is_recorded_again_by_its_next_update(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0)
    async with sessions.begin() as s:
        await forget_chat(s, chat_id=CHAT)
    assert await row(engine) is None
    await touch_seen(engine, chat_id=CHAT, language="en", now=T0 + timedelta(seconds=5))
    assert await row(engine) is not None
