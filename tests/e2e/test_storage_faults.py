"""A database that cannot be written (read-only file, full disk): answers that need no write
still work, a write that fails gets a prompt apology (not half a minute of retries) and the
admins hear of it once per incident; the start-up check says whether the database is writable.

Read-only is simulated with SQLite's `PRAGMA query_only` on the bot's one connection (the tests
run as root, for whom a read-only file is writable); SQLite answers writes with "attempt to
write a readonly database", as for a read-only file."""

from __future__ import annotations

import time

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.errors import unwritable_reason
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

ADMIN = 999


async def read_only(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.exec_driver_sql("PRAGMA query_only = 1")


async def test_read_only_database_still_answers_and_reports_once(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    if not bot.db_url.startswith("sqlite"):
        pytest.skip("simulated with a SQLite pragma")
    await api.send_and_wait(7101, "/start")
    assert bot.app is not None
    await read_only(bot.app.bot_data.services.engine)
    # /help needs no write: answered, no apology.
    [help_reply] = await api.send_and_wait(7102, "/help")
    assert "/start" in (help_reply.text or "") and "went wrong" not in (help_reply.text or "")
    # /forget needs a write: a prompt apology, twice, from two chats.
    for chat in (7101, 7103):
        await api.send_and_wait(chat, "/start")
        await api.send_text(chat, "/forget")
        await api.wait_for(chat, lambda e: "forget:confirm" in e.codes)
        started = time.monotonic()
        await api.press(chat, "forget:confirm")
        await api.wait_for(chat, lambda e: "went wrong" in (e.text or ""))
        assert time.monotonic() - started < 5  # not 12 retries over ~32 s
    await api.wait_idle(0.5)
    reports = [m.text or "" for m in api.messages(ADMIN)]
    storage = [t for t in reports if "Database not writable" in t]
    assert len(storage) == 1, reports
    assert "readonly database" in storage[0]
    assert not [t for t in reports if "<b>Error</b>" in t]  # no per-update error reports


async def test_start_up_check_says_whether_the_database_is_writable(
    engine: AsyncEngine, db_url: str
) -> None:
    assert await unwritable_reason(engine) is None
    if not db_url.startswith("sqlite"):
        pytest.skip("simulated with a SQLite pragma")
    await read_only(engine)
    reason = await unwritable_reason(engine)
    assert reason is not None and "readonly database" in reason
