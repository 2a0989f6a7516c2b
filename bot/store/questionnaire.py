"""Queries of the questionnaire: its per-chat state, the saved profile, the last CEC draws."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import Draw, QuestionnaireState, SavedProfile
from bot.store.types import utcnow

CEC = "cec"


def _dialect(session: AsyncSession) -> str:
    bind = session.bind
    return bind.dialect.name if bind is not None else "sqlite"


async def _upsert(
    session: AsyncSession, table: Any, values: dict[str, Any], update: dict[str, Any]
) -> None:
    if _dialect(session) == "postgresql":
        pg = pg_insert(table).values(**values)
        await session.exec(pg.on_conflict_do_update(index_elements=["chat_id"], set_=update))
    else:
        lite = sqlite_insert(table).values(**values)
        await session.exec(lite.on_conflict_do_update(index_elements=["chat_id"], set_=update))


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
    if _dialect(session) == "postgresql":
        stmt = pg_insert(QuestionnaireState).values(chat_id=chat_id, state={}, updated_at=utcnow())
        await session.exec(stmt.on_conflict_do_nothing(index_elements=["chat_id"]))
    state = await load_state(session, chat_id=chat_id, lock=True)
    return state or None


async def save_state(
    session: AsyncSession, *, chat_id: int, state: dict[str, Any], now: datetime | None = None
) -> None:
    now = now or utcnow()
    values = {"chat_id": chat_id, "state": state, "updated_at": now}
    await _upsert(session, QuestionnaireState, values, {"state": state, "updated_at": now})


async def delete_state(session: AsyncSession, *, chat_id: int) -> None:
    await session.exec(delete(QuestionnaireState).where(col(QuestionnaireState.chat_id) == chat_id))


async def save_profile(
    session: AsyncSession,
    *,
    chat_id: int,
    profile: dict[str, Any],
    total: int,
    rules: str,
    now: datetime | None = None,
) -> None:
    """Keep the chat's last completed profile and score (for /myscore and draw alerts)."""
    now = now or utcnow()
    values = {"chat_id": chat_id, "profile": profile, "total": total, "rules": rules}
    update = {"profile": profile, "total": total, "rules": rules, "saved_at": now}
    await _upsert(session, SavedProfile, {**values, "saved_at": now}, update)


async def load_profile(session: AsyncSession, *, chat_id: int) -> SavedProfile | None:
    stmt = select(SavedProfile).where(SavedProfile.chat_id == chat_id)
    return (await session.exec(stmt)).first()


async def last_cec_draws(session: AsyncSession, *, limit: int = 10) -> list[Draw]:
    """The newest CEC rounds that published a cut-off, newest first."""
    stmt = (
        select(Draw)
        .where(Draw.category == CEC, col(Draw.cutoff).is_not(None))
        .order_by(col(Draw.draw_date).desc(), col(Draw.number).desc())
        .limit(limit)
    )
    return list((await session.exec(stmt)).all())
