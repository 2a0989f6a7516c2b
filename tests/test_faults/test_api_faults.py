"""Bot API 500s, 502s, 429s and timeouts in the middle of conversations: once the API
recovers every person still gets every reply, once, and the saved state is right."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI
from tests.test_faults.common import assert_clean_conversation, people, saved_totals


@pytest.fixture
async def bot(api: FakeBotAPI, db_url: str, tmp_path: Path) -> AsyncIterator[BotProcess]:
    # A 1 s read timeout lets the test provoke timeouts without waiting 20 s for each.
    process = BotProcess(
        api=api, db_url=db_url, workdir=tmp_path, extra_env={"BOT_READ_TIMEOUT": "1"}
    )
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def test_errors_and_429s_mid_conversation(api: FakeBotAPI, bot: BotProcess) -> None:
    users = people(api, 9100, 3)

    async def trouble() -> None:
        await api.wait_for_calls("sendMessage", 8)
        api.fail_next("sendMessage", status=500, times=3)
        api.fail_next("editMessageText", status=502, times=2)
        api.fail_next("answerCallbackQuery", status=500, times=2)
        await api.wait_for_calls("sendMessage", 20)
        api.fail_next("sendMessage", retry_after=1, times=2)
        api.fail_next("editMessageText", retry_after=1)

    totals, _ = await asyncio.gather(
        asyncio.gather(*(u.complete(quiet=0.2) for u in users)), trouble()
    )
    failed = [e for e in api.errors if e[1] in (429, 500, 502)]
    assert len(failed) >= 8  # the failures really happened
    for user, total in zip(users, totals, strict=True):
        assert total is not None
        assert_clean_conversation(api, user)
    assert saved_totals(bot.db_url) == {u.chat_id: t for u, t in zip(users, totals, strict=True)}
    await api.wait_idle(0.5)
    assert "Traceback" not in bot.log()


async def test_timeouts_mid_conversation(api: FakeBotAPI, bot: BotProcess) -> None:
    users = people(api, 9200, 2)

    async def slow_api() -> None:
        await api.wait_for_calls("sendMessage", 6)
        # Answers slower than the bot's read timeout: the bot gives up waiting, but the
        # message was delivered; it must not send it a second time.
        api.set_delay("sendMessage", 1.5)
        api.set_delay("answerCallbackQuery", 1.5)
        await api.wait_for_calls("sendMessage", 10)
        api.set_delay("sendMessage", 0)
        api.set_delay("answerCallbackQuery", 0)

    totals, _ = await asyncio.gather(
        asyncio.gather(*(u.complete(quiet=0.2) for u in users)), slow_api()
    )
    assert "read timeout" in bot.log()  # the timeouts really happened
    for user in users:
        assert_clean_conversation(api, user)
    assert saved_totals(bot.db_url) == {u.chat_id: t for u, t in zip(users, totals, strict=True)}
