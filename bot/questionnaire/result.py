"""The result screen and the what-if list (pure: the caller passes the draws it loaded)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.crs import Breakdown, Move, Profile, moves, score
from bot.questionnaire.engine import label
from bot.render import render
from bot.replies import Reply

MAX_SCORE = 1200
TOP_IMPROVEMENTS = 3
DRAWS_COMPARED = 10


@dataclass(frozen=True)
class DrawView:
    """What the result needs of a recorded draw (``bot.store.models.Draw`` fits this)."""

    number: str
    draw_date: date
    cutoff: int | None
    invitations: int | None = None
    tie_break_at: datetime | None = None
    tie_break_raw: str = ""


@dataclass(frozen=True)
class DrawComparison:
    """How a total compares with the last CEC draws that published a cut-off."""

    draws: tuple[DrawView, ...]  # newest first, each with a cut-off
    above: int  # total above the cut-off: invited
    tied: tuple[DrawView, ...]  # total equal to the cut-off: the tie-break decides

    @property
    def latest(self) -> DrawView | None:
        return self.draws[0] if self.draws else None

    @property
    def below(self) -> int:
        return len(self.draws) - self.above - len(self.tied)


def compare(total: int, draws: Iterable[Any], limit: int = DRAWS_COMPARED) -> DrawComparison:
    """Compare ``total`` with the newest ``limit`` draws that have a cut-off."""
    views = [_view(d) for d in draws]
    with_cutoff = tuple(d for d in views if d.cutoff is not None)[:limit]
    above = sum(1 for d in with_cutoff if d.cutoff is not None and total > d.cutoff)
    tied = tuple(d for d in with_cutoff if d.cutoff == total)
    return DrawComparison(with_cutoff, above, tied)


def _view(draw: Any) -> DrawView:
    if isinstance(draw, DrawView):
        return draw
    return DrawView(
        number=str(draw.number),
        draw_date=draw.draw_date,
        cutoff=draw.cutoff,
        invitations=draw.invitations,
        tie_break_at=draw.tie_break_at,
        tie_break_raw=draw.tie_break_raw or "",
    )


def result_buttons(lang: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    return (
        ((label("improve", lang), "improve:all"),),
        ((label("alerts", lang), "alerts:subscribe"),),
        ((label("edit_answers", lang), "crs:edit"),),
    )


def result_reply(
    profile: Profile,
    draws: Sequence[Any],
    lang: str = "en",
    *,
    breakdown: Breakdown | None = None,
    saved_at: datetime | None = None,
) -> Reply:
    """The score, its breakdown, the top improvements and the CEC comparison, with buttons."""
    result = breakdown or score(profile)
    found = moves(profile)
    text = render(
        "questionnaire/result",
        lang,
        b=result,
        max_score=MAX_SCORE,
        top=[move_view(m, result.total) for m in found[:TOP_IMPROVEMENTS]],
        more=max(0, len(found) - TOP_IMPROVEMENTS),
        cmp=compare(result.total, draws),
        saved_at=saved_at,
    )
    return Reply(text, buttons=Reply.rows(*result_buttons(lang)))


def improvements_reply(profile: Profile, lang: str = "en") -> Reply:
    """The full what-if list: every move that adds points, most first (the nomination last)."""
    total = score(profile).total
    found = moves(profile)
    text = render(
        "questionnaire/improvements",
        lang,
        total=total,
        max_score=MAX_SCORE,
        items=[move_view(m, total) for m in found],
    )
    buttons = Reply.rows(*result_buttons(lang)[1:])
    return Reply(text, buttons=buttons)


def move_view(move: Move, total: int) -> dict[str, Any]:
    """What ``questionnaire/_moves.j2`` needs of a move, and the total it leads to."""
    return {
        "code": move.code,
        "params": move.params,
        "opens": move.opens,
        "points": move.points,
        "new": total + move.points,
    }
