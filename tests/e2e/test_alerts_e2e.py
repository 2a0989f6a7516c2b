"""Draw alerts end to end: the real application (in process; a real process for the SIGKILL),
the local Bot API server (with its 429 limits on) and the local feed server. `python -m bot draws sync` records the new round
(the bot's own poll follows the weekday publication window, so the test does not wait
for it); the bot's delivery job sends the alerts."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.draws_helpers import cec_round, draws_sync, sql, wait_until
from tests.e2e.harness import BotProcess
from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds

pytestmark = pytest.mark.slow

SUBSCRIBERS = list(range(10_001, 10_201))  # 200 people who send /subscribe
FRENCH_ONLY = list(range(20_001, 20_006))  # subscribed, then switched to French rounds only
NEVER = list(range(30_001, 30_006))  # used the bot, never subscribed
ALERT = "New Express Entry round"


@pytest.fixture
async def alert_bot(
    api: FakeBotAPI, feed: FakeFeedServer, db_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    # A 10 s claim lease instead of 120 s: on PostgreSQL the rows a SIGKILLed process had
    # claimed come back after the lease (SQLite, one process, releases them at start-up).
    # One process awaits each claimed batch before claiming again, so a short lease can't
    # hand it its own rows twice.
    process = BotProcess(
        api=api,
        db_url=db_url,
        workdir=tmp_path,
        feed_url=feed.url,
        extra_env={"BOT_OUTBOX_LEASE": "10"},
    )
    await process.start()
    try:
        yield process
    finally:
        await process.stop()


async def people(api: FakeBotAPI, bot: BotProcess | InProcessBot) -> None:
    # History is imported on first start (438 rounds, nobody alerted).
    await wait_until(
        lambda: sql(bot.db_url, "SELECT count(*) FROM draws")[0][0] == 438,
        timeout=30,
        what="history import",
    )
    for chat in SUBSCRIBERS + FRENCH_ONLY:
        await api.send_text(chat, "/subscribe")
    for chat in NEVER:
        await api.send_text(chat, "/start")
    await wait_until(
        lambda: sql(bot.db_url, "SELECT count(*) FROM subscriptions WHERE active")[0][0] == 205,
        timeout=60,
        what="subscriptions",
    )
    for chat in FRENCH_ONLY:
        await wait_until(
            lambda c=chat: any("alerts:cats" in m.codes for m in api.messages(c)),  # type: ignore[misc]
            timeout=30,
            what="the /subscribe reply",
        )
        [picker] = await api.press_and_wait(chat, "alerts:cats")
        assert "✅ CEC" in picker.labels  # the saved filter, shown checked
        await api.press_and_wait(chat, "alerts:cat:french")
        [picker] = await api.press_and_wait(chat, "alerts:cat:cec")  # French only
        assert "✅ French" in picker.labels and "CEC" in picker.labels
    modes = sql(bot.db_url, "SELECT mode, count(*) FROM subscriptions GROUP BY mode")
    assert dict(modes) == {"cec": 200, "categories": 5}


def alerts_per_chat(api: FakeBotAPI, chats: list[int]) -> Counter[int]:
    return Counter(
        {c: sum(1 for m in api.messages(c) if m.text and ALERT in m.text) for c in chats}
    )


async def test_new_cec_round_alerts_each_subscriber_exactly_once(
    api: FakeBotAPI, feed: FakeFeedServer, alert_app: InProcessBot
) -> None:
    alert_bot = alert_app
    await people(api, alert_bot)
    blocked = SUBSCRIBERS[7]
    api.block(blocked)
    api.set_rate_limit(30, 1)  # the Bot API's limits: 429 beyond them

    feed.set_rounds([cec_round("438"), *load_snapshot_rounds()])
    out = await draws_sync(alert_bot)
    assert "1 new round(s) 438" in out and "205" not in out

    def done() -> bool:
        rows = sql(alert_bot.db_url, "SELECT count(*) FROM alert_outbox WHERE status='pending'")
        return rows[0][0] == 0

    await wait_until(done, timeout=90, what="fan-out")
    got = alerts_per_chat(api, SUBSCRIBERS + FRENCH_ONLY + NEVER)
    delivered = [c for c in SUBSCRIBERS if c != blocked]
    assert all(got[c] == 1 for c in delivered), {c: got[c] for c in delivered if got[c] != 1}
    assert all(got[c] == 0 for c in FRENCH_ONLY + NEVER + [blocked])
    message = next(m for m in api.messages(SUBSCRIBERS[0]) if m.text and ALERT in m.text)
    assert "3,000" in (message.text or "") and "519" in (message.text or "")
    assert "invitations.html?q=438" in (message.text or "")
    statuses = dict(
        sql(alert_bot.db_url, "SELECT status, count(*) FROM alert_outbox GROUP BY status")
    )
    assert statuses == {"sent": 199, "blocked": 1}
    assert sql(alert_bot.db_url, f"SELECT active FROM subscriptions WHERE chat_id={blocked}") == [
        (False,)
    ] or sql(alert_bot.db_url, f"SELECT active FROM subscriptions WHERE chat_id={blocked}") == [
        (0,)
    ]

    # The next poll of the same feed records nothing and alerts nobody again.
    out = await draws_sync(alert_bot)
    assert "unchanged" in out or "0 new round(s)" in out
    await asyncio.sleep(3)
    assert alerts_per_chat(api, delivered) == Counter({c: 1 for c in delivered})


@pytest.mark.postgres  # the claim lease: what a SIGKILLed process held comes back
async def test_sigkill_mid_fanout_then_restart(
    api: FakeBotAPI, feed: FakeFeedServer, alert_bot: BotProcess
) -> None:
    await people(api, alert_bot)
    api.set_rate_limit(30, 1)
    api.set_delay("sendMessage", 0.05)
    feed.set_rounds([cec_round("438"), *load_snapshot_rounds()])
    await draws_sync(alert_bot)

    await wait_until(
        lambda: sum(alerts_per_chat(api, SUBSCRIBERS).values()) >= 80, timeout=60, what="half"
    )
    assert alert_bot.proc is not None
    os.kill(alert_bot.proc.pid, signal.SIGKILL)
    await alert_bot.proc.wait()
    at_kill = sum(alerts_per_chat(api, SUBSCRIBERS).values())
    assert at_kill < 200, "the kill must land mid fan-out"

    await alert_bot.start()
    await wait_until(
        lambda: (
            sql(alert_bot.db_url, "SELECT count(*) FROM alert_outbox WHERE status='pending'")[0][0]
            == 0
        ),
        timeout=90,
        what="resumed fan-out",
    )
    got = alerts_per_chat(api, SUBSCRIBERS)
    missing = [c for c in SUBSCRIBERS if got[c] == 0]
    duplicates = sum(n - 1 for n in got.values() if n > 1)
    print(f"killed after {at_kill} alerts; duplicates after restart: {duplicates}")
    assert missing == []
    assert duplicates <= 8  # at most the in-flight sends (delivery concurrency 8)
