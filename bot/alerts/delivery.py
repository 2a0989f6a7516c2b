"""Deliver pending outbox rows through a `Sender`, at the rate the transport allows.

Each row is claimed (its next attempt pushed a lease ahead, the attempt counted; on
PostgreSQL under FOR UPDATE SKIP LOCKED, so workers claim disjoint rows), sent, and its
outcome committed right after its own send. A crash therefore leaves every unsent row
pending, and the only rows that can be sent twice are the ones whose send had reached
Telegram but whose "sent" commit had not happened yet: at most `concurrency` rows per
worker (see docs/draws.md).

Outcomes: sent -> status "sent"; retry_after -> the row waits that long (and the whole
worker pauses, as a 429 means the bot is over its limit), without counting the attempt;
blocked / not_found -> status "blocked" and the subscription is deactivated and the user
marked blocked; transient -> retried with exponential backoff; permanent, or transient after
`max_attempts` -> status "failed" with the reason kept.

Committing the outcomes is itself retried on a transient database error (PostgreSQL restarting,
SQLite's write lock held by another process), with asynchronous pauses for up to about half a
minute: the messages have already reached Telegram, and a row left claimed would be sent
again once its lease ran out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.alerts.fit import fit_of
from bot.alerts.message import alert_reply
from bot.replies import Reply
from bot.store import draws, occupations, outbox, profiles, subscriptions, users
from bot.store.errors import is_transient_db_error
from bot.store.models import AlertOutbox, Draw
from bot.store.subscriptions import ELIGIBLE
from bot.store.types import utcnow

log = logging.getLogger(__name__)

OutcomeKind = Literal["sent", "retry_after", "blocked", "not_found", "transient", "permanent"]


@dataclass(frozen=True, slots=True)
class SendOutcome:
    kind: OutcomeKind
    retry_after: float = 0.0
    error: str | None = None

    @classmethod
    def sent(cls) -> SendOutcome:
        return cls("sent")


class Sender(Protocol):
    """Sends one message to one chat; never raises for Telegram errors, maps them instead."""

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome: ...


@dataclass
class DeliveryStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    blocked: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0

    def add_outcomes(self, other: DeliveryStats) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.rate_limited += other.rate_limited
        self.blocked += other.blocked
        self.failed += other.failed


#: Committing outcomes: attempts and the longest pause between them (0.25, 0.5, 1, 2, 4, 4... s).
RECORD_ATTEMPTS = 10
RECORD_MAX_PAUSE = 4.0


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, ... capped at 10 minutes."""
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 600))


