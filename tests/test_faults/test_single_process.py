"""One bot process per SQLite file: a second `python -m bot run` (or `webhook`, or the
terminal `chat`, which runs the alert jobs too) on the same file exits non-zero at once with a
one-line reason, and the first keeps running."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI


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
