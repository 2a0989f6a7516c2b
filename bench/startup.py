"""How long `python -m bot run` takes to start: from the process launch to its first
`getUpdates` (ready to receive), to its reply to /start, and to its first FAQ answer (which
waits for the index built in the background). Against the local Bot API server, on a fresh
SQLite file; median of --runs.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.harness import BotProcess
from tests.fakes.botapi import FakeBotAPI


async def one_run() -> tuple[float, float, float]:
    async with FakeBotAPI() as api:
        with tempfile.TemporaryDirectory() as tmp:
            db = f"sqlite+aiosqlite:///{Path(tmp) / 'bot.sqlite3'}"
            bot = BotProcess(api=api, db_url=db, workdir=Path(tmp))
            began = time.perf_counter()
            await bot.start(timeout=120)
            ready = time.perf_counter() - began
            await api.send_and_wait(1, "/start", quiet=0.05)
            first_reply = time.perf_counter() - began
            await api.send_and_wait(
                2, "can i keep working on maintained status", quiet=0.05, timeout=60
            )
            first_answer = time.perf_counter() - began
            await bot.stop()
    return ready, first_reply, first_answer


async def main(runs: int) -> None:
    results = [await one_run() for _ in range(runs)]
    for name, i in (
        ("ready (first getUpdates)", 0),
        ("reply to /start", 1),
        ("first FAQ answer", 2),
    ):
        values = [r[i] for r in results]
        print(
            f"{name}: median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
