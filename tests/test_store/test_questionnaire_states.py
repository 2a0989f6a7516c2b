"""The questionnaire's state on the update path (bot/store/questionnaire_states.py `read`,
`lock`, `save`): on SQLite these go straight to `sqlite3`, and must store and read exactly
what the ORM functions do, and fail the way SQLAlchemy's errors do."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store import questionnaire_states as states
from bot.store.errors import is_unwritable_db_error
from bot.store.users import touch_user

NOW = datetime(2026, 12, 5, 5, 30, 1, 250_000, tzinfo=UTC)
STATE = {"mode": "asking", "current": "age", "answers": {"age": 29, "note": "é ü «»"}}


async def _chats(engine: AsyncEngine, *chat_ids: int) -> None:
    async with engine.begin() as conn:
        for chat_id in chat_ids:
            await touch_user(conn, chat_id=chat_id, language="fr", now=NOW)


async def test_the_update_path_and_the_orm_read_each_others_states(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await _chats(engine, 1, 2)
    async with engine.begin() as conn:
        assert await states.read(conn, chat_id=1) is None
        await states.save(conn, chat_id=1, state=STATE, now=NOW)
    async with sessions.begin() as s:
        assert await states.load_state(s, chat_id=1) == STATE
        await states.save_state(s, chat_id=2, state=STATE, now=NOW)
    async with engine.begin() as conn:
        assert await states.lock(conn, chat_id=2) == STATE
        assert await states.read(conn, chat_id=1) == STATE
        stored = (
            await conn.execute(
                text("SELECT chat_id, state, updated_at FROM questionnaire_states ORDER BY chat_id")
            )
        ).all()
    # Both paths wrote the same JSON and the same timestamp, byte for byte.
    assert stored[0][1:] == stored[1][1:]


async def test_a_save_rolled_back_with_its_transaction_is_not_kept(engine: AsyncEngine) -> None:
    await _chats(engine, 3)
    with pytest.raises(RuntimeError):
        async with engine.begin() as conn:
            await states.save(conn, chat_id=3, state=STATE, now=NOW)
            raise RuntimeError("the handler failed after saving")
    async with engine.connect() as conn:
        assert await states.read(conn, chat_id=3) is None


async def test_a_read_only_database_fails_as_sqlalchemy_reports_it(engine: AsyncEngine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query_only stands in for a read-only file (tests run as root)")
    await _chats(engine, 4)
    async with engine.connect() as conn:  # the engine's one SQLite connection
        await conn.exec_driver_sql("PRAGMA query_only = 1")
    with pytest.raises(DBAPIError) as raised:
        async with engine.begin() as conn:
            await states.save(conn, chat_id=4, state=STATE, now=NOW)
    assert is_unwritable_db_error(raised.value)  # "attempt to write a readonly database"
