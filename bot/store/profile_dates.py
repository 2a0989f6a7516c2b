"""Queries of `profile_dates`: the dates the chat gave in the /dates step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import ProfileDates
from bot.store.sql import upsert_by_chat
from bot.store.types import utcnow

#: The date columns, each set by one question of the step.
DATE_COLUMNS = (
    "birth_date",
    "canadian_work_since",
    "language_test_date",
    "eca_date",
    "submitted_on",
    "submitted_at",
)


_STEP = text("SELECT step FROM profile_dates WHERE chat_id = :chat_id")


async def dates_step(conn: AsyncConnection, *, chat_id: int) -> str | None:
    """The /dates question the chat is on, or None (one plain statement: every typed text
    that the questionnaire does not take asks this)."""
    row = (await conn.execute(_STEP, {"chat_id": chat_id})).first()
    return None if row is None or row[0] is None else str(row[0])


async def load_dates(session: AsyncSession, *, chat_id: int) -> ProfileDates | None:
    stmt = (
        select(ProfileDates)
        .where(ProfileDates.chat_id == chat_id)
        .execution_options(populate_existing=True)
    )
    return (await session.exec(stmt)).first()


async def save_dates(
    session: AsyncSession,
    *,
    chat_id: int,
    step: str,
    now: datetime | None = None,
    **values: date | datetime | None,
) -> None:
    """Set the step and the given date columns (the others keep their value)."""
    unknown = set(values) - set(DATE_COLUMNS)
    if unknown:
        raise ValueError(f"not a date column of profile_dates: {sorted(unknown)}")
    update: dict[str, Any] = {"step": step, "updated_at": now or utcnow(), **values}
    await upsert_by_chat(session, ProfileDates, {"chat_id": chat_id, **update}, update)


async def delete_dates(session: AsyncSession, *, chat_id: int) -> bool:
    """Forget the chat's dates; True when there were some."""
    column = ProfileDates.__table__.c.chat_id  # type: ignore[attr-defined]
    result = await session.exec(delete(ProfileDates).where(column == chat_id))
    return bool(result.rowcount)
