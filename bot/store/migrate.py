"""Run Alembic migrations from code (`python -m bot db upgrade`, start-up, tests).

Alembic is configured from `pyproject.toml` ([tool.alembic]); there is no alembic.ini.
These functions are synchronous (Alembic's env.py runs its own event loop): call them
before the bot's loop starts, or through `asyncio.to_thread` from async code; only
`database_revision` (for the health check) is async.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.store.engine import ensure_sqlite_dir

if TYPE_CHECKING:
    from alembic.config import Config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VERSIONS_DIR = PROJECT_ROOT / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]*)?=\s*(?:None|[\"']([^\"']+)[\"'])\s*$", re.M)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate to `revision`. A database already at the head is left alone without loading
    Alembic (most starts: about half a second of CPU saved per process start)."""
    ensure_sqlite_dir(url)
    if revision == "head" and (head := script_head()) and _stored_revision(url) == head:
        return
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def script_head() -> str | None:
    """The head revision read from the migration files' `revision`/`down_revision` lines;
    None unless there is exactly one (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found, down = _REVISION.search(source), _DOWN.search(source)
        if not found or not down:
            return None  # a form this reader does not know (a merge, a tuple): ask Alembic
        revisions.add(found.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(url: str) -> str | None:
    """`alembic_version`'s row without Alembic; None when absent or unreadable."""
    engine = create_sync_engine(_sync_url(url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return str(rows[0][0]) if len(rows) == 1 else None


def _sync_url(url: str) -> str:
    return url.replace("sqlite+aiosqlite", "sqlite")


def current_revision(url: str) -> str | None:
    """The revision the database is at (None when never migrated)."""
    from alembic.runtime.migration import MigrationContext

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
