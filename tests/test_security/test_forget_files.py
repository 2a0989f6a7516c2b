"""/forget leaves nothing readable in the database files: not in free pages of the main file
(secure_delete) and not in the write-ahead log (checkpointed and truncated)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.e2e.inprocess import InProcessBot
from tests.fakes.botapi import FakeBotAPI

USER = 8301
MARKER = "Zq7-forget-me-marker-5Kp"


def file_bytes(database: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in database.parent.iterdir() if p.name.startswith(database.name)
    )


async def test_forget_leaves_no_trace_in_the_sqlite_files(
    api: FakeBotAPI, bot: InProcessBot
) -> None:
    if not bot.db_url.startswith("sqlite"):
        pytest.skip("SQLite files only")
    database = Path(str(make_url(bot.db_url).database))
    await api.send_and_wait(USER, "/start")
    # A saved profile carrying a marker, written as the bot writes one (a JSON column).
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO profiles (chat_id, profile, total, rules, saved_at) "
            "VALUES (?, ?, 480, '2025-03', '2026-12-01 00:00:00')",
            (USER, json.dumps({"note": MARKER})),
        )
    conn.close()
    assert MARKER.encode() in file_bytes(database)  # the marker is on disk before /forget
    await api.send_text(USER, "/forget")
    await api.wait_for(USER, lambda e: "forget:confirm" in e.codes)
    await api.press(USER, "forget:confirm")
    await api.wait_for(USER, lambda e: e.kind == "edit")
    await api.wait_idle(0.3)
    assert MARKER.encode() not in file_bytes(database)
