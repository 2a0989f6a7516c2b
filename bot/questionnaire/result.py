"""The result screen and the what-if list (pure: the caller passes the standing it assessed)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.catalogue import label, section
from bot.crs import Move, Profile, moves, score
from bot.render import render
from bot.replies import Reply
from bot.standing.assess import MONTHS, REPORTED_CHANGE, Standing

MAX_SCORE = 1200
TOP_IMPROVEMENTS = 3


def result_buttons(lang: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    return (
        ((label("questionnaire.improve", lang), "improve:all"),),
        ((label("questionnaire.occupation", lang), "occ:ask"),),
        ((label("questionnaire.dates", lang), "dates:ask"),),
        ((label("questionnaire.alerts", lang), "alerts:subscribe"),),
        ((label("questionnaire.edit_answers", lang), "crs:edit"),),
    )


def result_reply(
    standing: Standing, lang: str = "en", *, saved_at: datetime | None = None
) -> Reply:
    """The score and its breakdown, then where the candidate stands (programs, categories, the
    rounds of the last 12 months, the top moves), with buttons."""
    result = standing.breakdown
    found = standing.moves
    text = render(
        "questionnaire/result",
        lang,
        b=result,
        s=standing,
        months=MONTHS,
        labels=section("category", lang),
        reported_change=REPORTED_CHANGE,
        max_score=MAX_SCORE,
        top=[move_view(m, result.total, standing.cutoff_ranges) for m in found[:TOP_IMPROVEMENTS]],
        more=max(0, len(found) - TOP_IMPROVEMENTS),
        saved_at=saved_at,
    )
    return Reply(text, buttons=Reply.rows(*result_buttons(lang)))


def improvements_reply(
    profile: Profile, lang: str = "en", *, canadian_work_since: date | None = None
) -> Reply:
    """The full what-if list: every move that adds points, most first (the nomination last);
    ``canadian_work_since`` (from /dates) dates the next Canadian-work year."""
    total = score(profile).total
    found = moves(profile, canadian_work_since=canadian_work_since)
    text = render(
        "questionnaire/improvements",
        lang,
        total=total,
        max_score=MAX_SCORE,
        items=[move_view(m, total) for m in found],
    )
    buttons = Reply.rows(*result_buttons(lang)[1:])
    return Reply(text, buttons=buttons)


def move_view(
    move: Move, total: int, cutoffs: dict[str, tuple[int, int]] | None = None
) -> dict[str, Any]:
    """What ``questionnaire/_moves.j2`` needs of a move, the total it leads to and, for each
    category door it opens, that category's lowest and highest cut-off of the last 12 months."""
    return {
        "code": move.code,
        "params": move.params,
        "opens": move.opens,
        "points": move.points,
        "new": total + move.points,
        "door_cutoffs": {d: cutoffs[d] for d in move.opens if cutoffs and d in cutoffs},
    }
