"""Queries about rounds (draws) and the feed heartbeat."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import Draw, FeedSyncRun

#: Results of a poll; the failing ones open an incident that admins hear about once.
FAILED_RESULTS = frozenset({"error", "invalid"})
GOOD_RESULTS = frozenset({"ok", "unchanged"})
#: Key of the PostgreSQL advisory lock held while one process records feed rounds.
FEED_LOCK_KEY = 0x4545_4452  # "EEDR"


def dialect(session: AsyncSession) -> str:
    bind = session.bind
    return bind.dialect.name if bind is not None else "sqlite"


async def try_feed_lock(session: AsyncSession) -> bool:
    """On PostgreSQL take the transaction-scoped advisory lock (False when another process
    holds it); SQLite is single-process and its write lock serialises writers anyway."""
    if dialect(session) != "postgresql":
        return True
    connection = await session.connection()
    result = await connection.execute(
        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": FEED_LOCK_KEY}
    )
    return bool(result.scalar_one())


async def all_draws(session: AsyncSession) -> list[Draw]:
    return list((await session.exec(select(Draw))).all())


async def count_draws(session: AsyncSession) -> int:
    result = await session.exec(select(func.count()).select_from(Draw))
    return int(result.one())


async def get_draw(session: AsyncSession, *, draw_id: int) -> Draw | None:
    return await session.get(Draw, draw_id)


async def find_draw(session: AsyncSession, *, category: str, draw_date: date) -> list[Draw]:
    stmt = select(Draw).where(Draw.category == category, Draw.draw_date == draw_date)
    return list((await session.exec(stmt)).all())


async def latest_draws(
    session: AsyncSession, *, limit: int = 10, categories: tuple[str, ...] | None = None
) -> list[Draw]:
    """Newest first (by date, then recording order)."""
    stmt = select(Draw)
    if categories:
        stmt = stmt.where(col(Draw.category).in_(categories))
    stmt = stmt.order_by(col(Draw.draw_date).desc(), col(Draw.id).desc()).limit(limit)
    return list((await session.exec(stmt)).all())


async def draws_between(
    session: AsyncSession, *, category: str | None = None, since: date | None = None
) -> list[Draw]:
    """Oldest first, for charts."""
    stmt = select(Draw)
    if category:
        stmt = stmt.where(Draw.category == category)
    if since:
        stmt = stmt.where(Draw.draw_date >= since)
    return list((await session.exec(stmt.order_by(col(Draw.draw_date), col(Draw.id)))).all())


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
    stmt = select(FeedSyncRun)
    if results is not None:
        stmt = stmt.where(col(FeedSyncRun.result).in_(sorted(results)))
    # Insertion order is poll order: polls run one at a time under the feed-poll lock, while
    # started_at values from an injected or skewed clock may tie or cross.
    stmt = stmt.order_by(col(FeedSyncRun.id).desc()).limit(1)
    return (await session.exec(stmt)).first()


async def last_success_at(session: AsyncSession) -> datetime | None:
    run = await last_sync_run(session, results=GOOD_RESULTS)
    return run.finished_at or run.started_at if run is not None else None


async def recent_sync_runs(session: AsyncSession, *, limit: int = 20) -> list[FeedSyncRun]:
    stmt = select(FeedSyncRun).order_by(col(FeedSyncRun.id).desc()).limit(limit)
    return list((await session.exec(stmt)).all())
