"""Queries of `faq_feedback`: helpful / not helpful votes on FAQ entries (never the question)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.models import FaqFeedback


async def record_vote(
    session: AsyncSession, *, chat_id: int, entry_id: str, helpful: bool, now: datetime
) -> None:
    """One vote per chat and entry: a second press replaces the first."""
    await session.exec(
        delete(FaqFeedback).where(
            col(FaqFeedback.chat_id) == chat_id, col(FaqFeedback.entry_id) == entry_id
        )
    )
    session.add(FaqFeedback(chat_id=chat_id, entry_id=entry_id, helpful=helpful, created_at=now))
