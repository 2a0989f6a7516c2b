"""The alert message: the round, and a personal line from the subscriber's saved score."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.catalogue import label, section
from bot.draws.parse import round_url
from bot.render import render
from bot.replies import Reply
from bot.standing.round_fit import RoundFit
from bot.store.models import Draw, SavedProfile, Subscription

log = logging.getLogger(__name__)

TORONTO = ZoneInfo("America/Toronto")


@dataclass(frozen=True, slots=True)
class Personal:
    """What the round means for one subscriber."""

    total: int
    cutoff: int
    difference: int  # total - cutoff
    ideas: tuple[dict[str, Any], ...] = ()  # moves (code, params, opens, points) closing the gap
    profile_created_on: date | None = None
    before_tie_break: bool | None = None  # at the cut-off: created before the tie-break?


def _ideas(profile: dict[str, Any], missing: int) -> tuple[dict[str, Any], ...]:
    """Moves from the CRS planner, those that close the gap first (at most 3)."""
    try:
        from bot.crs import moves, parse_profile

        found = moves(parse_profile(profile))
    except Exception:  # a stale or partial saved profile: no ideas rather than no alert
        log.debug("no moves for a saved profile", exc_info=True)
        return ()
    closing = [m for m in found if m.points >= missing]
    chosen = (closing or found)[:3]
    return tuple(
        {"code": m.code, "params": m.params, "opens": m.opens, "points": m.points} for m in chosen
    )


def personal(draw: Draw, saved: SavedProfile | None, sub: Subscription | None) -> Personal | None:
    if saved is None or draw.cutoff is None:
        return None
    difference = saved.total - draw.cutoff
    created = sub.profile_created_on if sub else None
    before: bool | None = None
    if difference == 0 and created is not None and draw.tie_break_at is not None:
        before = created < draw.tie_break_at.date()
    ideas = _ideas(saved.profile, -difference) if difference < 0 else ()
    return Personal(saved.total, draw.cutoff, difference, ideas, created, before)


def draw_view(draw: Draw, lang: str = "en") -> dict[str, Any]:
    """The fields templates show for a round."""
    manual = not draw.raw
    return {
        "number": None if manual else draw.number,
        "date": draw.draw_date,
        "name": draw.name,
        "name_fr": draw.name_fr,
        "label": section("category", lang).get(draw.category, draw.name),
        "short": section("category_short", lang).get(draw.category, draw.category),
        "category": draw.category,
        "invitations": draw.invitations,
        "cutoff": draw.cutoff,
        "tie_break_at": draw.tie_break_at,
        "tie_break_local": draw.tie_break_at.astimezone(TORONTO) if draw.tie_break_at else None,
        "tie_break_raw": draw.tie_break_raw.strip(),
        "url": None if manual else round_url(draw.number),
        "manual": manual,
    }


def alert_reply(
    draw: Draw,
    *,
    saved: SavedProfile | None,
    sub: Subscription | None,
    lang: str = "en",
    fit: RoundFit | None = None,
) -> Reply:
    """The alert; ``fit``: whether the subscriber qualifies for the round (shown when given)."""
    me = personal(draw, saved, sub)
    text = render("alerts/new_draw", lang, draw=draw_view(draw, lang), me=me, fit=fit)
    buttons = Reply.rows(
        [
            (label("chat.alerts.latest", lang), "draws:latest"),
            (label("chat.alerts.mine", lang), "alerts:show"),
        ]
    )
    return Reply(text, buttons=buttons)
