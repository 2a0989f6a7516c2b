"""Queries of `occupations`: the chat's main occupation for category rounds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import OccupationAnswer
from bot.store.sql import upsert_by_chat
from bot.store.types import utcnow


async def load_occupation(session: AsyncSession, *, chat_id: int) -> OccupationAnswer | None:
    stmt = (
        select(OccupationAnswer)
        .where(OccupationAnswer.chat_id == chat_id)
        .execution_options(populate_existing=True)
    )
    return (await session.exec(stmt)).first()


_STEP = text("SELECT step FROM occupations WHERE chat_id = :chat_id")


async def occupation_step(conn: AsyncConnection, *, chat_id: int) -> str | None:
    """Where the chat's occupation step stands (one plain statement: every typed text that
    the questionnaire does not take asks this), or None."""
    row = (await conn.execute(_STEP, {"chat_id": chat_id})).first()
    return None if row is None else str(row[0])


async def by_chats(
    session: AsyncSession, *, chat_ids: Iterable[int]
) -> dict[int, OccupationAnswer]:
    stmt = select(OccupationAnswer).where(col(OccupationAnswer.chat_id).in_(list(chat_ids)))
    return {row.chat_id: row for row in (await session.exec(stmt)).all()}


async def save_occupation(
    session: AsyncSession,
    *,
    chat_id: int,
    step: str,
    noc: str | None = None,
    months: int | None = None,
    in_canada_months: int | None = None,
    now: datetime | None = None,
) -> None:
    """Set the chat's occupation step and answers (every column, so none is left stale)."""
    now = now or utcnow()
    values = {
        "step": step,
        "noc": noc,
        "months": months,
        "in_canada_months": in_canada_months,
        "updated_at": now,
    }
    await upsert_by_chat(session, OccupationAnswer, {"chat_id": chat_id, **values}, values)


async def delete_occupation(session: AsyncSession, *, chat_id: int) -> bool:
    """Forget the chat's occupation answer; True when there was one."""
    column = OccupationAnswer.__table__.c.chat_id  # type: ignore[attr-defined]
    result = await session.exec(delete(OccupationAnswer).where(column == chat_id))
    return bool(result.rowcount)
