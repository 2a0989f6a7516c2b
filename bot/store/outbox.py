"""Queries of `alert_outbox`: one row per (draw, chat), claimed, sent and settled."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import AlertOutbox
from bot.store.sql import dialect, insert


async def enqueue(
    session: AsyncSession, *, draw_id: int, chat_ids: Iterable[int], now: datetime
) -> int:
    """One pending row per chat for the draw (existing (draw, chat) rows are kept); returns
    how many rows were created."""
    rows = [
        {
            "draw_id": draw_id,
            "chat_id": chat_id,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for chat_id in chat_ids
    ]
    created = 0
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        stmt = insert(session, AlertOutbox).values(chunk).on_conflict_do_nothing()
        result = await session.exec(stmt.returning(col(AlertOutbox.id)))
        created += len(result.all())
    return created


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta
) -> list[AlertOutbox]:
    """Claim up to `limit` due pending rows: push their next attempt `lease` ahead and count
    the attempt. On PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED, so concurrent
    workers claim disjoint rows; commit right after to publish the claim."""
    stmt = (
        select(AlertOutbox)
        .where(AlertOutbox.status == "pending", col(AlertOutbox.next_attempt_at) <= now)
        .order_by(col(AlertOutbox.id))
        .limit(limit)
    )
    if dialect(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list((await session.exec(stmt)).all())
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + lease
        session.add(row)
    return rows


async def release_claims(session: AsyncSession, *, now: datetime) -> int:
    """Make every pending row due now (single-process start-up: resume after a crash)."""
    result = await session.exec(
        update(AlertOutbox)
        .where(col(AlertOutbox.status) == "pending", col(AlertOutbox.next_attempt_at) > now)
        .values(next_attempt_at=now)
    )
    return int(result.rowcount or 0)


async def set_outcome(
    session: AsyncSession,
    *,
    row_id: int,
    status: str,
    now: datetime,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
    refund_attempt: bool = False,
) -> None:
    values: dict[str, object] = {"status": status, "last_error": error[:500] if error else None}
    if status == "sent":
        values["sent_at"] = now
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    if refund_attempt:
        values["attempts"] = col(AlertOutbox.attempts) - 1
    await session.exec(update(AlertOutbox).where(col(AlertOutbox.id) == row_id).values(**values))


async def outbox_counts(session: AsyncSession) -> dict[str, int]:
    """Rows per status."""
    stmt = select(AlertOutbox.status, func.count()).group_by(AlertOutbox.status)
    return {str(status): int(n) for status, n in (await session.exec(stmt)).all()}


async def next_due_at(session: AsyncSession) -> datetime | None:
    """When the earliest pending row is due (in the past when one is overdue)."""
    stmt = select(func.min(AlertOutbox.next_attempt_at)).where(AlertOutbox.status == "pending")
    return (await session.exec(stmt)).one_or_none()
