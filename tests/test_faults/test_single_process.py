"""One bot process per SQLite file: a second `python -m bot run` (or `webhook`, or the
terminal `chat`, which runs the alert jobs too) on the same file exits non-zero at once with a
one-line reason, and the first keeps running."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session

from bot.store.models import Subscription, User
from tests.e2e.draws_helpers import cec_round, draws_sync, sql, wait_until
from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.feed import FakeFeedServer, load_snapshot_rounds

ALERT = "New Express Entry round"


@pytest.mark.parametrize("command", ["run", "webhook", "chat"])
async def test_second_process_on_one_sqlite_file_refuses_to_start(
    api: FakeBotAPI, bot_process: BotProcess, tmp_path: Path, command: str
) -> None:
    if not bot_process.db_url.startswith("sqlite"):
        pytest.skip("the lock is for SQLite; PostgreSQL shares the work between processes")
    env = bot_process.env() | {
        "WEBHOOK_URL": "https://bot.example.org/hook",
        "WEBHOOK_SECRET": "s3cret-hook-token",
        "PORT": "9",  # never bound: the lock stops it first
    }
    second = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        command,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        stdin=asyncio.subprocess.DEVNULL,
    )
    _out, err = await asyncio.wait_for(second.communicate(), 30)
    assert second.returncode == 3, err.decode()
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert "another bot process" in lines[0] and "one process per SQLite file" in lines[0]
    assert str(bot_process.proc.pid if bot_process.proc else "") in lines[0]
    # The first process never noticed: it still answers.
    assert bot_process.proc is not None and bot_process.proc.returncode is None
    events = await api.send_and_wait(4242, "/help")
    assert events


async def test_with_a_second_process_refused_300_subscribers_get_one_alert_each(
    api: FakeBotAPI, feed: FakeFeedServer, db_url: str, tmp_path: Path
) -> None:
    # The probe's case: two `run` on one SQLite file sent a round twice to 52 of 300. Now the
    # second exits, and the first sends each subscriber the round once. (Alerts at 200 a
    # second here: the rate is not what is tested.)
    if not db_url.startswith("sqlite"):
        pytest.skip("the lock is for SQLite; PostgreSQL shares the work between processes")
    first = BotProcess(
        api=api,
        db_url=db_url,
        workdir=tmp_path,
        feed_url=feed.url,
        extra_env={"ALERTS_PER_SECOND": "200"},
    )
    await first.start()
    try:
        await wait_until(
            lambda: sql(db_url, "SELECT count(*) FROM draws")[0][0] == 438,
            timeout=60,
            what="history import",
        )
        chats = list(range(60_001, 60_301))
        engine = create_engine(db_url.replace("sqlite+aiosqlite", "sqlite"))
        with Session(engine) as session:
            session.add_all(User(chat_id=c) for c in chats)
            session.flush()
            session.add_all(Subscription(chat_id=c, mode="cec") for c in chats)
            session.commit()
        engine.dispose()

        second = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=first.env(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.DEVNULL,
        )
        _out, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 3, err.decode()

        feed.set_rounds([cec_round("438"), *load_snapshot_rounds()])
        await draws_sync(first)
        await wait_until(
            lambda: (
                sql(db_url, "SELECT count(*) FROM alert_outbox WHERE status='sent'")[0][0] == 300
            ),
            timeout=90,
            what="the round's 300 alerts",
        )
        got = Counter(
            {c: sum(1 for m in api.messages(c) if m.text and ALERT in m.text) for c in chats}
        )
        assert set(got.values()) == {1}, {c: n for c, n in got.items() if n != 1}
    finally:
        await first.stop()
