"""The terminal chat runs the alert jobs: `python -m bot run` without a token, piped input
(subscribe, an admin records a round), and the alert is printed in the conversation."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_piped_terminal_chat_sees_the_alert_of_a_recorded_round(tmp_path: Path) -> None:
    today = datetime.now(UTC).date().isoformat()
    lines = [
        "/subscribe",
        f"/recorddraw cec {today} 3000 519",
        "a",  # [a] Record and alert
        "/alerts",
    ]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TELEGRAM_BOT_TOKEN", "DATABASE_URL", "ADMIN_CHAT_IDS", "DRAWS_FEED_URL"}
    }
    env |= {
        "PYTHONPATH": str(PROJECT_ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "ADMIN_CHAT_IDS": "1",  # the terminal's chat id
        "DRAWS_FEED_URL": "http://127.0.0.1:9/ee_rounds_123_en.json",  # nothing listens
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr
    out = done.stdout
    assert "✅ Saved. 🔔 You get an alert for every Canadian Experience Class round." in out
    assert "[a] ✅ CEC rounds only" in out
    queued = out.index("1 alert queued")
    alert = out.index("New Express Entry round: Canadian Experience Class", queued)
    assert "CRS cut-off: 519" in out[alert:] and "Invitations: 3,000" in out[alert:]
    # An admin's round has a provisional internal number, never shown.
    assert " m20" not in out and "#m" not in out
