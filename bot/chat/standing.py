"""Loads what the result screen needs beside the profile (the rounds of the last 12 months,
the newest round, the last good feed poll, the saved occupation and /dates answers) and
assesses the standing; `saved_result` draws the saved score's screen (/myscore, and "what's my
score?" typed as a question)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.crs import Breakdown, Profile, ProfileError, parse_profile
from bot.questionnaire.result import improvements_reply, result_reply
from bot.replies import Reply
from bot.standing.assess import MONTHS, Standing, assess
from bot.standing.dated import KnownDates
from bot.standing.rounds import months_before
from bot.standing.stored import load_answer, load_known_dates
from bot.store.draws import latest_round_date, recent_rounds
from bot.store.feed_sync_runs import last_success_at
from bot.store.profiles import load_profile


async def load_standing(
    session: Any,
    ctx: ChatContext,
    *,
    chat_id: int,
    profile: Profile,
    breakdown: Breakdown | None = None,
    dates: KnownDates | None = None,
) -> Standing:
    """``dates``: the /dates answers (default: those stored for the chat)."""
    now: datetime = ctx.now()
    today = now.date()
    recent = await recent_rounds(session, since=months_before(today, MONTHS) - timedelta(days=1))
    return assess(
        profile,
        draws=recent,
        today=today,
        occupation=await load_answer(session, chat_id=chat_id),
        polled_at=await last_success_at(session),
        now=now,
        breakdown=breakdown,
        latest_round=await latest_round_date(session),
        dates=dates or await load_known_dates(session, chat_id=chat_id),
    )


async def saved_result(
    event: Event, ctx: ChatContext, *, full_list: bool = False
) -> list[Reply] | None:
    """The saved score's result screen (/myscore; with `full_list`, every improvement), or
    None when the chat has no saved profile that still reads."""
    async with ctx.sessions.begin() as session:
        saved = await load_profile(session, chat_id=event.chat_id)
        try:
            profile = parse_profile(saved.profile) if saved is not None else None
        except ProfileError:
            profile = None
        if saved is None or profile is None:
            return None
        if full_list:
            dates = await load_known_dates(session, chat_id=event.chat_id)
            since = dates.canadian_work_since if dates else None
            return [improvements_reply(profile, event.lang, canadian_work_since=since)]
        standing = await load_standing(session, ctx, chat_id=event.chat_id, profile=profile)
        return [result_reply(standing, event.lang, saved_at=saved.saved_at)]
