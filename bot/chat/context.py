"""What a handler may use: settings, the database, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.store.types import utcnow


@dataclass
class ChatContext:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    now: Callable[[], datetime] = field(default=utcnow)
