"""The chat's stored occupation answer as the domain's `Occupation` (for the result screen,
--plan and /occupation), and its /dates answers as `KnownDates`. Reads through
``bot.store.occupations`` and ``bot.store.profile_dates``; the store knows nothing of this
package, so there is no import cycle (``bot.draws`` uses the store too)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.standing.categories import Occupation
from bot.standing.dated import KnownDates
from bot.store.models import OccupationAnswer, ProfileDates
from bot.store.occupations import load_occupation
from bot.store.profile_dates import load_dates


def to_occupation(row: OccupationAnswer | None) -> Occupation | None:
    """The domain answer of a stored row (None unless the step was completed; months in
    Canada not asked count as 0, which only a Canada-only rule looks at, and it is asked then)."""
    if row is None or row.step != "done" or row.noc is None or row.months is None:
        return None
    return Occupation(row.noc, row.months, row.in_canada_months or 0)


async def load_answer(session: AsyncSession, *, chat_id: int) -> Occupation | None:
    """The chat's completed occupation answer, or None (not given, skipped or unfinished)."""
    return to_occupation(await load_occupation(session, chat_id=chat_id))


def to_dates(row: ProfileDates | None) -> KnownDates | None:
    """The domain dates of a stored row (None when no date is known)."""
    if row is None:
        return None
    dates = KnownDates(
        birth_date=row.birth_date,
        canadian_work_since=row.canadian_work_since,
        language_test_date=row.language_test_date,
        eca_date=row.eca_date,
        submitted_on=row.submitted_on,
        submitted_at=row.submitted_at,
    )
    return None if dates == KnownDates() else dates


async def load_known_dates(session: AsyncSession, *, chat_id: int) -> KnownDates | None:
    """The dates the chat gave in /dates (those answered so far), or None."""
    return to_dates(await load_dates(session, chat_id=chat_id))
