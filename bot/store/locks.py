"""Singleton work across processes: a PostgreSQL session advisory lock held for a block.

On PostgreSQL, `singleton(sessions, "feed-poll")` holds `pg_try_advisory_lock` on one
dedicated connection for the whole block and yields False at once when another process holds
it. SQLite is the single-process default, so there it always yields True.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


@asynccontextmanager
async def singleton(sessions: async_sessionmaker[AsyncSession], name: str) -> AsyncIterator[bool]:
    engine = sessions.kw.get("bind")
    if not isinstance(engine, AsyncEngine) or engine.dialect.name != "postgresql":
        yield True
        return
    key = lock_key(name)
    async with engine.connect() as conn:
        acquired = bool(
            (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key})).scalar_one()
        )
        await conn.commit()  # the lock belongs to the connection, not the transaction
        try:
            yield acquired
        finally:
            if acquired:
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                await conn.commit()
