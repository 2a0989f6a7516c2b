"""Shared by the end-to-end alert tests: a new CEC round, the database, polling on demand."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, text

from tests.e2e.harness import PROJECT_ROOT, BotProcess
from tests.e2e.inprocess import InProcessBot
from tests.fakes.feed import load_snapshot_rounds


def sql(db_url: str, query: str) -> list[Any]:
    """Rows of a plain SQL query against the bot's database (SQLite or PostgreSQL)."""
    engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(query)).all())
    finally:
        engine.dispose()


def cec_round(number: str) -> dict[str, str]:
    """A new CEC round dated today, in the feed's own format."""
    today = datetime.now(UTC).date()
    r = dict(load_snapshot_rounds()[1])  # round 436, a CEC round, as a template
    r.update(
        drawNumber=number,
        drawDate=today.isoformat(),
        drawDateFull=f"{today:%B} {today.day}, {today.year}",
        drawSize="3,000",
        drawCRS="519",
        drawDateTime=f"{today:%B %d, %Y} at 10:30:00 UTC",
        drawCutOff="October 02, 2026 at 08:00:01 UTC",
    )
    return r


async def wait_until(check: Any, *, timeout: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.2)


async def draws_sync(bot: BotProcess | InProcessBot) -> str:
    """`python -m bot draws sync` with the bot's settings: a poll on demand."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "draws",
        "sync",
        cwd=bot.workdir,
        env=bot.env() | {"PYTHONPATH": str(PROJECT_ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    assert proc.returncode == 0, out.decode()
    return out.decode()
