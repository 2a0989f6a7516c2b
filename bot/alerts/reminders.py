"""Dated reminders, the one home of their rules: Express Entry profile expiry and the 60-day
application deadline. The rows are `bot.store.reminders`; the dates they are planned from
live on the chat's subscription row (`bot.store.subscriptions.set_reminder_date`).

- A profile expires 12 months after it was created: one reminder 30 days before.
- After an invitation, the application is due within 60 days: reminders 30 and 7 days before.

What `/remind` calls: `set_profile_created`, `set_invited` (store a date, plan its reminders,
return those still ahead), `pending` (the chat's unsent reminders), `clear` (drop them all),
and `profile_expiry` / `application_deadline` for the dates it shows. The daily job calls
`send_due_reminders`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.delivery import Sender
from bot.render import render
from bot.replies import Reply
from bot.store import reminders as rq
from bot.store import subscriptions, users
from bot.store.models import Reminder, Subscription
from bot.store.subscriptions import ReminderDate

PROFILE_KINDS = ("profile_expiry_30",)
INVITATION_KINDS = ("application_due_30", "application_due_7")
KINDS = (*PROFILE_KINDS, *INVITATION_KINDS)
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


async def _set_date(
    session: AsyncSession,
    *,
    chat_id: int,
    field: ReminderDate,
    day: date,
    plan: list[tuple[str, date]],
    kinds: tuple[str, ...],
    now: datetime,
) -> list[tuple[str, date]]:
    """Store the date on the chat's subscription row and replace its reminders of `kinds`
    with those of `plan` that are still ahead."""
    await subscriptions.set_reminder_date(session, chat_id=chat_id, field=field, day=day, now=now)
    ahead = [(k, d) for k, d in plan if d >= now.date()]
    await rq.replace_reminders(session, chat_id=chat_id, kinds=kinds, due=ahead)
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


async def pending(session: AsyncSession, *, chat_id: int) -> list[Reminder]:
    """The chat's unsent reminders, soonest first."""
    return await rq.chat_reminders(session, chat_id=chat_id)


async def clear(session: AsyncSession, *, chat_id: int) -> None:
    """Drop every unsent reminder of the chat (the dates stay on its subscription row)."""
    await rq.replace_reminders(session, chat_id=chat_id, kinds=KINDS, due=())


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
        due = await rq.due_reminders(session, today=now.date())
        chats = {reminder.chat_id for reminder in due}
        subs = await subscriptions.by_chats(session, chat_ids=chats)
        langs = await users.languages(session, chat_ids=chats)
        jobs = [
            (r, reminder_reply(r, subs.get(r.chat_id), langs.get(r.chat_id, "en"))) for r in due
        ]
    sent = 0
    for reminder, reply in jobs:
        outcome = await sender.send(reminder.chat_id, reply)
        if outcome.kind in ("sent", "blocked", "not_found", "permanent"):
            async with sessions.begin() as session:
                await rq.mark_sent(session, reminder_id=reminder.id or 0, now=now)
            sent += outcome.kind == "sent"
    return sent
