"""Dated reminders, the one home of their rules: Express Entry profile expiry, the 60-day
application deadline and the score drops of the timeline. The rows are `bot.store.reminders`;
the dates they are planned from live on the chat's subscription row
(`bot.store.subscriptions.set_reminder_date`) and, for score drops, on its /dates row
(`bot.store.profile_dates`) with its saved profile.

- A profile expires 12 months after it was created: one reminder 30 days before.
- After an invitation, the application is due within 60 days: reminders 30 and 7 days before.
- 30 days before each score drop of the timeline (a birthday after 29, the language result
  turning 2 years old, the ECA turning 5): one reminder (kinds in ``DROP_KINDS``), planned by
  ``set_drop_reminders`` when the dates or the profile are saved; its words are worked out
  again when it is sent, and a drop that no longer happens (the profile or dates changed) is
  dropped without a message.

What `/remind` calls: `set_profile_created`, `set_invited` (store a date, plan its reminders,
return those still ahead), `pending` (the chat's unsent reminders), `clear` (drop them all),
and `profile_expiry` / `application_deadline` for the dates it shows. The daily job calls
`send_due_reminders`. /dates and the questionnaire call `set_drop_reminders`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.delivery import Sender
from bot.crs import Change, Profile, ProfileError, parse_profile
from bot.render import render
from bot.replies import Reply
from bot.standing.dated import KnownDates, outlook
from bot.standing.stored import load_known_dates
from bot.store import profiles, subscriptions, users
from bot.store import reminders as rq
from bot.store.models import Reminder, Subscription
from bot.store.subscriptions import ReminderDate

PROFILE_KINDS = ("profile_expiry_30",)
INVITATION_KINDS = ("application_due_30", "application_due_7")
#: The timeline's changes that lower the score, and the kind of the reminder before each.
DROP_KINDS: dict[str, str] = {
    "birthday": "drop_birthday_30",
    "language_expires": "drop_language_30",
    "eca_expires": "drop_eca_30",
}
KINDS = (*PROFILE_KINDS, *INVITATION_KINDS, *DROP_KINDS.values())
DEADLINE_DAYS = 60
DROP_NOTICE_DAYS = 30
#: Drops are planned this far ahead (age points fall every year from 30 to 45), beyond the
#: 3 years the timeline shows.
DROP_HORIZON_YEARS = 16
#: How long a process holds a reminder it is sending; a claim left by a crash expires after
#: it and the next run sends the reminder.
CLAIM_LEASE = timedelta(minutes=10)


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
    with those of `plan` that are still ahead (and not already sent: the date may be given
    again, by /remind or /dates, on the day its reminder went out)."""
    await subscriptions.set_reminder_date(session, chat_id=chat_id, field=field, day=day, now=now)
    sent = await rq.sent_keys(session, chat_id=chat_id)
    ahead = [(k, d) for k, d in plan if d >= now.date() and (k, d) not in sent]
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


def plan_drops(changes: Iterable[Change]) -> list[tuple[str, date]]:
    """A reminder 30 days before each change that lowers the score."""
    return [
        (DROP_KINDS[c.code], c.on - timedelta(days=DROP_NOTICE_DAYS))
        for c in changes
        if c.points < 0 and c.code in DROP_KINDS
    ]


async def set_drop_reminders(
    session: AsyncSession,
    *,
    chat_id: int,
    profile: Profile | None,
    dates: KnownDates | None,
    now: datetime,
) -> list[tuple[str, date]]:
    """Replace the chat's unsent drop reminders with those still ahead for this profile and
    these dates (none without both); returns them."""
    today = now.date()
    changes = []
    if profile is not None and dates is not None and dates.timeline_dates:
        changes = outlook(profile, dates, today=today, horizon_years=DROP_HORIZON_YEARS).changes
    planned = plan_drops(changes)
    sent = await rq.sent_keys(session, chat_id=chat_id) if planned else set()
    ahead = [(k, d) for k, d in planned if d >= today and (k, d) not in sent]
    await rq.replace_reminders(session, chat_id=chat_id, kinds=DROP_KINDS.values(), due=ahead)
    return ahead


