"""Queries of `profiles`: the last completed CRS profile of a chat and its score."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import SavedProfile
from bot.store.sql import upsert_by_chat
from bot.store.types import utcnow


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
    await upsert_by_chat(session, SavedProfile, {**values, "saved_at": now}, update)


async def load_profile(session: AsyncSession, *, chat_id: int) -> SavedProfile | None:
    stmt = select(SavedProfile).where(SavedProfile.chat_id == chat_id)
    return (await session.exec(stmt)).first()


async def by_chats(session: AsyncSession, *, chat_ids: Iterable[int]) -> dict[int, SavedProfile]:
    stmt = select(SavedProfile).where(col(SavedProfile.chat_id).in_(list(chat_ids)))
    return {p.chat_id: p for p in (await session.exec(stmt)).all()}
