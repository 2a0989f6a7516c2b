"""SQLite statements run on the event loop's thread (bot/store/inline_sqlite.py): rows reach
the file, and a write lock held by another process fails fast and is ridden out by the
update handler's retry instead of blocking the loop for the old 10 s busy timeout."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.store import migrate
from bot.store.engine import create_engine, session_factory
from bot.store.errors import is_transient_db_error
from bot.store.inline_sqlite import BUSY_TIMEOUT_MS, InlineConnection
from bot.store.users import touch_user
from bot.telegram.resilience import handle_with_db_retry


@pytest.fixture
async def path(tmp_path: Path) -> Path:
    target = tmp_path / "inline.sqlite3"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{target}")
    return target


def chats_in(path: Path) -> list[int]:
    with sqlite3.connect(path) as other:
        return [row[0] for row in other.execute("SELECT chat_id FROM users ORDER BY chat_id")]


async def test_the_engine_uses_the_inline_driver_and_commits_to_the_file(path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with session_factory(engine).begin() as session:
            raw = await (await session.connection()).get_raw_connection()
            driver = raw.driver_connection
            assert isinstance(driver, InlineConnection)
            # A SQL function reports the thread SQLite runs it on: with aiosqlite that would be
            # its worker thread.
            driver._conn.create_function("thread_id", 0, threading.get_ident)
            ran_on = (await session.exec(text("SELECT thread_id()"))).scalar_one()  # type: ignore[call-overload]
            assert ran_on == threading.get_ident()
            await touch_user(session, chat_id=7, language="en")
        assert chats_in(path) == [7]
    finally:
        await engine.dispose()


async def test_a_lock_held_elsewhere_fails_fast_and_the_retry_rides_it_out(path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    sessions = session_factory(engine)

    async def write(chat_id: int) -> None:
        async with sessions.begin() as session:
            await touch_user(session, chat_id=chat_id, language="en")

    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(OperationalError) as info:
            await write(8)
        assert loop.time() - started < BUSY_TIMEOUT_MS / 1000 + 0.5
        assert "locked" in str(info.value) and is_transient_db_error(info.value)

        async def release() -> None:
            await asyncio.sleep(0.3)
            other.execute("COMMIT")

        releasing = asyncio.create_task(release())
        await handle_with_db_retry(lambda: write(9), chat_id=9)
        await releasing
        assert chats_in(path) == [9]  # applied once, after the lock was released
    finally:
        other.close()
        await engine.dispose()


async def test_a_command_waits_for_the_running_bots_write_lock(path: Path) -> None:
    """`python -m bot draws sync` beside a running bot: a write lock held for longer than the
    bot's own short wait delays the command's write instead of failing it."""
    engine = create_engine(f"sqlite+aiosqlite:///{path}", command=True)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    # The command's statement blocks its own loop, so the release comes from a thread.
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    try:
        other.execute("BEGIN IMMEDIATE")  # the bot's transaction
        release.start()
        async with session_factory(engine).begin() as session:
            await touch_user(session, chat_id=10, language="en")
        assert chats_in(path) == [10]
    finally:
        release.cancel()
        release.join()
        other.close()
        await engine.dispose()
