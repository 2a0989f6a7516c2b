"""Where a candidate stands, all parts together: the score, program eligibility, category
routes, the rounds of the last 12 months they would have been invited in, the moves that
matter, and how fresh the round data is. One function for the chat's result screen and for
``python -m bot crs FILE --plan``, so both say the same thing.

Codes and numbers only; the words are in ``bot/templates/en/questionnaire/result.j2`` and the
``standing`` macros.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.crs import Breakdown, Move, Profile, moves, score
from bot.standing.categories import CategoryCheck, Occupation, as_json, check_categories
from bot.standing.dated import KnownDates, Outlook, outlook
from bot.standing.programs import (
    ProgramCheck,
    ProgramFacts,
    can_enter_pool,
    checks_json,
    eligible_programs,
    program_eligibility,
)
from bot.standing.rounds import (
    RoundCheck,
    months_before,
    rounds_check,
    rounds_json,
    summary,
    undecided_ties,
)

#: Rounds compared: those of the last 12 months.
MONTHS = 12
#: Without a successful feed poll for this long, users are told the round data may be stale.
STALE_AFTER = timedelta(days=1)
#: The CRS change secondary sources report in force on this date; official pages here don't
#: confirm it, so the result says so until it is confirmed or refuted.
REPORTED_CHANGE = date(2026, 11, 3)


@dataclass(frozen=True)
class Freshness:
    as_of: date | None  # date of the newest round recorded
    polled_at: datetime | None  # end of the newest successful feed poll, if any
    stale: bool  # no successful poll for STALE_AFTER (or never, while polls are expected)


@dataclass(frozen=True)
class Standing:
    breakdown: Breakdown
    programs: list[ProgramCheck]
    can_enter: bool
    categories: list[CategoryCheck]
    open_categories: set[str]  # categories the candidate qualifies for (and can enter the pool)
    occupation_given: bool
    rounds: list[RoundCheck]
    summary: dict[str, tuple[int, int]]  # per code: (invited, rounds)
    ties: dict[str, int]
    moves: list[Move]
    cutoff_ranges: dict[str, tuple[int, int]]  # per code: lowest, highest cut-off (12 months)
    freshness: Freshness
    today: date
    #: The score over time, when dates were given (``bot.standing.dated``).
    outlook: Outlook | None = None

    @property
    def total(self) -> int:
        return self.breakdown.total


def freshness(
    draws: Iterable[Any],
    polled_at: datetime | None,
    now: datetime | None,
    latest_round: date | None = None,
) -> Freshness:
    dates = [d.draw_date for d in draws] + ([latest_round] if latest_round else [])
    as_of = max(dates) if dates else None
    stale = now is not None and (polled_at is None or now - polled_at > STALE_AFTER)
    return Freshness(as_of, polled_at, stale)


def cutoff_ranges(draws: Iterable[Any], today: date) -> dict[str, tuple[int, int]]:
    """Per round code, the lowest and highest cut-off of the last ``MONTHS`` months."""
    start = months_before(today, MONTHS)
    found: dict[str, list[int]] = {}
    for d in draws:
        if d.cutoff is not None and start <= d.draw_date <= today:
            found.setdefault(d.category, []).append(d.cutoff)
    return {code: (min(cuts), max(cuts)) for code, cuts in found.items()}


def assess(
    profile: Profile,
    *,
    draws: Sequence[Any],
    today: date,
    occupation: Occupation | None = None,
    facts: ProgramFacts | None = None,
    polled_at: datetime | None = None,
    now: datetime | None = None,
    submitted_at: datetime | None = None,
    breakdown: Breakdown | None = None,
    on: date | None = None,
    latest_round: date | None = None,
    dates: KnownDates | None = None,
) -> Standing:
    """Everything the result says, computed once. ``draws``: every recorded round (store
    ``Draw`` rows or parsed feed rounds). ``now`` None: freshness is not judged (the CLI).
    ``on``: score with the rules in force then (default: today's rules). ``latest_round``:
    the date of the newest round recorded, when ``draws`` holds only the recent ones.
    ``dates``: what the candidate gave in /dates: the start of Canadian work dates the next
    Canadian-work year, the submission time (when ``submitted_at`` is not given) settles ties,
    and the dates of the timeline give the ``outlook``."""
    result = breakdown or score(profile, on=on)
    if dates is not None and submitted_at is None:
        submitted_at = dates.submitted_at
    programs = program_eligibility(profile, facts, on=today)
    can_enter = can_enter_pool(programs)
    categories = check_categories(profile, occupation, on=today)
    open_categories = {c.code for c in categories if c.eligible} if can_enter else set()
    checks = rounds_check(
        result.total,
        draws,
        today=today,
        programs=eligible_programs(programs),
        categories=open_categories,
        nominated=profile.provincial_nomination,
        submitted_at=submitted_at,
        months=MONTHS,
    )
    return Standing(
        breakdown=result,
        programs=programs,
        can_enter=can_enter,
        categories=categories,
        open_categories=open_categories,
        occupation_given=occupation is not None,
        rounds=checks,
        summary=summary(checks),
        ties=undecided_ties(checks),
        moves=moves(
            profile, on=on, canadian_work_since=dates.canadian_work_since if dates else None
        ),
        cutoff_ranges=cutoff_ranges(draws, today),
        freshness=freshness(draws, polled_at, now, latest_round),
        today=today,
        outlook=outlook(profile, dates, today=today) if dates and dates.timeline_dates else None,
    )


def plan_json(standing: Standing) -> dict[str, Any]:
    """The parts of ``--plan`` that come from the standing (the caller adds the timeline)."""
    fresh = standing.freshness
    return {
        "eligibility": checks_json(standing.programs),
        "can_enter_pool": standing.can_enter,
        "categories": as_json(standing.categories),
        "improvements": [m.to_json() for m in standing.moves],
        "rounds": rounds_json(standing.rounds),
        "rounds_summary": {
            code: {"invited": invited, "rounds": total}
            for code, (invited, total) in standing.summary.items()
        },
        "rounds_as_of": fresh.as_of.isoformat() if fresh.as_of else None,
        "rounds_months": MONTHS,
    }
