"""Queries of `draws`: the rounds of invitations, recorded once each (unique number)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, text
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import Draw
from bot.store.sql import dialect

#: Key of the PostgreSQL advisory lock held while one process records feed rounds.
FEED_LOCK_KEY = 0x4545_4452  # "EEDR"
CEC = "cec"


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


async def wait_feed_lock(session: AsyncSession) -> None:
    """On PostgreSQL take the same lock, waiting while another process records rounds (its
    poll or its own first-start import); SQLite is single-process."""
    if dialect(session) != "postgresql":
        return
    connection = await session.connection()
    await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK_KEY})


async def save_draw(session: AsyncSession, draw: Draw) -> Draw:
    """Insert or update the round and flush, so that it has its id."""
    session.add(draw)
    await session.flush()
    return draw


async def all_draws(session: AsyncSession) -> list[Draw]:
    return list((await session.exec(select(Draw))).all())


@dataclass(frozen=True, slots=True)
class NumberAndRaw:
    number: str
    raw: dict[str, Any] | None


async def numbers_and_raw(session: AsyncSession) -> list[NumberAndRaw]:
    """Every stored round's number and feed copy, without building ORM objects (a few ms for
    thousands of rounds, where loading `Draw`s takes hundreds)."""
    rows = await session.exec(select(Draw.number, Draw.raw))
    return [NumberAndRaw(number, dict(raw) if raw else None) for number, raw in rows.all()]


async def existing_numbers(session: AsyncSession, numbers: list[str]) -> set[str]:
    """Which of these draw numbers are stored already."""
    if not numbers:
        return set()
    stmt = select(Draw.number).where(col(Draw.number).in_(numbers))
    return set((await session.exec(stmt)).all())


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


async def recent_rounds(session: AsyncSession, *, since: date) -> list[Any]:
    """The rounds since `since`, oldest first, as rows of the columns the standing reads
    (number, draw_date, cutoff, tie_break_at, category): the result screen needs no `Draw`
    objects and no feed copy, whose ORM loading was ~7% of the CPU per update."""
    t = Draw.__table__.c  # type: ignore[attr-defined]
    stmt = (
        sa_select(t.number, t.draw_date, t.cutoff, t.tie_break_at, t.category)
        .where(t.draw_date >= since)
        .order_by(t.draw_date, t.id)
    )
    connection = await session.connection()
    return list((await connection.execute(stmt)).all())


async def latest_round_date(session: AsyncSession) -> date | None:
    """The date of the newest recorded round."""
    newest: date | None = (await session.exec(select(func.max(Draw.draw_date)))).one()
    return newest
