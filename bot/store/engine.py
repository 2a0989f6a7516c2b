"""The async engine and sessions, for SQLite (sqlite3 on the event loop's thread, see
`inline_sqlite.py`; aiosqlite for `:memory:`) and PostgreSQL (psycopg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store import inline_sqlite


def _pragmas(busy_timeout_ms: int) -> Any:
    def apply(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages (/forget).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return apply


def ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def create_engine(url: str, *, echo: bool = False, command: bool = False) -> AsyncEngine:
    """An async engine; creates the SQLite file's folder on first use.

    `command`: for a one-shot CLI command beside a running bot. On SQLite it waits up to
    `COMMAND_BUSY_TIMEOUT_MS` for the bot's write lock rather than the bot's own short wait.
    """
    ensure_sqlite_dir(url)
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("postgresql"):
        kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=10)
    elif url.startswith("sqlite") and ":memory:" not in url:
        # One connection: SQLite has a single writer anyway, and concurrent transactions on
        # several connections fight for the write lock through busy_timeout's sleeps (seconds
        # of latency under load). Queued on the pool instead, each waits only for the
        # transaction in front of it (a few ms).
        kwargs.update(pool_size=1, max_overflow=0, pool_timeout=60)
        # Its statements run on the event loop's thread, not aiosqlite's worker thread: see
        # bot/store/inline_sqlite.py for why and for the short busy timeout that requires.
        busy = inline_sqlite.COMMAND_BUSY_TIMEOUT_MS if command else inline_sqlite.BUSY_TIMEOUT_MS
        kwargs["async_creator"] = inline_sqlite.creator(str(make_url(url).database), busy)
    else:
        busy = 10_000
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _pragmas(busy))
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def ping(session: AsyncSession) -> str:
    """Run `SELECT 1`; returns the backend's name ("sqlite", "postgresql")."""
    await session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return session.bind.dialect.name if session.bind is not None else "sqlite"
