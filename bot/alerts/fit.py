"""What a round means for subscribers' eligibility: their saved CRS profile and /occupation
answer through ``bot.standing.round_fit``. Used to choose the "rounds I'm eligible for"
subscribers of a round (``bot.alerts.fanout``) and to say it in their alert
(``bot.alerts.message``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.crs import ProfileError, parse_profile
from bot.crs.profile import Profile
from bot.standing.round_fit import RoundFit, round_fit
from bot.standing.stored import to_occupation
from bot.store import occupations, profiles
from bot.store.models import OccupationAnswer, SavedProfile

log = logging.getLogger(__name__)


def _profile(saved: SavedProfile | None) -> Profile | None:
    if saved is None:
        return None
    try:
        return parse_profile(saved.profile)
    except ProfileError:  # saved under older rules: as if there were none
        log.info("saved profile of chat %s no longer parses", saved.chat_id)
        return None


def fit_of(
    saved: SavedProfile | None, answer: OccupationAnswer | None, code: str, *, on: date
) -> RoundFit:
    return round_fit(_profile(saved), to_occupation(answer), code, on=on)


async def fits(
    session: AsyncSession, *, chat_ids: Iterable[int], code: str, on: date
) -> dict[int, RoundFit]:
    """Per chat: whether it qualifies for a round of ``code`` held on ``on``."""
    chats = sorted(set(chat_ids))
    saved = await profiles.by_chats(session, chat_ids=chats)
    answers = await occupations.by_chats(session, chat_ids=chats)
    return {c: fit_of(saved.get(c), answers.get(c), code, on=on) for c in chats}
