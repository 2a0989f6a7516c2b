"""SQLite on the event loop's own thread, for SQLAlchemy's `sqlite+aiosqlite` dialect.

aiosqlite runs every call (cursor, execute, fetchall, close, commit) on a worker thread and
hands the result back through the event loop: about four loop round trips per statement. The
bot keeps one SQLite connection (SQLite has a single writer), so while a transaction waits
for those round trips behind every other ready task, every other update waits for the
connection. Under load that, not CPU, capped the bot at ~60 updates/s with the CPU half idle
(bench/load.py, docs/benchmarks.md).

A local SQLite statement takes tens of microseconds (WAL, synchronous=NORMAL), less than one
thread hop, so this driver runs it directly: the same `sqlite3` module, the same SQL and
pragmas, exposed through the small awaitable surface SQLAlchemy's aiosqlite adapter uses
(`async_creator`). A transaction then holds the connection only for its own statements.

The price is that a statement blocks the loop while it runs, so waiting for another
process's write lock must be short: `busy_timeout` is kept small here and a locked database
surfaces as `OperationalError`, which the update handler retries after an asynchronous pause
(bot/telegram/resilience.py) instead of sleeping on the loop.

Not covered: SQLAlchemy's per-connection `isolation_level` option (its aiosqlite adapter
reaches into aiosqlite's worker queue for it); nothing in the bot sets one. In-memory URLs
(`:memory:`) keep plain aiosqlite (bot/store/engine.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

# Wait this long (ms) for another connection's write lock before giving up with
# "database is locked". The bot has a single connection of its own, so only a second process
# on the same file (a CLI command) can hold the lock.
BUSY_TIMEOUT_MS = 200
# A one-shot command (`python -m bot draws sync`, `health`) has no one else on its loop: it
# waits for the running bot's transaction instead of failing on a busy moment.
COMMAND_BUSY_TIMEOUT_MS = 30_000


class InlineCursor:
    """The awaitable cursor surface SQLAlchemy's aiosqlite adapter calls."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size) if size is not None else self._cursor.fetchmany()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """The awaitable connection surface SQLAlchemy's aiosqlite adapter calls."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The `sqlite3` connection itself (`under`)."""
        return self._conn

    async def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        cursor = await self.cursor()
        return await cursor.execute(sql, parameters)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()

    def stop(self) -> None:
        self._conn.close()


def creator(database: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine` that opens `database` inline."""

    async def connect() -> InlineConnection:
        # sqlite3's defaults otherwise (implicit BEGIN before writes), as aiosqlite uses them.
        timeout = busy_timeout_ms / 1000
        conn = sqlite3.connect(database, timeout=timeout, check_same_thread=False)
        return InlineConnection(conn)

    return connect


async def under(conn: AsyncConnection) -> sqlite3.Connection | None:
    """The `sqlite3` connection under `conn` when it is this driver's, else None (PostgreSQL,
    aiosqlite for ``:memory:``).

    For the few statements run on every update (`bot.store.questionnaire_states`): run on it
    directly (`execute`), one statement costs about a third of going through SQLAlchemy's
    async execution (bench/load.py: ~0.15 ms saved per questionnaire answer). It is the same
    connection in the same transaction: SQLAlchemy's `begin()` still commits or rolls back.
    """
    if conn.dialect.name != "sqlite":
        return None
    driver = (await conn.get_raw_connection()).driver_connection
    return driver.sqlite if isinstance(driver, InlineConnection) else None


def execute(con: sqlite3.Connection, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
    """Run one statement; a `sqlite3` error comes out as SQLAlchemy's, as from `conn.execute`
    (the retry and "cannot be written" handling look for those)."""
    try:
        return con.execute(sql, params)
    except sqlite3.Error as err:
        raise DBAPIError.instance(sql, params, err, sqlite3.Error) from err
