"""Load rounds from a saved copy of the feed as already announced ("backfill"): history
alerts nobody (this module writes draws only, never the outbox). The project ships IRCC's
snapshot in `bot/data/`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.draws.parse import parse_feed
from bot.draws.record import BACKFILL, feed_draw
from bot.store import draws as q

SNAPSHOT = Path(__file__).resolve().parents[1] / "data" / "ee_rounds_123_en.json"
#: Rounds per transaction: a draw row alone is under 1 ms, so a batch holds the event loop
#: (and SQLite's one connection) for tens of milliseconds, never the whole import.
BATCH_ROUNDS = 50


@dataclass(frozen=True, slots=True)
class ImportResult:
    in_file: int
    imported: int


async def import_file(
    sessions: async_sessionmaker[AsyncSession], path: Path = SNAPSHOT, *, now: datetime
) -> ImportResult:
    """Insert every round of the file that is not stored yet, as backfill (no alerts), in
    batches of `BATCH_ROUNDS` (each its own transaction)."""
    data = await asyncio.to_thread(path.read_bytes)
    rounds = sorted(await asyncio.to_thread(parse_feed, data), key=lambda r: r.sort_key)
    imported = 0
    for start in range(0, len(rounds), BATCH_ROUNDS):
        batch = rounds[start : start + BATCH_ROUNDS]
        async with sessions.begin() as session:
            # Under the feed lock, so that a second process starting at the same time (or
            # its first poll) never inserts the same round: the numbers are read after it.
            await q.wait_feed_lock(session)
            known = await q.existing_numbers(session, [r.number for r in batch])
            for parsed in batch:
                if parsed.number in known:
                    continue
                await q.save_draw(
                    session, feed_draw(parsed, source="snapshot", announced=BACKFILL, now=now)
                )
                imported += 1
        await asyncio.sleep(0)  # the updates waiting on the loop run between batches
    return ImportResult(len(rounds), imported)


async def import_if_empty(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, path: Path = SNAPSHOT
) -> ImportResult | None:
    """First start: load the shipped history when the draws table is empty."""
    async with sessions() as session:
        if await q.count_draws(session) > 0:
            return None
    return await import_file(sessions, path, now=now)
