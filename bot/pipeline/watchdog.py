"""The feed watchdog: when no poll has succeeded for 24 hours, the admins hear it once.

Once across processes and restarts: the notice is keyed by the last successful poll (or, when
none ever succeeded, by the first poll), and the key is claimed in `admin_notices` before the
notice goes out, so the process that wins the unique row sends it and the others stay quiet.
A new successful poll changes the key, so a later outage is reported again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.pipeline.sync import Notice
from bot.store import admin_notices, feed_sync_runs

STALE_AFTER = timedelta(hours=24)
KIND = "stale"


async def stale_notice(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, started_at: datetime
) -> Notice | None:
    """The "no successful poll" notice, for the one caller that should send it; else None.

    `started_at` (this process's start) is the reference only while no poll was ever recorded.
    """
    async with sessions() as session:
        last = await feed_sync_runs.last_success_at(session)
        first = None if last else (await feed_sync_runs.poll_history(session)).first_started_at
    if last is not None:
        reference, key = last, f"last-ok:{last.isoformat()}"
    else:
        reference = first or started_at
        key = f"first-poll:{first.isoformat()}" if first else "no-poll"
    if now - reference < STALE_AFTER:
        return None
    async with sessions.begin() as session:
        if not await admin_notices.claim(session, kind=KIND, key=key, now=now):
            return None
    return Notice("stale", {"last": last})
