"""SIGTERM: the updates being handled finish, the outbox stays consistent, the next start
continues where the last one stopped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
from tests.e2e.questionnaire_driver import PhoneUser, question_of
from tests.e2e.test_alerts_e2e import alerts_per_chat, cec_round, draws_sync, sql, wait_until
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds
from tests.test_faults.common import PROFILES, assert_clean_conversation, saved_totals

SUBSCRIBERS = list(range(9301, 9313))


@pytest.fixture
async def feed() -> AsyncIterator[FakeFeedServer]:
    async with FakeFeedServer() as server:
        server.set_rounds(load_snapshot_rounds())
        yield server


@pytest.fixture
async def bot(
    api: FakeBotAPI, feed: FakeFeedServer, db_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    process = BotProcess(api=api, db_url=db_url, workdir=tmp_path, feed_url=feed.url)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def test_sigterm_mid_update_finishes_it_and_the_next_start_continues(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    user = PhoneUser(api, 9300, PROFILES[0])
    events = await api.send_and_wait(user.chat_id, "/crs", quiet=0.2)
    for _ in range(3):
        events = await user.step(events, quiet=0.2)
    asked_before = question_of(events[-1])
    assert asked_before is not None

    api.set_delay("sendMessage", 1.0)  # the next reply is slow to go out...
    sends = api.count("sendMessage")
    kind, payload = user.answer_for(asked_before)
    if kind == "press":
        await api.press(user.chat_id, payload)
    else:
        await api.send_text(user.chat_id, payload)
    await api.wait_for_calls("sendMessage", sends + 1)
    assert bot.proc is not None
    code = await bot.stop()  # ... and SIGTERM arrives while it is on its way
    assert code == 0
    next_question = await api.wait_for(user.chat_id, lambda e: question_of(e) is not None)
    assert question_of(next_question) != asked_before  # the answer was applied and answered
    api.set_delay("sendMessage", 0)

    await bot.start()
    total = await user.finish([next_question], quiet=0.2)
    assert_clean_conversation(api, user)
    assert saved_totals(bot.db_url) == {user.chat_id: total}


async def test_sigterm_mid_fanout_keeps_the_outbox_consistent(
    api: FakeBotAPI, feed: FakeFeedServer, bot: BotProcess
) -> None:
    await wait_until(
        lambda: sql(bot.db_url, "SELECT count(*) FROM draws")[0][0] == 438,
        timeout=30,
        what="history import",
    )
    for chat in SUBSCRIBERS:
        await api.send_text(chat, "/subscribe")
    await wait_until(
        lambda: sql(bot.db_url, "SELECT count(*) FROM subscriptions")[0][0] == len(SUBSCRIBERS),
        timeout=30,
        what="subscriptions",
    )
    # 0.6 s a message: the 12 alerts take ~7 s, so SIGTERM lands mid fan-out even on a busy
    # machine (0.3 s left ~3 s, which a loaded CI runner could miss), and a graceful stop
    # finishing the claimed rows stays well inside its 20 s.
    api.set_delay("sendMessage", 0.6)
    feed.set_rounds([cec_round("438"), *load_snapshot_rounds()])
    await draws_sync(bot)
    await wait_until(
        lambda: sum(alerts_per_chat(api, SUBSCRIBERS).values()) >= 3, timeout=30, what="fan-out"
    )
    pending_at_sigterm = sql(bot.db_url, "SELECT count(*) FROM alert_outbox WHERE status='pending'")
    assert pending_at_sigterm[0][0] > 0, "SIGTERM must land mid fan-out"
    # A graceful stop lets the running delivery job finish the rows it claimed.
    assert await bot.stop() == 0
    await asyncio.sleep(0.5)  # any send still in flight at the server lands now

    delivered = alerts_per_chat(api, SUBSCRIBERS)
    sent_rows = {
        int(r[0]) for r in sql(bot.db_url, "SELECT chat_id FROM alert_outbox WHERE status='sent'")
    }
    assert {c for c, n in delivered.items() if n} == sent_rows  # sent <=> marked sent
    assert all(n <= 1 for n in delivered.values())
    statuses = {r[0] for r in sql(bot.db_url, "SELECT status FROM alert_outbox")}
    assert statuses <= {"sent", "pending"}

    api.set_delay("sendMessage", 0)
    await bot.start()
    await wait_until(
        lambda: (
            sql(bot.db_url, "SELECT count(*) FROM alert_outbox WHERE status<>'sent'")[0][0] == 0
        ),
        timeout=60,
        what="the rest of the fan-out",
    )
    await api.wait_idle(0.5)
    assert all(n == 1 for n in alerts_per_chat(api, SUBSCRIBERS).values())
