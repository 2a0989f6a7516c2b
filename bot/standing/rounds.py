"""Would you have been invited: a CRS total against each round of the last months that the
candidate could have been invited in.

Codes and numbers only: the words are in ``bot/templates/en/standing/_rounds.j2``. Round
numbers are IRCC's public numbers; a round an admin recorded before the feed had it carries a
provisional internal id (``bot.draws.record.is_manual_number``), shown to nobody: its
``number`` here is None.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bot.draws.classify import CATEGORIES, CODES
from bot.draws.parse import number_sort_key
from bot.draws.record import is_manual_number

#: Outcomes. At the cut-off the tie-break decides: profiles submitted at or before the round's
#: tie-break time were invited.
ABOVE = "above"
BELOW = "below"
TIE = "tie"  # at the cut-off, the submission time not given (or the tie-break not published)
TIE_INVITED = "tie_invited"
TIE_NOT_INVITED = "tie_not_invited"
INVITED: frozenset[str] = frozenset({ABOVE, TIE_INVITED})

FEDERAL_PROGRAMS: frozenset[str] = frozenset({"cec", "fsw", "fst"})


@dataclass(frozen=True)
class RoundCheck:
    number: str | None  # IRCC's round number; None for a round not yet in the feed
    date: date
    program: str  # program or category code (bot.draws.classify.CODES)
    cutoff: int
    margin: int  # total - cutoff
    outcome: str  # ABOVE, BELOW, TIE, TIE_INVITED or TIE_NOT_INVITED
    tie_break_at: datetime | None

    @property
    def invited(self) -> bool:
        return self.outcome in INVITED


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def counted_codes(*, programs: set[str], categories: set[str], nominated: bool) -> set[str]:
    """The round codes a candidate could be invited in. None without a program: a candidate
    who can't enter the pool is invited in no round, category or PNP rounds included."""
    open_programs = programs & FEDERAL_PROGRAMS
    if not open_programs:
        return set()
    codes = {"general", *open_programs, *(categories & set(CATEGORIES))}
    if nominated:
        codes.add("pnp")
    return codes


def _code(draw: Any) -> str | None:
    for name in ("category", "program"):
        value = getattr(draw, name, None)
        if isinstance(value, str):
            return value
    return None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _outcome(margin: int, tie_break_at: datetime | None, submitted_at: datetime | None) -> str:
    if margin > 0:
        return ABOVE
    if margin < 0:
        return BELOW
    if tie_break_at is None or submitted_at is None:
        return TIE
    return TIE_INVITED if _utc(submitted_at) <= _utc(tie_break_at) else TIE_NOT_INVITED


def rounds_check(
    total: int,
    draws: Iterable[Any],
    *,
    today: date,
    programs: set[str],
    categories: set[str],
    nominated: bool,
    submitted_at: datetime | None = None,
    months: int = 12,
) -> list[RoundCheck]:
    """``total`` (with the 600 of a nomination already in it) against each round of the last
    ``months`` months (from the same day ``months`` earlier to ``today``, both included) with
    a published cut-off, in the programs and categories the candidate is open to; newest
    first. ``draws``: objects with number, draw_date, cutoff, tie_break_at and the code as
    ``category`` (``bot.store.models.Draw``, ``bot.draws.parse.ParsedRound``) or ``program``."""
    codes = counted_codes(programs=programs, categories=categories, nominated=nominated)
    start = months_before(today, months)
    found: list[tuple[tuple[date, tuple[int, str]], RoundCheck]] = []
    for draw in draws:
        code = _code(draw)
        cutoff = draw.cutoff
        if code not in codes or cutoff is None or not start <= draw.draw_date <= today:
            continue
        raw = str(draw.number)
        number = None if is_manual_number(raw) else raw
        margin = total - cutoff
        tie_break_at = draw.tie_break_at
        check = RoundCheck(
            number=number,
            date=draw.draw_date,
            program=code,
            cutoff=cutoff,
            margin=margin,
            outcome=_outcome(margin, tie_break_at, submitted_at),
            tie_break_at=tie_break_at,
        )
        found.append(((draw.draw_date, number_sort_key(number or "")), check))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [check for _, check in found]


def rounds_json(checks: Iterable[RoundCheck]) -> list[dict[str, Any]]:
    """Each round as JSON values (dates as ISO text), for ``python -m bot crs FILE --plan``."""
    return [
        {
            "number": c.number,
            "date": c.date.isoformat(),
            "program": c.program,
            "cutoff": c.cutoff,
            "margin": c.margin,
            "outcome": c.outcome,
            "tie_break_at": c.tie_break_at.isoformat() if c.tie_break_at else None,
        }
        for c in checks
    ]


def _by_code(checks: Iterable[RoundCheck]) -> dict[str, list[RoundCheck]]:
    grouped: dict[str, list[RoundCheck]] = {}
    for check in checks:
        grouped.setdefault(check.program, []).append(check)
    order = {code: i for i, code in enumerate(CODES)}
    return dict(sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order))))


def summary(checks: Iterable[RoundCheck]) -> dict[str, tuple[int, int]]:
    """Per program or category code (in ``CODES`` order): (rounds invited in, rounds)."""
    return {
        code: (sum(1 for c in group if c.invited), len(group))
        for code, group in _by_code(checks).items()
    }


def undecided_ties(checks: Iterable[RoundCheck]) -> dict[str, int]:
    """Per code: rounds at the cut-off where the tie-break decides and the submission time is
    not known (neither invited nor not invited in ``summary``)."""
    return {
        code: n
        for code, group in _by_code(checks).items()
        if (n := sum(1 for c in group if c.outcome == TIE))
    }
