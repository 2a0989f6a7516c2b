"""Run `python -m bot run` as a real process, the way the README starts it without a token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Variables a developer's shell might hold that would change what the process does.
_DROPPED = {"TELEGRAM_BOT_TOKEN", "DATABASE_URL", "ADMIN_CHAT_IDS", "DRAWS_FEED_URL"}


def run_terminal_bot(
    tmp_path: Path,
    *args: str,
    stdin: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """The terminal chat in `tmp_path` with its own SQLite file, fed `stdin`, feed unreachable."""
    full_env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    full_env |= {
        "PYTHONPATH": str(PROJECT_ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "DRAWS_FEED_URL": "http://127.0.0.1:9/ee_rounds_123_en.json",  # nothing listens
    }
    full_env |= env or {}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=full_env,
        timeout=timeout,
        check=False,
    )
