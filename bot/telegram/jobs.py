"""Scheduled work on PTB's JobQueue (APScheduler): feed polls, alert delivery, reminders,
the no-successful-poll watchdog, and the history import on first start.

- Poll: a repeating job every DRAWS_POLL_INTERVAL seconds; inside the weekday window
  13:00-23:00 UTC (when IRCC publishes) every tick polls, outside it a tick polls only when
  the last poll is an hour old. One poll runs shortly after start.
- Delivery: every 2 s, and kicked right after a poll that wrote outbox rows; an asyncio lock
  keeps it from running twice at once in this process (PostgreSQL's SKIP LOCKED keeps
  several processes apart).
- Reminders: daily at 14:00 UTC (and once after start).
- Watchdog: every 15 minutes; tells the admins once (across processes) when no poll has
  succeeded for 24 hours (`bot/pipeline/watchdog.py`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from bot.alerts.delivery import deliver_pending
from bot.alerts.reminders import send_due_reminders
from bot.chat.context import ChatContext
from bot.draws.importer import import_if_empty
from bot.pipeline.schedule import DELIVERY_EVERY, in_publication_window, poll_due
from bot.pipeline.sync import Notice, sync_once
from bot.pipeline.watchdog import stale_notice
from bot.render import pick_lang, render
from bot.store import outbox, users
from bot.store.locks import singleton
from bot.telegram.botdata import App, Context
from bot.telegram.outbound import Outbound

log = logging.getLogger(__name__)

__all__ = ["in_publication_window", "poll_due", "schedule_jobs"]


@dataclass
class JobState:
    ctx: ChatContext
    outbound: Outbound  # alerts and reminders go out in its bulk lane
    delivery_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    poll_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_poll: datetime | None = None
    started_at: datetime | None = None


def _state(context: Context) -> JobState:
    state = context.bot_data.jobs
    if state is None:
        raise RuntimeError("the jobs run only after schedule_jobs")
    return state


async def notify_admins(state: JobState, notices: list[Notice]) -> None:
    """Tell the admins, each in their language (English for one who never wrote)."""
    admins = state.ctx.settings.admin_chat_ids
    async with state.ctx.sessions() as session:
        langs = await users.languages(session, chat_ids=admins)
    by_lang: dict[str, list[int]] = {}
    for admin in admins:
        by_lang.setdefault(pick_lang(langs.get(admin)), []).append(admin)
    for lang, chats in by_lang.items():
        body = render("alerts/admin_notice", lang, notices=notices)
        await state.outbound.notify_admins(chats, body)


async def run_poll(context: Context, *, force: bool = False) -> None:
    state = _state(context)
    now = state.ctx.now()
    if state.poll_lock.locked() or not (force or poll_due(now, state.last_poll)):
        return
    async with state.poll_lock:
        state.last_poll = now
        try:
            outcome = await sync_once(state.ctx.sessions, state.ctx.settings, now=now)
        except Exception:
            log.exception("feed poll crashed")
            return
    if outcome.notices:
        await notify_admins(state, outcome.notices)
    if outcome.alerts and context.job_queue is not None:
        context.job_queue.run_once(delivery_job, 0, name="draws-delivery-kick")


async def poll_job(context: Context) -> None:
    await run_poll(context)


async def startup_job(context: Context) -> None:
    """First start: load the shipped history; resume a crashed fan-out; poll once."""
    state = _state(context)
    sessions = state.ctx.sessions
    try:
        imported = await import_if_empty(sessions, now=state.ctx.now())
        if imported is not None:
            log.info("imported %d historical rounds (no alerts)", imported.imported)
        if state.ctx.settings.is_sqlite:
            # SQLite means one process: rows claimed by a crashed run are ours to resume.
            async with sessions.begin() as session:
                released = await outbox.release_claims(session, now=state.ctx.now())
            if released:
                log.info("resuming %d alerts claimed before a restart", released)
    except Exception:
        log.exception("draws start-up failed")
    await run_poll(context, force=True)
    await delivery_job(context)


async def delivery_job(context: Context) -> None:
    state = _state(context)
    if state.delivery_lock.locked():
        return
    async with state.delivery_lock:
        try:
            # One process delivers at a time (PostgreSQL advisory lock): Telegram's ~30
            # messages a second are per bot, so a second process sending alongside would only
            # draw 429s. The lock is released after each run (and with a dead process's
            # connection), so any process takes over at the next tick.
            async with singleton(state.ctx.sessions, "alert-delivery") as mine:
                if not mine:
                    return
                stats = await deliver_pending(
                    state.ctx.sessions,
                    state.outbound,
                    now=state.ctx.now,
                    lease=state.ctx.settings.tuning.outbox_lease,
                )
        except Exception:
            log.exception("alert delivery crashed")
            return
    if stats.claimed:
        log.info(
            "alerts: %d sent, %d retried, %d rate-limited, %d blocked, %d failed",
            stats.sent,
            stats.retried,
            stats.rate_limited,
            stats.blocked,
            stats.failed,
        )


async def reminders_job(context: Context) -> None:
    state = _state(context)
    try:
        # One process at a time (PostgreSQL advisory lock): rows are marked sent after each
        # send, so the next process to get the lock finds nothing left to send.
        async with singleton(state.ctx.sessions, "reminders") as mine:
            if not mine:
                return
            sent = await send_due_reminders(state.ctx.sessions, state.outbound, now=state.ctx.now())
    except Exception:
        log.exception("reminders crashed")
        return
    if sent:
        log.info("sent %d reminders", sent)


async def watchdog_job(context: Context) -> None:
    state = _state(context)
    now = state.ctx.now()
    try:
        notice = await stale_notice(state.ctx.sessions, now=now, started_at=state.started_at or now)
    except Exception:
        log.exception("feed watchdog crashed")
        return
    if notice is not None:
        await notify_admins(state, [notice])


def schedule_jobs(application: App, ctx: ChatContext) -> None:
    """Register the draw-alert jobs (called from the transport's post_init)."""
    queue = application.job_queue
    if queue is None:
        log.warning("no job queue: install python-telegram-bot[job-queue]; no alerts")
        return
    outbound = application.bot_data.services.outbound(application.bot)
    state = JobState(ctx=ctx, outbound=outbound, started_at=ctx.now())
    application.bot_data.jobs = state
    interval = ctx.settings.draws_poll_interval
    many = {"max_instances": 3, "coalesce": True, "misfire_grace_time": 30}
    queue.run_once(startup_job, 1, name="draws-startup")
    queue.run_repeating(poll_job, interval, first=interval, name="draws-poll", job_kwargs=many)
    queue.run_repeating(
        delivery_job, DELIVERY_EVERY, first=3, name="draws-delivery", job_kwargs=many
    )
    queue.run_daily(reminders_job, time(14, 0, tzinfo=UTC), name="reminders")
    queue.run_once(reminders_job, 30, name="reminders-start")
    queue.run_repeating(watchdog_job, 900, first=900, name="draws-watchdog", job_kwargs=many)
