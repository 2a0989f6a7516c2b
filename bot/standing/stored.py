"""The chat's stored occupation answer as the domain's `Occupation` (for the result screen,
--plan and /occupation). Reads through ``bot.store.occupations``; the store knows nothing of
this package, so there is no import cycle (``bot.draws`` uses the store too)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.standing.categories import Occupation
from bot.store.models import OccupationAnswer
from bot.store.occupations import load_occupation


def to_occupation(row: OccupationAnswer | None) -> Occupation | None:
    """The domain answer of a stored row (None unless the step was completed; months in
    Canada not asked count as 0, which only a Canada-only rule looks at, and it is asked then)."""
    if row is None or row.step != "done" or row.noc is None or row.months is None:
        return None
    return Occupation(row.noc, row.months, row.in_canada_months or 0)


async def load_answer(session: AsyncSession, *, chat_id: int) -> Occupation | None:
    """The chat's completed occupation answer, or None (not given, skipped or unfinished)."""
    return to_occupation(await load_occupation(session, chat_id=chat_id))
