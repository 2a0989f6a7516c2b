"""Queries about subscriptions, the alert outbox and reminders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.draws import dialect
from bot.store.models import AlertOutbox, Reminder, SavedProfile, Subscription, User
from bot.store.types import utcnow

MODES = ("cec", "all", "categories")


# -- subscriptions ---------------------------------------------------------------------------
async def get_subscription(session: AsyncSession, *, chat_id: int) -> Subscription | None:
    return await session.get(Subscription, chat_id)


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


def wants(sub: Subscription, category: str) -> bool:
    """Whether a subscription's filter matches a round's category."""
    if sub.mode == "all":
        return True
    if sub.mode == "cec":
        return category == "cec"
    return category in (sub.categories or [])


async def matching_chat_ids(session: AsyncSession, *, category: str) -> list[int]:
    """Active subscribers (not blocked) whose filter matches the category."""
    stmt = (
        select(Subscription)
        .join(User, col(User.chat_id) == col(Subscription.chat_id))
        .where(col(Subscription.active).is_(True), col(User.blocked).is_(False))
    )
    subs = (await session.exec(stmt)).all()
    return sorted(s.chat_id for s in subs if wants(s, category))


async def saved_total(session: AsyncSession, *, chat_id: int) -> SavedProfile | None:
    return await session.get(SavedProfile, chat_id)


# -- outbox ----------------------------------------------------------------------------------
async def enqueue(
    session: AsyncSession, *, draw_id: int, chat_ids: Iterable[int], now: datetime
) -> int:
    """One pending row per chat for the draw (existing (draw, chat) rows are kept)."""
    rows = [
        {
            "draw_id": draw_id,
            "chat_id": chat_id,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for chat_id in chat_ids
    ]
    if not rows:
        return 0
    insert = pg_insert if dialect(session) == "postgresql" else sqlite_insert
    created = 0
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        stmt = insert(AlertOutbox).values(chunk).on_conflict_do_nothing()
        result = await session.exec(stmt.returning(col(AlertOutbox.id)))
        created += len(result.all())
    return created


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta
) -> list[AlertOutbox]:
    """Claim up to `limit` due pending rows: push their next attempt `lease` ahead and count
    the attempt. On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED, so concurrent
    workers claim disjoint rows; commit right after to publish the claim."""
    stmt = (
        select(AlertOutbox)
        .where(AlertOutbox.status == "pending", col(AlertOutbox.next_attempt_at) <= now)
        .order_by(col(AlertOutbox.id))
        .limit(limit)
    )
    if dialect(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list((await session.exec(stmt)).all())
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + lease
        session.add(row)
    return rows


async def release_claims(session: AsyncSession, *, now: datetime) -> int:
    """Make every pending row due now (single-process start-up: resume after a crash)."""
    result = await session.exec(
        update(AlertOutbox)
        .where(col(AlertOutbox.status) == "pending", col(AlertOutbox.next_attempt_at) > now)
        .values(next_attempt_at=now)
    )
    return int(result.rowcount or 0)


async def set_outcome(
    session: AsyncSession,
    *,
    row_id: int,
    status: str,
    now: datetime,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
    refund_attempt: bool = False,
) -> None:
    values: dict[str, object] = {"status": status, "last_error": error[:500] if error else None}
    if status == "sent":
        values["sent_at"] = now
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    if refund_attempt:
        values["attempts"] = col(AlertOutbox.attempts) - 1
    await session.exec(update(AlertOutbox).where(col(AlertOutbox.id) == row_id).values(**values))


async def outbox_counts(session: AsyncSession, *, draw_id: int | None = None) -> dict[str, int]:
    stmt = select(AlertOutbox.status, func.count()).group_by(AlertOutbox.status)
    if draw_id is not None:
        stmt = stmt.where(AlertOutbox.draw_id == draw_id)
    return {str(status): int(n) for status, n in (await session.exec(stmt)).all()}


async def next_due_at(session: AsyncSession) -> datetime | None:
    stmt = select(func.min(AlertOutbox.next_attempt_at)).where(AlertOutbox.status == "pending")
    return (await session.exec(stmt)).one_or_none()


# -- reminders -------------------------------------------------------------------------------
async def replace_reminders(
    session: AsyncSession, *, chat_id: int, kinds: Iterable[str], due: Iterable[tuple[str, date]]
) -> None:
    """Delete the chat's unsent reminders of these kinds and add the new ones."""
    kinds = list(kinds)
    existing = await session.exec(
        select(Reminder).where(
            Reminder.chat_id == chat_id,
            col(Reminder.kind).in_(kinds),
            col(Reminder.sent_at).is_(None),
        )
    )
    for row in existing.all():
        await session.delete(row)
    await session.flush()
    for kind, due_on in due:
        session.add(Reminder(chat_id=chat_id, kind=kind, due_on=due_on))


async def due_reminders(session: AsyncSession, *, today: date) -> list[Reminder]:
    stmt = (
        select(Reminder)
        .join(User, col(User.chat_id) == col(Reminder.chat_id))
        .where(
            col(Reminder.sent_at).is_(None),
            col(Reminder.due_on) <= today,
            col(User.blocked).is_(False),
        )
        .order_by(col(Reminder.due_on), col(Reminder.id))
    )
    return list((await session.exec(stmt)).all())


async def chat_reminders(session: AsyncSession, *, chat_id: int) -> list[Reminder]:
    stmt = (
        select(Reminder)
        .where(Reminder.chat_id == chat_id, col(Reminder.sent_at).is_(None))
        .order_by(col(Reminder.due_on))
    )
    return list((await session.exec(stmt)).all())
