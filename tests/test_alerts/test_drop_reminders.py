"""Reminders 30 days before each score drop the timeline shows: planned from the saved profile
and /dates, sent once by the daily job, worked out again when sent.

The profile: single, 29, bachelor's, CLB 9 in all four, no work. By hand: age 110 + bachelor's
120 + CLB 9 4 x 31 = 124, education + language 25 -> 379.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.reminders import (
    plan_drops,
    saved_profile,
    send_due_reminders,
    set_drop_reminders,
    set_profile_created,
)
from bot.crs import parse_profile
from bot.standing.dated import KnownDates, outlook
from bot.standing.stored import load_known_dates
from bot.store.models import Reminder
from bot.store.profile_dates import save_dates
from bot.store.profiles import save_profile
from bot.store.users import touch_user
from tests.test_alerts.test_delivery import ScriptedSender
from tests.test_crs.helpers import clb, data

pytestmark = pytest.mark.db
Sessions = async_sessionmaker[AsyncSession]

CHAT = 31
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


async def _setup(sessions: Sessions, birth: date) -> None:
    async with sessions.begin() as s:
        await touch_user(s, chat_id=CHAT, language="en", now=NOW)
        await s.flush()
        await save_profile(
            s, chat_id=CHAT, profile=data(first_language=clb(9)), total=379, rules="x", now=NOW
        )
        await save_dates(s, chat_id=CHAT, step="done", now=NOW, birth_date=birth)


async def _plan(sessions: Sessions) -> list[tuple[str, date]]:
    async with sessions.begin() as s:
        profile = await saved_profile(s, chat_id=CHAT)
        dates = await load_known_dates(s, chat_id=CHAT)
        return await set_drop_reminders(s, chat_id=CHAT, profile=profile, dates=dates, now=NOW)


async def _rows(sessions: Sessions) -> list[Reminder]:
    async with sessions() as s:
        stmt = select(Reminder).where(Reminder.chat_id == CHAT).order_by(Reminder.due_on)  # type: ignore[arg-type]
        return list((await s.exec(stmt)).all())


async def test_a_birthday_drop_is_reminded_30_days_before_once(sessions: Sessions) -> None:
    await _setup(sessions, date(1997, 3, 14))
    planned = await _plan(sessions)
    # Turns 30 on 2027-03-14 (110 -> 105 age points); 30 days before: 2027-02-12.
    assert planned[0] == ("drop_birthday_30", date(2027, 2, 12))
    # Every birthday from 30 to 45 drops the score (45 on 2042-03-14): 16 reminders.
    assert len(planned) == 16 and planned[-1] == ("drop_birthday_30", date(2042, 2, 12))

    sender = ScriptedSender()
    day_before = datetime(2027, 2, 11, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, sender, now=day_before) == 0
    due_day = datetime(2027, 2, 12, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, sender, now=due_day) == 1
    assert await send_due_reminders(sessions, sender, now=due_day + timedelta(days=1)) == 0
    [(chat, text)] = sender.delivered
    assert chat == CHAT
    assert "On March 14, 2027 you turn 30</b>: your CRS score goes from 379 to 374 (−5)" in text
    first = (await _rows(sessions))[0]
    assert first.kind == "drop_birthday_30" and first.sent_at == due_day


async def test_changed_dates_replan_and_a_drop_that_moved_is_not_sent(sessions: Sessions) -> None:
    await _setup(sessions, date(1997, 3, 14))
    await _plan(sessions)
    # The birth date changes without a new plan (as if planning had been skipped): the
    # reminder of 2027-02-12 no longer matches a drop (the birthday is now 2027-05-20), so
    # it is dropped, not sent.
    async with sessions.begin() as s:
        await save_dates(s, chat_id=CHAT, step="done", now=NOW, birth_date=date(1997, 5, 20))
    sender = ScriptedSender()
    due_day = datetime(2027, 2, 12, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, sender, now=due_day) == 0
    assert sender.delivered == []
    assert date(2027, 2, 12) not in [r.due_on for r in await _rows(sessions)]
    # Planned again: 30 on 2027-05-20, reminder 2027-04-20 (April has 30 days).
    planned = await _plan(sessions)
    assert planned[0] == ("drop_birthday_30", date(2027, 4, 20))
    assert (await _rows(sessions))[0].due_on == date(2027, 4, 20)


async def test_language_and_eca_expiry_reminders_and_no_profile_no_plan(
    sessions: Sessions,
) -> None:
    await _setup(sessions, date(1990, 1, 1))
    async with sessions.begin() as s:
        await save_dates(
            s,
            chat_id=CHAT,
            step="done",
            now=NOW,
            birth_date=None,
            language_test_date=date(2025, 6, 1),
            eca_date=date(2022, 1, 10),
        )
    planned = await _plan(sessions)
    # The ECA of 2022-01-10 turns 5 on 2027-01-10 (reminder 2026-12-11): foreign bachelor's
    # with no Canadian credential counts for nothing: education 120 and education +
    # language 25 go. The test of 2025-06-01 turns 2 on 2027-06-01 (reminder 2027-05-02).
    assert planned == [
        ("drop_eca_30", date(2026, 12, 11)),
        ("drop_language_30", date(2027, 5, 2)),
    ]
    sender = ScriptedSender()
    assert await send_due_reminders(sessions, sender, now=NOW + timedelta(days=7)) == 1
    # 379 - 120 - 25 = 234.
    assert "goes from 379 to 234" in sender.delivered[0][1]
    async with sessions.begin() as s:
        none = await set_drop_reminders(
            s, chat_id=CHAT, profile=None, dates=KnownDates(birth_date=date(1997, 3, 14)), now=NOW
        )
    assert none == []
    assert [r.kind for r in await _rows(sessions)] == ["drop_eca_30"]  # the sent one stays


def test_only_drops_are_planned() -> None:
    profile = parse_profile(data(first_language=clb(9), canadian_work_years=1))
    view = outlook(
        profile,
        KnownDates(birth_date=date(1997, 3, 14), canadian_work_since=date(2025, 9, 1)),
        today=NOW.date(),
    )
    rises = [c for c in view.changes if c.points > 0]
    assert [c.on for c in rises] == [date(2027, 9, 1), date(2028, 9, 1), date(2029, 9, 1)]
    assert [d for _, d in plan_drops(view.changes)] == [
        date(2027, 2, 12),
        date(2028, 2, 13),  # 2028-03-14 - 30 days, February 2028 has 29
        date(2029, 2, 12),
    ]


async def test_a_date_given_again_on_its_reminder_day_plans_nothing_twice(
    sessions: Sessions,
) -> None:
    await _setup(sessions, date(1997, 3, 14))
    # Submitted 2026-01-10: expires 2027-01-10, reminder 2026-12-11 (30 days before).
    async with sessions.begin() as s:
        planned = await set_profile_created(s, chat_id=CHAT, created=date(2026, 1, 10), now=NOW)
    assert planned == [("profile_expiry_30", date(2026, 12, 11))]
    due_day = datetime(2026, 12, 11, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, ScriptedSender(), now=due_day) == 1
    # /dates finished again that day with the same submission date: the sent one stays sent.
    async with sessions.begin() as s:
        again = await set_profile_created(s, chat_id=CHAT, created=date(2026, 1, 10), now=due_day)
    assert again == []
    kinds = [(r.kind, r.due_on, r.sent_at is not None) for r in await _rows(sessions)]
    assert ("profile_expiry_30", date(2026, 12, 11), True) in kinds
