"""Query functions of the table modules that the conversation relies on, row by row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts import reminders
from bot.store import faq_feedback, subscriptions, users
from bot.store.models import FaqFeedback, Reminder, Subscription

Sessions = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def _people(sessions: Sessions, *chats: tuple[int, str]) -> None:
    async with sessions.begin() as s:
        for chat_id, lang in chats:
            await users.touch_user(s, chat_id=chat_id, language=lang, now=NOW)


async def test_a_second_vote_on_an_entry_replaces_the_first(sessions: Sessions) -> None:
    await _people(sessions, (1, "en"), (2, "fr"))
    for chat_id, entry, helpful in [
        (1, "a", True),
        (1, "a", False),
        (1, "b", True),
        (2, "a", True),
    ]:
        async with sessions.begin() as s:
            await faq_feedback.record_vote(
                s, chat_id=chat_id, entry_id=entry, helpful=helpful, now=NOW
            )
    async with sessions() as s:
        rows = (await s.exec(select(FaqFeedback).order_by(col(FaqFeedback.id)))).all()
    assert sorted((r.chat_id, r.entry_id, r.helpful) for r in rows) == [
        (1, "a", False),
        (1, "b", True),
        (2, "a", True),
    ]


async def test_languages_of_the_chats_that_have_a_row(sessions: Sessions) -> None:
    await _people(sessions, (1, "en"), (2, "fr"))
    async with sessions() as s:
        assert await users.languages(s, chat_ids=[1, 2, 3]) == {1: "en", 2: "fr"}


async def test_reminders_do_not_subscribe_anyone_and_clear_keeps_the_dates(
    sessions: Sessions,
) -> None:
    await _people(sessions, (7, "en"))
    async with sessions.begin() as s:
        await reminders.set_profile_created(s, chat_id=7, created=date(2026, 6, 1), now=NOW)
        await reminders.set_invited(s, chat_id=7, invited=date(2026, 11, 20), now=NOW)
    async with sessions() as s:
        sub = await s.get(Subscription, 7)
        pending = await reminders.pending(s, chat_id=7)
    assert sub is not None and not sub.active  # no draw alerts for a reminder
    assert (sub.profile_created_on, sub.invited_on) == (date(2026, 6, 1), date(2026, 11, 20))
    assert [r.kind for r in pending] == [
        "application_due_30",
        "application_due_7",
        "profile_expiry_30",
    ]

    async with sessions.begin() as s:  # a new invitation date replaces its two reminders only
        await reminders.set_invited(s, chat_id=7, invited=date(2026, 11, 24), now=NOW)
    async with sessions() as s:
        due = sorted((r.kind, r.due_on) for r in await reminders.pending(s, chat_id=7))
    assert due == [
        ("application_due_30", date(2026, 12, 24)),
        ("application_due_7", date(2027, 1, 16)),
        ("profile_expiry_30", date(2027, 5, 2)),
    ]

    async with sessions.begin() as s:
        await reminders.clear(s, chat_id=7)
    async with sessions() as s:
        assert (await s.exec(select(Reminder))).all() == []
        sub = await subscriptions.get_subscription(s, chat_id=7)
    assert sub is not None and sub.invited_on == date(2026, 11, 24)
