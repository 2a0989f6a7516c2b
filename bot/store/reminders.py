"""Queries of `reminders`: dated reminders of a chat, planned by `bot.alerts.reminders`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import Reminder, User


async def replace_reminders(
    session: AsyncSession, *, chat_id: int, kinds: Iterable[str], due: Iterable[tuple[str, date]]
) -> None:
    """Delete the chat's unsent reminders of these kinds and add the new ones."""
    await session.exec(
        delete(Reminder).where(
            col(Reminder.chat_id) == chat_id,
            col(Reminder.kind).in_(list(kinds)),
            col(Reminder.sent_at).is_(None),
        )
    )
    for kind, due_on in due:
        session.add(Reminder(chat_id=chat_id, kind=kind, due_on=due_on))
    await session.flush()


async def due_reminders(session: AsyncSession, *, today: date) -> list[Reminder]:
    """Unsent reminders due by `today` of chats that have not blocked the bot, oldest first."""
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
    """The chat's unsent reminders, soonest first."""
    stmt = (
        select(Reminder)
        .where(Reminder.chat_id == chat_id, col(Reminder.sent_at).is_(None))
        .order_by(col(Reminder.due_on))
    )
    return list((await session.exec(stmt)).all())


async def sent_keys(session: AsyncSession, *, chat_id: int) -> set[tuple[str, date]]:
    """(kind, due_on) of the chat's reminders already sent (a plan must not add them again)."""
    stmt = select(Reminder).where(Reminder.chat_id == chat_id, col(Reminder.sent_at).is_not(None))
    return {(r.kind, r.due_on) for r in (await session.exec(stmt)).all()}


async def discard(session: AsyncSession, *, reminder_ids: Iterable[int]) -> None:
    """Delete reminders that no longer apply (never sent)."""
    await session.exec(delete(Reminder).where(col(Reminder.id).in_(list(reminder_ids))))


async def mark_sent(session: AsyncSession, *, reminder_id: int, now: datetime) -> None:
    await session.exec(update(Reminder).where(col(Reminder.id) == reminder_id).values(sent_at=now))


async def claim(
    session: AsyncSession, *, reminder_id: int, now: datetime, lease: timedelta
) -> bool:
    """Take an unsent reminder for sending until `now + lease`; False when it is sent or
    another process holds an unexpired claim. One conditional UPDATE: on PostgreSQL a second
    process waits for the first's commit and then finds the row claimed."""
    result = await session.exec(
        update(Reminder)
        .where(
            col(Reminder.id) == reminder_id,
            col(Reminder.sent_at).is_(None),
            or_(col(Reminder.claimed_until).is_(None), col(Reminder.claimed_until) <= now),
        )
        .values(claimed_until=now + lease)
    )
    return bool(result.rowcount)


async def release(session: AsyncSession, *, reminder_id: int) -> None:
    """Give a claimed reminder back (its send failed for now: the next run retries it)."""
    await session.exec(
        update(Reminder).where(col(Reminder.id) == reminder_id).values(claimed_until=None)
    )
