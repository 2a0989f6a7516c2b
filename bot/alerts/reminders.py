"""Dated reminders: Express Entry profile expiry and the 60-day application deadline.

- A profile expires 12 months after it was created: one reminder 30 days before.
- After an invitation, the application is due within 60 days: reminders 30 and 7 days before.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.delivery import Sender
from bot.render import render
from bot.replies import Reply
from bot.store import alerts as q
from bot.store.models import Reminder, Subscription, User

PROFILE_KINDS = ("profile_expiry_30",)
INVITATION_KINDS = ("application_due_30", "application_due_7")
DEADLINE_DAYS = 60


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):  # Feb 29 + 12 months -> Feb 28
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def profile_expiry(created: date) -> date:
    return add_months(created, 12)


def application_deadline(invited: date) -> date:
    return invited + timedelta(days=DEADLINE_DAYS)


def plan_profile(created: date) -> list[tuple[str, date]]:
    return [("profile_expiry_30", profile_expiry(created) - timedelta(days=30))]


def plan_invitation(invited: date) -> list[tuple[str, date]]:
    deadline = application_deadline(invited)
    return [
        ("application_due_30", deadline - timedelta(days=30)),
        ("application_due_7", deadline - timedelta(days=7)),
    ]


async def _subscription(session: AsyncSession, chat_id: int, now: datetime) -> Subscription:
    sub = await q.get_subscription(session, chat_id=chat_id)
    if sub is None:
        # Reminders do not subscribe anyone to draw alerts: an inactive row holds the dates.
        sub = Subscription(chat_id=chat_id, active=False, created_at=now, updated_at=now)
    return sub


async def _set_date(
    session: AsyncSession,
    *,
    chat_id: int,
    field: str,
    day: date,
    plan: list[tuple[str, date]],
    kinds: tuple[str, ...],
    now: datetime,
) -> list[tuple[str, date]]:
    """Store the date on the chat's subscription row and replace its reminders of `kinds`
    with those of `plan` that are still ahead."""
    sub = await _subscription(session, chat_id, now)
    setattr(sub, field, day)
    sub.updated_at = now
    session.add(sub)
    await session.flush()
    ahead = [(k, d) for k, d in plan if d >= now.date()]
    await q.replace_reminders(session, chat_id=chat_id, kinds=kinds, due=ahead)
    return ahead


async def set_profile_created(
    session: AsyncSession, *, chat_id: int, created: date, now: datetime
) -> list[tuple[str, date]]:
    return await _set_date(
        session,
        chat_id=chat_id,
        field="profile_created_on",
        day=created,
        plan=plan_profile(created),
        kinds=PROFILE_KINDS,
        now=now,
    )


async def set_invited(
    session: AsyncSession, *, chat_id: int, invited: date, now: datetime
) -> list[tuple[str, date]]:
    return await _set_date(
        session,
        chat_id=chat_id,
        field="invited_on",
        day=invited,
        plan=plan_invitation(invited),
        kinds=INVITATION_KINDS,
        now=now,
    )


def reminder_reply(reminder: Reminder, sub: Subscription | None, lang: str = "en") -> Reply:
    expiry = profile_expiry(sub.profile_created_on) if sub and sub.profile_created_on else None
    deadline = application_deadline(sub.invited_on) if sub and sub.invited_on else None
    text = render("alerts/reminder", lang, kind=reminder.kind, expiry=expiry, deadline=deadline)
    return Reply(text)


async def send_due_reminders(
    sessions: async_sessionmaker[AsyncSession], sender: Sender, *, now: datetime
) -> int:
    """Send every due, unsent reminder once (marked sent when the send succeeded or the
    chat is gone for good; transient failures are retried on the next run)."""
    async with sessions() as session:
        due = await q.due_reminders(session, today=now.date())
        jobs = []
        for reminder in due:
            sub = await q.get_subscription(session, chat_id=reminder.chat_id)
            user = await session.get(User, reminder.chat_id)
            jobs.append((reminder, reminder_reply(reminder, sub, user.language if user else "en")))
    sent = 0
    for reminder, reply in jobs:
        outcome = await sender.send(reminder.chat_id, reply)
        if outcome.kind in ("sent", "blocked", "not_found", "permanent"):
            async with sessions.begin() as session:
                row = await session.get(Reminder, reminder.id)
                if row is not None:
                    row.sent_at = now
                    session.add(row)
            sent += outcome.kind == "sent"
    return sent
