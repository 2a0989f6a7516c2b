"""Who gets which alert: one outbox row per matching active subscriber, written in the
caller's transaction (`bot.pipeline.record`, the one that records the round).

Program and category filters match by the round's code (``bot.store.subscriptions``); the
"rounds I'm eligible for" subscribers are matched here, each from their saved answers
(``bot.alerts.fit``): they get the round when they qualify or when their answers are not
enough to tell."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.fit import fits
from bot.store import outbox, subscriptions
from bot.store.models import Draw

#: Rounds older than this (by their date) alert nobody: history, or a feed that lagged a lot.
MAX_ALERT_AGE = timedelta(days=7)


def too_old(draw_date: date, *, now: datetime) -> bool:
    return draw_date < (now - MAX_ALERT_AGE).date()


async def enqueue_for_draw(session: AsyncSession, *, draw: Draw, now: datetime) -> int:
    """Outbox rows for every active, not-blocked subscriber whose filter wants the round
    (none for a round older than `MAX_ALERT_AGE`); returns how many rows were written."""
    if draw.id is None or too_old(draw.draw_date, now=now):
        return 0
    chat_ids = await subscriptions.matching_chat_ids(session, category=draw.category)
    eligible = await subscriptions.eligible_chat_ids(session)
    if eligible:
        found = await fits(session, chat_ids=eligible, code=draw.category, on=draw.draw_date)
        chat_ids = sorted({*chat_ids, *(c for c, fit in found.items() if fit.alert)})
    return await outbox.enqueue(session, draw_id=draw.id, chat_ids=chat_ids, now=now)
