"""Queries of `subscriptions`: the draw-alert filter of a chat, and the dates its reminders
are planned from (`profile_created_on`, `invited_on`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import Subscription, User
from bot.store.types import utcnow

#: "eligible": the rounds the chat's saved answers qualify it for, decided per round by
#: ``bot.alerts.fanout`` (the store does not know the rules).
MODES = ("cec", "all", "categories", "eligible")
ELIGIBLE = "eligible"
ReminderDate = Literal["profile_created_on", "invited_on"]


async def get_subscription(session: AsyncSession, *, chat_id: int) -> Subscription | None:
    return await session.get(Subscription, chat_id)


async def by_chats(session: AsyncSession, *, chat_ids: Iterable[int]) -> dict[int, Subscription]:
    stmt = select(Subscription).where(col(Subscription.chat_id).in_(list(chat_ids)))
    return {s.chat_id: s for s in (await session.exec(stmt)).all()}


async def subscribe(
    session: AsyncSession,
    *,
    chat_id: int,
    mode: str = "cec",
    categories: Iterable[str] = (),
    now: datetime | None = None,
) -> Subscription:
    """Create or update the chat's subscription and make it active (the user row must exist)."""
    if mode not in MODES:
        raise ValueError(f"unknown subscription mode {mode!r}")
    now = now or utcnow()
    sub = await get_subscription(session, chat_id=chat_id)
    if sub is None:
        sub = Subscription(chat_id=chat_id, created_at=now)
    sub.mode = mode
    sub.categories = sorted(set(categories)) if mode == "categories" else []
    sub.active = True
    sub.updated_at = now
    session.add(sub)
    await session.flush()
    return sub


async def deactivate(session: AsyncSession, *, chat_id: int, now: datetime | None = None) -> bool:
    """Turn alerts off for the chat; True when it had an active subscription."""
    sub = await get_subscription(session, chat_id=chat_id)
    if sub is None or not sub.active:
        return False
    sub.active = False
    sub.updated_at = now or utcnow()
    session.add(sub)
    return True


async def set_reminder_date(
    session: AsyncSession, *, chat_id: int, field: ReminderDate, day: date, now: datetime
) -> Subscription:
    """Keep a reminder date on the chat's row. Reminders subscribe nobody to draw alerts: a
    chat without a subscription gets an inactive row that only holds the dates."""
    sub = await get_subscription(session, chat_id=chat_id)
    if sub is None:
        sub = Subscription(chat_id=chat_id, active=False, created_at=now)
    setattr(sub, field, day)
    sub.updated_at = now
    session.add(sub)
    await session.flush()
    return sub


def wants(sub: Subscription, category: str) -> bool:
    """Whether a subscription's filter matches a round's category (never for "eligible",
    which `eligible_chat_ids` lists for the caller to decide)."""
    if sub.mode == ELIGIBLE:
        return False
    if sub.mode == "all":
        return True
    if sub.mode == "cec":
        return category == "cec"
    return category in (sub.categories or [])


async def _active(session: AsyncSession) -> list[Subscription]:
    stmt = (
        select(Subscription)
        .join(User, col(User.chat_id) == col(Subscription.chat_id))
        .where(col(Subscription.active).is_(True), col(User.blocked).is_(False))
    )
    return list((await session.exec(stmt)).all())


async def matching_chat_ids(session: AsyncSession, *, category: str) -> list[int]:
    """Active subscribers (not blocked) whose filter matches the category."""
    return sorted(s.chat_id for s in await _active(session) if wants(s, category))


async def eligible_chat_ids(session: AsyncSession) -> list[int]:
    """Active subscribers (not blocked) of the "rounds I'm eligible for" mode."""
    return sorted(s.chat_id for s in await _active(session) if s.mode == ELIGIBLE)
