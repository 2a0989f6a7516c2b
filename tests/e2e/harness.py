"""Run the real bot (`python -m bot run`) as a subprocess against the local Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tests.fakes.botapi import FakeBotAPI

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BotProcess:
    api: FakeBotAPI
    db_url: str
    workdir: Path
    admin_ids: str = "999"
    feed_url: str = "http://127.0.0.1:9/ee_rounds_123_en.json"
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    starts: int = 0

    @property
    def log_path(self) -> Path:
        return self.workdir / "bot.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=self.api.token,
            TELEGRAM_API_URL=self.api.url,
            DATABASE_URL=self.db_url,
            ADMIN_CHAT_IDS=self.admin_ids,
            DRAWS_FEED_URL=self.feed_url,
            LOG_LEVEL="DEBUG",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(PROJECT_ROOT),
            # The FAQ index is built on the first question, not at every start: most process
            # tests ask none (tests/e2e/test_faq_e2e.py and the in-process tests build it).
            BOT_FAQ_WARMUP="off",
        )
        env.update(self.extra_env)
        return env

    #: The `python -m bot` command, and the Bot API call that shows the process is ready.
    command: ClassVar[str] = "run"
    ready_call: ClassVar[str] = "getUpdates"

    async def start(self, *, timeout: float = 60.0) -> None:
        """Start the bot and wait until it is ready (polling, or its webhook registered)."""
        before = self.api.count(self.ready_call)
        self.starts += 1
        log = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            self.command,
            cwd=self.workdir,
            env=self.env(),
            stdout=log,
            stderr=log,
            stdin=asyncio.subprocess.DEVNULL,
        )
        log.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.api.count(self.ready_call) <= before:
            if self.proc.returncode is not None:
                raise RuntimeError(
                    f"`bot {self.command}` exited with {self.proc.returncode}:\n{self.log()}"
                )
            if loop.time() > deadline:
                raise TimeoutError(
                    f"`bot {self.command}` not ready ({self.ready_call}):\n{self.log()}"
                )
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        if self.proc is None or self.proc.returncode is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(sig)
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            return await self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