async def saved_profile(session: AsyncSession, *, chat_id: int) -> Profile | None:
    """The chat's saved CRS profile, or None (none saved, or saved under older rules)."""
    saved = await profiles.load_profile(session, chat_id=chat_id)
    try:
        return parse_profile(saved.profile) if saved is not None else None
    except ProfileError:
        return None


async def _drop(session: AsyncSession, reminder: Reminder, today: date) -> Change | None:
    """The drop a reminder is about, as things stand now; None when it no longer happens
    (profile or dates changed) or has already happened."""
    profile = await saved_profile(session, chat_id=reminder.chat_id)
    dates = await load_known_dates(session, chat_id=reminder.chat_id)
    if profile is None or dates is None:
        return None
    on = reminder.due_on + timedelta(days=DROP_NOTICE_DAYS)
    for change in outlook(profile, dates, today=reminder.due_on).drops:
        if change.on == on and DROP_KINDS.get(change.code) == reminder.kind and on > today:
            return change
    return None


async def pending(session: AsyncSession, *, chat_id: int) -> list[Reminder]:
    """The chat's unsent reminders, soonest first."""
    return await rq.chat_reminders(session, chat_id=chat_id)


async def clear(session: AsyncSession, *, chat_id: int) -> None:
    """Drop every unsent reminder of the chat (the dates stay on its subscription row)."""
    await rq.replace_reminders(session, chat_id=chat_id, kinds=KINDS, due=())


def reminder_reply(
    reminder: Reminder, sub: Subscription | None, lang: str = "en", change: Change | None = None
) -> Reply:
    expiry = profile_expiry(sub.profile_created_on) if sub and sub.profile_created_on else None
    deadline = application_deadline(sub.invited_on) if sub and sub.invited_on else None
    text = render(
        "alerts/reminder",
        lang,
        kind=reminder.kind,
        expiry=expiry,
        deadline=deadline,
        change=change,
    )
    return Reply(text)


async def send_due_reminders(
    sessions: async_sessionmaker[AsyncSession], sender: Sender, *, now: datetime
) -> int:
    """Send every due, unsent reminder once (marked sent when the send succeeded or the
    chat is gone for good; transient failures are retried on the next run). Each is claimed
    first (`rq.claim`), so processes running this job together send it once."""
    obsolete: list[int] = []
    async with sessions() as session:
        due = await rq.due_reminders(session, today=now.date())
        chats = {reminder.chat_id for reminder in due}
        subs = await subscriptions.by_chats(session, chat_ids=chats)
        langs = await users.languages(session, chat_ids=chats)
        jobs = []
        for r in due:
            change = None
            if r.kind in DROP_KINDS.values():
                change = await _drop(session, r, now.date())
                if change is None:
                    obsolete.append(r.id or 0)
                    continue
            lang = langs.get(r.chat_id, "en")
            jobs.append((r, reminder_reply(r, subs.get(r.chat_id), lang, change)))
    if obsolete:
        async with sessions.begin() as session:
            await rq.discard(session, reminder_ids=obsolete)
    sent = 0
    for reminder, reply in jobs:
        # Several processes run this job: each reminder goes to the one that claims it.
        async with sessions.begin() as session:
            mine = await rq.claim(session, reminder_id=reminder.id or 0, now=now, lease=CLAIM_LEASE)
        if not mine:
            continue
        outcome = await sender.send(reminder.chat_id, reply)
        async with sessions.begin() as session:
            if outcome.kind in ("sent", "blocked", "not_found", "permanent"):
                await rq.mark_sent(session, reminder_id=reminder.id or 0, now=now)
            else:
                await rq.release(session, reminder_id=reminder.id or 0)
        sent += outcome.kind == "sent"
    return sent
