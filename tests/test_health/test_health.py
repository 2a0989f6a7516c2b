"""`bot.health`: one test per failure it claims to detect, plus the healthy and warning cases
and the CLI's exit status and JSON."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

import bot.health as health
from bot.health import HealthReport, Thresholds, check_health
from bot.store import migrate
from bot.store.engine import create_engine
from bot.store.models import AlertOutbox, Draw, FeedSyncRun, User
from bot.store.types import utcnow
from tests.e2e.harness import PROJECT_ROOT

NOW = utcnow()


async def add_runs(
    sessions: async_sessionmaker[AsyncSession], *runs: tuple[str, timedelta]
) -> None:
    async with sessions.begin() as session:
        for result, age in runs:
            at = NOW - age
            session.add(FeedSyncRun(started_at=at, finished_at=at, result=result))


async def add_outbox(
    sessions: async_sessionmaker[AsyncSession], *rows: tuple[str, timedelta]
) -> None:
    """Outbox rows (status, how long ago they became due; negative = due in the future)."""
    async with sessions.begin() as session:
        draw = Draw(
            number="400",
            draw_date=date(2026, 11, 20),
            name="Canadian Experience Class",
            category="cec",
        )
        session.add(draw)
        await session.flush()
        for i, (status, overdue) in enumerate(rows):
            session.add(User(chat_id=1000 + i))
            await session.flush()
            session.add(
                AlertOutbox(
                    draw_id=draw.id, chat_id=1000 + i, status=status, next_attempt_at=NOW - overdue
                )
            )


async def report(engine: AsyncEngine, **kw: object) -> HealthReport:
    return await check_health(engine, now=NOW, **kw)  # type: ignore[arg-type]


# -- healthy and warnings ---------------------------------------------------------------------


async def test_fresh_install_is_healthy_with_a_never_polled_warning(engine: AsyncEngine) -> None:
    r = await report(engine)
    assert r.healthy
    assert [c.status for c in r.checks] == ["ok", "ok", "warn", "ok"]
    assert "never polled" in r.check("feed").detail
    assert r.check("migrations").data["current"] == migrate.head_revision()
    assert r.render_text().splitlines()[-1] == "healthy (1 warning)"


async def test_recent_poll_and_retry_backlog_are_healthy(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_runs(sessions, ("error", timedelta(hours=30)), ("unchanged", timedelta(minutes=3)))
    # Two rows wait for a later retry, one was due a minute ago: backlog, not a stall.
    await add_outbox(
        sessions,
        ("pending", -timedelta(minutes=5)),
        ("pending", -timedelta(seconds=30)),
        ("pending", timedelta(minutes=1)),
        ("sent", timedelta(hours=1)),
    )
    r = await report(engine)
    assert r.healthy and {c.status for c in r.checks} == {"ok"}
    assert r.check("feed").detail == "last successful poll 3 min ago"
    assert r.check("outbox").data["pending"] == 3
    assert r.check("outbox").data["oldest_overdue_seconds"] == 60


async def test_failing_polls_for_less_than_a_day_are_a_warning(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_runs(sessions, ("error", timedelta(hours=3)), ("invalid", timedelta(hours=1)))
    r = await report(engine)
    assert r.healthy
    assert r.check("feed").status == "warn"
    assert "no successful poll yet (2 tries); last result invalid" in r.check("feed").detail


# -- each failure -----------------------------------------------------------------------------


async def test_unreachable_postgresql_fails_without_the_password(tmp_path: Path) -> None:
    engine = create_engine("postgresql+psycopg://bot:pw-hunter22@127.0.0.1:1/nowhere")
    try:
        r = await report(engine)
    finally:
        await engine.dispose()
    assert not r.healthy
    assert r.check("database").status == "fail"
    assert "unreachable" in r.check("database").detail
    assert [c.status for c in r.checks[1:]] == ["skipped"] * 3
    assert "pw-hunter22" not in json.dumps(r.to_json()) + r.render_text()


async def test_missing_sqlite_file_fails_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "bot.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        r = await report(engine)
    finally:
        await engine.dispose()
    assert r.check("database").status == "fail"
    assert str(path) in r.check("database").detail
    assert not path.exists()


async def test_database_that_does_not_answer_in_time_fails(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def hang(*_: object) -> health.Check:
        await asyncio.sleep(30)
        raise AssertionError("unreachable")

    monkeypatch.setattr(health, "CHECKS", (("database", hang), *health.CHECKS[1:]))
    r = await report(engine, check_timeout=0.2)
    assert r.check("database").status == "fail"
    assert r.check("database").detail == "no answer within 0.2 s"
    assert not r.healthy


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'own.sqlite3'}"
    await asyncio.to_thread(migrate.upgrade, url)
    eng = create_engine(url)
    yield eng
    await eng.dispose()


async def test_never_migrated_database_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        r = await report(engine)
    finally:
        await engine.dispose()
    assert r.check("database").status == "ok"
    assert r.check("migrations").status == "fail"
    assert "never migrated" in r.check("migrations").detail
    assert "python -m bot db upgrade" in r.check("migrations").detail
    assert not r.healthy


async def test_database_behind_the_code_fails(
    sqlite_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = migrate.head_revision()
    monkeypatch.setattr(health, "code_head", lambda: "999_next")
    r = await report(sqlite_engine)
    check = r.check("migrations")
    assert check.status == "fail"
    assert check.detail == f"at {current}, code expects 999_next: run `python -m bot db upgrade`"


async def test_database_at_an_unknown_revision_fails(sqlite_engine: AsyncEngine) -> None:
    async with sqlite_engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '777_future'"))
    r = await report(sqlite_engine)
    check = r.check("migrations")
    assert check.status == "fail"
    assert "777_future, unknown to this code" in check.detail


async def test_empty_alembic_version_fails(sqlite_engine: AsyncEngine) -> None:
    async with sqlite_engine.begin() as conn:
        await conn.execute(text("DELETE FROM alembic_version"))
    r = await report(sqlite_engine)
    assert r.check("migrations").status == "fail"
    assert "never migrated" in r.check("migrations").detail


async def test_no_successful_poll_within_a_day_fails(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_runs(sessions, ("ok", timedelta(hours=25)), ("error", timedelta(minutes=5)))
    r = await report(engine)
    feed = r.check("feed")
    assert feed.status == "fail"
    assert feed.detail == "last successful poll 25 h ago (limit 24 h)"
    assert feed.data["last_result"] == "error"
    assert not r.healthy
    # The limit is a threshold, not a constant.
    assert (await report(engine, thresholds=Thresholds(max_poll_age=timedelta(hours=26)))).healthy


async def test_polls_failing_for_more_than_a_day_fail(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_runs(sessions, ("error", timedelta(hours=30)), ("error", timedelta(minutes=5)))
    r = await report(engine)
    assert r.check("feed").status == "fail"
    assert "no successful poll in 2 tries over 30 h" in r.check("feed").detail


async def test_outbox_row_overdue_for_more_than_15_minutes_fails(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_runs(sessions, ("ok", timedelta(minutes=1)))
    await add_outbox(sessions, ("pending", timedelta(minutes=16)), ("failed", timedelta(hours=2)))
    r = await report(engine)
    outbox = r.check("outbox")
    assert outbox.status == "fail"
    assert "1 pending, 1 failed" in outbox.detail
    assert "is a delivery worker running?" in outbox.detail
    assert outbox.data["oldest_overdue_seconds"] == 16 * 60
    assert not r.healthy
    assert "UNHEALTHY" in r.render_text()


# -- the command line -------------------------------------------------------------------------


async def run_cli(db_url: str, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(DATABASE_URL=db_url, PYTHONPATH=str(PROJECT_ROOT))
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "health",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert not err.strip() or b"Traceback" not in err, err.decode()
    return int(proc.returncode or 0), out.decode()


async def test_cli_exit_status_text_and_json(
    db_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    code, out = await run_cli(db_url)
    assert code == 0
    assert "WARN feed        never polled" in out
    await add_outbox(sessions, ("pending", timedelta(hours=1)))
    code, out = await run_cli(db_url, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["healthy"] is False
    assert data["checks"]["outbox"]["status"] == "fail"
    assert data["checks"]["database"]["status"] == "ok"
