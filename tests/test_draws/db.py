"""Database fixtures shared by the draws and alerts tests.

SQLite (a temporary file) by default; PostgreSQL when TEST_DATABASE_URL is set. The schema
comes from the Alembic migrations; the tables these tests touch are emptied before each test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.store import migrate
from bot.store.engine import create_engine, session_factory
from bot.store.models import (
    AdminNotice,
    AlertOutbox,
    Draw,
    FeedSyncRun,
    Reminder,
    SavedProfile,
    Subscription,
    User,
)
from tests.dbutil import check_postgres, postgres_url

#: Children first.
TABLES = (
    AlertOutbox,
    Reminder,
    Subscription,
    SavedProfile,
    Draw,
    FeedSyncRun,
    AdminNotice,
    User,
)
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = postgres_url()
    if url:
        check_postgres(url)
    else:
        path: Path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        url = f"sqlite+aiosqlite:///{path}"
    migrate.upgrade(url)
    return url


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    factory = session_factory(engine)
    async with factory.begin() as session:
        for table in TABLES:
            await session.exec(delete(table))
    try:
        yield factory
    finally:
        await engine.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(DATABASE_URL=database_url, ADMIN_CHAT_IDS="999", _env_file=None)  # type: ignore[call-arg]
