"""Queries of `feed_sync_runs`: one heartbeat row per poll of the rounds feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import FeedSyncRun

#: Results of a poll; the failing ones open an incident that admins hear about once.
FAILED_RESULTS = frozenset({"error", "invalid"})
GOOD_RESULTS = frozenset({"ok", "unchanged"})


async def add_sync_run(session: AsyncSession, **values: Any) -> FeedSyncRun:
    run = FeedSyncRun(**values)
    session.add(run)
    await session.flush()
    return run


async def finish_sync_run(session: AsyncSession, *, run_id: int, finished_at: datetime) -> None:
    """Record when a poll really ended (the fetch and the recording included)."""
    run = await session.get(FeedSyncRun, run_id)
    if run is not None:
        run.finished_at = finished_at
        session.add(run)


async def last_sync_run(
    session: AsyncSession, *, results: frozenset[str] | None = None
) -> FeedSyncRun | None:
    """The newest poll (with one of `results`, when given)."""
    stmt = select(FeedSyncRun)
    if results is not None:
        stmt = stmt.where(col(FeedSyncRun.result).in_(sorted(results)))
    # Insertion order is poll order: polls run one at a time under the feed-poll lock, while
    # started_at values from an injected or skewed clock may tie or cross.
    stmt = stmt.order_by(col(FeedSyncRun.id).desc()).limit(1)
    return (await session.exec(stmt)).first()


async def last_success_at(session: AsyncSession) -> datetime | None:
    """When the newest successful poll (ok or unchanged) ended."""
    run = await last_sync_run(session, results=GOOD_RESULTS)
    return run.finished_at or run.started_at if run is not None else None


@dataclass(frozen=True, slots=True)
class PollHistory:
    runs: int
    first_started_at: datetime | None


async def poll_history(session: AsyncSession) -> PollHistory:
    """How many polls were recorded, and when the first one started."""
    stmt = select(func.count(), func.min(col(FeedSyncRun.started_at)))
    runs, first = (await session.exec(stmt)).one()
    return PollHistory(int(runs), first)
