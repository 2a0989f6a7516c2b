"""The Telegram bot's scheduled work, in the terminal chat: feed polls, alert delivery and
reminders (as ``bot.telegram.jobs`` schedules them), so that a terminal user sees an alert
arrive.

- Poll: shortly after start, then every DRAWS_POLL_INTERVAL seconds under the same rule
  (``bot.pipeline.schedule.poll_due``).
- Delivery: every 2 s, right after each line the user typed (an admin's /recorddraw queues
  alerts) and once more before the chat ends, so piped input sees its alerts.
- Reminders: at start and then every 24 hours.

Alerts are printed in the conversation (``ConsoleSender``); a row for another chat (a
database shared with a Telegram instance) is not this terminal's to send: it fails with that
reason rather than being marked sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from bot.alerts.delivery import SendOutcome, deliver_pending
from bot.alerts.reminders import send_due_reminders
from bot.chat.context import ChatContext
from bot.faq.markup import html_to_plain
from bot.pipeline.schedule import DELIVERY_EVERY, poll_due
from bot.pipeline.sync import sync_once
from bot.render import render
from bot.replies import Reply

log = logging.getLogger(__name__)

REMINDERS_EVERY = timedelta(hours=24)


class Printer(Protocol):
    chat_id: int

    def show(self, reply: Reply) -> None: ...


@dataclass
class ConsoleSender:
    """A `bot.alerts.delivery.Sender` that prints the terminal chat's messages."""

    printer: Printer

    async def send(self, chat_id: int, reply: Reply) -> SendOutcome:
        if chat_id != self.printer.chat_id:
            return SendOutcome("permanent", error="the terminal chat sends only to its own chat")
        self.printer.show(reply)
        return SendOutcome.sent()


@dataclass
class ConsoleJobs:
    ctx: ChatContext
    printer: Printer
    delivery_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_poll: datetime | None = None
    last_reminders: datetime | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def sender(self) -> ConsoleSender:
        return ConsoleSender(self.printer)

    async def deliver(self) -> int:
        """Send what is due; returns how many alerts were sent."""
        async with self.delivery_lock:
            try:
                stats = await deliver_pending(
                    self.ctx.sessions,
                    self.sender,
                    now=self.ctx.now,
                    lease=self.ctx.settings.tuning.outbox_lease,
                )
            except Exception:
                log.exception("alert delivery crashed")
                return 0
        return stats.sent

    async def poll(self) -> None:
        now = self.ctx.now()
        if not poll_due(now, self.last_poll):
            return
        self.last_poll = now
        try:
            outcome = await sync_once(self.ctx.sessions, self.ctx.settings, now=now)
        except Exception:
            log.exception("feed poll crashed")
            return
        if outcome.notices:
            notice = render("alerts/admin_notice", None, notices=outcome.notices)
            log.warning("feed: %s", html_to_plain(notice))
        if outcome.alerts:
            await self.deliver()

    async def reminders(self) -> None:
        now = self.ctx.now()
        if self.last_reminders is not None and now - self.last_reminders < REMINDERS_EVERY:
            return
        self.last_reminders = now
        try:
            await send_due_reminders(self.ctx.sessions, self.sender, now=now)
        except Exception:
            log.exception("reminders crashed")

    async def _every(self, seconds: float, job: str) -> None:
        while True:
            await getattr(self, job)()
            await asyncio.sleep(seconds)

    def start(self) -> None:
        interval = float(self.ctx.settings.draws_poll_interval)
        for seconds, job in ((interval, "poll"), (DELIVERY_EVERY, "deliver"), (60.0, "reminders")):
            self._tasks.append(asyncio.create_task(self._every(seconds, job), name=job))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