async def deliver_pending(
    sessions: async_sessionmaker[AsyncSession],
    sender: Sender,
    *,
    now: Callable[[], datetime] = utcnow,
    batch: int = 200,
    concurrency: int = 8,
    max_attempts: int = 5,
    lease: timedelta = timedelta(seconds=120),
    max_rows: int | None = None,
) -> DeliveryStats:
    """Send due rows until none is due (or `max_rows` were claimed); returns the counts."""
    stats = DeliveryStats()
    started = time.monotonic()
    pause_until = 0.0
    gate = asyncio.Semaphore(concurrency)
    known_draws: dict[int, Draw] = {}

    # Group commit: outcomes are written by one task, all that arrived together in one
    # transaction; a sender slot stays taken until its outcome is committed, so the rows
    # sent but not yet marked "sent" never exceed `concurrency`.
    queue: asyncio.Queue[tuple[AlertOutbox, SendOutcome, asyncio.Future[None]]] = asyncio.Queue()

    async def record(items: list[tuple[AlertOutbox, SendOutcome, asyncio.Future[None]]]) -> None:
        pause = 0.25
        for attempt in range(1, RECORD_ATTEMPTS + 1):
            counted = DeliveryStats()
            try:
                async with sessions.begin() as session:
                    for row, outcome, _ in items:
                        await _settle(session, row, outcome, now(), max_attempts, counted)
            except Exception as exc:
                if attempt == RECORD_ATTEMPTS or not is_transient_db_error(exc):
                    raise
                log.warning("recording delivery outcomes failed (%s); retrying", type(exc).__name__)
                await asyncio.sleep(pause)
                pause = min(pause * 2, RECORD_MAX_PAUSE)
                continue
            stats.add_outcomes(counted)
            return

    async def writer() -> None:
        while True:
            items = [await queue.get()]
            while not queue.empty():
                items.append(queue.get_nowait())
            try:
                await record(items)
            except Exception as exc:  # the rows stay pending (claimed) and come back later
                log.exception("could not record delivery outcomes")
                for _, _, done in items:
                    if not done.done():
                        done.set_exception(exc)
            for _, _, done in items:
                if not done.done():
                    done.set_result(None)

    async def one(row: AlertOutbox, reply: Reply) -> None:
        nonlocal pause_until
        async with gate:
            # The pause can be extended while we sleep, so re-check it after each sleep.
            while (wait := pause_until - time.monotonic()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            try:
                outcome = await sender.send(row.chat_id, reply)
            except Exception as exc:  # a Sender bug must not lose the row
                log.exception("sender raised for outbox row %s", row.id)
                outcome = SendOutcome("transient", error=f"{type(exc).__name__}: {exc}")
            if outcome.kind == "retry_after":
                pause_until = max(pause_until, time.monotonic() + outcome.retry_after)
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            await queue.put((row, outcome, done))
            await done

    async def _loop() -> None:
        while max_rows is None or stats.claimed < max_rows:
            limit = batch if max_rows is None else min(batch, max_rows - stats.claimed)
            async with sessions.begin() as session:
                rows = await outbox.claim_due(session, now=now(), limit=limit, lease=lease)
                if not rows:
                    break
                replies = await _replies(session, rows, known_draws)
            stats.claimed += len(rows)
            await asyncio.gather(*(one(row, replies[row.id or 0]) for row in rows))

    writer_task = asyncio.create_task(writer())
    try:
        await _loop()
    finally:
        writer_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await writer_task
    stats.seconds = time.monotonic() - started
    return stats


async def _replies(
    session: AsyncSession, rows: list[AlertOutbox], known_draws: dict[int, Draw]
) -> dict[int, Reply]:
    """Render each claimed row's message (three queries per batch, not per row)."""
    chats = sorted({row.chat_id for row in rows})
    saved = await profiles.by_chats(session, chat_ids=chats)
    subs = await subscriptions.by_chats(session, chat_ids=chats)
    langs = await users.languages(session, chat_ids=chats)
    # Whether they qualify: for "eligible rounds" subscribers and anyone with a saved score.
    wanted = [c for c in chats if c in saved or (c in subs and subs[c].mode == ELIGIBLE)]
    answers = await occupations.by_chats(session, chat_ids=wanted)
    out: dict[int, Reply] = {}
    for row in rows:
        draw = known_draws.get(row.draw_id)
        if draw is None:
            draw = await draws.get_draw(session, draw_id=row.draw_id)
            assert draw is not None  # the foreign key guarantees it
            known_draws[row.draw_id] = draw
        chat = row.chat_id
        fit = None
        if chat in wanted:
            fit = fit_of(saved.get(chat), answers.get(chat), draw.category, on=draw.draw_date)
        out[row.id or 0] = alert_reply(
            draw, saved=saved.get(chat), sub=subs.get(chat), lang=langs.get(chat, "en"), fit=fit
        )
    return out


async def _settle(
    session: AsyncSession,
    row: AlertOutbox,
    outcome: SendOutcome,
    at: datetime,
    max_attempts: int,
    stats: DeliveryStats,
) -> None:
    row_id = row.id or 0
    if outcome.kind == "sent":
        stats.sent += 1
        await outbox.set_outcome(session, row_id=row_id, status="sent", now=at)
    elif outcome.kind == "retry_after":
        stats.rate_limited += 1
        await outbox.set_outcome(
            session,
            row_id=row_id,
            status="pending",
            now=at,
            error=f"retry after {outcome.retry_after:g} s",
            next_attempt_at=at + timedelta(seconds=outcome.retry_after),
            refund_attempt=True,
        )
    elif outcome.kind in ("blocked", "not_found"):
        stats.blocked += 1
        reason = "blocked by the user" if outcome.kind == "blocked" else "chat not found"
        await outbox.set_outcome(session, row_id=row_id, status="blocked", now=at, error=reason)
        await subscriptions.deactivate(session, chat_id=row.chat_id, now=at)
        await users.mark_blocked(session, chat_id=row.chat_id, now=at)
    elif outcome.kind == "transient" and row.attempts < max_attempts:
        stats.retried += 1
        await outbox.set_outcome(
            session,
            row_id=row_id,
            status="pending",
            now=at,
            error=outcome.error,
            next_attempt_at=at + backoff(row.attempts),
        )
    else:
        stats.failed += 1
        reason = outcome.error or outcome.kind
        if outcome.kind == "transient":
            reason = f"gave up after {row.attempts} attempts: {reason}"
        log.warning("alert %s to chat %s failed: %s", row_id, row.chat_id, reason)
        await outbox.set_outcome(session, row_id=row_id, status="failed", now=at, error=reason)
