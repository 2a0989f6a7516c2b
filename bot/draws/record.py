"""Record rounds once (unique draw number) and, in the same transaction, their alerts."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.fanout import enqueue_for_draw, too_old
from bot.draws.classify import CODES, LABELS
from bot.draws.parse import ParsedRound
from bot.store import draws as q
from bot.store.models import Draw

log = logging.getLogger(__name__)

#: `Draw.announced`: how a round was (or was not) announced.
BACKFILL = "backfill"  # history: imported, alerts nobody
ALERTED = "alerted"  # outbox rows were written when it was recorded
TOO_OLD = "too_old"  # new to us but older than the alert age limit

#: Rounds recorded by an admin before the feed has them carry a provisional number.
_MANUAL = re.compile(r"^m\d{8}-\d{2}$")


def is_manual_number(number: str) -> bool:
    return bool(_MANUAL.match(number))


def manual_number(category: str, draw_date: date) -> str:
    return f"m{draw_date:%Y%m%d}-{CODES.index(category):02d}"


@dataclass(frozen=True, slots=True)
class Recorded:
    draw: Draw
    alerts: int
    merged: bool = False


def _apply(draw: Draw, parsed: ParsedRound) -> None:
    draw.number = parsed.number
    draw.draw_date = parsed.draw_date
    draw.drawn_at = parsed.drawn_at
    draw.name = parsed.name[:200]
    draw.category = parsed.category
    draw.invitations = parsed.invitations
    draw.cutoff = parsed.cutoff
    draw.tie_break_at = parsed.tie_break_at
    draw.tie_break_raw = parsed.tie_break_raw[:200]
    draw.raw = parsed.raw


async def record_round(
    session: AsyncSession, parsed: ParsedRound, *, now: datetime, backfill: bool = False
) -> Recorded:
    """Insert a round new to us. A round an admin recorded by hand (same program and date,
    provisional number) is merged: it takes the feed's number and data, and alerts nobody
    again. Otherwise, unless `backfill`, write its outbox rows in this transaction."""
    if not backfill:
        for draft in await q.find_draw(
            session, category=parsed.category, draw_date=parsed.draw_date
        ):
            if is_manual_number(draft.number):
                log.info("round %s merged into admin-recorded %s", parsed.number, draft.number)
                _apply(draft, parsed)
                draft.source = "admin+feed"
                session.add(draft)
                await session.flush()
                return Recorded(draft, 0, merged=True)
    draw = Draw(
        number=parsed.number,
        draw_date=parsed.draw_date,
        name=parsed.name[:200],
        category=parsed.category,
        source="snapshot" if backfill else "feed",
        recorded_at=now,
    )
    _apply(draw, parsed)
    if backfill:
        draw.announced = BACKFILL
    elif too_old(draw, now=now):
        draw.announced = TOO_OLD
    else:
        draw.announced = ALERTED
    session.add(draw)
    await session.flush()
    alerts = 0
    if draw.announced == ALERTED:
        alerts = await enqueue_for_draw(session, draw=draw, now=now)
    return Recorded(draw, alerts)


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
    existing = await q.find_draw(session, category=category, draw_date=draw_date)
    if existing:
        return Recorded(existing[0], 0, merged=True)
    draw = Draw(
        number=manual_number(category, draw_date),
        draw_date=draw_date,
        name=LABELS[category],
        category=category,
        invitations=invitations,
        cutoff=cutoff,
        tie_break_at=tie_break_at,
        tie_break_raw=tie_break_at.strftime("%B %d, %Y at %H:%M:%S UTC") if tie_break_at else "",
        raw={},
        source="admin",
        recorded_at=now,
    )
    draw.announced = TOO_OLD if too_old(draw, now=now) else ALERTED
    session.add(draw)
    await session.flush()
    alerts = await enqueue_for_draw(session, draw=draw, now=now) if draw.announced == ALERTED else 0
    return Recorded(draw, alerts)
