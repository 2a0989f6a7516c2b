"""Small SQL helpers the table modules share: the backend's name and its upsert."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession


def dialect(session: AsyncSession) -> str:
    """ "postgresql" or "sqlite"."""
    bind = session.bind
    return bind.dialect.name if bind is not None else "sqlite"


def insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT with the backend's `ON CONFLICT` clauses (both dialects spell them alike)."""
    return (pg_insert if dialect(session) == "postgresql" else sqlite_insert)(table)


async def upsert_by_chat(
    session: AsyncSession, table: Any, values: dict[str, Any], update: dict[str, Any]
) -> None:
    """Insert the chat's row, or update `update`'s columns when it exists (race-free)."""
    stmt = insert(session, table).values(**values)
    await session.exec(stmt.on_conflict_do_update(index_elements=["chat_id"], set_=update))
