"""The poll schedule (IRCC's publication window) and the reminders that go out on time, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.delivery import SendOutcome
from bot.alerts.reminders import (
    CLAIM_LEASE,
    send_due_reminders,
    set_invited,
    set_profile_created,
)
from bot.replies import Reply
from bot.store.models import Reminder
from bot.store.reminders import claim
from bot.store.users import touch_user
from bot.telegram.jobs import in_publication_window, poll_due
from tests.test_alerts.test_delivery import ScriptedSender

pytestmark = pytest.mark.db
Sessions = async_sessionmaker[AsyncSession]

WEDNESDAY_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime(2026, 11, 25, 12, 59, tzinfo=UTC), False),  # Wednesday, before 13:00 UTC
        (datetime(2026, 11, 25, 13, 0, tzinfo=UTC), True),
        (datetime(2026, 11, 25, 22, 59, tzinfo=UTC), True),
        (datetime(2026, 11, 25, 23, 0, tzinfo=UTC), False),
        (datetime(2026, 11, 28, 15, 0, tzinfo=UTC), False),  # Saturday
        (datetime(2026, 11, 30, 15, 0, tzinfo=UTC), True),  # Monday
    ],
)
def test_the_publication_window_is_weekdays_13_to_23_utc(moment: datetime, inside: bool) -> None:
    assert in_publication_window(moment) is inside


def test_polls_are_frequent_in_the_window_and_hourly_outside() -> None:
    in_window = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert poll_due(in_window, in_window - timedelta(minutes=5))  # every interval
    outside = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday
    assert not poll_due(outside, outside - timedelta(minutes=5))
    assert not poll_due(outside, outside - timedelta(minutes=50))
    assert poll_due(outside, outside - timedelta(hours=1))
    assert poll_due(outside, None)  # the first poll after a start always runs


async def _user(sessions: Sessions, chat_id: int) -> None:
    async with sessions.begin() as s:
        await touch_user(s, chat_id=chat_id, language="en", now=WEDNESDAY_NOON)


async def _reminders(sessions: Sessions) -> list[Reminder]:
    async with sessions() as s:
        return list((await s.exec(select(Reminder).order_by(Reminder.due_on))).all())  # type: ignore[arg-type]


async def test_profile_expiry_reminder_goes_out_30_days_before_once(sessions: Sessions) -> None:
    await _user(sessions, 1)
    async with sessions.begin() as s:
        plan = await set_profile_created(
            s, chat_id=1, created=date(2026, 1, 10), now=WEDNESDAY_NOON
        )
    # an Express Entry profile is valid 12 months: expires 2027-01-10, reminder 30 days before
    assert plan == [("profile_expiry_30", date(2026, 12, 11))]
    sender = ScriptedSender()
    assert await send_due_reminders(sessions, sender, now=WEDNESDAY_NOON) == 0  # not due yet
    due_day = datetime(2026, 12, 11, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, sender, now=due_day) == 1
    assert await send_due_reminders(sessions, sender, now=due_day + timedelta(days=1)) == 0
    assert [chat for chat, _ in sender.delivered] == [1]
    assert "2027" in sender.delivered[0][1]  # the message names the expiry date
    [reminder] = await _reminders(sessions)
    assert reminder.sent_at == due_day


async def test_invitation_reminders_30_and_7_days_before_the_60_day_deadline(
    sessions: Sessions,
) -> None:
    await _user(sessions, 2)
    async with sessions.begin() as s:
        plan = await set_invited(s, chat_id=2, invited=date(2026, 11, 20), now=WEDNESDAY_NOON)
    # deadline 2027-01-19 (60 days after 2026-11-20)
    assert plan == [
        ("application_due_30", date(2026, 12, 20)),
        ("application_due_7", date(2027, 1, 12)),
    ]
    sender = ScriptedSender({2: [SendOutcome("transient", error="timeout"), SendOutcome.sent()]})
    first_due = datetime(2026, 12, 20, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, sender, now=first_due) == 0  # transient: kept
    assert await send_due_reminders(sessions, sender, now=first_due + timedelta(hours=1)) == 1
    assert await send_due_reminders(sessions, sender, now=first_due + timedelta(hours=2)) == 0
    last = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)
    assert await send_due_reminders(sessions, sender, now=last) == 1
    assert len(sender.delivered) == 2


class SlowSender(ScriptedSender):
    """A sender that takes a moment per message, as Telegram does."""

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
        await asyncio.sleep(0.02)
        return await super().send(chat_id, reply)


async def test_two_processes_running_the_reminder_job_send_each_reminder_once(
    sessions: Sessions,
) -> None:
    for chat_id in range(1, 7):
        await _user(sessions, chat_id)
        async with sessions.begin() as s:
            await set_profile_created(
                s, chat_id=chat_id, created=date(2026, 1, 10), now=WEDNESDAY_NOON
            )
    due_day = datetime(2026, 12, 11, 14, 0, tzinfo=UTC)
    first, second = SlowSender(), SlowSender()
    counts = await asyncio.gather(
        send_due_reminders(sessions, first, now=due_day),
        send_due_reminders(sessions, second, now=due_day),
    )
    delivered = sorted(chat for chat, _ in first.delivered + second.delivered)
    assert delivered == [1, 2, 3, 4, 5, 6] and sum(counts) == 6
    assert all(r.sent_at == due_day for r in await _reminders(sessions))


async def test_a_reminder_claimed_by_a_process_that_died_goes_out_after_the_lease(
    sessions: Sessions,
) -> None:
    await _user(sessions, 7)
    async with sessions.begin() as s:
        await set_profile_created(s, chat_id=7, created=date(2026, 1, 10), now=WEDNESDAY_NOON)
    due_day = datetime(2026, 12, 11, 14, 0, tzinfo=UTC)
    [reminder] = await _reminders(sessions)
    async with sessions.begin() as s:  # claimed, then the process was killed before sending
        assert await claim(s, reminder_id=reminder.id or 0, now=due_day, lease=CLAIM_LEASE)
    sender = ScriptedSender()
    assert await send_due_reminders(sessions, sender, now=due_day + timedelta(minutes=1)) == 0
    later = due_day + CLAIM_LEASE + timedelta(minutes=1)
    assert await send_due_reminders(sessions, sender, now=later) == 1
    assert [chat for chat, _ in sender.delivered] == [7]
