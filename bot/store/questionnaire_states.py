"""Queries of `questionnaire_states`: the questionnaire in progress of a chat."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import QuestionnaireState
from bot.store.sql import dialect, insert, upsert_by_chat
from bot.store.types import utcnow


async def load_state(
    session: AsyncSession, *, chat_id: int, lock: bool = False
) -> dict[str, Any] | None:
    """The chat's saved engine state, or None. ``lock`` holds the row (PostgreSQL
    ``FOR UPDATE``) until the transaction ends, so two processes never interleave one chat."""
    stmt = (
        select(QuestionnaireState)
        .where(QuestionnaireState.chat_id == chat_id)
        .execution_options(populate_existing=True)  # a locked re-read must be fresh
    )
    if lock:
        stmt = stmt.with_for_update()
    row = (await session.exec(stmt)).first()
    return None if row is None else dict(row.state)


async def lock_state(session: AsyncSession, *, chat_id: int) -> dict[str, Any] | None:
    """Lock the chat's state row (creating an empty one so there is a row to lock)."""
    if dialect(session) == "postgresql":
        stmt = insert(session, QuestionnaireState).values(
            chat_id=chat_id, state={}, updated_at=utcnow()
        )
        await session.exec(stmt.on_conflict_do_nothing(index_elements=["chat_id"]))
    state = await load_state(session, chat_id=chat_id, lock=True)
    return state or None


async def save_state(
    session: AsyncSession, *, chat_id: int, state: dict[str, Any], now: datetime | None = None
) -> None:
    now = now or utcnow()
    values = {"chat_id": chat_id, "state": state, "updated_at": now}
    await upsert_by_chat(session, QuestionnaireState, values, {"state": state, "updated_at": now})
