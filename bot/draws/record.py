"""Rounds as rows: build a `Draw` from a parsed feed round or an admin's input, and merge a
feed round into the round an admin recorded by hand. No alerts here: `bot.pipeline.record`
records a round together with its outbox rows; the history import records as backfill."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.catalogue import label
from bot.draws.classify import CODES
from bot.draws.parse import ParsedRound
from bot.store import draws as dq
from bot.store.models import Draw

log = logging.getLogger(__name__)

#: `Draw.announced`: how a round was (or was not) announced.
BACKFILL = "backfill"  # history: imported, alerts nobody
ALERTED = "alerted"  # outbox rows were written when it was recorded
TOO_OLD = "too_old"  # new to us but older than the alert age limit
#: One poll brought more new rounds than a real week has: only the newest of each program
#: alerted (bot/pipeline/sync.py); the others are recorded without alerts.
SUPERSEDED = "superseded"

#: Rounds recorded by an admin before the feed has them carry a provisional number.
_MANUAL = re.compile(r"^m\d{8}-\d{2}$")


def is_manual_number(number: str) -> bool:
    return bool(_MANUAL.match(number))


def manual_number(category: str, draw_date: date) -> str:
    return f"m{draw_date:%Y%m%d}-{CODES.index(category):02d}"


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
    if parsed.name_fr:
        draw.name_fr = parsed.name_fr[:200]


def feed_draw(parsed: ParsedRound, *, source: str, announced: str, now: datetime) -> Draw:
    """A new row for a round of the feed (`source` "feed" or "snapshot")."""
    draw = Draw(
        number=parsed.number,
        draw_date=parsed.draw_date,
        name=parsed.name[:200],
        category=parsed.category,
        source=source,
        announced=announced,
        recorded_at=now,
    )
    _apply(draw, parsed)
    return draw


def manual_draw(
    *,
    category: str,
    draw_date: date,
    invitations: int,
    cutoff: int,
    tie_break_at: datetime | None,
    announced: str,
    now: datetime,
) -> Draw:
    """A new row for a round an admin records before the feed has it (provisional number)."""
    return Draw(
        number=manual_number(category, draw_date),
        draw_date=draw_date,
        name=label(f"category.{category}", "en"),  # as the (English) feed names it
        category=category,
        invitations=invitations,
        cutoff=cutoff,
        tie_break_at=tie_break_at,
        tie_break_raw=tie_break_at.strftime("%B %d, %Y at %H:%M:%S UTC") if tie_break_at else "",
        raw={},
        source="admin",
        announced=announced,
        recorded_at=now,
    )


async def merge_into_manual(session: AsyncSession, parsed: ParsedRound) -> Draw | None:
    """When an admin recorded this round by hand (same program and date, provisional number),
    give that row the feed's number and data and return it; it alerts nobody again."""
    for draft in await dq.find_draw(session, category=parsed.category, draw_date=parsed.draw_date):
        if is_manual_number(draft.number):
            log.info("round %s merged into admin-recorded %s", parsed.number, draft.number)
            _apply(draft, parsed)
            draft.source = "admin+feed"
            return await dq.save_draw(session, draft)
    return None
