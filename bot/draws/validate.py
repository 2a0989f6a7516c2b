"""Refuse a feed that disagrees with what is stored (the feed's shape drifted)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.draws.parse import FeedShapeError, ParsedRound, number_sort_key
from bot.draws.record import is_manual_number

#: Fields of a stored round that must not change in later copies of the feed.
STABLE_FIELDS = ("drawDate", "drawName", "drawSize", "drawCRS", "drawCutOff")


def _norm(value: Any) -> str:
    return " ".join(str(value).split())


class StoredRound(Protocol):
    """What validation reads of a stored round (a `Draw`, or just these two columns)."""

    @property
    def number(self) -> str: ...

    @property
    def raw(self) -> dict[str, Any] | None: ...


def validate(feed: list[ParsedRound], stored: Sequence[StoredRound], *, now: datetime) -> None:
    """Raise FeedShapeError when the feed lacks a stored round, a stored round changed, or a
    round is dated in the future."""
    by_number = {r.number: r for r in feed}
    known = [d for d in stored if not is_manual_number(d.number)]
    missing = sorted((d.number for d in known if d.number not in by_number), key=number_sort_key)
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise FeedShapeError(
            f"the feed lacks {len(missing)} stored round(s) ({shown}): "
            f"{len(feed)} rounds in the feed, {len(known)} stored"
        )
    for draw in known:
        if not draw.raw:
            continue
        fresh = by_number[draw.number].raw
        changed = [k for k in STABLE_FIELDS if _norm(draw.raw.get(k, "")) != _norm(fresh.get(k))]
        if changed:
            raise FeedShapeError(f"stored round {draw.number} changed: {', '.join(changed)}")
    latest = max(r.draw_date for r in feed)
    if latest > (now + timedelta(days=1)).date():
        raise FeedShapeError(f"a round is dated {latest}, in the future")
