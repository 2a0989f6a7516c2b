"""Fan-out benchmark: N alerts through the real delivery loop and the bulk lane
against the local Bot API server limited to 30 messages/s overall and 1/s per chat.

    .venv/bin/python bench/alerts_fanout.py [--count 10000] [--database-url URL]

Prints the achieved rate (alerts marked sent per second of fan-out), the 429s the server
answered, and duplicates (should be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert
from telegram.ext import ExtBot

from bench.subscribers import subscriber_rows
from bot.alerts.delivery import deliver_pending
from bot.pipeline.record import record_manual
from bot.store import migrate
from bot.store.engine import create_engine, session_factory
from bot.store.models import Subscription, User
from bot.store.types import utcnow
from bot.telegram.lanes import DEFAULT_BULK_RATE, TwoLaneLimiter
from bot.telegram.outbound import Outbound
from tests.fakes.botapi import FakeBotAPI

BASE = 1_000_000


async def main(count: int, url: str, rate: float) -> None:
    engine = create_engine(url)
    sessions = session_factory(engine)
    now = utcnow()
    users, subs = subscriber_rows(BASE, count, now)
    async with sessions.begin() as s:
        await s.exec(insert(User), params=users)  # type: ignore[call-overload]
        await s.exec(insert(Subscription), params=subs)  # type: ignore[call-overload]
    t0 = time.monotonic()
    async with sessions.begin() as s:
        rec = await record_manual(
            s,
            category="cec",
            draw_date=now.date() - timedelta(days=1),
            invitations=3000,
            cutoff=519,
            tie_break_at=None,
            now=now,
        )
    print(f"recorded the round and {rec.alerts} outbox rows in {time.monotonic() - t0:.2f} s")

    api = FakeBotAPI()
    await api.start()
    api.set_rate_limit(30, 1)
    bot = ExtBot(
        api.token,
        base_url=f"{api.url}/bot",
        base_file_url=f"{api.url}/file/bot",
        rate_limiter=TwoLaneLimiter(rate),
    )
    try:
        async with bot:
            stats = await deliver_pending(sessions, Outbound(bot))
    finally:
        await api.stop()
        await engine.dispose()
    sends = api.count("sendMessage")
    rejected = sum(1 for m, status, _ in api.errors if m == "sendMessage" and status == 429)
    per_chat = Counter(e.chat_id for e in api.all_events if e.method == "sendMessage")
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    print(f"alerts: {count}; sent {stats.sent} in {stats.seconds:.1f} s = {stats.rate:.2f} msg/s")
    print(
        f"sendMessage calls: {sends}; 429 answers: {rejected}; rate-limited rows: "
        f"{stats.rate_limited}; failed: {stats.failed}; duplicates: {duplicates}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--rate", type=float, default=DEFAULT_BULK_RATE, help="alerts per second (the bot's)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(db)
        asyncio.run(main(args.count, db, args.rate))
