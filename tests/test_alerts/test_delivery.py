"""Delivering the outbox: exactly once, rate-limit pauses, blocked users, bounded retries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.delivery import SendOutcome, deliver_pending
from bot.pipeline.record import record_manual
from bot.replies import Reply
from bot.store import outbox, subscriptions
from bot.store.models import AlertOutbox, SavedProfile, Subscription, User
from bot.store.users import choose_language, touch_user
from tests.test_draws.db import NOW

pytestmark = pytest.mark.db
Sessions = async_sessionmaker[AsyncSession]


class Clock:
    def __init__(self) -> None:
        self.t = NOW

    def __call__(self) -> datetime:
        return self.t


class ScriptedSender:
    """Answers per chat from a script (a list of outcomes, the last one repeating)."""

    def __init__(self, script: dict[int, list[SendOutcome]] | None = None) -> None:
        self.script = script or {}
        self.delivered: list[tuple[int, str]] = []
        self.calls = 0

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
        self.calls += 1
        steps = self.script.get(chat_id)
        outcome = (steps.pop(0) if len(steps) > 1 else steps[0]) if steps else SendOutcome.sent()
        if outcome.kind == "sent":
            self.delivered.append((chat_id, reply.text))
        return outcome


async def subscribers(sessions: Sessions, n: int, *, mode: str = "cec") -> None:
    async with sessions.begin() as s:
        for chat_id in range(1, n + 1):
            await touch_user(s, chat_id=chat_id, language="en", now=NOW)
        await s.flush()
        for chat_id in range(1, n + 1):
            await subscriptions.subscribe(s, chat_id=chat_id, mode=mode, now=NOW)


async def cec_round(sessions: Sessions, *, cutoff: int = 519, tie: datetime | None = None) -> int:
    async with sessions.begin() as s:
        rec = await record_manual(
            s,
            category="cec",
            draw_date=(NOW - timedelta(days=1)).date(),
            invitations=3000,
            cutoff=cutoff,
            tie_break_at=tie,
            now=NOW,
        )
    return rec.alerts


async def rows(sessions: Sessions) -> dict[int, AlertOutbox]:
    async with sessions() as s:
        return {r.chat_id: r for r in (await s.exec(select(AlertOutbox))).all()}


async def test_every_subscriber_gets_exactly_one_alert(sessions: Sessions) -> None:
    await subscribers(sessions, 120)
    assert await cec_round(sessions) == 120
    sender = ScriptedSender()
    stats = await deliver_pending(sessions, sender, now=Clock(), batch=25)
    assert stats.sent == 120
    assert sorted(c for c, _ in sender.delivered) == list(range(1, 121))
    again = await deliver_pending(sessions, sender, now=Clock())
    assert again.claimed == 0 and len(sender.delivered) == 120
    assert {r.status for r in (await rows(sessions)).values()} == {"sent"}
    text = sender.delivered[0][1]
    assert "Canadian Experience Class" in text and "3,000" in text and "519" in text


async def test_each_alert_is_in_the_chats_language_the_chosen_one_first(
    sessions: Sessions,
) -> None:
    await subscribers(sessions, 3)  # Telegram says English for all three
    async with sessions.begin() as s:
        await touch_user(s, chat_id=2, language="fr-CA", now=NOW)  # a French app
        await choose_language(s, chat_id=3, language="fr")  # chose French with /langue
        await touch_user(s, chat_id=3, language="en", now=NOW)  # the app stays English
    await cec_round(sessions)
    sender = ScriptedSender()
    await deliver_pending(sessions, sender, now=Clock())
    texts = dict(sender.delivered)
    assert "New Express Entry round" in texts[1] and "3,000" in texts[1]
    for chat in (2, 3):
        assert "Nouvelle ronde d’invitations Entrée express" in texts[chat]
        assert "3\u00a0000" in texts[chat] and "New Express Entry round" not in texts[chat]


async def test_blocked_and_missing_chats_are_deactivated(sessions: Sessions) -> None:
    await subscribers(sessions, 3)
    await cec_round(sessions)
    sender = ScriptedSender({2: [SendOutcome("blocked")], 3: [SendOutcome("not_found")]})
    stats = await deliver_pending(sessions, sender, now=Clock())
    assert (stats.sent, stats.blocked) == (1, 2)
    async with sessions() as s:
        subs = {x.chat_id: x.active for x in (await s.exec(select(Subscription))).all()}
        users = {u.chat_id: u.blocked for u in (await s.exec(select(User))).all()}
    assert subs == {1: True, 2: False, 3: False}
    assert users == {1: False, 2: True, 3: True}
    statuses = {c: (r.status, r.last_error) for c, r in (await rows(sessions)).items()}
    assert statuses[2] == ("blocked", "blocked by the user")
    assert statuses[3] == ("blocked", "chat not found")
    # Nobody blocked gets the next round's alert.
    async with sessions.begin() as s:
        rec = await record_manual(
            s,
            category="cec",
            draw_date=NOW.date(),
            invitations=1,
            cutoff=1,
            tie_break_at=None,
            now=NOW,
        )
    assert rec.alerts == 1


async def test_retry_after_waits_and_does_not_count_as_an_attempt(sessions: Sessions) -> None:
    await subscribers(sessions, 2)
    await cec_round(sessions)
    sender = ScriptedSender({1: [SendOutcome("retry_after", retry_after=0.2), SendOutcome.sent()]})
    clock = Clock()
    first = await deliver_pending(sessions, sender, now=clock)
    assert (first.sent, first.rate_limited) == (1, 1)
    row = (await rows(sessions))[1]
    assert row.status == "pending" and row.attempts == 0
    assert row.next_attempt_at == NOW + timedelta(seconds=0.2)
    clock.t = NOW + timedelta(seconds=1)
    second = await deliver_pending(sessions, sender, now=clock)
    assert second.sent == 1
    assert sorted(c for c, _ in sender.delivered) == [1, 2]


async def test_network_errors_back_off_then_give_up_with_the_reason(sessions: Sessions) -> None:
    await subscribers(sessions, 1)
    await cec_round(sessions)
    sender = ScriptedSender({1: [SendOutcome("transient", error="NetworkError: reset")]})
    clock = Clock()
    waits = []
    for _ in range(10):
        await deliver_pending(sessions, sender, now=clock, max_attempts=4)
        row = (await rows(sessions))[1]
        if row.status != "pending":
            break
        waits.append((row.next_attempt_at - clock.t).total_seconds())
        clock.t = row.next_attempt_at
    assert waits == [5, 10, 20]
    assert row.status == "failed" and row.attempts == 4
    assert row.last_error == "gave up after 4 attempts: NetworkError: reset"
    assert sender.calls == 4


async def test_permanent_errors_fail_at_once(sessions: Sessions) -> None:
    await subscribers(sessions, 1)
    await cec_round(sessions)
    sender = ScriptedSender(
        {1: [SendOutcome("permanent", error="Bad Request: message is too long")]}
    )
    stats = await deliver_pending(sessions, sender, now=Clock())
    assert stats.failed == 1
    assert (await rows(sessions))[1].last_error == "Bad Request: message is too long"


async def test_a_crash_leaves_unsent_rows_pending_and_a_restart_resumes(sessions: Sessions) -> None:
    await subscribers(sessions, 30)
    await cec_round(sessions)
    sender = ScriptedSender()
    first = await deliver_pending(sessions, sender, now=Clock(), batch=10, max_rows=10)
    assert first.sent == 10
    # Simulate a crash after claiming 10 more rows (claimed, never sent).
    async with sessions.begin() as s:
        claimed = await outbox.claim_due(s, now=NOW, limit=10, lease=timedelta(minutes=2))
    assert len(claimed) == 10
    resumed = await deliver_pending(sessions, sender, now=Clock())
    assert resumed.sent == 10  # the claimed rows wait for their lease
    async with sessions.begin() as s:
        assert await outbox.release_claims(s, now=NOW) == 10  # single-process restart
    await deliver_pending(sessions, sender, now=Clock())
    assert sorted(c for c, _ in sender.delivered) == list(range(1, 31))


async def test_sender_exceptions_keep_the_row(sessions: Sessions) -> None:
    class Broken:
        async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
            raise RuntimeError("boom")

    await subscribers(sessions, 1)
    await cec_round(sessions)
    stats = await deliver_pending(sessions, Broken(), now=Clock())
    assert stats.retried == 1
    row = (await rows(sessions))[1]
    assert row.status == "pending" and row.last_error == "RuntimeError: boom"


async def save_score(sessions: Sessions, chat_id: int, total: int, created: date | None) -> None:
    async with sessions.begin() as s:
        s.add(SavedProfile(chat_id=chat_id, profile={}, total=total, rules="2025-03-25"))
        sub = await s.get(Subscription, chat_id)
        assert sub is not None
        sub.profile_created_on = created
        s.add(sub)


async def test_personal_lines(sessions: Sessions) -> None:
    await subscribers(sessions, 5)
    tie = datetime(2026, 10, 2, 8, 0, 1, tzinfo=UTC)
    await save_score(sessions, 1, 530, None)
    await save_score(sessions, 2, 515, None)
    await save_score(sessions, 3, 519, date(2026, 9, 1))
    await save_score(sessions, 4, 519, date(2026, 10, 5))
    await cec_round(sessions, cutoff=519, tie=tie)
    sender = ScriptedSender()
    await deliver_pending(sessions, sender, now=Clock())
    texts = dict(sender.delivered)
    assert "Your saved score <b>530</b> is 11 above this cut-off." in texts[1]
    assert "Your saved score <b>515</b> is 4 below this cut-off." in texts[2]
    assert "exactly the cut-off" in texts[3] and "you would have been invited" in texts[3]
    assert "you would not have been invited" in texts[4]
    assert "October 2, 2026 08:00:01 UTC" in texts[3]
    assert "saved score" not in texts[5]


class FlakyBegin:
    """The real session factory, except that the `begin()` calls numbered in `fail_on` raise
    what a restarting PostgreSQL (or a busy SQLite) raises."""

    def __init__(self, sessions: Sessions, fail_on: set[int]) -> None:
        self.sessions = sessions
        self.fail_on = fail_on
        self.calls = 0

    def __call__(self) -> AsyncSession:
        return self.sessions()

    def begin(self) -> Any:
        self.calls += 1
        if self.calls in self.fail_on:
            orig = Exception("server closed the connection unexpectedly")
            raise OperationalError("UPDATE alert_outbox ...", {}, orig)
        return self.sessions.begin()


async def test_a_database_blip_while_recording_outcomes_sends_nothing_twice(
    sessions: Sessions,
) -> None:
    await subscribers(sessions, 5)
    await cec_round(sessions)
    sender = ScriptedSender()
    # Call 1 claims the rows; calls 2 and 3 are the first two attempts to record the outcomes.
    flaky = FlakyBegin(sessions, fail_on={2, 3})
    stats = await deliver_pending(flaky, sender, now=Clock())  # type: ignore[arg-type]
    assert flaky.calls >= 4
    assert stats.sent == 5  # counted once, not once per attempt
    assert {r.status for r in (await rows(sessions)).values()} == {"sent"}
    # Nothing is left claimed to come back after the lease: no second message to anyone.
    later = Clock()
    later.t = NOW + timedelta(hours=1)
    again = await deliver_pending(sessions, sender, now=later)
    assert again.claimed == 0
    assert sorted(c for c, _ in sender.delivered) == [1, 2, 3, 4, 5]
