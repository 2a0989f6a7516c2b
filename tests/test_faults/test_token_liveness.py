"""A token Telegram rejects, at start or revoked while running, ends the process with exit 4
and one line saying why; the token is printed nowhere (PTB's InvalidToken message quotes it,
and Python's default excepthook would print it past the log filter)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI

REASON = "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized)"


async def test_rejected_token_at_start_exits_4_with_one_line(
    api: FakeBotAPI, db_url: str, tmp_path: Path
) -> None:
    wrong = "123456:WRONG-tokenValue-xyz987"
    env = BotProcess(api=api, db_url=db_url, workdir=tmp_path).env()
    env["TELEGRAM_BOT_TOKEN"] = wrong
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        stdin=asyncio.subprocess.DEVNULL,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    text = (out + err).decode()
    assert proc.returncode == 4, text
    assert text.strip().splitlines()[-1].startswith(REASON)
    assert "WRONG-tokenValue-xyz987".lower() not in text.lower()
    assert "Traceback" not in text


async def test_token_revoked_while_running_ends_the_process(
    api: FakeBotAPI, bot_process: BotProcess
) -> None:
    secret_half = api.token.split(":", 1)[1]
    api.token = "123456:SOME-OTHER-TOKEN"  # revoked: every call with the old one answers 401
    await api.send_text(4343, "/help")  # wakes the long poll, so the next one is refused
    assert bot_process.proc is not None
    code = await asyncio.wait_for(bot_process.proc.wait(), 20)
    log = bot_process.log()
    assert code == 4, log
    assert log.strip().splitlines()[-1].startswith(REASON)
    assert secret_half.lower() not in log.lower()
    assert "Task was destroyed" not in log and "Unclosed client session" not in log
