"""CRS rulesets as dated data and the registry that picks the one in force on a date.

Adding a grid: write ``rN_YYYY_MM_DD.py`` next to the existing one with a ``RULESET`` and add
it to ``RULESETS`` below (see docs/crs.md).
"""

from __future__ import annotations

from datetime import date

from bot.crs.rules import r2025_03_25
from bot.crs.rules.table import Pair, Ruleset, Table, banded

#: Every known ruleset, oldest first.
RULESETS: tuple[Ruleset, ...] = (r2025_03_25.RULESET,)


_last: dict[date, tuple[tuple[Ruleset, ...], Ruleset]] = {}


def ruleset_for(on: date | None = None) -> Ruleset:
    """The ruleset in force on ``on`` (today when omitted)."""
    day = on or date.today()
    cached = _last.get(day)
    if cached is not None and cached[0] is RULESETS:
        return cached[1]
    chosen: Ruleset | None = None
    for ruleset in RULESETS:
        if ruleset.effective <= day:
            chosen = ruleset
    if chosen is None:
        first = RULESETS[0].effective.isoformat()
        raise ValueError(f"no CRS ruleset in force on {day.isoformat()}; the earliest is {first}")
    _last.clear()
    _last[day] = (RULESETS, chosen)
    return chosen


def ruleset_by_id(ruleset_id: str) -> Ruleset:
    for ruleset in RULESETS:
        if ruleset.id == ruleset_id:
            return ruleset
    raise KeyError(ruleset_id)


__all__ = ["RULESETS", "Pair", "Ruleset", "Table", "banded", "ruleset_by_id", "ruleset_for"]
