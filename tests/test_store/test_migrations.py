"""Migrations: upgrade from empty, downgrade to base, and no drift from the models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import inspect
from sqlmodel import SQLModel

import bot.store.models  # noqa: F401
from bot.store import migrate
from tests.dbutil import check_postgres, postgres_url, reset_postgres

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    pg = postgres_url()
    if pg:
        check_postgres(pg)
        reset_postgres(pg)
        return pg
    return f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}"


def _tables(url: str) -> set[str]:
    engine = create_sync_engine(url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_head_from_empty_then_downgrade_base(empty_url: str) -> None:
    migrate.upgrade(empty_url)
    assert migrate.current_revision(empty_url) == migrate.head_revision()
    expected = {str(t.name) for t in SQLModel.metadata.sorted_tables}
    assert expected <= _tables(empty_url)
    migrate.downgrade(empty_url, "base")
    assert migrate.current_revision(empty_url) is None
    assert _tables(empty_url) <= {"alembic_version"}
    # and back up again: the chain is repeatable
    migrate.upgrade(empty_url)
    assert migrate.current_revision(empty_url) == migrate.head_revision()


def test_models_match_migrations(empty_url: str) -> None:
    """Autogenerate finds nothing to do: the revisions describe exactly the models."""
    migrate.upgrade(empty_url)
    engine = create_sync_engine(empty_url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_the_files_head_is_alembics_and_a_current_database_is_left_alone(
    empty_url: str, tmp_path: Path
) -> None:
    # The start-up shortcut reads the head from the migration files: it must be Alembic's.
    assert migrate.script_head() == migrate.head_revision() is not None
    migrate.upgrade(empty_url, "003")
    migrate.upgrade(empty_url)  # behind: Alembic migrates it
    assert migrate.current_revision(empty_url) == migrate.head_revision()
    # At the head, a new process upgrades without loading Alembic at all.
    probe = (
        "import sys; from bot.store import migrate; "
        f"migrate.upgrade({empty_url!r}); print(sorted(m for m in sys.modules if m == 'alembic'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"
    assert migrate.current_revision(empty_url) == migrate.head_revision()


def test_a_merge_revision_makes_the_file_reader_defer_to_alembic(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for path in sorted(migrate.VERSIONS_DIR.glob("*.py")):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "099_merge.py").write_text('revision = "099"\ndown_revision = ("004", "005")\n')
    monkeypatch.setattr(migrate, "VERSIONS_DIR", tmp_path)
    assert migrate.script_head() is None
