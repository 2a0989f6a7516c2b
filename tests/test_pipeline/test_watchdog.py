"""The feed watchdog: one "no successful poll for 24 hours" notice per outage, whichever
process (or restart) notices it first."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.pipeline.watchdog import stale_notice
from bot.store import feed_sync_runs
from bot.store.engine import create_engine, session_factory
from bot.store.models import AdminNotice
from tests.test_draws.db import NOW

pytestmark = pytest.mark.db

Sessions = async_sessionmaker[AsyncSession]


async def poll(sessions: Sessions, at: datetime, result: str = "ok") -> None:
    async with sessions.begin() as session:
        await feed_sync_runs.add_sync_run(
            session, started_at=at, finished_at=at + timedelta(seconds=2), result=result
        )


async def notices(sessions: Sessions) -> list[str]:
    async with sessions() as session:
        stmt = select(AdminNotice.key).where(AdminNotice.kind == "stale")
        return list((await session.exec(stmt)).all())


async def test_an_outage_is_reported_once_across_processes_and_again_after_recovery(
    sessions: Sessions, database_url: str
) -> None:
    last_ok = NOW - timedelta(hours=25)
    await poll(sessions, last_ok)
    await poll(sessions, NOW - timedelta(hours=1), result="error")
    assert await stale_notice(sessions, now=NOW - timedelta(hours=2), started_at=NOW) is None

    # Two processes (their own engines and start times) check at the same moment; SQLite
    # serves one process (a second one exits at start), so there they check one after the other.
    engine = create_engine(database_url)
    other = session_factory(engine)
    checks = (
        stale_notice(sessions, now=NOW, started_at=NOW - timedelta(hours=30)),
        stale_notice(other, now=NOW, started_at=NOW - timedelta(minutes=5)),
    )
    try:
        if engine.dialect.name == "postgresql":
            found = list(await asyncio.gather(*checks))
        else:
            found = [await check for check in checks]
    finally:
        await engine.dispose()
    sent = [n for n in found if n is not None]
    assert len(sent) == 1
    assert sent[0].code == "stale"
    assert sent[0].params["last"] == last_ok + timedelta(seconds=2)
    # A restart, a later check: still quiet.
    later = NOW + timedelta(hours=6)
    assert await stale_notice(sessions, now=later, started_at=later) is None
    assert len(await notices(sessions)) == 1

    # The feed recovers, then fails for another 24 hours: a second notice.
    await poll(sessions, NOW + timedelta(hours=7))
    assert await stale_notice(sessions, now=NOW + timedelta(hours=20), started_at=NOW) is None
    assert await stale_notice(sessions, now=NOW + timedelta(hours=32), started_at=NOW)
    assert len(await notices(sessions)) == 2


async def test_a_feed_that_never_worked_is_reported_once(sessions: Sessions) -> None:
    await poll(sessions, NOW - timedelta(hours=30), result="invalid")
    first = await stale_notice(sessions, now=NOW, started_at=NOW - timedelta(hours=1))
    assert first is not None and first.params["last"] is None
    assert await stale_notice(sessions, now=NOW + timedelta(hours=3), started_at=NOW) is None
    assert len(await notices(sessions)) == 1
