"""Record a round and its alerts in ONE transaction (the caller's session).

Idempotent twice over: a draw number is recorded once (unique `draws.number`; callers skip
numbers already stored) and a round alerts a chat once (unique (draw, chat) outbox row).
History never alerts: the import (`bot.draws.importer`) does not come through here, and a
round older than `bot.alerts.fanout.MAX_ALERT_AGE` is recorded as too old, without rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.fanout import enqueue_for_draw, too_old
from bot.draws.parse import ParsedRound
from bot.draws.record import (
    ALERTED,
    SUPERSEDED,
    TOO_OLD,
    feed_draw,
    manual_draw,
    merge_into_manual,
)
from bot.store import draws as dq
from bot.store.models import Draw


@dataclass(frozen=True, slots=True)
class Recorded:
    draw: Draw
    alerts: int
    merged: bool = False


def _announced(draw_date: date, now: datetime) -> str:
    return TOO_OLD if too_old(draw_date, now=now) else ALERTED


async def _with_alerts(session: AsyncSession, draw: Draw, now: datetime) -> Recorded:
    await dq.save_draw(session, draw)
    alerts = await enqueue_for_draw(session, draw=draw, now=now) if draw.announced == ALERTED else 0
    return Recorded(draw, alerts)


async def record_round(
    session: AsyncSession, parsed: ParsedRound, *, now: datetime, alert: bool = True
) -> Recorded:
    """Insert a feed round new to us and write its outbox rows (none when `alert` is False:
    a superseded round of a flood). A round an admin recorded by hand (same program and date,
    provisional number) is merged instead: it takes the feed's number and data, and alerts
    nobody again."""
    merged = await merge_into_manual(session, parsed)
    if merged is not None:
        return Recorded(merged, 0, merged=True)
    announced = _announced(parsed.draw_date, now)
    if announced == ALERTED and not alert:
        announced = SUPERSEDED
    return await _with_alerts(
        session, feed_draw(parsed, source="feed", announced=announced, now=now), now
    )


async def record_manual(
    session: AsyncSession,
    *,
    category: str,
    draw_date: date,
    invitations: int,
    cutoff: int,
    tie_break_at: datetime | None,
    now: datetime,
) -> Recorded:
    """An admin's round (the feed is late): alerts go out like for a feed round. When a
    round of that program and date is already stored, nothing is written."""
    existing = await dq.find_draw(session, category=category, draw_date=draw_date)
    if existing:
        return Recorded(existing[0], 0, merged=True)
    draw = manual_draw(
        category=category,
        draw_date=draw_date,
        invitations=invitations,
        cutoff=cutoff,
        tie_break_at=tie_break_at,
        announced=_announced(draw_date, now),
        now=now,
    )
    return await _with_alerts(session, draw, now)
