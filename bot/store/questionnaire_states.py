"""Queries of `questionnaire_states`: the questionnaire in progress of a chat.

Two surfaces: the ORM functions (`load_state`, `lock_state`, `save_state`) for a session, and
the update path's (`read`, `lock`, `save`) for a Core connection: one plain statement each,
compiled once, no ORM unit of work (bench/load.py: the ORM path cost more CPU per update than
everything else the bot does for it). Both read and write the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store import inline_sqlite
from bot.store.models import QuestionnaireState
from bot.store.sql import dialect, insert, upsert_by_chat
from bot.store.types import JSONType, UTCDateTime, utcnow

_READ = text("SELECT state FROM questionnaire_states WHERE chat_id = :chat_id").columns(
    state=JSONType
)
# PostgreSQL: one statement creates the row if need be, locks it until the transaction ends
# (ON CONFLICT DO UPDATE takes the row lock, so two processes never interleave one chat) and
# returns the state.
_LOCK_PG = (
    text(
        "INSERT INTO questionnaire_states (chat_id, state, updated_at) "
        "VALUES (:chat_id, CAST('{}' AS JSONB), :now) "
        "ON CONFLICT (chat_id) DO UPDATE SET chat_id = excluded.chat_id RETURNING state"
    )
    .bindparams(bindparam("now", type_=UTCDateTime()))
    .columns(state=JSONType)
)
_SAVE = text(
    "INSERT INTO questionnaire_states (chat_id, state, updated_at) "
    "VALUES (:chat_id, :state, :now) "
    "ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
).bindparams(bindparam("state", type_=JSONType), bindparam("now", type_=UTCDateTime()))


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


# -- the update path: one statement each on a Core connection ----------------------------------


# On the inline SQLite driver the same two statements go straight to `sqlite3`
# (`inline_sqlite.under`), their values converted by the columns' own SQLAlchemy types.
_READ_SQLITE = "SELECT state FROM questionnaire_states WHERE chat_id = ?"
_SAVE_SQLITE = (
    "INSERT INTO questionnaire_states (chat_id, state, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
)


@cache
def _converters(
    dialect: Any,
) -> tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[Any], Any]]:
    """(state in, state out, timestamp in): what SQLAlchemy applies to these columns."""
    json_type, time_type = JSONType.dialect_impl(dialect), UTCDateTime().dialect_impl(dialect)
    return (
        json_type.bind_processor(dialect) or (lambda v: v),
        json_type.result_processor(dialect, None) or (lambda v: v),
        time_type.bind_processor(dialect) or (lambda v: v),
    )


async def read(conn: AsyncConnection, *, chat_id: int) -> dict[str, Any] | None:
    """The chat's saved state (no lock), or None."""
    con = await inline_sqlite.under(conn)
    if con is not None:
        found = inline_sqlite.execute(con, _READ_SQLITE, (chat_id,)).fetchone()
        value = None if found is None else _converters(conn.dialect)[1](found[0])
    else:
        row = (await conn.execute(_READ, {"chat_id": chat_id})).first()
        value = None if row is None else row[0]
    return dict(value) if value else None


async def lock(conn: AsyncConnection, *, chat_id: int) -> dict[str, Any] | None:
    """The chat's state, its row locked until the transaction ends on PostgreSQL (SQLite has
    one writer: the transaction's first write holds the database)."""
    if conn.dialect.name == "postgresql":
        row = (await conn.execute(_LOCK_PG, {"chat_id": chat_id, "now": utcnow()})).first()
        return dict(row[0]) if row is not None and row[0] else None
    return await read(conn, chat_id=chat_id)


async def save(
    conn: AsyncConnection, *, chat_id: int, state: dict[str, Any], now: datetime
) -> None:
    con = await inline_sqlite.under(conn)
    if con is None:
        await conn.execute(_SAVE, {"chat_id": chat_id, "state": state, "now": now})
        return
    state_in, _, time_in = _converters(conn.dialect)
    inline_sqlite.execute(con, _SAVE_SQLITE, (chat_id, state_in(state), time_in(now)))
