"""Test databases: SQLite by default, PostgreSQL when TEST_DATABASE_URL is set.

With CI=true an unreachable PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from bot.config import normalise_database_url
from bot.store import migrate


def postgres_url() -> str | None:
    """TEST_DATABASE_URL, normalised; under pytest-xdist each worker gets a database of its
    own (`<name>_gw0`, `<name>_gw1`, created on first use), so workers never share tables."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return None
    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    _create_database(base, name)
    return base.set(database=name).render_as_string(hide_password=False)


_created: set[str] = set()


def _create_database(base: URL, name: str) -> None:
    if name in _created:
        return
    engine = create_sync_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # unreachable: reported by check_postgres where it matters
        message = f"could not create the worker database {name}: {type(exc).__name__}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    finally:
        engine.dispose()
    _created.add(name)


def check_postgres(url: str) -> None:
    """Fail (in CI) or skip (elsewhere) when PostgreSQL cannot be reached."""
    try:
        engine = create_sync_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any driver error means unreachable
        message = f"PostgreSQL at TEST_DATABASE_URL is unreachable: {type(exc).__name__}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def reset_postgres(url: str) -> None:
    """Drop every table of the test database's public schema (a clean slate)."""
    engine = create_sync_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def truncate_postgres(url: str) -> None:
    engine = create_sync_engine(url)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
        ]
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


class MigratedTemplate:
    """A database migrated to head once per session; each test gets a clean copy."""

    def __init__(self, tmp_root: Path) -> None:
        self.pg = postgres_url()
        self.template = tmp_root / "template.sqlite3"
        if self.pg:
            check_postgres(self.pg.replace("+psycopg", "+psycopg"))
            reset_postgres(self.pg)
            migrate.upgrade(self.pg)
        else:
            migrate.upgrade(f"sqlite+aiosqlite:///{self.template}")

    @property
    def backend(self) -> str:
        return "postgresql" if self.pg else "sqlite"

    def fresh(self, directory: Path) -> str:
        """The URL of a clean, migrated database."""
        if self.pg:
            truncate_postgres(self.pg)
            return self.pg
        target = directory / "bot.sqlite3"
        shutil.copyfile(self.template, target)
        return f"sqlite+aiosqlite:///{target}"
