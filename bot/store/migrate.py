"""Run Alembic migrations from code (`python -m bot db upgrade`, start-up, tests).

Alembic is configured from `pyproject.toml` ([tool.alembic]); there is no alembic.ini.
These functions are synchronous (Alembic's env.py runs its own event loop): call them
before the bot's loop starts, or through `asyncio.to_thread` from async code; only
`database_revision` (for the health check) is async.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.engine import ensure_sqlite_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _sync_url(url: str) -> str:
    return url.replace("sqlite+aiosqlite", "sqlite")


def current_revision(url: str) -> str | None:
    """The revision the database is at (None when never migrated)."""
    engine = create_sync_engine(_sync_url(url))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


async def database_revision(session: AsyncSession) -> str | None:
    """The revision in `alembic_version` (None when the table is empty); raises when the
    table does not exist (a database never migrated)."""
    result = await session.exec(text("SELECT version_num FROM alembic_version"))  # type: ignore[call-overload]
    row = result.first()
    return None if row is None else str(row[0])
