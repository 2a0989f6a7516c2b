"""Loads what the result screen needs beside the profile (the rounds of the last 12 months,
the newest round, the last good feed poll, the saved occupation and /dates answers) and
assesses the standing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.chat.context import ChatContext
from bot.crs import Breakdown, Profile
from bot.standing.assess import MONTHS, Standing, assess
from bot.standing.dated import KnownDates
from bot.standing.rounds import months_before
from bot.standing.stored import load_answer, load_known_dates
from bot.store.draws import latest_round_date, recent_rounds
from bot.store.feed_sync_runs import last_success_at


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
