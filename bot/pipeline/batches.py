"""Record new feed rounds in short transactions, never holding the event loop (or SQLite's one
connection) for long, and the flood rule for a poll that brings too many.

- Batches: at most `BATCH_ROUNDS` rounds and about `BATCH_SECONDS` per transaction, then the
  loop runs other work (an update, an alert) before the next batch. A round and its alerts
  stay in one transaction, so a crash between batches loses nothing: the next poll records
  the rest (numbers stored are skipped, re-read in each batch under the feed lock).
- Flood: a real week has at most 4 rounds (the busiest ISO weeks of IRCC's feed, 2015-2026:
  4). A poll that brings more than `MAX_NEW_ROUNDS_PER_POLL` records them all, but alerts
  only the newest round of each program (`Draw.category`); the others are `SUPERSEDED`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.draws.parse import ParsedRound
from bot.pipeline.record import record_round
from bot.store import draws as dq

#: Twice the busiest week the feed has ever had (see the module docstring).
MAX_NEW_ROUNDS_PER_POLL = 8
#: Rounds per transaction (1-4 ms each on SQLite), and the time after which a batch ends early
#: (the next round, started before it, ends the batch: well under 100 ms on the loop).
BATCH_ROUNDS = 20
BATCH_SECONDS = 0.02


@dataclass
class Recorded:
    new_rounds: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    alerts: int = 0
    unclassified: list[str] = field(default_factory=list)


def newest_per_program(rounds: list[ParsedRound]) -> set[str]:
    """The number of the newest round of each program."""
    newest: dict[str, ParsedRound] = {}
    for parsed in rounds:
        best = newest.get(parsed.category)
        if best is None or (parsed.draw_date, parsed.sort_key) > (best.draw_date, best.sort_key):
            newest[parsed.category] = parsed
    return {r.number for r in newest.values()}


def flood_alerts(fresh: list[ParsedRound]) -> set[str] | None:
    """None (alert every round) unless the poll is a flood; then the rounds that alert."""
    return newest_per_program(fresh) if len(fresh) > MAX_NEW_ROUNDS_PER_POLL else None


async def record_in_batches(
    sessions: async_sessionmaker[AsyncSession],
    fresh: list[ParsedRound],
    *,
    now: datetime,
    only_alert: set[str] | None,
) -> Recorded:
    out = Recorded()
    start = 0
    while start < len(fresh):
        batch = fresh[start : start + BATCH_ROUNDS]
        async with sessions.begin() as session:
            began = time.monotonic()
            await dq.wait_feed_lock(session)
            stored = await dq.existing_numbers(session, [r.number for r in batch])
            for parsed in batch:
                start += 1
                if parsed.number in stored:
                    continue
                alert = only_alert is None or parsed.number in only_alert
                recorded = await record_round(session, parsed, now=now, alert=alert)
                (out.merged if recorded.merged else out.new_rounds).append(parsed.number)
                out.alerts += recorded.alerts
                if parsed.category == "unclassified":
                    out.unclassified.append(parsed.name)
                if time.monotonic() - began > BATCH_SECONDS:
                    break
        await asyncio.sleep(0)  # let the updates and alerts waiting on the loop run
    return out
