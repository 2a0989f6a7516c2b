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


@dataclass(frozen=True, slots=True)
class ImportResult:
    in_file: int
    imported: int


async def import_file(
    sessions: async_sessionmaker[AsyncSession], path: Path = SNAPSHOT, *, now: datetime
) -> ImportResult:
    """Insert every round of the file that is not stored yet, as backfill (no alerts)."""
    rounds = parse_feed(await asyncio.to_thread(path.read_bytes))
    async with sessions.begin() as session:
        # Under the feed lock, so that a second process starting at the same time (or its
        # first poll) never inserts the same round: the rounds are read after the lock.
        await q.wait_feed_lock(session)
        known = {d.number for d in await q.all_draws(session)}
        fresh = sorted((r for r in rounds if r.number not in known), key=lambda r: r.sort_key)
        for parsed in fresh:
            await q.save_draw(
                session, feed_draw(parsed, source="snapshot", announced=BACKFILL, now=now)
            )
    return ImportResult(len(rounds), len(fresh))


async def import_if_empty(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, path: Path = SNAPSHOT
) -> ImportResult | None:
    """First start: load the shipped history when the draws table is empty."""
    async with sessions() as session:
        if await q.count_draws(session) > 0:
            return None
    return await import_file(sessions, path, now=now)
